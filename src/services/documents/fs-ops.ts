// The few file operations an atomic write needs, behind an interface so a test can inject
// a failure (disk full mid-write, rename refused) without touching the real disk's rules.
import { promises as fsp } from 'node:fs';

export interface WritableHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FsOps {
  /** Open for writing; flags as in fs.open ('wx' = create, fail if present). */
  open(path: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** fsync a directory so a rename survives power loss; may be unsupported (Windows). */
  syncDir(dir: string): Promise<void>;
  /** Mode of an existing file, or null when it does not exist. */
  modeOf(path: string): Promise<number | null>;
}

export const nodeFs: FsOps = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  async syncDir(dir) {
    let h: fsp.FileHandle | undefined;
    try {
      h = await fsp.open(dir, 'r');
      await h.sync();
    } catch {
      // Windows cannot open or fsync a directory; the rename is still atomic there.
    } finally {
      await h?.close().catch(() => {});
    }
  },
  async modeOf(p) {
    try {
      return (await fsp.stat(p)).mode & 0o777;
    } catch {
      return null;
    }
  },
};
