/**
 * Atomic file write: a reader (or a crash) sees the old file or the whole new
 * one, never a half-written export.
 */
import { basename, dirname } from 'node:path';
import { atomicWriteFile } from '../documents/atomic-write';

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

/**
 * One atomic-write implementation serves projects and exports (documents/atomic-write.ts:
 * temp beside the target, fsync, rename with a Windows retry, fsync the folder); exports only
 * word the failure their own way.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  try {
    await atomicWriteFile(path, data);
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause ?? err;
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code ? FOLDER_PROBLEMS[code] : undefined;
    throw new WriteError(`Cannot write ${basename(path)} to ${dirname(path)}: ${why ?? (cause as Error).message}`, code, path);
  }
}
