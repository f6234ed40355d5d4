// The read of one image for the one-shot commands (info, render): on this thread when the file is
// small enough, through the decoder pool otherwise. The pool (worker threads) is imported only
// then, so a one-shot command on a small file loads none of it at start.
import { checkImageFile } from '../services/images/read-file';
import { IN_PROCESS_MAX_BYTES, readLocal, type LocalRead } from '../services/images/read-local';

/** Attributes and (when `frame` is given, 0-based) one decoded frame of an image. */
export async function readImage(path: string, frame: number | null = null): Promise<LocalRead> {
  if ((await checkImageFile(path)) <= IN_PROCESS_MAX_BYTES) return readLocal(path, frame);
  const { images } = await import('./images');
  const entry = await images().open(path);
  return { info: entry.info, frame: frame === null ? null : await images().frame(path, frame) };
}
