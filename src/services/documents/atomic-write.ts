// Atomic replace: write a temp file beside the target, fsync it, rename over the target,
// fsync the folder. A reader (or a crash) sees the old file or the new one, never half.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DocumentError, fileLabel, whyFsFailed } from './errors';
import { nodeFs, type FsOps } from './fs-ops';

export function tempPathFor(target: string): string {
  // Same folder (rename is only atomic within one file system); dot-prefixed so file
  // browsers hide it; random so two writers never share a temp file (and it is created
  // exclusively, 'wx', so even a collision cannot share one). Not node:crypto: loading it costs
  // a one-shot command (medfig render) milliseconds at start.
  const hex = (n: number) =>
    Math.floor(Math.random() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${hex(6)}${hex(6)}`);
}

export const TEMP_FILE_PATTERN = /^\..+\.tmp-[0-9a-f]{12}$/;

/** When this process started: a temp file older than that belongs to a save that never finished. */
const STARTED_AT = Date.now() - process.uptime() * 1000;

/**
 * Removes the temp files interrupted saves of `target` left beside it (kill -9, power loss):
 * only Medfig's own pattern for that very file name, only older than this process (a younger
 * one may be another running instance's save in progress). Returns the names removed.
 */
export async function removeStaleTempFiles(target: string, olderThan: number = STARTED_AT): Promise<string[]> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.tmp-`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{12}$/.test(name.slice(prefix.length))) continue;
    const full = path.join(dir, name);
    const st = await fsp.lstat(full).catch(() => null);
    if (!st?.isFile() || st.mtimeMs >= olderThan) continue;
    await fsp.rm(full, { force: true }).then(
      () => removed.push(name),
      () => {},
    );
  }
  return removed;
}

export async function atomicWriteFile(target: string, data: string | Uint8Array, fs: FsOps = nodeFs): Promise<void> {
  const tmp = tempPathFor(target);
  let created = false;
  try {
    const mode = (await fs.modeOf(target)) ?? 0o644;
    const h = await fs.open(tmp, 'wx', mode);
    created = true;
    try {
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
    await renameWithRetry(fs, tmp, target);
    created = false;
  } catch (err) {
    if (created) await fs.unlink(tmp).catch(() => {});
    throw new DocumentError(`Could not save ${fileLabel(target)}: ${whyFsFailed(err)}. The previous file is unchanged.`, 'io', target, {
      cause: err,
    });
  }
  await fs.syncDir(path.dirname(target));
}

// Windows refuses a rename while an antivirus or indexer holds the target briefly open.
async function renameWithRetry(fs: FsOps, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw err;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
  }
}
