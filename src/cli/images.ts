// The one image cache (decoder worker pool) a CLI run shares across its steps.
import { createImageCache, type ImageCache } from '../services/images/cache';
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
