// DICOM RLE Lossless (PS3.5 Annex G), hand-written: a 64-byte header of segment offsets, then one
// PackBits segment per byte plane, most significant byte of each sample first. Small enough that a
// dependency would not pay for itself.
import { ImageError } from '../../../../shared/imaging/types';

/**
 * Decode one RLE frame into native little-endian bytes with samples interleaved per pixel
 * (planar configuration 0), whatever the file's PlanarConfiguration says.
 */
export function decodeRle(frame: Uint8Array, pixels: number, samplesPerPixel: number, bitsAllocated: number): Uint8Array {
  if (frame.length < 64) throw new ImageError('RLE frame is shorter than its 64-byte header', 'corrupt');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new ImageError(
      `RLE header has ${segments} segments, expected ${expected} (${samplesPerPixel} samples × ${bytesPerSample} bytes)`,
      'corrupt',
    );
  }
  const out = new Uint8Array(pixels * expected);
  const stride = expected;
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || start > frame.length || end > frame.length || end < start) {
      throw new ImageError(`RLE segment ${s + 1} has an offset outside the frame`, 'corrupt');
    }
    const sample = Math.floor(s / bytesPerSample);
    // Segment order is MSB first; native little-endian puts the MSB last.
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    let o = sample * bytesPerSample + byteInSample;
    let written = 0;
    let i = start;
    while (i < end && written < pixels) {
      const n = (frame[i++] << 24) >> 24; // signed header byte
      if (n >= 0) {
        const count = Math.min(n + 1, pixels - written, end - i);
        for (let k = 0; k < count; k++, o += stride) out[o] = frame[i + k];
        i += n + 1;
        written += count;
      } else if (n !== -128) {
        const count = Math.min(1 - n, pixels - written);
        const v = frame[i++];
        for (let k = 0; k < count; k++, o += stride) out[o] = v;
        written += count;
      }
    }
    if (written < pixels) throw new ImageError(`RLE segment ${s + 1} decodes to ${written} of ${pixels} pixels`, 'corrupt');
  }
  return out;
}
