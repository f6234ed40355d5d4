// Previews and regions of the image cache (what getFrame with maxSide and getRegion use) are decoded
// in the worker pool, never in the host's thread: here the in-process readers are replaced by ones
// that throw, and the cache still answers (worker threads do not see this test's module mocks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it, vi } from 'vitest';
import { createImageCache } from '../../src/services/images/cache';

vi.mock('../../src/services/images/raster', async (orig) => ({
  ...(await orig<typeof import('../../src/services/images/raster')>()),
  readRasterPreview: () => Promise.reject(new Error('preview decoded in the host thread')),
  readRasterRegion: () => Promise.reject(new Error('region decoded in the host thread')),
}));

const dir = mkdtempSync(join(tmpdir(), 'medfig-deepzoom-pool-'));
const cache = createImageCache(64 * 2 ** 20, { size: 1, timeoutMs: 20_000 });
afterAll(async () => {
  await cache.close();
  rmSync(dir, { recursive: true, force: true });
});

it('preview and region reads go through the decode pool', async () => {
  const file = join(dir, 'big.tif');
  await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#336699' } })
    .tiff({ tile: true })
    .toFile(file);
  const p = await cache.frame(file, 0, 600);
  expect([p.width, p.height, p.channels]).toEqual([600, 400, 3]);
  const r = await cache.region(file, 0, { x: 100, y: 100, w: 50, h: 25 }, 200);
  expect([r.width, r.height]).toEqual([200, 100]);
  for (const [i, v] of [0x33, 0x66, 0x99].entries()) expect(Math.abs(r.data[i] - v)).toBeLessThanOrEqual(3);
});
