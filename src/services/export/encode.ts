/**
 * Exact raster encoders: pixels in, a file's bytes out, with the DPI written
 * where each format's readers look for it and no other metadata.
 */
import sharp from 'sharp';
import { normalisePng } from './png-chunks';
import { normaliseJpeg } from './jpeg-markers';

export type RasterFormat = 'png' | 'tiff' | 'jpeg';

export interface EncodeOptions {
  format: RasterFormat;
  /** Dots per inch written into the file (pHYs / TIFF resolution / JFIF). */
  dpi: number;
  /** JPEG quality 1–100; default 92. */
  quality?: number;
  /** TIFF compression; default 'lzw'. */
  compression?: 'lzw' | 'none';
  /** One grey channel (BT.601 luma) instead of RGB. */
  grayscale?: boolean;
  /** PNG only: a tEXt "Software" chunk; nothing is written without it. */
  software?: string;
}

/** Flattened pixels: 1 (grey) or 3 (RGB) bytes a pixel, no alpha. */
export interface FlatPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
}

/**
 * Composite straight (non-premultiplied) RGBA onto white, writing 1 or 3
 * channels into `out` at pixel offset `outPixel`. Used per strip so a full
 * RGBA copy of a large figure never exists.
 */
export function flattenInto(rgba: Uint8Array | Uint8ClampedArray, pixels: number, out: Buffer, outPixel: number, grayscale: boolean): void {
  let o = outPixel * (grayscale ? 1 : 3);
  for (let i = 0; i < pixels * 4; i += 4) {
    const a = rgba[i + 3];
    let r = rgba[i];
    let g = rgba[i + 1];
    let b = rgba[i + 2];
    if (a !== 255) {
      // c·a + 255·(255 − a), rounded, in integers.
      const w = 255 * (255 - a);
      r = ((r * a + w + 127) / 255) | 0;
      g = ((g * a + w + 127) / 255) | 0;
      b = ((b * a + w + 127) / 255) | 0;
    }
    if (grayscale) {
      out[o++] = ((299 * r + 587 * g + 114 * b + 500) / 1000) | 0;
    } else {
      out[o++] = r;
      out[o++] = g;
      out[o++] = b;
    }
  }
}

export function flatten(rgba: Uint8Array | Uint8ClampedArray | Buffer, width: number, height: number, grayscale = false): FlatPixels {
  const pixels = width * height;
  if (rgba.length < pixels * 4) throw new Error(`RGBA buffer too small for ${width}×${height}`);
  const channels = grayscale ? 1 : 3;
  const data = Buffer.allocUnsafe(pixels * channels);
  flattenInto(rgba, pixels, data, 0, grayscale);
  return { data, width, height, channels };
}

function checkDpi(dpi: number): void {
  if (!(Number.isFinite(dpi) && dpi > 0 && dpi <= 65535)) throw new Error(`invalid DPI: ${dpi}`);
}

/** Raw input description for sharp. */
function rawInput(width: number, height: number, channels: 1 | 3) {
  return { raw: { width, height, channels }, limitInputPixels: false as const };
}

/**
 * Apply the format's options to a sharp pipeline of raw flat pixels and
 * return the finished file's bytes (chunks/markers normalised).
 */
async function encodeWith(img: sharp.Sharp, channels: 1 | 3, opts: EncodeOptions): Promise<Buffer> {
  img = img.toColourspace(channels === 1 ? 'b-w' : 'srgb'); // else sharp widens grey to RGB
  switch (opts.format) {
    case 'png': {
      // Adaptive filtering: libvips' default (none) is ~1.6x larger on
      // figures; level 6 is as small as 9 here and 3x faster (bench/export-bench.ts).
      const png = await img.png({ adaptiveFiltering: true, compressionLevel: 6 }).toBuffer();
      return normalisePng(png, opts.dpi, opts.software);
    }
    case 'tiff': {
      // sharp takes resolution in pixels per millimetre and converts to the unit.
      const ppmm = opts.dpi / 25.4;
      const lzw = (opts.compression ?? 'lzw') === 'lzw';
      return img
        .tiff({
          compression: lzw ? 'lzw' : 'none',
          predictor: lzw ? 'horizontal' : 'none',
          xres: ppmm,
          yres: ppmm,
          resolutionUnit: 'inch',
        })
        .toBuffer();
    }
    case 'jpeg': {
      const jpeg = await img
        .jpeg({ quality: jpegQuality(opts), chromaSubsampling: jpegQuality(opts) >= 90 ? '4:4:4' : '4:2:0' })
        .toBuffer();
      return normaliseJpeg(jpeg, opts.dpi);
    }
    default:
      throw new Error(`unknown raster format: ${String((opts as { format: unknown }).format)}`);
  }
}

function jpegQuality(opts: EncodeOptions): number {
  const quality = Math.round(opts.quality ?? 92);
  if (!(quality >= 1 && quality <= 100)) throw new Error(`invalid JPEG quality: ${opts.quality}`);
  return quality;
}

function checkOptions(opts: EncodeOptions): void {
  checkDpi(opts.dpi);
  if (!['png', 'tiff', 'jpeg'].includes(opts.format)) throw new Error(`unknown raster format: ${String(opts.format)}`);
  if (opts.format === 'jpeg') jpegQuality(opts);
}

/** Encode already-flattened pixels held in memory. */
export async function encodeFlat(px: FlatPixels, opts: EncodeOptions): Promise<Buffer> {
  checkOptions(opts);
  return encodeWith(sharp(px.data, rawInput(px.width, px.height, px.channels)), px.channels, opts);
}

/** Encode straight RGBA (alpha flattened onto white). */
export async function encodeRaster(
  rgba: Uint8Array | Uint8ClampedArray | Buffer,
  width: number,
  height: number,
  opts: EncodeOptions,
): Promise<Buffer> {
  return encodeFlat(flatten(rgba, width, height, opts.grayscale ?? false), opts);
}
