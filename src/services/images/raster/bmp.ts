// A small BMP reader: sharp's prebuilt libvips has no BMP loader (no ImageMagick), so BMP files
// are decoded here to raw RGB(A) and handed to sharp as raw pixels for resizing and cropping.
// Covers what scanners, microscopes and Windows tools write: 1/4/8-bit palette, 16/24/32-bit,
// BI_RGB, BI_BITFIELDS and RLE8/RLE4, bottom-up and top-down.
import { ImageError } from '../../../shared/imaging/types';
import { checkDecodedSize } from '../limits';

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  compression: number;
  topDown: boolean;
  hasAlpha: boolean;
  /** Pixels per metre from the header (0 when absent). */
  xPelsPerMeter: number;
  yPelsPerMeter: number;
}

export interface BmpImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

interface Layout extends BmpHeader {
  headerSize: number;
  dataOffset: number;
  masks: [number, number, number, number] | null;
  palette: Uint8Array | null; // RGB triplets
}

function parse(b: Uint8Array): Layout {
  if (b.length < 26) throw new ImageError('BMP file is truncated (header incomplete)', 'truncated');
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const dataOffset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  if (headerSize === 12) {
    // OS/2 BITMAPCOREHEADER: 16-bit dimensions, RGB triplet palette.
    const width = dv.getUint16(18, true),
      height = dv.getUint16(20, true),
      bpp = dv.getUint16(24, true);
    const palette = bpp <= 8 ? readPalette(b, 26, 1 << bpp, 3) : null;
    return {
      width,
      height,
      bitsPerPixel: bpp,
      compression: 0,
      topDown: false,
      hasAlpha: false,
      xPelsPerMeter: 0,
      yPelsPerMeter: 0,
      headerSize,
      dataOffset,
      masks: null,
      palette,
    };
  }
  if (headerSize < 40 || b.length < 14 + 40)
    throw new ImageError(`BMP header of ${headerSize} bytes is not supported or truncated`, 'corrupt');
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const xPelsPerMeter = dv.getInt32(38, true),
    yPelsPerMeter = dv.getInt32(42, true);
  const colorsUsed = dv.getUint32(46, true);
  if (width <= 0 || rawHeight === 0 || rawHeight === -2147483648)
    throw new ImageError(`BMP declares an invalid size ${width}×${rawHeight}`, 'corrupt');
  let masks: Layout['masks'] = null;
  if (compression === 3 || compression === 6) {
    // Masks follow a 40-byte header, or sit inside V2+ headers at the same offset.
    const at = 14 + 40;
    if (b.length < at + 12) throw new ImageError('BMP file is truncated (colour masks missing)', 'truncated');
    const alpha = compression === 6 || headerSize >= 56 ? dv.getUint32(at + 12, true) : 0;
    masks = [dv.getUint32(at, true), dv.getUint32(at + 4, true), dv.getUint32(at + 8, true), alpha];
  } else if (compression === 0 && bpp === 16) {
    masks = [0x7c00, 0x03e0, 0x001f, 0];
  } else if (compression === 0 && bpp === 32 && headerSize >= 108 && dv.getUint32(14 + 40 + 12, true) !== 0) {
    // V4/V5 header with an alpha mask: the fourth byte really is alpha.
    masks = [0xff0000, 0xff00, 0xff, dv.getUint32(14 + 40 + 12, true)];
  }
  if ((compression === 1 && bpp !== 8) || (compression === 2 && bpp !== 4))
    throw new ImageError(`BMP RLE${compression === 1 ? 8 : 4} with ${bpp} bits per pixel is invalid`, 'corrupt');
  if (compression === 4 || compression === 5) throw new ImageError('BMP with embedded JPEG/PNG data is not supported', 'unsupported');
  if (![0, 1, 2, 3, 6].includes(compression)) throw new ImageError(`BMP compression ${compression} is not supported`, 'unsupported');
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw new ImageError(`BMP with ${bpp} bits per pixel is not supported`, 'unsupported');
  const palette =
    bpp <= 8 ? readPalette(b, 14 + headerSize + (compression === 3 && headerSize === 40 ? 12 : 0), colorsUsed || 1 << bpp, 4) : null;
  return {
    width,
    height: Math.abs(rawHeight),
    bitsPerPixel: bpp,
    compression,
    topDown: rawHeight < 0,
    hasAlpha: masks !== null && masks[3] !== 0,
    xPelsPerMeter,
    yPelsPerMeter,
    headerSize,
    dataOffset,
    masks,
    palette,
  };
}

function readPalette(b: Uint8Array, at: number, count: number, entry: 3 | 4): Uint8Array {
  const n = Math.min(count, 256);
  const pal = new Uint8Array(256 * 3);
  for (let i = 0; i < n && at + i * entry + 2 < b.length; i++) {
    const p = at + i * entry;
    pal[i * 3] = b[p + 2];
    pal[i * 3 + 1] = b[p + 1];
    pal[i * 3 + 2] = b[p];
  }
  return pal;
}

