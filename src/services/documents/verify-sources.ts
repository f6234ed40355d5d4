// A headless host (the CLI) has no one to ask "this image changed — relink?": a project is
// opened only when every source a panel draws is byte for byte the image the panel was made
// with. Each source's SHA-256 is checked against the project; a moved or renamed one is found
// by hash the way the app relinks (documents/relink.ts); anything else is refused, naming the
// panel and the file, so no export ever carries another image silently.
import path from 'node:path';
import type { Project } from '../../shared/figure/schema';
import { bareLetter } from '../../shared/figure/letters';
import { DocumentError, fileLabel } from './errors';
import { loadProject, type LoadOptions, type LoadResult, type MissingReason } from './load';
import type { ProtectedInput } from './protect-inputs';
import { resolveSourcePath } from './sources';

const WHY: Record<MissingReason, string> = {
  'not-found': 'is missing',
  'size-changed': 'has changed since it was added (different size)',
  'hash-changed': 'is a different image from the one the panel was made with (SHA-256 differs)',
  unreadable: 'cannot be read',
};

/** "panel B of "Figure 2"" for every panel drawing the source (its letter on the page). */
export function panelsUsing(project: Project, sourceId: string): string[] {
  const out: string[] = [];
  for (const fig of project.figures)
    fig.panels.forEach((panel, i) => {
      if (panel.sourceId === sourceId) out.push(`panel ${bareLetter(fig, i)} of "${fig.name}"`);
    });
  return out;
}

/**
 * loadProject with every source hashed; sources found elsewhere by hash are used (see
 * `relinked`); a source a panel draws that is missing or different throws a DocumentError
 * ('changed-source') naming the first such panel and file. Sources no panel uses are ignored.
 */
export async function loadVerifiedProject(file: string, opts: Omit<LoadOptions, 'verifyHashes' | 'relink'> = {}): Promise<LoadResult> {
  const loaded = await loadProject(file, { ...opts, verifyHashes: true, relink: true });
  for (const m of loaded.missing) {
    const panels = panelsUsing(loaded.project, m.sourceId);
    if (!panels.length) continue;
    const more = panels.length > 1 ? ` (and ${panels.length - 1} more panel${panels.length > 2 ? 's' : ''})` : '';
    throw new DocumentError(
      `Cannot use ${fileLabel(file)}: the image of ${panels[0]}${more}, ${fileLabel(m.path)} (${path.relative(loaded.projectDir, m.path) || m.path}), ${WHY[m.reason]}. Relink it in Medfig or put the original back.`,
      'changed-source',
      m.path,
    );
  }
  return loaded;
}

/** What an export of a loaded project reads: the project file and every source a panel draws. */
export function projectInputs(file: string, loaded: LoadResult): ProtectedInput[] {
  const inputs: ProtectedInput[] = [{ path: path.resolve(file), role: 'the project file' }];
  for (const ref of loaded.project.sources) {
    const panels = panelsUsing(loaded.project, ref.id);
    inputs.push({
      path: resolveSourcePath(loaded.projectDir, ref),
      role: panels.length ? `the source image of ${panels[0]}` : 'a source image of the project',
    });
  }
  return inputs;
}
