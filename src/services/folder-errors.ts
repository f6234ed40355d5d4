// Why a folder could not be listed, in the user's words: an unreadable series folder must not
// read as an empty one ("no slices").
/** Why a series folder could not be listed, in words. */
export function whyFolderUnreadable(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'the folder cannot be read (permission denied)';
    case 'ENOTDIR':
      return 'it is not a folder (a file has that name now)';
    case 'ENOENT':
      return 'the folder no longer exists (moved or deleted)';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return `the folder cannot be read (${(e as Error)?.message ?? String(e)})`;
  }
}
