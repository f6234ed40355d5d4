// Open raster bytes once: check them, read the header, and hand out sharp pipelines for that page.
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { ImageError } from '../../../shared/imaging/types';
import { checkDecodedSize } from '../limits';
import { decodeBmp, readBmpHeader } from './bmp';
import { MAX_DECODE_PIXELS } from './limits';
import { toImageError } from './errors';
import { describeBytes, sniffRaster, type RasterFormat } from './sniff';
import { checkTiffDirectoryChain } from './tiff-tags';

export interface OpenedRaster {
  format: RasterFormat;
  /** Stored (not yet oriented) size of the page. */
  width: number;
  height: number;
  pages: number;
  /** EXIF/TIFF orientation 1–8 (1 when absent). */
  orientation: number;
  grey: boolean;
  sixteenBit: boolean;
  /** libvips sample type: 'uchar'/'ushort', or for grey only 'char', 'short', 'int', 'uint', 'float'. */
  depth: string;
  hasAlpha: boolean;
  /** A fresh strict pipeline over the page (sharp pipelines are single use); `input` reads other bytes of the same image. */
  pipeline(input?: Uint8Array): Sharp;
}

export function checkBytes(bytes: Uint8Array): RasterFormat {
  if (bytes.length === 0) throw new ImageError('the file is empty (0 bytes)', 'empty');
  const format = sniffRaster(bytes);
  if (!format) throw new ImageError(`the file is not an image: it looks like ${describeBytes(bytes)}`, 'not-an-image');
  if (format === 'tiff') checkTiffDirectoryChain(bytes);
  return format;
}

const mp = (n: number): string => `${Math.round(n / 1e5) / 10} MP`;

export async function openRaster(bytes: Uint8Array, page: number, maxPixels: number, purpose: string): Promise<OpenedRaster> {
  const format = checkBytes(bytes);
  if (!Number.isInteger(page) || page < 0) throw new RangeError(`page must be a non-negative integer, got ${page}`);
  if (format === 'bmp') return openBmp(bytes, page, maxPixels);
  // Header only: sharp reads dimensions without decoding pixels, so the size check is cheap.
  const header = (p: number) =>
    sharp(bytes, { page: p, failOn: 'none', limitInputPixels: false })
      .metadata()
      .catch((e: unknown) => {
        throw toImageError(e, format, bytes);
      });
  const first = await header(0);
  const pages = first.pages ?? 1;
  if (page >= pages)
    throw new ImageError(`page ${page + 1} was requested but the file has ${pages} page${pages === 1 ? '' : 's'}`, 'no-pixels');
  // Pages of a TIFF may differ in size and type, so the requested page's own header is used.
  const meta = page === 0 ? first : await header(page);
  const width = meta.width ?? 0,
    height = meta.height ?? 0;
  if (!(width > 0 && height > 0)) throw new ImageError('the image declares no pixels (zero width or height)', 'no-pixels');
  if (width * height > maxPixels) {
    throw new ImageError(
      `the image is ${width}×${height} (${mp(width * height)}), over the ${mp(maxPixels)} limit for ${purpose}` +
        (purpose === 'a full decode' ? '; open it as a preview or region instead' : ''),
      'too-large',
    );
  }
  if (purpose === 'a full decode')
    checkDecodedSize(
      `the ${format.toUpperCase()} image`,
      width,
      height,
      meta.channels ?? 3,
      meta.depth === 'ushort' || meta.depth === 'short' ? 2 : meta.depth === 'uchar' || meta.depth === 'char' ? 1 : 4,
    );
  const grey = meta.space === 'b-w' || meta.space === 'grey16';
  // Signed and floating-point grey samples (scientific TIFFs) are read as they are and shown with a
  // min–max window the user can change, like 16-bit; colour stays 8/16-bit.
  const exotic = meta.depth !== 'uchar' && meta.depth !== 'ushort';
  if (exotic && !(grey && (meta.channels ?? 1) === 1 && ['char', 'short', 'int', 'uint', 'float'].includes(meta.depth ?? ''))) {
    throw new ImageError(
      `${meta.depth ?? 'unknown'} samples (${meta.bitsPerSample ?? '?'} bits) are not supported here; convert to 8- or 16-bit`,
      'unsupported',
    );
  }
  return {
    format,
    width,
    height,
    pages,
    orientation: meta.orientation ?? 1,
    grey,
    sixteenBit: meta.depth === 'ushort',
    depth: meta.depth ?? 'uchar',
    hasAlpha: meta.hasAlpha === true,
    pipeline: (input = bytes) => {
      // Strict: a truncated or damaged file fails instead of decoding as grey garbage (frame.ts
      // passes a JPEG without its stray bytes as `input` to tell those from damage).
      const opts: SharpOptions = { page, failOn: 'warning', limitInputPixels: maxPixels };
      return sharp(input, opts);
    },
  };
}

function openBmp(bytes: Uint8Array, page: number, maxPixels: number): OpenedRaster {
  const h = readBmpHeader(bytes);
  if (page > 0) throw new ImageError(`page ${page + 1} was requested but a BMP has 1 page`, 'no-pixels');
  // A BMP is always decoded whole (there is no streaming reader), so previews and regions get the
  // full-decode limit too, checked here from the header before anything is allocated.
  maxPixels = Math.min(maxPixels, MAX_DECODE_PIXELS);
  if (h.width * h.height > maxPixels)
    throw new ImageError(
      `BMP declares ${h.width}×${h.height} pixels (${mp(h.width * h.height)}), over the ${mp(maxPixels)} limit`,
      'too-large',
    );
  checkDecodedSize('BMP', h.width, h.height, h.hasAlpha ? 4 : 3, 1);
  let decoded: ReturnType<typeof decodeBmp> | null = null;
  return {
    format: 'bmp',
    width: h.width,
    height: h.height,
    pages: 1,
    orientation: 1,
    grey: false,
    sixteenBit: false,
    depth: 'uchar',
    hasAlpha: h.hasAlpha,
    pipeline: () => {
      decoded ??= decodeBmp(bytes, maxPixels);
      const { width, height, channels, data } = decoded;
      return sharp(data, { raw: { width, height, channels } });
    },
  };
}