export function readBmpHeader(b: Uint8Array): BmpHeader {
  const { headerSize: _h, dataOffset: _d, masks: _m, palette: _p, ...h } = parse(b);
  return h;
}

/** Scale a masked field to 0–255. */
function channel(v: number, mask: number): number {
  if (mask === 0) return 255;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((v & mask) >>> shift) * 255) / max);
}

const RLE_MAX_PX_PER_BYTE = 1024;

export function decodeBmp(b: Uint8Array, maxPixels: number): BmpImage {
  const L = parse(b);
  const { width, height, bitsPerPixel: bpp } = L;
  if (width * height > maxPixels) {
    throw new ImageError(
      `BMP declares ${width}×${height} pixels (${Math.round((width * height) / 1e6)} MP), over the ${Math.round(maxPixels / 1e6)} MP limit`,
      'too-large',
    );
  }
  const channels = L.hasAlpha ? 4 : 3;
  // Every check that can refuse the file runs before the output is allocated.
  checkDecodedSize('BMP', width, height, channels, 1);
  const rle = L.compression === 1 || L.compression === 2;
  // RLE's best case is 255 pixels per 2-byte run (~128 px/byte); deltas and an early end-of-bitmap
  // can skip more, so allow 8× that. A few KB claiming hundreds of megapixels is a bomb, refused
  // before the output is allocated.
  const rleBytes = Math.max(0, b.length - L.dataOffset);
  if (rle && width * height > 1_000_000 && width * height > rleBytes * RLE_MAX_PX_PER_BYTE) {
    throw new ImageError(`BMP RLE data of ${rleBytes} bytes cannot hold the ${width}×${height} pixels it declares`, 'too-large');
  }
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (!rle && L.dataOffset + stride * height > b.length) throw new ImageError('BMP file is truncated (pixel rows missing)', 'truncated');
  const out = new Uint8Array(width * height * channels);
  if (rle) {
    expandRle(b, L, out);
    return { width, height, channels: 3, data: out };
  }
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let row = 0; row < height; row++) {
    const src = L.dataOffset + stride * (L.topDown ? row : height - 1 - row);
    let o = row * width * channels;
    for (let x = 0; x < width; x++, o += channels) {
      if (bpp <= 8) {
        const bit = x * bpp;
        const idx = (b[src + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        out[o] = L.palette![idx * 3];
        out[o + 1] = L.palette![idx * 3 + 1];
        out[o + 2] = L.palette![idx * 3 + 2];
      } else if (bpp === 24 || (bpp === 32 && !L.masks)) {
        const p = src + x * (bpp >> 3);
        out[o] = b[p + 2];
        out[o + 1] = b[p + 1];
        out[o + 2] = b[p];
      } else {
        const v = bpp === 16 ? dv.getUint16(src + x * 2, true) : dv.getUint32(src + x * 4, true);
        const m = L.masks!;
        out[o] = channel(v, m[0]);
        out[o + 1] = channel(v, m[1]);
        out[o + 2] = channel(v, m[2]);
        if (channels === 4) out[o + 3] = channel(v, m[3]);
      }
    }
  }
  return { width, height, channels, data: out };
}

/**
 * RLE8/RLE4 straight into RGB `out` (no index buffer), top-down. Skipped pixels (delta, early end
 * of line) keep palette entry 0, as before.
 */
function expandRle(b: Uint8Array, L: Layout, out: Uint8Array): void {
  const { width, height } = L;
  const four = L.compression === 2;
  const pal = L.palette!;
  if (pal[0] || pal[1] || pal[2])
    for (let o = 0; o < out.length; o += 3) {
      out[o] = pal[0];
      out[o + 1] = pal[1];
      out[o + 2] = pal[2];
    }
  let x = 0,
    y = 0,
    p = L.dataOffset;
  const put = (v: number) => {
    if (x < width && y < height) {
      const o = ((L.topDown ? y : height - 1 - y) * width + x) * 3;
      out[o] = pal[v * 3];
      out[o + 1] = pal[v * 3 + 1];
      out[o + 2] = pal[v * 3 + 2];
    }
    x++;
  };
  while (y < height) {
    if (p + 1 >= b.length) throw new ImageError('BMP file is truncated (RLE data ends early)', 'truncated');
    const n = b[p],
      v = b[p + 1];
    p += 2;
    if (n > 0) {
      for (let i = 0; i < n; i++) put(four ? (i & 1 ? v & 15 : v >> 4) : v);
    } else if (v === 0) {
      x = 0;
      y++;
    } else if (v === 1) break;
    else if (v === 2) {
      x += b[p];
      y += b[p + 1];
      p += 2;
    } else {
      // Absolute run of v pixels, padded to a 16-bit boundary.
      const bytes = four ? Math.ceil(v / 2) : v;
      if (p + bytes > b.length) throw new ImageError('BMP file is truncated (RLE data ends early)', 'truncated');
      for (let i = 0; i < v; i++) put(four ? (i & 1 ? b[p + (i >> 1)] & 15 : b[p + (i >> 1)] >> 4) : b[p + i]);
      p += bytes + (bytes & 1);
    }
  }
}
