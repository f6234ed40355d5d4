/**
 * 8-bit grey or RGB pixels → PNG, on Node's own zlib. Hand-written (IHDR, IDAT, IEND and libpng's
 * per-row adaptive filter choice) because it is what `medfig render` needs at start-up: sharp
 * costs 100–250 ms just to load libvips, pngjs 50–70 ms and a slower encode; this module loads
 * nothing beyond node:zlib, which the DICOM reader loads anyway. Pixels are stored exactly as
 * given; no pHYs (no print density), no colour chunks, no metadata.
 */
import { deflateSync } from 'node:zlib';
import { writePngChunks } from './png-chunks';

/** Sum of |filtered byte| read as signed: libpng's "minimum sum of absolute differences" heuristic. */
function cost(row: Uint8Array): number {
  let s = 0;
  for (let i = 1; i < row.length; i++) {
    const v = row[i];
    s += v < 128 ? v : 256 - v;
  }
  return s;
}

// One tight loop per filter (byte 0 of `out` is the filter type): a CLI runs this code cold, and
// small monomorphic loops reach optimised code within the first rows, a branchy shared one does not.
function none(cur: Uint8Array, out: Uint8Array): void {
  out[0] = 0;
  out.set(cur, 1);
}

function sub(cur: Uint8Array, bpp: number, out: Uint8Array): void {
  out[0] = 1;
  for (let i = 0; i < bpp; i++) out[i + 1] = cur[i];
  for (let i = bpp; i < cur.length; i++) out[i + 1] = cur[i] - cur[i - bpp];
}

function up(cur: Uint8Array, prev: Uint8Array, out: Uint8Array): void {
  out[0] = 2;
  for (let i = 0; i < cur.length; i++) out[i + 1] = cur[i] - prev[i];
}

function average(cur: Uint8Array, prev: Uint8Array, bpp: number, out: Uint8Array): void {
  out[0] = 3;
  for (let i = 0; i < bpp; i++) out[i + 1] = cur[i] - (prev[i] >> 1);
  for (let i = bpp; i < cur.length; i++) out[i + 1] = cur[i] - ((cur[i - bpp] + prev[i]) >> 1);
}

function paeth(cur: Uint8Array, prev: Uint8Array, bpp: number, out: Uint8Array): void {
  out[0] = 4;
  for (let i = 0; i < bpp; i++) out[i + 1] = cur[i] - prev[i];
  for (let i = bpp; i < cur.length; i++) {
    const a = cur[i - bpp];
    const b = prev[i];
    const c = prev[i - bpp];
    const pa = Math.abs(b - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + b - 2 * c);
    out[i + 1] = cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
  }
}

export function encodePng8(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  if (!(width > 0 && height > 0) || pixels.length !== width * height * channels)
    throw new RangeError(`encodePng8: ${pixels.length} bytes do not make ${width} × ${height} × ${channels}`);
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  const trial = Array.from({ length: 5 }, () => new Uint8Array(stride + 1));
  for (let y = 0; y < height; y++) {
    const cur = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    // The first row has no row above: Up and Paeth would equal None and Sub, Average is Sub halved.
    none(cur, trial[0]);
    sub(cur, channels, trial[1]);
    if (prev) {
      up(cur, prev, trial[2]);
      average(cur, prev, channels, trial[3]);
      paeth(cur, prev, channels, trial[4]);
    }
    let best = 0;
    let bestCost = Infinity;
    for (let t = 0; t < (prev ? 5 : 2); t++) {
      const c = cost(trial[t]);
      if (c < bestCost) {
        bestCost = c;
        best = t;
      }
    }
    raw.set(trial[best], y * (stride + 1));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : 2; // grey / truecolour
  // bytes 10–12: deflate, adaptive filtering, no interlace (all 0)
  return writePngChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(raw, { level: 6 }) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}
