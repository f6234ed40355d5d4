/**
 * Atomic file write: a reader (or a crash) sees the old file or the whole new
 * one, never a half-written export.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly path: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

const FOLDER_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'the folder does not exist',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
};

export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  // Same folder as the target so rename() stays on one file system (atomic).
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    const fh = await open(tmp, 'wx', 0o644);
    created = true;
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    created = false;
    await syncDir(dir);
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code ? FOLDER_PROBLEMS[code] : undefined;
    const detail = why ?? (err as Error).message;
    throw new WriteError(`Cannot write ${basename(path)} to ${dir}: ${detail}`, code, path);
  }
}

/** Persist the rename itself; some platforms cannot open a folder — ignore. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort (Windows) */
  }
}
