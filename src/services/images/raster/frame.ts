// Run a pipeline to raw pixels and shape them as a DecodedFrame (the one format every consumer takes).
import type { Sharp } from 'sharp';
import type { DecodedFrame, PixelArray } from '../../../shared/imaging/types';
import { toImageError } from './errors';
import { jpegWithoutExtraneousBytes } from './jpeg-segments';
import type { OpenedRaster } from './open';

type Samples = Uint8Array | Uint16Array;

const EXOTIC = new Set(['char', 'short', 'int', 'uint', 'float']);

async function rawPixels(src: OpenedRaster, build: (s: Sharp) => Sharp, input?: Uint8Array) {
  // Signed/float grey: samples as stored (a colourspace conversion would clip them to 8/16 bits).
  if (EXOTIC.has(src.depth)) {
    // 'b-w' keeps one channel and the values (sharp's default sRGB output would clip negatives).
    return build(src.pipeline(input))
      .toColourspace('b-w')
      .raw({ depth: src.depth as 'char' | 'short' | 'int' | 'uint' | 'float' })
      .toBuffer({ resolveWithObject: true });
  }
  // Grey stays one channel (b-w / grey16); colour is converted to sRGB, honouring an embedded ICC profile.
  const space = src.grey ? (src.sixteenBit ? 'grey16' : 'b-w') : src.sixteenBit ? 'rgb16' : 'srgb';
  return build(src.pipeline(input))
    .toColourspace(space)
    .raw({ depth: src.sixteenBit ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
}

export async function toFrame(src: OpenedRaster, bytes: Uint8Array, build: (s: Sharp) => Sharp): Promise<DecodedFrame> {
  let out: Awaited<ReturnType<typeof rawPixels>>;
  try {
    out = await rawPixels(src, build);
  } catch (e) {
    // libjpeg warns about stray bytes between marker segments, which fails the strict read of files
    // that are otherwise intact. Whether they were the only fault is decided from the file's own
    // bytes, never from the error text (sharp and libvips keep one warning queue and one error
    // buffer per process, so it can hold another image's "extraneous bytes" or lose this one's): the
    // same strict read of the file without those bytes must pass. libjpeg reads the same segments
    // from it, so its pixels are the ones a lenient read of the original gives.
    const clean = src.format === 'jpeg' ? jpegWithoutExtraneousBytes(bytes) : null;
    if (!clean) throw toImageError(e, src.format, bytes);
    out = await rawPixels(src, build, clean).catch((e2: unknown) => {
      throw toImageError(e2, src.format, bytes);
    });
  }
  const { data, info } = out;
  if (EXOTIC.has(src.depth)) return exoticFrame(src.depth, data, info.width, info.height);
  // Copy: Buffer may sit at an odd offset in a shared pool, which a Uint16Array cannot view.
  const samples: Samples = src.sixteenBit
    ? new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length))
    : new Uint8Array(data);
  const { pixels, channels } = dropOpaqueAlpha(samples, info.channels, src.sixteenBit ? 65535 : 255);
  let min = Infinity,
    max = -Infinity;
  // Over every sample (alpha included): for grey this is the stored range a min–max window uses.
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    width: info.width,
    height: info.height,
    channels,
    data: pixels,
    bitsStored: src.sixteenBit ? 16 : 8,
    slope: 1,
    intercept: 0,
    photometric: channels === 1 ? 'MONOCHROME2' : channels === 4 ? 'RGBA' : 'RGB',
    minStored: pixels.length ? min : 0,
    maxStored: pixels.length ? max : 0,
  };
}

/** Keep alpha only when some pixel is not fully opaque; grey+alpha becomes RGBA (frames have 1, 3 or 4 channels). */
function dropOpaqueAlpha(d: Samples, channels: number, opaque: number): { pixels: Samples; channels: 1 | 3 | 4 } {
  if (channels === 1 || channels === 3) return { pixels: d, channels };
  const n = d.length / channels;
  let real = false;
  for (let i = channels - 1; i < d.length; i += channels)
    if (d[i] !== opaque) {
      real = true;
      break;
    }
  const colour = channels === 4 ? 3 : 1;
  const outChannels = real ? 4 : (colour as 1 | 3);
  if (channels === 4 && real) return { pixels: d, channels: 4 };
  const out = d instanceof Uint16Array ? new Uint16Array(n * outChannels) : new Uint8Array(n * outChannels);
  for (let p = 0; p < n; p++) {
    const s = p * channels,
      o = p * outChannels;
    if (colour === 3) {
      out[o] = d[s];
      out[o + 1] = d[s + 1];
      out[o + 2] = d[s + 2];
      if (real) out[o + 3] = d[s + 3];
    } else if (real) {
      out[o] = out[o + 1] = out[o + 2] = d[s];
      out[o + 3] = d[s + 1];
    } else {
      out[o] = d[s];
    }
  }
  return { pixels: out, channels: outChannels };
}

/** Signed or floating-point grey samples → a frame of their values (min–max window by default). */
function exoticFrame(depth: string, data: Buffer, width: number, height: number): DecodedFrame {
  const bytes = data.buffer.slice(data.byteOffset, data.byteOffset + data.length); // aligned copy
  const n = width * height;
  let pixels: PixelArray;
  let bits: number;
  if (depth === 'char') {
    pixels = Int16Array.from(new Int8Array(bytes, 0, n));
    bits = 8;
  } else if (depth === 'short') {
    pixels = new Int16Array(bytes, 0, n);
    bits = 16;
  } else if (depth === 'int') {
    pixels = new Int32Array(bytes, 0, n);
    bits = 32;
  } else if (depth === 'uint') {
    pixels = Float32Array.from(new Uint32Array(bytes, 0, n));
    bits = 32;
  } else {
    pixels = new Float32Array(bytes, 0, n);
    bits = 32;
  }
  return greyValuesFrame(pixels, width, height, bits);
}

export function greyValuesFrame(pixels: PixelArray, width: number, height: number, bits: number): DecodedFrame {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    width,
    height,
    channels: 1,
    data: pixels,
    bitsStored: bits,
    slope: 1,
    intercept: 0,
    photometric: 'MONOCHROME2',
    minStored: min === Infinity ? 0 : min,
    maxStored: max === -Infinity ? 0 : max,
  };
}
