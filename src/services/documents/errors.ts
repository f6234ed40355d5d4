// One error type for every document operation, with a code a host can branch on and a
// message a user can read (it names the file and says why).
import path from 'node:path';

export type DocumentErrorCode =
  | 'empty'
  | 'truncated'
  | 'not-json'
  | 'future-version'
  | 'invalid'
  | 'not-found'
  | 'io'
  | 'exists'
  | 'missing-sources'
  | 'too-large'
  | 'not-a-file'
  | 'changed-source';

export class DocumentError extends Error {
  constructor(
    message: string,
    readonly code: DocumentErrorCode,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DocumentError';
  }
}

/** Short, human reason for a Node fs error code. */
export function whyFsFailed(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'the folder is read-only (no permission to write)';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'ENOENT':
      return 'the folder no longer exists (path gone)';
    case 'ENOTDIR':
      // A file stands where a folder of the path should be (it was not removed: it was replaced).
      return 'a file is in the way where a folder should be';
    case 'EISDIR':
      return 'the path is a folder, not a file';
    case 'EEXIST':
      return 'a file of that name is in the way (not a folder)';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export function fileLabel(file: string): string {
  return `"${path.basename(file)}"`;
}
