// "Collect project": one folder a co-author can open — the project file plus every source
// under images/, refs rewritten. Nothing already in the folder is overwritten: a name taken
// by a different file gets a suffix; the same bytes are reused.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { SourceRef } from '../../shared/figure/schema';
import { DocumentError, fileLabel, whyFsFailed } from './errors';
import { tempPathFor } from './atomic-write';
import { hashFile } from './hash';
import { loadProject, type LoadOptions, type MissingSource } from './load';
import { saveProject } from './save';
import { resolveSourcePath } from './sources';

export interface CollectOptions extends Pick<LoadOptions, 'searchDirs' | 'searchLimits'> {
  /** Collect even if some sources are missing (they stay listed as missing in the copy). */
  allowMissing?: boolean;
  /** Name of the collected project file; default: the original's. */
  fileName?: string;
}

export interface CollectResult {
  projectPath: string;
  copied: { sourceId: string; from: string; to: string }[];
  missing: MissingSource[];
}

const exists = (p: string) =>
  fsp.lstat(p).then(
    () => true,
    () => false,
  );

async function freeName(dir: string, base: string): Promise<string> {
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${stem}-${i}${ext}`;
    if (!(await exists(path.join(dir, name)))) return name;
  }
}

/** Copy to a temp file, fsync, check the bytes are the referenced ones, then rename into place. */
async function copyVerified(from: string, to: string, ref: SourceRef): Promise<void> {
  const tmp = tempPathFor(to);
  try {
    await fsp.copyFile(from, tmp, fsp.constants.COPYFILE_EXCL);
    const h = await fsp.open(tmp, 'r+');
    await h.sync().finally(() => h.close());
    const got = await hashFile(tmp);
    if (got.sha256 !== ref.sha256) throw new Error(`${fileLabel(from)} changed since it was added (SHA-256 differs)`);
    if (await exists(to)) throw Object.assign(new Error(`${fileLabel(to)} appeared while copying`), { code: 'EEXIST' });
    await fsp.rename(tmp, to);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

export async function collectProject(projectPath: string, destDir: string, opts: CollectOptions = {}): Promise<CollectResult> {
  const { project, projectDir, missing } = await loadProject(projectPath, opts);
  if (missing.length > 0 && !opts.allowMissing) {
    throw new DocumentError(
      `Cannot collect ${fileLabel(projectPath)}: ${missing.length} source(s) not found (${missing.map((m) => path.basename(m.path)).join(', ')}). Relink them first.`,
      'missing-sources',
      projectPath,
    );
  }
  const dest = path.resolve(destDir);
  const target = path.join(dest, opts.fileName ?? path.basename(projectPath));
  if (path.resolve(target) === path.resolve(projectPath) || (await exists(target))) {
    throw new DocumentError(
      `Cannot collect into ${dest}: ${fileLabel(target)} already exists there. Choose an empty folder.`,
      'exists',
      target,
    );
  }
  const images = path.join(dest, 'images');
  try {
    await fsp.mkdir(images, { recursive: true });
  } catch (err) {
    throw new DocumentError(`Cannot collect into ${dest}: ${whyFsFailed(err)}.`, 'io', dest, { cause: err });
  }

  const missingIds = new Set(missing.map((m) => m.sourceId));
  const copied: CollectResult['copied'] = [];
  const byHash = new Map<string, string>(); // two refs to the same bytes share one copy
  for (const ref of project.sources) {
    if (missingIds.has(ref.id)) continue;
    const from = resolveSourcePath(projectDir, ref);
    let name = byHash.get(ref.sha256);
    if (!name) {
      const base = path.basename(from);
      const already = path.join(images, base);
      // A previous collect into this folder: reuse identical bytes, never overwrite others.
      const same =
        (await exists(already)) &&
        (await hashFile(already).then(
          (h) => h.sha256 === ref.sha256,
          () => false,
        ));
      name = same ? base : await freeName(images, base);
      try {
        if (!same) await copyVerified(from, path.join(images, name), ref);
      } catch (err) {
        throw new DocumentError(
          `Cannot collect ${fileLabel(projectPath)}: copying ${fileLabel(from)} failed: ${whyFsFailed(err)}.`,
          'io',
          from,
          { cause: err },
        );
      }
      byHash.set(ref.sha256, name);
    }
    ref.path = `images/${name}`;
    copied.push({ sourceId: ref.id, from, to: path.join(images, name) });
  }
  // Missing sources keep a path that points back at where they were, relative to the new folder.
  for (const ref of project.sources)
    if (missingIds.has(ref.id)) ref.path = path.relative(dest, resolveSourcePath(projectDir, ref)).split(path.sep).join('/');

  if (await exists(target)) throw new DocumentError(`Cannot collect: ${fileLabel(target)} appeared while copying.`, 'exists', target);
  await saveProject(target, project);
  return { projectPath: target, copied, missing };
}
