// The marker structure of a JPEG as libjpeg reads it (jdmarker.c), from the file's own bytes: the
// bytes it skips between segments ("N extraneous bytes before marker", a warning that fails the
// strict read) and the markers or tables it refuses. A failed decode is judged from these facts,
// not from its error text: sharp keeps one warning queue and libvips one error buffer for the whole
// process, so that text can carry another image's words (a JPEG's "extraneous bytes" in a damaged
// file's error) or lose its own.

export interface JpegStructure {
  /** [start, end) of bytes libjpeg skips between segments, where it warns. */
  extraneous: [number, number][];
  /** A marker or table libjpeg refuses: unknown code, second SOI or SOF, scan before the frame, a table that does not fill its segment. */
  badMarker: boolean;
}

const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];

/** Whether a DHT, DQT or DRI segment holding `len` bytes (length field included) at `at` is one libjpeg accepts. */
function tableFits(b: Uint8Array, marker: number, at: number, len: number): boolean {
  let left = len - 2;
  let p = at + 2;
  if (marker === 0xc4) {
    // DHT: class and index, 16 code counts, then that many values; the tables fill the segment.
    while (left > 16) {
      let count = 0;
      for (let i = 1; i <= 16; i++) count += b[p + i];
      if ((b[p] & ~0x10) > 3 || count > 256 || count > left - 17) return false;
      p += 17 + count;
      left -= 17 + count;
    }
    return left === 0;
  }
  if (marker === 0xdb) {
    // DQT: precision and index, then 64 values of 1 or 2 bytes (a short last table is filled in).
    while (left > 0) {
      const wide = b[p] >> 4 ? 2 : 1;
      if ((b[p] & 15) > 3) return false;
      const count = Math.min(64, Math.floor((left - 1) / wide));
      p += 1 + count * wide;
      left -= 1 + count * wide;
      if (count < 64 && left > 0) return false;
    }
    return left === 0;
  }
  if (marker === 0xdd) return len === 4; // DRI
  return true;
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Codes libjpeg reads as segments without refusing them (SOFn, DHT, DAC, DQT, DRI, DNL, APPn, COM). */
const knownSegment = (m: number) =>
  (m >= 0xc0 && m <= 0xcf && m !== 0xc8) || m === 0xdb || m === 0xdc || m === 0xdd || (m >= 0xe0 && m <= 0xef) || m === 0xfe;

/**
 * Walk SOI to EOI as libjpeg does when libvips decodes: segments by their length, stray bytes up to
 * the next marker, a scan's entropy-coded data up to its first marker other than RSTn. libvips does
 * not finish a decompression, so after a file's only scan nothing more is read, and nothing more is
 * walked here. Stray bytes inside entropy-coded data cannot be told from it, and are not reported.
 * A segment running past the end stops the walk: that is truncation, judged elsewhere.
 */
export function readJpegStructure(b: Uint8Array): JpegStructure {
  const out: JpegStructure = { extraneous: [], badMarker: false };
  const n = b.length;
  let pos = 2; // after SOI
  let components = 0,
    progressive = false;
  for (;;) {
    // next_marker(): skip anything but 0xFF, swallow fill bytes, treat FF 00 as skipped data.
    const start = pos;
    let skipped = 0;
    let code = -1;
    while (code < 0) {
      while (pos < n && b[pos] !== 0xff) {
        pos++;
        skipped++;
      }
      while (pos < n && b[pos] === 0xff) pos++;
      if (pos >= n) return out;
      if (b[pos] === 0) {
        skipped += 2;
        pos++;
      } else code = b[pos];
    }
    if (skipped > 0) out.extraneous.push([start, pos - 1]);
    pos++;
    if (code === 0xd9) return out;
    if (code === 0xd8) {
      out.badMarker = true;
      return out;
    }
    if ((code >= 0xd0 && code <= 0xd7) || code === 0x01) continue; // RSTn and TEM stand alone
    if (code !== 0xda && !knownSegment(code)) {
      out.badMarker = true;
      return out;
    }
    if (pos + 2 > n) return out;
    const len = u16(b, pos);
    // libjpeg skips nothing more after a length below 2 in a segment it does not parse.
    const end = pos + Math.max(2, len);
    if (end > n) return out;
    if (!tableFits(b, code, pos, len)) {
      out.badMarker = true;
      return out;
    }
    if (isSof(code)) {
      if (components > 0 || len !== 8 + 3 * b[pos + 7]) {
        out.badMarker = true;
        return out;
      }
      components = b[pos + 7];
      progressive = code === 0xc2 || code === 0xc6 || code === 0xca || code === 0xce;
    } else if (code === 0xda) {
      const inScan = b[pos + 2];
      if (components === 0 || inScan < 1 || inScan > 4 || len !== 6 + 2 * inScan) {
        out.badMarker = true;
        return out;
      }
      // One scan holding every component: libjpeg reads no further (libvips never finishes).
      if (!progressive && inScan >= components) return out;
      pos = endOfEntropyData(b, end);
      continue;
    }
    pos = end;
  }
}

/** Offset of the first marker (its 0xFF) after entropy-coded data that is not RSTn. */
function endOfEntropyData(b: Uint8Array, from: number): number {
  for (let p = from; p + 1 < b.length; p++) {
    if (b[p] !== 0xff) continue;
    let q = p + 1;
    while (q < b.length && b[q] === 0xff) q++;
    if (q >= b.length) return b.length;
    if (b[q] !== 0 && !(b[q] >= 0xd0 && b[q] <= 0xd7)) return p;
    p = q;
  }
  return b.length;
}

/**
 * The file without the bytes libjpeg skips between segments, or null when it has none. libjpeg
 * reads the same segments from it, so its pixels are those of a lenient read of the original, and
 * a strict read of it passes only if the stray bytes were the file's only fault.
 */
export function jpegWithoutExtraneousBytes(b: Uint8Array): Uint8Array | null {
  const { extraneous } = readJpegStructure(b);
  if (extraneous.length === 0) return null;
  const out = new Uint8Array(b.length - extraneous.reduce((s, [from, to]) => s + to - from, 0));
  let o = 0,
    at = 0;
  for (const [from, to] of extraneous) {
    out.set(b.subarray(at, from), o);
    o += from - at;
    at = to;
  }
  out.set(b.subarray(at), o);
  return out;
}
