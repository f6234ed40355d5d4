/**
 * 8-bit grey or RGB pixels → PNG, on Node's own zlib. Hand-written (IHDR, IDAT, IEND and the Paeth
 * filter) because it is what `medfig render` needs at start-up: sharp costs 100–250 ms just to load
 * libvips, pngjs 50–70 ms and a slower encode; this module loads nothing beyond node:zlib, which
 * the DICOM reader loads anyway. Pixels are stored exactly as given; no pHYs (no print density),
 * no colour chunks, no metadata.
 *
 * Every row uses the Paeth filter: one pass over the pixels. libpng's per-row adaptive choice
 * tries all five filters (ten passes), which in a one-shot process runs as cold, unoptimised
 * JavaScript and cost more than the rest of a render together, for a file ~1 % smaller on CT.
 */
import { deflateSync } from 'node:zlib';
import { writePngChunks } from './png-chunks';

/** The filtered scanlines (filter byte 4, Paeth, then the row) of 8-bit samples, bpp bytes a pixel. */
function paethRows(px: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1) + 1;
    const r = y * stride;
    raw[o - 1] = 4;
    if (y === 0) {
      // No row above: Paeth predicts from the left pixel (b = c = 0).
      for (let i = 0; i < bpp; i++) raw[o + i] = px[r + i];
      for (let i = bpp; i < stride; i++) raw[o + i] = px[r + i] - px[r + i - bpp];
      continue;
    }
    // First pixel: no left neighbour, Paeth predicts from above (a = c = 0).
    for (let i = 0; i < bpp; i++) raw[o + i] = px[r + i] - px[r + i - stride];
    for (let i = bpp; i < stride; i++) {
      const a = px[r + i - bpp];
      const b = px[r + i - stride];
      const c = px[r + i - stride - bpp];
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - c - c);
      raw[o + i] = px[r + i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
  }
  return raw;
}

export function encodePng8(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  if (!(width > 0 && height > 0) || pixels.length !== width * height * channels)
    throw new RangeError(`encodePng8: ${pixels.length} bytes do not make ${width} × ${height} × ${channels}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : 2; // grey / truecolour
  // bytes 10–12: deflate, adaptive filtering (the PNG method; each row names its filter), no interlace
  return writePngChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(paethRows(pixels, width, height, channels), { level: 6 }) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}
