// Turn sharp/libvips failures into ImageErrors the user can act on.
import { ImageError } from '../../../shared/imaging/types';
import type { RasterFormat } from './sniff';

const NAMES: Record<RasterFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  tiff: 'TIFF',
  webp: 'WebP',
  bmp: 'BMP',
  gif: 'GIF',
};

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
 * line twice) never reach the user: each known fault becomes one sentence, the rest "damaged".
 */
export function toImageError(e: unknown, format: RasterFormat, bytes: Uint8Array): ImageError {
  if (e instanceof ImageError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const name = NAMES[format];
  if (/pixel limit|exceeds.*limit|too large|image too big|dimensions/i.test(msg)) {
    return new ImageError(`the ${name} image is too large to decode`, 'too-large');
  }
  const truncated = () => new ImageError(`the ${name} file is truncated: the end of the image data is missing`, 'truncated');
  if (looksTruncated(format, bytes)) return truncated();
  // libjpeg says "Corrupt JPEG data: premature end of data segment" for damaged, not cut, scans.
  if (!/corrupt/i.test(msg) && /premature end|unexpected end|truncated/i.test(msg)) return truncated();
  if (/unsupported image format|not a known file format|not in a known format/i.test(msg)) {
    return new ImageError(`the file starts like a ${name} but its structure is damaged`, 'corrupt');
  }
  if (/samples out of range|unsupported sample format|sample format|bits per sample|unsupported (bits|depth)/i.test(msg)) {
    return new ImageError(`the ${name} file uses a sample format Medfig cannot read`, 'unsupported');
  }
  if (/compression|unknown.*scheme|codec/i.test(msg) && format === 'tiff') {
    return new ImageError('the TIFF file uses a compression Medfig cannot read', 'unsupported');
  }
  if (/marker|huffman|quantization|sof|sos|scan/i.test(msg)) {
    return new ImageError(`the ${name} compressed data is damaged (a marker or table is invalid)`, 'corrupt');
  }
  if (/crc|chunk|ihdr|idat|zlib|inflate|decompress/i.test(msg)) {
    return new ImageError(`the ${name} compressed data is damaged`, 'corrupt');
  }
  if (/tile|strip|ifd|directory|tag/i.test(msg) && format === 'tiff') {
    return new ImageError('the TIFF structure is damaged (a directory, strip or tile is invalid)', 'corrupt');
  }
  return new ImageError(`the ${name} data is damaged and cannot be decoded`, 'corrupt');
}
