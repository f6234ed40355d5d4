// A reduced 16-bit preview reports the full image's range, so its default (min–max) window is
// the one the full-resolution export uses: screen and export agree.
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { writePngChunks } from '../../src/services/export/png-chunks';

/** A 16-bit greyscale PNG written by hand (sharp re-scales raw 16-bit input). */
function grey16Png(px: Uint16Array, w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 16; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(h * (1 + w * 2));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.writeUInt16BE(px[y * w + x], y * (1 + w * 2) + 1 + x * 2);
  return writePngChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(raw) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}
import { readRasterPreview, decodeRaster } from '../../src/services/images/raster';
import { defaultWindow } from '../../src/shared/imaging/window';

describe('16-bit preview range', () => {
  it('carries the full-resolution min and max', async () => {
    const w = 1200;
    const h = 900;
    const px = new Uint16Array(w * h);
    for (let i = 0; i < px.length; i++) px[i] = 20000 + ((i * 7) % 3000);
    px[123 * w + 457] = 65000; // one hot pixel a reduction averages away
    px[800 * w + 33] = 100;
    const png = grey16Png(px, w, h);
    const bytes = new Uint8Array(png);
    const full = await decodeRaster(bytes);
    expect(full.bitsStored).toBe(16);
    expect([full.minStored, full.maxStored]).toEqual([100, 65000]);
    const preview = await readRasterPreview(bytes, 300);
    expect(Math.max(preview.width, preview.height)).toBe(300);
    // The preview's own pixels no longer reach the extremes …
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of preview.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(hi).toBeLessThan(65000);
    // … but its range, and so its default window, is the full image's.
    expect([preview.minStored, preview.maxStored]).toEqual([100, 65000]);
    expect(defaultWindow(preview)).toEqual(defaultWindow(full));
  });
});
