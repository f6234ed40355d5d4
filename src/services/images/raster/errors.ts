// Turn sharp/libvips failures into ImageErrors the user can act on, from this image's own facts.
// sharp keeps one warning queue and libvips one error buffer for the whole process (every worker
// thread and the libuv pool), so the libvips text of a failure can carry the lines of any image
// decoded at the same time, of this format or another, and lose its own: it decides nothing here.
// What decides is sharp's own first sentence about this call (pixel limit, format not recognised)
// and the file's own bytes (its end, JPEG markers, TIFF directories, the PNG header); without such a
// fact the sentence is the format's generic one.
import { ImageError } from '../../../shared/imaging/types';
import { readJpegStructure } from './jpeg-segments';
import type { RasterFormat } from './sniff';
import { readTiffStructure } from './tiff-structure';

const NAMES: Record<RasterFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  tiff: 'TIFF',
  webp: 'WebP',
  bmp: 'BMP',
  gif: 'GIF',
};

/** libvips' longest image side (VIPS_MAX_COORD): spng refuses a PNG header past it. */
const MAX_SIDE = 100_000_000;

/** Structural end-of-file checks: libvips reports truncation and corruption alike for some formats. */
export function looksTruncated(format: RasterFormat, b: Uint8Array): boolean {
  const n = b.length;
  const dv = new DataView(b.buffer, b.byteOffset, n);
  switch (format) {
    case 'jpeg': {
      // EOI may be followed by a little padding; look for FF D9 near the end.
      for (let i = n - 2; i >= Math.max(0, n - 64); i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return false;
      return true;
    }
    case 'png':
      return String.fromCharCode(...b.subarray(Math.max(0, n - 12), n)).indexOf('IEND') < 0;
    case 'gif':
      return b[n - 1] !== 0x3b;
    case 'webp':
      return n < 12 || dv.getUint32(4, true) + 8 > n;
    case 'bmp':
      return n < 6 || dv.getUint32(2, true) > n;
    case 'tiff': {
      if (n < 16) return true;
      const le = b[0] === 0x49;
      const big = dv.getUint16(2, le) === 43;
      const ifd = big ? Number(dv.getBigUint64(8, le)) : dv.getUint32(4, le);
      return ifd >= n;
    }
  }
}

/**
 * libvips texts ("VipsJpeg: Bogus marker length", "tiff2vips: samples out of range", often the same
 * line twice) never reach the user: each fault the file's own facts name becomes one sentence, the
 * rest "damaged".
 */
export function toImageError(e: unknown, format: RasterFormat, bytes: Uint8Array): ImageError {
  if (e instanceof ImageError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const name = NAMES[format];
  // sharp's own sentences open the message and are about this call alone.
  if (/^Input image exceeds pixel limit/.test(msg) || (format === 'png' && pngSide(bytes) > MAX_SIDE)) {
    return new ImageError(`the ${name} image is too large to decode`, 'too-large');
  }
  if (looksTruncated(format, bytes))
    return new ImageError(`the ${name} file is truncated: the end of the image data is missing`, 'truncated');
  if (/^Input (buffer|file) contains unsupported image format/.test(msg)) {
    return new ImageError(`the file starts like a ${name} but its structure is damaged`, 'corrupt');
  }
  if (format === 'jpeg' && readJpegStructure(bytes).badMarker) {
    return new ImageError('the JPEG compressed data is damaged (a marker or table is invalid)', 'corrupt');
  }
  if (format === 'tiff') {
    const t = readTiffStructure(bytes);
    if (t.unsupportedSamples) return new ImageError('the TIFF file uses a sample format Medfig cannot read', 'unsupported');
    if (t.unsupportedCompression) return new ImageError('the TIFF file uses a compression Medfig cannot read', 'unsupported');
    if (t.outOfFile) return new ImageError('the TIFF structure is damaged (a directory, strip or tile is invalid)', 'corrupt');
  }
  return new ImageError(`the ${name} data is damaged and cannot be decoded`, 'corrupt');
}

/** The longer side an IHDR declares (0 when there is none). */
function pngSide(b: Uint8Array): number {
  if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return 0;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  return Math.max(dv.getUint32(16), dv.getUint32(20));
}
