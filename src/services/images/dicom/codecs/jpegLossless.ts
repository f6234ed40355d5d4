// JPEG lossless (process 14, any predictor incl. SV1) via jpeg-lossless-decoder-js.
import { Decoder } from 'jpeg-lossless-decoder-js';

/** Returns raw samples as native little-endian bytes (the values are the BitsStored-wide patterns). */
export function decodeJpegLossless(frame: Uint8Array, bitsAllocated: number): Uint8Array {
  const copy = new Uint8Array(frame); // the decoder reads from offset 0 of an ArrayBuffer of its own
  const decoded = new Decoder().decode(copy.buffer, 0, copy.byteLength, bitsAllocated <= 8 ? 1 : 2);
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}
