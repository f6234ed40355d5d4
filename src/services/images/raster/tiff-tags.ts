// Read the few first-IFD TIFF tags calibration needs (resolution, unit, ImageDescription), and check
// that the chain of directories ends.
// Hand-written because exifr cannot walk BigTIFF and sharp's metadata gives neither the
// Y resolution, a "none" unit, nor ImageDescription (where ImageJ keeps its calibration).
import { ImageError } from '../../../shared/imaging/types';

export interface TiffResolutionTags {
  xResolution: number | null;
  yResolution: number | null;
  /** 1 none, 2 inch, 3 centimetre; null when the tag is absent (TIFF's default is inch). */
  resolutionUnit: number | null;
  imageDescription: string | null;
}

const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  16: 8,
  17: 8,
  18: 8,
};

export function readTiffResolutionTags(b: Uint8Array): TiffResolutionTags {
  const out: TiffResolutionTags = { xResolution: null, yResolution: null, resolutionUnit: null, imageDescription: null };
  if (b.length < 16) return out;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const le = b[0] === 0x49;
  const big = dv.getUint16(2, le) === 43;
  const u64 = (at: number) => Number(dv.getBigUint64(at, le));
  const ifd = big ? u64(8) : dv.getUint32(4, le);
  const countSize = big ? 8 : 2,
    entrySize = big ? 20 : 12,
    inline = big ? 8 : 4;
  if (ifd + countSize > b.length) return out;
  const n = big ? u64(ifd) : dv.getUint16(ifd, le);
  for (let i = 0; i < Math.min(n, 4096); i++) {
    const e = ifd + countSize + i * entrySize;
    if (e + entrySize > b.length) break;
    const tag = dv.getUint16(e, le),
      type = dv.getUint16(e + 2, le);
    const count = big ? u64(e + 4) : dv.getUint32(e + 4, le);
    const size = (TYPE_SIZE[type] ?? 0) * count;
    const valueAt = size <= inline ? e + (big ? 12 : 8) : big ? u64(e + 12) : dv.getUint32(e + 8, le);
    if (size === 0 || valueAt + size > b.length) continue;
    if ((tag === 282 || tag === 283) && type === 5) {
      const den = dv.getUint32(valueAt + 4, le);
      const v = den === 0 ? NaN : dv.getUint32(valueAt, le) / den;
      if (tag === 282) out.xResolution = v;
      else out.yResolution = v;
    } else if (tag === 296 && type === 3) {
      out.resolutionUnit = dv.getUint16(valueAt, le);
    } else if (tag === 270 && type === 2) {
      out.imageDescription = new TextDecoder('utf-8').decode(b.subarray(valueAt, valueAt + Math.min(size, 65536))).replace(/\0+$/, '');
    }
  }
  return out;
}

/** Directories followed at most: far more pages than any real stack, and the walk stays cheap. */
const MAX_DIRECTORIES = 65_536;

/**
 * Follow the chain of image directories (one per page) from the header and refuse a file whose
 * chain comes back to a directory already seen: its page count would be endless. libtiff stops at
 * such a loop with only a warning, so whether libvips then fails depended on the read mode and on
 * sharp's process-wide warning queue (another image's warnings land in this one's error); checked
 * here from the bytes, the answer is the same on every path and every run. A pointer past the end
 * of the file ends the walk: that damage is libvips' to report.
 */
export function checkTiffDirectoryChain(b: Uint8Array): void {
  if (b.length < 16) return;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const le = b[0] === 0x49;
  const big = dv.getUint16(2, le) === 43;
  const u64 = (at: number) => Number(dv.getBigUint64(at, le));
  const countSize = big ? 8 : 2,
    entrySize = big ? 20 : 12,
    pointerSize = big ? 8 : 4;
  const seen = new Set<number>();
  let at = big ? u64(8) : dv.getUint32(4, le);
  while (at !== 0 && seen.size < MAX_DIRECTORIES) {
    if (seen.has(at)) throw new ImageError('the TIFF file is damaged: its chain of page directories loops back on itself', 'corrupt');
    seen.add(at);
    if (at + countSize > b.length) return;
    const next = at + countSize + (big ? u64(at) : dv.getUint16(at, le)) * entrySize;
    if (next + pointerSize > b.length) return;
    at = big ? u64(next) : dv.getUint32(next, le);
  }
}
