// No output is ever written over a file the command reads: a project, a source image, the
// input of a render. Names are not enough (a symlink, a hard link, "./x/../cell.png", another
// case on a case-insensitive disk all name the same file), so files are compared by device
// and inode, and by real path where the system gives no inode (Windows may report 0).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DocumentError, fileLabel } from './errors';

export interface ProtectedInput {
  path: string;
  /** What the file is to the command: "the input image", "a source image of panel A of "Figure 1"". */
  role: string;
}

interface Identity {
  dev: number;
  ino: number;
  real: string;
}

async function identity(p: string): Promise<Identity | null> {
  const st = await fsp.stat(p).catch(() => null); // follows symlinks: a link to a source is the source
  if (!st) return null;
  const real = await fsp.realpath(p).catch(() => path.resolve(p));
  return { dev: st.dev, ino: st.ino, real };
}

const same = (a: Identity, b: Identity) => (a.ino !== 0 && a.dev === b.dev && a.ino === b.ino) || a.real === b.real;

/**
 * Throws a DocumentError ('exists') when any output names a file among the inputs. An output
 * that does not exist yet cannot be one of them (inputs exist), so only existing targets are
 * compared. Call it after every target is known and before anything is written.
 */
export async function assertOutputsSpareInputs(outputs: string[], inputs: ProtectedInput[]): Promise<void> {
  const ids: { input: ProtectedInput; id: Identity }[] = [];
  for (const input of inputs) {
    const id = await identity(input.path);
    if (id) ids.push({ input, id });
  }
  for (const out of outputs) {
    const id = await identity(out);
    if (!id) continue;
    const hit = ids.find((x) => same(x.id, id));
    if (hit)
      throw new DocumentError(
        `Not written: ${fileLabel(out)} is ${hit.input.role} and would be overwritten. Choose another output name or folder.`,
        'exists',
        out,
      );
  }
}
