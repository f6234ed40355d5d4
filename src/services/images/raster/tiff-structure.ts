// What a TIFF's own bytes say about why libvips could not read it: a directory, tag value, strip or
// tile that lies past the end of the file, samples or a compression libvips does not take. Read
// only after a failure, to word it from this file's facts rather than from libvips' error text,
// which is shared by every image the process decodes at the same time (see errors.ts).

export interface TiffStructure {
  /** A directory, tag value, strip or tile of some page lies (partly) past the end of the file. */
  outOfFile: boolean;
  /** The first page's samples: more than 32 bits or more than 10000 per pixel (libvips' limits). */
  unsupportedSamples: boolean;
  /** The first page's Compression is not one of the schemes this build's libtiff decodes. */
  unsupportedCompression: boolean;
}

// None, CCITT RLE/G3/G4, LZW, old and new JPEG, Deflate (both codes), PackBits, ThunderScan, NeXT,
// SGI LogLuv and WebP: what the libtiff inside sharp decodes (its ZSTD, LZMA, LERC, JBIG and
// JPEG 2000 are not built).
const DECODED = new Set([1, 2, 3, 4, 5, 6, 7, 8, 32766, 32771, 32773, 32809, 32946, 34676, 34677, 50001]);

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
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};
/** Directories and entries read at most: far past any real file, and the walk stays cheap. */
const MAX_DIRECTORIES = 4096,
  MAX_ENTRIES = 4096;

export function readTiffStructure(b: Uint8Array): TiffStructure {
  const out: TiffStructure = { outOfFile: false, unsupportedSamples: false, unsupportedCompression: false };
  const n = b.length;
  if (n < 16) return out;
  const dv = new DataView(b.buffer, b.byteOffset, n);
  const le = b[0] === 0x49;
  const big = dv.getUint16(2, le) === 43;
  const u64 = (at: number) => Number(dv.getBigUint64(at, le));
  const countSize = big ? 8 : 2,
    entrySize = big ? 20 : 12,
    inline = big ? 8 : 4;
  const seen = new Set<number>();
  let at = big ? u64(8) : dv.getUint32(4, le);
  while (at !== 0 && !seen.has(at) && seen.size < MAX_DIRECTORIES) {
    seen.add(at);
    if (at + countSize > n) return { ...out, outOfFile: true };
    const entries = big ? u64(at) : dv.getUint16(at, le);
    const next = at + countSize + entries * entrySize;
    if (next + inline > n) return { ...out, outOfFile: true };
    const tags = new Map<number, number[]>();
    for (let i = 0; i < Math.min(entries, MAX_ENTRIES); i++) {
      const e = at + countSize + i * entrySize;
      const tag = dv.getUint16(e, le),
        type = dv.getUint16(e + 2, le);
      const count = big ? u64(e + 4) : dv.getUint32(e + 4, le);
      const size = (TYPE_SIZE[type] ?? 0) * count;
      const valueAt = size <= inline ? e + (big ? 12 : 8) : big ? u64(e + 12) : dv.getUint32(e + 8, le);
      if (valueAt + size > n) {
        out.outOfFile = true;
        continue;
      }
      // Only the integer tags read below (sizes, offsets, sample layout, compression).
      if ([258, 259, 273, 277, 279, 324, 325].includes(tag) && (type === 3 || type === 4 || type === 16)) {
        const width = TYPE_SIZE[type];
        const vals: number[] = [];
        for (let k = 0; k < count; k++) {
          const v = valueAt + k * width;
          vals.push(type === 3 ? dv.getUint16(v, le) : type === 4 ? dv.getUint32(v, le) : Number(dv.getBigUint64(v, le)));
        }
        tags.set(tag, vals);
      }
    }
    if (seen.size === 1) {
      const bits = tags.get(258) ?? [1],
        samples = tags.get(277)?.[0] ?? 1;
      out.unsupportedSamples = bits.some((x) => x > 32) || samples > 10000;
      out.unsupportedCompression = !DECODED.has(tags.get(259)?.[0] ?? 1);
    }
    // Strips or tiles whose data would run past the end.
    for (const [offsets, counts] of [
      [273, 279],
      [324, 325],
    ]) {
      const o = tags.get(offsets) ?? [],
        c = tags.get(counts) ?? [];
      for (let i = 0; i < o.length; i++) if (o[i] + (c[i] ?? 0) > n) out.outOfFile = true;
    }
    at = big ? u64(next) : dv.getUint32(next, le);
  }
  return out;
}
