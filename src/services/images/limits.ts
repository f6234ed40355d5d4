// Decoded-size budgets, checked against what a header declares before any pixel buffer is
// allocated: a few kilobytes of file can claim gigapixels (decompression bombs), and typed arrays
// live outside the V8 heap, so the worker's heap limit alone would not stop the allocation.
import { ImageError } from '../../shared/imaging/types';

/** Largest full decode (all samples of one frame): ~1.5 GB, e.g. 500 MP of 8-bit RGB. */
export const MAX_DECODED_BYTES = 1.5 * 1024 ** 3;
/** Largest region or preview output: the renderer asks for screen-sized pieces. */
export const MAX_OUTPUT_PIXELS = 64_000_000;

const mb = (n: number): string => `${Math.round(n / 1024 ** 2)} MB`;

/**
 * Throws 'too-large' when width × height × channels × bytesPerSample exceeds `budget` bytes.
 * `what` names the decoder in the message ("BMP", "the JPEG lossless codestream").
 */
export function checkDecodedSize(
  what: string,
  width: number,
  height: number,
  channels: number,
  bytesPerSample: number,
  budget = MAX_DECODED_BYTES,
): void {
  const bytes = width * height * channels * bytesPerSample;
  if (!Number.isFinite(bytes) || bytes > budget) {
    throw new ImageError(
      `${what} declares ${width}×${height} pixels × ${channels} channel(s): ${mb(bytes)} decoded, over the ${mb(budget)} limit`,
      'too-large',
    );
  }
}

/** An output of `width × height` pixels (region/preview) within MAX_OUTPUT_PIXELS. */
export function checkOutputSize(what: string, width: number, height: number): void {
  if (!(width * height <= MAX_OUTPUT_PIXELS)) {
    throw new ImageError(`${what} of ${width}×${height} pixels is over the ${MAX_OUTPUT_PIXELS / 1e6} MP limit`, 'too-large');
  }
}
