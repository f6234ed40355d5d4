// The one image cache (decoder worker pool) a CLI run shares across its steps; its per-job limit
// is the CLI's decode cap (MEDFIG_DECODE_TIMEOUT, time-cap.ts).
import { createImageCache, type ImageCache } from '../services/images/cache';
import { atEnd } from './cleanup';
import { decodeLimitMs } from './time-cap';

let cache: ImageCache | null = null;

export function images(): ImageCache {
  if (!cache) {
    const c = (cache = createImageCache(undefined, { timeoutMs: decodeLimitMs() }));
    atEnd(async () => {
      await c.close();
      if (cache === c) cache = null;
    });
  }
  return cache;
}
