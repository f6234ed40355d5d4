// Checks and reads of an image file shared by the decode worker, the image cache and the CLI's
// in-process reads: the same refusals, in the same words, whichever thread reads the file.
import { promises as fs } from 'node:fs';
import { ImageError } from '../../shared/imaging/types';

/** Files above this are refused before reading: nothing clinical is this large. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;

/** Refuses a folder, an empty file and one over MAX_FILE_BYTES; gives the file's size. */
export async function checkImageFile(path: string): Promise<number> {
  const st = await fs.stat(path);
  if (st.isDirectory()) throw new ImageError('is a folder, not an image', 'not-an-image');
  if (st.size === 0) throw new ImageError('the file is empty (0 bytes)', 'empty');
  if (st.size > MAX_FILE_BYTES)
    throw new ImageError(`the file is ${(st.size / 2 ** 30).toFixed(1)} GiB, more than Medfig opens (2 GiB)`, 'too-large');
  return st.size;
}

/** A read failure as a sentence about the file. */
export function readFault(e: unknown, path: string): ImageError {
  if (e instanceof ImageError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return new ImageError(`file not found: ${path}`, 'not-found');
  if (err.code === 'EISDIR') return new ImageError(`is a folder, not an image: ${path}`, 'not-an-image');
  return new ImageError(`cannot read ${path}: ${err.message}`, 'io');
}

export async function readImageBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (e) {
    throw readFault(e, path);
  }
}
