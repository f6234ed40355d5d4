// Atomic replace: write a temp file beside the target, fsync it, rename over the target,
// fsync the folder. A reader (or a crash) sees the old file or the new one, never half.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DocumentError, fileLabel, whyFsFailed } from './errors';
import { nodeFs, type FsOps } from './fs-ops';

export function tempPathFor(target: string): string {
  // Same folder (rename is only atomic within one file system); dot-prefixed so file
  // browsers hide it; random so two writers never share a temp file.
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
}

export const TEMP_FILE_PATTERN = /^\..+\.tmp-[0-9a-f]{12}$/;

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
