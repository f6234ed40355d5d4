// The one image cache (decoder worker pool) a CLI run shares across its steps, and the quick
// in-process read of one image for the one-shot commands.
import { createImageCache, type ImageCache } from '../services/images/cache';
import { checkImageFile } from '../services/images/read-file';
import { IN_PROCESS_MAX_BYTES, readLocal, type LocalRead } from '../services/images/read-local';
import { atEnd } from './cleanup';

let cache: ImageCache | null = null;

export function images(): ImageCache {
  if (!cache) {
    const c = (cache = createImageCache());
    atEnd(async () => {
      await c.close();
      if (cache === c) cache = null;
    });
  }
  return cache;
}

/**
 * Attributes and (when `frame` is given, 0-based) one decoded frame of an image, for the one-shot
 * commands (info, render): decoded on this thread when the file is small enough (no worker to
 * start), through the pool otherwise.
 */
export async function readImage(path: string, frame: number | null = null): Promise<LocalRead> {
  if ((await checkImageFile(path)) <= IN_PROCESS_MAX_BYTES) return readLocal(path, frame);
  const entry = await images().open(path);
  return { info: entry.info, frame: frame === null ? null : await images().frame(path, frame) };
}
