// Region and preview reads: the renderer's way into huge micrographs without a full decode.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as exifrModule from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRaster, readRasterPreview, readRasterRegion } from '../../src/services/images/raster';
import type { DecodedFrame } from '../../src/shared/imaging/types';

// exifr is UMD under Node and ESM under Vite; take whichever shape arrives.
const exifr = (
  (exifrModule as { parse?: unknown }).parse ? exifrModule : (exifrModule as unknown as { default: typeof exifrModule }).default
) as typeof exifrModule;
const FIX = join(__dirname, '../fixtures/images');
const load = (p: string) => new Uint8Array(readFileSync(join(FIX, p)));

function crop(f: DecodedFrame, x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let j = y; j < y + h; j++)
    for (let i = x * f.channels; i < (x + w) * f.channels; i++) out.push(f.data[j * f.width * f.channels + i]);
  return out;
}

function meanAbs(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; max: number } {
  expect(a.length).toBe(b.length);
  let s = 0,
    m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    s += d;
    m = Math.max(m, d);
  }
  return { mean: s / a.length, max: m };
}

describe('readRasterRegion on oriented images', () => {
  for (const o of [1, 2, 3, 5, 6, 8]) {
    it(`orientation ${o}: a 1:1 region equals the same crop of the upright full decode`, async () => {
      const bytes = load(`exif/orientation_f${o}.jpg`);
      const full = await decodeRaster(bytes);
      const r = { x: 5, y: 12, w: 22, h: 41 };
      const region = await readRasterRegion(bytes, r, r.w);
      expect([region.width, region.height, region.channels]).toEqual([22, 41, 3]);
      expect(Array.from(region.data)).toEqual(crop(full, r.x, r.y, r.w, r.h));
    });
  }

  it('downsamples a region to the requested width, keeping its aspect', async () => {
    const bytes = load('exif/orientation_f6.jpg');
    const full = await decodeRaster(bytes);
    const region = await readRasterRegion(bytes, { x: 0, y: 0, w: 40, h: 80 }, 20);
    expect([region.width, region.height]).toEqual([20, 40]);
    // 2×2 box average of the full decode, as a check independent of the resampling kernel
    const box: number[] = [];
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 20; x++)
        for (let c = 0; c < 3; c++) {
          const at = (i: number, j: number) => full.data[((2 * y + j) * 40 + 2 * x + i) * 3 + c];
          box.push((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4);
        }
    expect(meanAbs(region.data, box).mean).toBeLessThan(12);
  });

  it('keeps 16-bit samples in a region', async () => {
    const bytes = load('tiff/gray16_uncompressed.tiff');
    const full = await decodeRaster(bytes);
    const region = await readRasterRegion(bytes, { x: 30, y: 20, w: 50, h: 40 }, 50);
    expect(region.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(region.data)).toEqual(crop(full, 30, 20, 50, 40));
  });

  it('refuses a region outside the image', async () => {
    await expect(readRasterRegion(load('exif/orientation_f1.jpg'), { x: 50, y: 0, w: 10, h: 10 }, 10)).rejects.toThrow(RangeError);
  });

  it('previews an oriented image upright within maxSide', async () => {
    const p = await readRasterPreview(load('exif/orientation_f6.jpg'), 20);
    expect([p.width, p.height]).toEqual([10, 20]);
    expect(p.data[(1 * 10 + 8) * 3]).toBeLessThan(80); // the F's top bar, top right
    expect(p.data[(18 * 10 + 8) * 3]).toBeGreaterThan(180); // paper, bottom right
  });
});

describe('a 120 MP tiled TIFF', () => {
  const W = 12000,
    H = 10000,
    K = 10; // the big image is a small one blown up K× (nearest neighbour)
  let dir = '';
  let big: Uint8Array;
  let small: DecodedFrame;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medfig-raster-'));
    const src = await sharp(load('histology/ihc.png'))
      .resize(W / K, H / K, { fit: 'fill' })
      .png()
      .toBuffer();
    small = await decodeRaster(new Uint8Array(src));
    const file = join(dir, 'big.tif');
    await sharp(src)
      .resize(W, H, { kernel: 'nearest' })
      .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: 'deflate', predictor: 'horizontal' })
      .toFile(file);
    big = new Uint8Array(readFileSync(file));
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Peak resident memory while `run` is in flight (libvips works off the JS thread, so sampling works). */
  async function peakRss<T>(run: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      const value = await run();
      peak = Math.max(peak, process.memoryUsage().rss);
      return { value, growthMb: (peak - before) / 2 ** 20 };
    } finally {
      clearInterval(timer);
    }
  }

  it('is what the test meant to make', async () => {
    const m = await sharp(big).metadata();
    expect([m.width, m.height]).toEqual([W, H]);
    const tags = await exifr.parse(big, { tiff: true, translateKeys: true, mergeOutput: true });
    expect([tags.TileWidth, tags.TileLength]).toEqual([256, 256]);
  });

  it('reads a downsampled region with bounded memory, matching the small image', async () => {
    const r = { x: 3000, y: 4000, w: 2000, h: 1500 };
    const { value: region, growthMb } = await peakRss(() => readRasterRegion(big, r, r.w / K));
    expect([region.width, region.height]).toEqual([200, 150]);
    // A full decode would hold 360 MB of pixels.
    expect(growthMb).toBeLessThan(150);
    const d = meanAbs(region.data, crop(small, r.x / K, r.y / K, r.w / K, r.h / K));
    expect(d.mean).toBeLessThan(1);
    expect(d.max).toBeLessThanOrEqual(8);
  });

  it('reads a full-resolution corner exactly', async () => {
    const region = await readRasterRegion(big, { x: W - 40, y: H - 30, w: 40, h: 30 }, 40);
    const s = crop(small, W / K - 4, H / K - 3, 4, 3);
    for (let y = 0; y < 30; y++)
      for (let x = 0; x < 40; x++)
        for (let c = 0; c < 3; c++) {
          expect(region.data[(y * 40 + x) * 3 + c]).toBe(s[(((y / K) | 0) * 4 + ((x / K) | 0)) * 3 + c]);
        }
  });

  it('previews the whole image with bounded memory', async () => {
    const { value: p, growthMb } = await peakRss(() => readRasterPreview(big, 1200));
    expect([p.width, p.height]).toEqual([1200, 1000]);
    expect(growthMb).toBeLessThan(150);
    expect(meanAbs(p.data, small.data).mean).toBeLessThan(1.5);
  });
});
