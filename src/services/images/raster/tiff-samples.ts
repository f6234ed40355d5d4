// Grey TIFF sample types libvips gets wrong: 64-bit float (refused, "samples out of range") and
// signed 8/16-bit integers (negative values clipped to 0 on the way out). Hand-written, because no
// library here reads them right: classic TIFF, strips or tiles, uncompressed or Deflate (predictor
// none), one sample per pixel. Values come back as Float32Array (float64: the display needs no more
// precision) or Int16Array, with their min and max.
import { inflateSync } from 'node:zlib';
import { ImageError } from '../../../shared/imaging/types';
import { checkDecodedSize } from '../limits';
import { checkTiffDirectoryChain } from './tiff-tags';

interface Ifd {
  le: boolean;
  tags: Map<number, number[]>;
}

const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8 };

function readIfd0(b: Uint8Array): Ifd | null {
  if (b.length < 16 || !((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d))) return null;
  const le = b[0] === 0x49;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  if (dv.getUint16(2, le) !== 42) return null; // BigTIFF: not handled here
  const ifd = dv.getUint32(4, le);
  if (ifd + 2 > b.length) return null;
  const n = dv.getUint16(ifd, le);
  const tags = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > b.length) break;
    const tag = dv.getUint16(e, le),
      type = dv.getUint16(e + 2, le),
      count = dv.getUint32(e + 4, le);
    if (type !== 3 && type !== 4) continue; // only SHORT/LONG tags are needed
    const size = SIZES[type] * count;
    const at = size <= 4 ? e + 8 : dv.getUint32(e + 8, le);
    // A count is checked against the file before anything is allocated for it.
    if (at + size > b.length) continue;
    const vals: number[] = [];
    for (let k = 0; k < count; k++) vals.push(type === 3 ? dv.getUint16(at + 2 * k, le) : dv.getUint32(at + 4 * k, le));
    tags.set(tag, vals);
  }
  return { le, tags };
}

/** True for the sample types this reader takes instead of libvips (see the head of the file). */
export function isOwnSampleTiff(b: Uint8Array): boolean {
  const ifd = readIfd0(b);
  if (!ifd) return false;
  const format = ifd.tags.get(339)?.[0],
    bits = ifd.tags.get(258)?.[0];
  return (format === 3 && bits === 64) || (format === 2 && (bits === 8 || bits === 16));
}

export function sampleTiffSize(b: Uint8Array): { width: number; height: number; samples: number; bits: number } {
  const { tags } = readIfd0(b)!;
  return {
    width: tags.get(256)?.[0] ?? 0,
    height: tags.get(257)?.[0] ?? 0,
    samples: tags.get(277)?.[0] ?? 1,
    bits: tags.get(258)?.[0] ?? 8,
  };
}

export function readSampleTiff(b: Uint8Array): {
  width: number;
  height: number;
  bits: number;
  data: Float32Array | Int16Array;
  min: number;
  max: number;
} {
  const ifd = readIfd0(b);
  if (!ifd) throw new ImageError('the TIFF structure is damaged (no readable first directory)', 'corrupt');
  checkTiffDirectoryChain(b);
  const { tags, le } = ifd;
  const t = (k: number, d?: number) => tags.get(k)?.[0] ?? d;
  const width = t(256, 0)!,
    height = t(257, 0)!;
  if (!(width > 0 && height > 0)) throw new ImageError('the image declares no pixels (zero width or height)', 'no-pixels');
  const bits = t(258, 8)!;
  const bytesPer = bits / 8;
  const kind = bits === 64 ? '64-bit floating-point' : `signed ${bits}-bit`;
  if (t(277, 1) !== 1) throw new ImageError(`${kind} TIFF with more than one sample per pixel is not supported`, 'unsupported');
  const compression = t(259, 1)!;
  if (compression !== 1 && compression !== 8 && compression !== 32946) {
    throw new ImageError(`${kind} TIFF with compression ${compression} is not supported (uncompressed or Deflate)`, 'unsupported');
  }
  if ((t(317, 1) ?? 1) !== 1) throw new ImageError(`${kind} TIFF with a predictor is not supported`, 'unsupported');
  checkDecodedSize(`the ${kind} TIFF`, width, height, 1, bytesPer);
  const tiled = tags.has(322);
  const tw = tiled ? t(322)! : width;
  const th = tiled ? t(323)! : (t(278, height) ?? height);
  const offsets = tags.get(tiled ? 324 : 273) ?? [];
  const counts = tags.get(tiled ? 325 : 279) ?? [];
  const across = Math.ceil(width / tw),
    down = Math.ceil(height / th);
  if (!(tw > 0 && th > 0) || offsets.length < across * down || counts.length < across * down) {
    throw new ImageError('the TIFF structure is damaged (strip or tile offsets are missing)', 'corrupt');
  }
  const data = bits === 64 ? new Float32Array(width * height) : new Int16Array(width * height);
  const read = bits === 64 ? 'getFloat64' : bits === 16 ? 'getInt16' : 'getInt8';
  const pieceBytes = tw * th * bytesPer;
  let min = Infinity,
    max = -Infinity;
  for (let p = 0; p < across * down; p++) {
    const at = offsets[p],
      n = counts[p];
    if (at + n > b.length) throw new ImageError('the TIFF file is truncated: a strip or tile runs past its end', 'truncated');
    let piece = b.subarray(at, at + n);
    if (compression !== 1) {
      try {
        piece = inflateSync(piece, { maxOutputLength: pieceBytes });
      } catch {
        throw new ImageError('the TIFF compressed data is damaged (a Deflate strip or tile cannot be inflated)', 'corrupt');
      }
    }
    const dv = new DataView(piece.buffer, piece.byteOffset, piece.byteLength);
    const x0 = (p % across) * tw,
      y0 = Math.floor(p / across) * th;
    for (let y = 0; y < th && y0 + y < height; y++) {
      for (let x = 0; x < tw && x0 + x < width; x++) {
        const o = (y * tw + x) * bytesPer;
        if (o + bytesPer > piece.length)
          throw new ImageError('the TIFF file is truncated: a strip or tile is shorter than its size', 'truncated');
        const v = read === 'getInt8' ? dv.getInt8(o) : dv[read](o, le);
        data[(y0 + y) * width + x0 + x] = v;
        if (Number.isFinite(v)) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
  }
  return { width, height, bits, data, min: min === Infinity ? 0 : min, max: max === -Infinity ? 0 : max };
}
