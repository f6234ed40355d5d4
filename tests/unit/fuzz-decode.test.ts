// Mutation fuzzing of the one decoding path (readInfo + decodeFrame in the worker pool, as the app,
// the web host and the CLI use it). Seeded: the same inputs on every run, so a failure names a
// mutation that can be replayed (FUZZ_SEED, FUZZ_COUNT, FUZZ_ONLY=index to rerun one).
// Mutations: bit flips, interesting-value overwrites, truncations, length/size-field lies at the
// format's own structural offsets (DICOM element lengths, PNG chunk lengths and IHDR size, JPEG
// segment lengths and SOF size, TIFF IFD counts and offsets), and splices.
// Every input must decode or fail with an ImageError that has a message — no other exception type,
// no worker crash, no hang past the per-file limit, bounded memory, and in bounded total time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, dicomLengthFields, jpegSegments, rng, seed } from '../fixtures/bad/generate';
import { createDecodePool, type DecodePool } from '../../src/services/images/worker';
import { ImageError } from '../../src/shared/imaging/types';
import { hasInternals } from '../../src/services/images/errors';

const SEED = Number(process.env.FUZZ_SEED ?? 20240601);
const COUNT = Number(process.env.FUZZ_COUNT ?? 4000);
const ONLY = process.env.FUZZ_ONLY === undefined ? null : Number(process.env.FUZZ_ONLY);
// Generous: only a real hang reaches it, whatever else the machine is doing.
const PER_FILE_MS = 60_000;
/** Total budget on a 2-core CI machine (measured: 4000 inputs in ~15 s here; the run prints its time). */

const INTERESTING32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** Offsets of fields a decoder trusts for sizes: [offset, width in bytes, big-endian]. */
function structuralFields(name: string, b: Uint8Array): [number, 2 | 4, boolean][] {
  const out: [number, 2 | 4, boolean][] = [];
  if (name.endsWith('.dcm')) {
    for (const f of dicomLengthFields(b)) out.push([f.offset, f.long ? 4 : 2, false]);
    // Rows/Columns/BitsAllocated/NumberOfFrames values wherever their tags appear (explicit LE, US).
    const buf = Buffer.from(b);
    for (const tag of [
      [0x28, 0x00, 0x10, 0x00],
      [0x28, 0x00, 0x11, 0x00],
      [0x28, 0x00, 0x00, 0x01],
      [0x28, 0x00, 0x02, 0x00],
    ]) {
      const at = buf.indexOf(Buffer.from(tag), 132);
      if (at > 0) out.push([at + 8, 2, false]);
    }
  } else if (name.endsWith('.png')) {
    for (let o = 8; o + 8 <= b.length;) {
      out.push([o, 4, true]);
      const len = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
      if (String.fromCharCode(b[o + 4], b[o + 5], b[o + 6], b[o + 7]) === 'IHDR') out.push([o + 8, 4, true], [o + 12, 4, true]);
      o += 12 + len;
    }
  } else if (name.endsWith('.jpg')) {
    for (const [m, at] of jpegSegments(b)) {
      out.push([at, 2, true]);
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) out.push([at + 3, 2, true], [at + 5, 2, true]);
    }
  } else if (/\.tiff?$/.test(name)) {
    const le = b[0] === 0x49;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const ifd = dv.getUint32(4, le);
    out.push([4, 4, !le]);
    if (ifd + 2 <= b.length) {
      const n = dv.getUint16(ifd, le);
      out.push([ifd, 2, !le]);
      for (let i = 0; i < n && ifd + 2 + i * 12 + 12 <= b.length; i++)
        out.push([ifd + 2 + i * 12 + 4, 4, !le], [ifd + 2 + i * 12 + 8, 4, !le]);
    }
  } else if (name.endsWith('.bmp')) {
    out.push([2, 4, false], [10, 4, false], [14, 4, false], [18, 4, false], [22, 4, false], [28, 2, false], [34, 4, false], [46, 4, false]);
  } else if (name.endsWith('.gif')) {
    out.push([6, 2, false], [8, 2, false]);
  }
  return out.filter(([o, w]) => o + w <= b.length);
}

interface Mutation {
  index: number;
  seedName: string;
  op: string;
  bytes: Uint8Array;
}

function mutate(index: number, seedName: string, base: Uint8Array, fields: [number, 2 | 4, boolean][]): Mutation {
  const r = rng(SEED ^ Math.imul(index + 1, 0x9e3779b1));
  const int = (n: number) => Math.floor(r() * n);
  // Headers are where parsers go wrong: aim most byte-level damage at the first 4 KB.
  const pos = (len: number) => (r() < 0.7 ? int(Math.min(len, 4096)) : int(len));
  const b = base.slice();
  const kind = int(6);
  switch (kind) {
    case 0: {
      const flips = 1 + int(16);
      for (let i = 0; i < flips; i++) b[pos(b.length)] ^= 1 << int(8);
      return { index, seedName, op: `${flips} bit flips`, bytes: b };
    }
    case 1: {
      const n = 1 + int(8);
      for (let i = 0; i < n; i++) b[pos(b.length)] = [0, 0xff, 0x7f, 0x80, 0x01, 0xfe][int(6)];
      return { index, seedName, op: `${n} interesting bytes`, bytes: b };
    }
    case 2: {
      const at = r() < 0.5 ? int(Math.min(b.length, 2048)) : int(b.length);
      return { index, seedName, op: `truncate at ${at}`, bytes: b.slice(0, at) };
    }
    case 3:
    case 4: {
      if (!fields.length) return { index, seedName, op: 'bit flip (no fields)', bytes: ((b[pos(b.length)] ^= 0x80), b) };
      const [at, width, be] = fields[int(fields.length)];
      const dv = new DataView(b.buffer);
      const v = r() < 0.8 ? INTERESTING32[int(INTERESTING32.length)] : int(2 ** 32);
      const lie = v === 0xfffffffe ? b.length + 1 : v; // also "just past the end"
      if (width === 2) dv.setUint16(at, lie & 0xffff, !be);
      else dv.setUint32(at, lie >>> 0, !be);
      return { index, seedName, op: `field @${at} (${width} B) = ${lie}`, bytes: b };
    }
    default: {
      // Splice: copy a run of the file over another place (duplicated markers, repeated tags).
      const len = 1 + int(256);
      const from = int(Math.max(1, b.length - len));
      const to = pos(b.length);
      const out = new Uint8Array(b.length + (r() < 0.5 ? len : 0));
      if (out.length > b.length) {
        out.set(b.subarray(0, to));
        out.set(b.subarray(from, from + len), to);
        out.set(b.subarray(to), to + len);
      } else {
        out.set(b);
        out.set(b.subarray(from, Math.min(from + len, b.length - to + from)), to);
      }
      return { index, seedName, op: `splice ${len} B from ${from} to ${to}`, bytes: out };
    }
  }
}

