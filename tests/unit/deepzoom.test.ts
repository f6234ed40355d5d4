// Deep zoom in the services: getRegion (a region at screen resolution, decoded in the worker pool),
// previews in the pool under its time limit, and single-channel grey TIFFs kept single-channel.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/services/workspace';
import { createDispatcher } from '../../src/services/dispatch';
import { createDecodePool } from '../../src/services/images/worker';
import { readRasterInfo, readRasterPreview, decodeRaster } from '../../src/services/images/raster';
import { createProjectService } from '../../src/services/projects';
import type { DecodedFrame } from '../../src/shared/imaging/types';
import { ImageError } from '../../src/shared/imaging/types';
import { fixture } from '../fixtures/dicom/reference';

let dir: string;
let ws: Workspace;
let greyTiff: string;
let rgbTiff: string;
const W = 3000,
  H = 2000;

/** Grey: 1-px vertical stripes (0/255) left of x=200, a diagonal ramp elsewhere. */
function greyPixels(): Buffer {
  const raw = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) raw[y * W + x] = x < 200 ? (x & 1 ? 255 : 0) : (x + 3 * y) & 255;
  return raw;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medfig-deepzoom-'));
  greyTiff = join(dir, 'grey_tiled.tif');
  await sharp(greyPixels(), { raw: { width: W, height: H, channels: 1 } })
    .toColourspace('b-w')
    .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: 'deflate' })
    .toFile(greyTiff);
  rgbTiff = join(dir, 'rgb_tiled.tif');
  const rgb = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    rgb[i * 3] = i & 255;
    rgb[i * 3 + 1] = (i >> 3) & 255;
    rgb[i * 3 + 2] = (i * 7) & 255;
  }
  await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
    .tiff({ tile: true, tileWidth: 128, tileHeight: 128, compression: 'lzw' })
    .toFile(rgbTiff);
  ws = createWorkspace({ roots: [dir], importDir: join(dir, 'imports'), exportDir: join(dir, 'exports') });
}, 60_000);

