// Open a project read-only: parse, validate, migrate in memory, find sources, relink moved
// ones by hash. Never writes the file: a migrated or relinked project is saved only when
// the user saves.
import { constants as fsConstants, promises as fsp } from 'node:fs';
import { LIMITS, formatBytes } from '../../shared/limits';
import path from 'node:path';
import type { Project, SourceRef } from '../../shared/figure/schema';
import { DocumentError, fileLabel, whyFsFailed } from './errors';
import { hashFile } from './hash';
import { parseProjectText } from './parse';
import { DEFAULT_SEARCH_LIMITS, findByHash, type SearchLimits } from './relink';
import { resolveSourcePath, toStoredPath } from './sources';

export type MissingReason = 'not-found' | 'size-changed' | 'hash-changed' | 'unreadable';

export interface MissingSource {
  sourceId: string;
  /** Absolute path where the source was expected. */
  path: string;
  reason: MissingReason;
}

export interface RelinkedSource {
  sourceId: string;
  from: string;
  to: string;
}

export interface LoadOptions {
  /** Folder the source paths are relative to; default: the file's folder (differs for a recovery file). */
  projectDir?: string;
  /** More folders to search for moved sources (the user's "search here too"). */
  searchDirs?: string[];
  /** Hash every present source, not only check its size (slower; catches edited-in-place images). */
  verifyHashes?: boolean;
  /** false = report missing sources without searching. */
  relink?: boolean;
  searchLimits?: SearchLimits;
}

export interface LoadResult {
  project: Project;
  projectDir: string;
  missing: MissingSource[];
  relinked: RelinkedSource[];
}

/**
 * Reads a project file, refusing at once anything that is not a regular file of a sane size:
 * a FIFO or a device would block or stream forever, a folder is not a project. The file is
 * opened non-blocking and checked through its own handle (no window between check and read).
 */
export async function readProjectFile(file: string): Promise<Project> {
  let text: string;
  let h: fsp.FileHandle | undefined;
  try {
    h = await fsp.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const st = await h.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (!st.isFile())
      throw new DocumentError(
        `Cannot open ${fileLabel(file)}: it is not a regular file (${st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'a device'}).`,
        'not-a-file',
        file,
      );
    if (st.size > LIMITS.projectBytes)
      throw new DocumentError(
        `Cannot open ${fileLabel(file)}: the file is ${formatBytes(st.size)}, larger than a Medfig project can be (${formatBytes(LIMITS.projectBytes)}).`,
        'too-large',
        file,
      );
    text = await h.readFile('utf8');
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DocumentError(`Cannot open ${fileLabel(file)}: the file does not exist (${file}).`, 'not-found', file, { cause: err });
    throw new DocumentError(`Cannot open ${fileLabel(file)}: ${whyFsFailed(err)}.`, 'io', file, { cause: err });
  } finally {
    await h?.close().catch(() => {});
  }
  return parseProjectText(text, file);
}

async function checkSource(projectDir: string, ref: SourceRef, verify: boolean): Promise<MissingReason | null> {
  const abs = resolveSourcePath(projectDir, ref);
  const st = await fsp.stat(abs).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error) return st.code === 'ENOENT' || st.code === 'ENOTDIR' ? 'not-found' : 'unreadable';
  if (!st.isFile()) return 'not-found';
  if (st.size !== ref.size) return 'size-changed';
  if (!verify) return null;
  const h = await hashFile(abs).catch(() => null);
  if (!h) return 'unreadable';
  return h.sha256 === ref.sha256 ? null : 'hash-changed';
}

export async function loadProject(file: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const abs = path.resolve(file);
  const project = await readProjectFile(abs);
  const projectDir = path.resolve(opts.projectDir ?? path.dirname(abs));

  const problems: MissingSource[] = [];
  for (const ref of project.sources) {
    const reason = await checkSource(projectDir, ref, opts.verifyHashes ?? false);
    if (reason) problems.push({ sourceId: ref.id, path: resolveSourcePath(projectDir, ref), reason });
  }

  const relinked: RelinkedSource[] = [];
  if (problems.length > 0 && opts.relink !== false) {
    const byId = new Map(project.sources.map((s) => [s.id, s]));
    const wanted = problems.map((p) => byId.get(p.sourceId)!).map((r) => ({ sha256: r.sha256, size: r.size, name: path.basename(r.path) }));
    const roots = [projectDir, ...(opts.searchDirs ?? []).map((d) => path.resolve(d))];
    const found = await findByHash(roots, wanted, opts.searchLimits ?? DEFAULT_SEARCH_LIMITS);
    for (const ref of project.sources) {
      const to = found.get(ref.sha256);
      const problem = problems.find((p) => p.sourceId === ref.id);
      if (!to || !problem) continue;
      relinked.push({ sourceId: ref.id, from: problem.path, to });
      ref.path = toStoredPath(projectDir, to);
    }
  }
  const relinkedIds = new Set(relinked.map((r) => r.sourceId));
  return { project, projectDir, missing: problems.filter((p) => !relinkedIds.has(p.sourceId)), relinked };
}