interface Result {
  m: Mutation;
  ms: number;
  outcome: 'decoded' | 'info-only' | 'error';
  error: unknown;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

let pool: DecodePool;
let results: Result[] = [];
let elapsed = 0;
let peakRss = 0;

beforeAll(async () => {
  const seeds = Object.keys(SEEDS).map((n) => ({ name: n, bytes: seed(n) }));
  const fields = new Map(seeds.map((s) => [s.name, structuralFields(s.name, s.bytes)]));
  const all: Mutation[] = [];
  for (let i = 0; i < COUNT; i++) {
    if (ONLY !== null && i !== ONLY) continue;
    const s = seeds[i % seeds.length];
    all.push(mutate(i, s.name, s.bytes, fields.get(s.name)!));
  }
  pool = createDecodePool({ size: 2, timeoutMs: PER_FILE_MS, maxOldGenerationSizeMb: 512 });
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t0 = Date.now();
  try {
    // Two in flight, as many as the pool has workers, so each input's time is its own decode time
    // and not time spent waiting in the queue.
    results = await mapLimit(all, 2, async (m): Promise<Result> => {
      const t = Date.now();
      try {
        const info = await pool.info(m.bytes);
        if (info.frames < 1) return { m, ms: Date.now() - t, outcome: 'info-only', error: null };
        await pool.decode(m.bytes, 0);
        return { m, ms: Date.now() - t, outcome: 'decoded', error: null };
      } catch (e) {
        return { m, ms: Date.now() - t, outcome: 'error', error: e };
      }
    });
  } finally {
    clearInterval(rssTimer);
  }
  elapsed = Date.now() - t0;
  const by = (o: string) => results.filter((x) => x.outcome === o).length;
  const codes = new Map<string, number>();
  for (const x of results) if (x.error instanceof ImageError) codes.set(x.error.code, (codes.get(x.error.code) ?? 0) + 1);
  console.log(
    `[fuzz] seed ${SEED}: ${results.length} inputs in ${(elapsed / 1000).toFixed(1)} s — decoded ${by('decoded')}, refused ${by('error')} (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
}, 300_000);

afterAll(async () => {
  await pool?.close();
});

const describeOne = (x: Result) =>
  `#${x.m.index} ${x.m.seedName} [${x.m.op}] (${x.ms} ms): ${x.error instanceof Error ? `${x.error.name}: ${x.error.message}` : String(x.error)}`;

describe(`mutation fuzz of the decoders (seed ${SEED})`, () => {
  it(`runs at least 2000 mutated DICOM/JPEG/PNG/TIFF inputs`, () => {
    if (ONLY !== null) return;
    expect(results.length).toBeGreaterThanOrEqual(2000);
    for (const ext of ['.dcm', '.jpg', '.png', '.tif'])
      expect(
        results.filter((x) => x.m.seedName.endsWith(ext) || (ext === '.tif' && x.m.seedName.endsWith('.tiff'))).length,
        ext,
      ).toBeGreaterThan(200);
    // The mutations are not all rejected up front: many still decode, so the decoders themselves get exercised.
    expect(results.filter((x) => x.outcome === 'decoded').length).toBeGreaterThan(results.length * 0.2);
  });

  it('every input decodes or fails with an ImageError carrying a message (no other exception type)', () => {
    const bad = results.filter((x) => x.outcome === 'error' && !(x.error instanceof ImageError && x.error.message.length >= 10));
    expect(bad.map(describeOne)).toEqual([]);
    // …in the user's words: no parser function names, libvips/libjpeg text, NaN or exception names.
    const leaks = results.filter((x) => x.error instanceof Error && hasInternals(x.error.message));
    expect(leaks.map(describeOne)).toEqual([]);
  });

  it('no decoder crashes its worker', () => {
    const crashed = results.filter((x) => x.error instanceof Error && /decoder crashed|stopped unexpectedly/.test(x.error.message));
    expect(crashed.map(describeOne)).toEqual([]);
  });

  it('no input hangs: none needs the per-file time limit', () => {
    const hung = results.filter((x) => x.error instanceof Error && /took longer than/.test(x.error.message));
    expect(hung.map(describeOne)).toEqual([]);
  });

  it('memory stays bounded (the run time is printed above, not asserted)', () => {
    expect(peakRss / 2 ** 30, 'peak RSS (GiB)').toBeLessThan(3);
  });
});