afterAll(async () => {
  await ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

function crop(f: DecodedFrame, x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let j = y; j < y + h; j++)
    for (let i = x * f.channels; i < (x + w) * f.channels; i++) out.push(f.data[j * f.width * f.channels + i]);
  return out;
}

describe('getRegion', () => {
  it('a 1:1 region equals the same crop of a full decode (grey and RGB, tiled TIFF)', async () => {
    for (const file of [greyTiff, rgbTiff]) {
      const o = await ws.openPath(file);
      const full = await decodeRaster(new Uint8Array(readFileSync(file)));
      const r = { x: 1234, y: 567, w: 300, h: 200 };
      const region = await ws.getRegion({ sourceId: o.source.id, frame: 0, region: r, outWidth: 300 });
      expect([region.width, region.height, region.channels]).toEqual([300, 200, full.channels]);
      expect(Array.from(region.data)).toEqual(crop(full, r.x, r.y, r.w, r.h));
    }
  });

  it('an enlarged region repeats each source pixel (nearest: 1-px stripes survive at 4×)', async () => {
    const o = await ws.openPath(greyTiff);
    const full = await ws.images.frame(greyTiff, 0);
    const r = { x: 100, y: 50, w: 40, h: 30 };
    const big = await ws.getRegion({ sourceId: o.source.id, frame: 0, region: r, outWidth: 160 });
    expect([big.width, big.height, big.channels]).toEqual([160, 120, 1]);
    const expected: number[] = [];
    for (let j = 0; j < 120; j++) for (let i = 0; i < 160; i++) expected.push(full.data[(r.y + (j >> 2)) * W + r.x + (i >> 2)]);
    expect(Array.from(big.data)).toEqual(expected);
  });

  it('a reduced region matches the same crop of the full decode, scaled by sharp', async () => {
    const o = await ws.openPath(rgbTiff);
    const full = await ws.images.frame(rgbTiff, 0);
    const r = { x: 800, y: 400, w: 1600, h: 1200 };
    const small = await ws.getRegion({ sourceId: o.source.id, frame: 0, region: r, outWidth: 400 });
    expect([small.width, small.height]).toEqual([400, 300]);
    const ref = await sharp(Buffer.from(full.data.buffer, full.data.byteOffset, full.data.byteLength), {
      raw: { width: W, height: H, channels: 3 },
    })
      .extract({ left: r.x, top: r.y, width: r.w, height: r.h })
      .resize(400, 300, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    let diff = 0;
    for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i] - small.data[i]));
    expect(diff).toBeLessThanOrEqual(1);
  });

  it('works on DICOM too (nearest crop of the decoded frame, stored values kept)', async () => {
    const file = fixture('ct/ct_chest_ge_explicit_le.dcm');
    const o = await ws.openPath(file);
    const full = await ws.images.frame(file, 0);
    const r = { x: 10, y: 20, w: 8, h: 4 };
    const reg = await ws.getRegion({ sourceId: o.source.id, frame: 0, region: r, outWidth: 16 });
    expect([reg.width, reg.height]).toEqual([16, 8]);
    expect(reg.data[0]).toBe(full.data[20 * full.width + 10]);
    expect(reg.data[15]).toBe(full.data[20 * full.width + 17]);
    expect(reg.data.constructor).toBe(full.data.constructor);
  });

  it('through the contract: validated, errors carry codes', async () => {
    const projects = createProjectService(ws, {
      recoveryDir: join(dir, 'rec'),
      recentsFile: join(dir, 'recent.json'),
      settingsFile: join(dir, 'settings.json'),
      sampleCaseDir: dir,
    });
    const dispatch = createDispatcher(ws, projects, {
      hostInfo: () => ({ host: 'web', version: 't', exportDir: null }),
      openDialog: async () => ({ supported: false, files: [] }),
      saveDialog: async () => ({ supported: false, fileName: null, fileId: null }),
    });
    const o = await ws.openPath(greyTiff);
    const f = await dispatch('getRegion', { sourceId: o.source.id, frame: 0, region: { x: 0, y: 0, w: 10, h: 10 }, outWidth: 20 });
    expect([f.width, f.height]).toEqual([20, 20]);
    await expect(
      dispatch('getRegion', { sourceId: o.source.id, frame: 0, region: { x: 0, y: 0, w: 10, h: 10 }, outWidth: 100_000 }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    await expect(
      dispatch('getRegion', { sourceId: o.source.id, frame: 0, region: { x: 0, y: 0, w: 0, h: 10 }, outWidth: 10 }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    await expect(
      dispatch('getRegion', { sourceId: o.source.id, frame: 0, region: { x: 5000, y: 0, w: 10, h: 10 }, outWidth: 10 }),
    ).rejects.toMatchObject({ code: 'no-pixels' });
    await expect(
      dispatch('getRegion', { sourceId: 'nope', frame: 0, region: { x: 0, y: 0, w: 10, h: 10 }, outWidth: 10 }),
    ).rejects.toMatchObject({ code: 'unknown-source' });
    // 8192 wide × a tall thin region would be a 64+ MP output: refused as too large, not allocated.
    await expect(
      dispatch('getRegion', { sourceId: o.source.id, frame: 0, region: { x: 0, y: 0, w: 10, h: 2000 }, outWidth: 8192 }),
    ).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('previews in the worker pool', () => {
  it('equal the in-process preview, and are bound by the pool time limit', async () => {
    const bytes = new Uint8Array(readFileSync(rgbTiff));
    const direct = await readRasterPreview(bytes, 512);
    const fromCache = await ws.images.frame(rgbTiff, 0, 512);
    expect([fromCache.width, fromCache.height]).toEqual([direct.width, direct.height]);
    expect(Buffer.from(fromCache.data.buffer).equals(Buffer.from(direct.data.buffer))).toBe(true);

    // Preview and region jobs run under the pool's per-job time limit, like full decodes: past it
    // the worker is stopped and the job refused.
    const quick = createDecodePool({ size: 1, timeoutMs: 1 });
    try {
      for (const job of [() => quick.preview(rgbTiff, 0, 512), () => quick.region(rgbTiff, 0, { x: 0, y: 0, w: 100, h: 100 }, 100)]) {
        const e = await job().catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ImageError);
        expect(e).toMatchObject({ code: 'too-large' });
        expect(String((e as Error).message)).toMatch(/longer than/);
      }
    } finally {
      await quick.close();
    }
  });
});

describe('page-pyramid TIFF', () => {
  it('is one frame; previews and reduced regions come from a reduced level and match the full image', async () => {
    const pyr = join(dir, 'pyramid.tif');
    await sharp(greyPixels(), { raw: { width: W, height: H, channels: 1 } })
      .toColourspace('b-w')
      .tiff({ tile: true, pyramid: true, tileWidth: 256, tileHeight: 256, compression: 'deflate' })
      .toFile(pyr);
    expect((await sharp(pyr).metadata()).pages).toBeGreaterThan(2);
    const bytes = new Uint8Array(readFileSync(pyr));
    const info = await readRasterInfo(bytes);
    expect([info.width, info.height, info.frames, info.channels]).toEqual([W, H, 1, 1]);
    // Preview at 1/4: from the 750×500 level, close to the full image scaled (the ramp is smooth; the
    // stripe block averages to mid grey either way).
    const full = await decodeRaster(new Uint8Array(readFileSync(greyTiff)));
    const ref = await sharp(Buffer.from(full.data.buffer, full.data.byteOffset, full.data.byteLength), {
      raw: { width: W, height: H, channels: 1 },
    })
      .resize(750, 500, { fit: 'fill' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    expect(ref.length).toBe(750 * 500);
    const preview = await readRasterPreview(bytes, 750);
    expect([preview.width, preview.height, preview.channels]).toEqual([750, 500, 1]);
    let sum = 0;
    for (let i = 0; i < ref.length; i++) sum += Math.abs(ref[i] - preview.data[i]);
    expect(sum / ref.length).toBeLessThan(12);
    // A reduced region through the contract, and a 1:1 one that must be the level-0 pixels exactly.
    const o = await ws.openPath(pyr);
    const half = await ws.getRegion({ sourceId: o.source.id, frame: 0, region: { x: 1000, y: 400, w: 800, h: 600 }, outWidth: 400 });
    expect([half.width, half.height]).toEqual([400, 300]);
    const one = await ws.getRegion({ sourceId: o.source.id, frame: 0, region: { x: 100, y: 10, w: 50, h: 20 }, outWidth: 50 });
    expect(Array.from(one.data)).toEqual(crop(full, 100, 10, 50, 20));
  });

  it('a multipage stack of same-size pages stays frames', async () => {
    const stack = new Uint8Array(readFileSync(join(__dirname, '../fixtures/images/tiff/multipage_2.tif')));
    expect((await readRasterInfo(stack)).frames).toBe(2);
  });
});

describe('single-channel grey 8-bit TIFF', () => {
  it('reports 1 channel / MONOCHROME2, and decodes and previews as one channel', async () => {
    const bytes = new Uint8Array(readFileSync(greyTiff));
    const info = await readRasterInfo(bytes);
    expect([info.channels, info.photometric, info.bitsStored, info.frames]).toEqual([1, 'MONOCHROME2', 8, 1]);
    const preview = await ws.images.frame(greyTiff, 0, 1000);
    expect([preview.channels, preview.photometric]).toEqual([1, 'MONOCHROME2']);
    expect(preview.data.byteLength).toBe(preview.width * preview.height);
    const full = await ws.images.frame(greyTiff, 0);
    expect(full.channels).toBe(1);
    expect(full.data.byteLength).toBe(W * H);
  });
});
