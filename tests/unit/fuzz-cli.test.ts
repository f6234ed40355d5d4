// Issue 22: a seeded mutation fuzz of everything `medfig info`/`render` and project loading read —
// DICOM, JPEG, PNG, TIFF, BMP (GIF too) and .medfig files — at least 5,000 inputs, in process
// (the decoder worker pool the CLI uses; the project reader the CLI and hosts use), plus a few
// dozen real CLI runs. The outcome it asks for: 0 crashes, 0 hangs past the cap, 0 stack traces,
// 0 multi-line errors, and no library internals in a message. Counts are printed.
// FUZZ_SEED / FUZZ_IMAGES / FUZZ_PROJECTS change the run; a failure names its input index.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, rng, seed } from '../fixtures/bad/generate';
import { createDecodePool, type DecodePool } from '../../src/services/images/worker';
import { ImageError } from '../../src/shared/imaging/types';
import { readProjectFile } from '../../src/services/documents';

const root = resolve(import.meta.dirname, '../..');
const SEED = Number(process.env.FUZZ_SEED ?? 22_2026);
const IMAGES = Number(process.env.FUZZ_IMAGES ?? 4200);
const PROJECTS = Number(process.env.FUZZ_PROJECTS ?? 1000);
const CLI_RUNS = 24;
const PER_FILE_MS = 10_000;
const SAMPLE = join(root, 'resources/sample-case/calcinosis-cutis-sle.medfig');

/** A message a user may read: one line, no stack frame, no library or engine internals. */
const STACK = /\n|\bat .+:\d+:\d+|Maximum call stack/;
const INTERNALS =
  /dicomParser|parseDicom|Vips|vips_|tiff2vips|libjpeg|libpng|zlib|NaN|undefined|\[object |TypeError|RangeError|ReferenceError/;

interface Outcome {
  index: number;
  what: string;
  ok: boolean;
  message: string | null;
  /** Not the expected error type (ImageError / DocumentError): a crash of the reading code. */
  crash: boolean;
  hung: boolean;
}

function mutateBytes(index: number, base: Uint8Array): { op: string; bytes: Uint8Array } {
  const r = rng(SEED ^ Math.imul(index + 1, 0x9e3779b1));
  const int = (n: number) => Math.floor(r() * n);
  const pos = (len: number) => (r() < 0.7 ? int(Math.min(len, 4096)) : int(len));
  const b = base.slice();
  switch (int(5)) {
    case 0: {
      const n = 1 + int(16);
      for (let i = 0; i < n; i++) b[pos(b.length)] ^= 1 << int(8);
      return { op: `${n} bit flips`, bytes: b };
    }
    case 1: {
      const n = 1 + int(8);
      for (let i = 0; i < n; i++) b[pos(b.length)] = [0, 0xff, 0x7f, 0x80, 0x01, 0xfe][int(6)];
      return { op: `${n} interesting bytes`, bytes: b };
    }
    case 2: {
      const at = int(b.length);
      return { op: `truncate at ${at}`, bytes: b.slice(0, at) };
    }
    case 3: {
      const at = pos(b.length - 4);
      new DataView(b.buffer).setUint32(at, [0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 0][int(5)], r() < 0.5);
      return { op: `u32 @${at}`, bytes: b };
    }
    default: {
      const len = 1 + int(256);
      const from = int(Math.max(1, b.length - len));
      const to = pos(b.length);
      const out = new Uint8Array(b.length + len);
      out.set(b.subarray(0, to));
      out.set(b.subarray(from, from + len), to);
      out.set(b.subarray(to), to + len);
      return { op: `splice ${len} B ${from}→${to}`, bytes: out };
    }
  }
}

/** Project-specific damage on top of byte mutations: deep nesting, huge arrays, wrong types. */
function mutateProject(index: number, text: string): { op: string; text: string } {
  const r = rng(SEED ^ Math.imul(index + 7, 0x85ebca6b));
  const int = (n: number) => Math.floor(r() * n);
  switch (int(6)) {
    case 0: {
      const depth = [65, 1000, 50_000][int(3)];
      return { op: `nest ${depth}`, text: text.replace('"sources":', `"x":${'['.repeat(depth)}${']'.repeat(depth)},"sources":`) };
    }
    case 1:
      return { op: 'points type', text: text.replace(/"points": \[/, '"points": "x", "y": [') };
    case 2: {
      const n = [100_001, 20_001][int(2)];
      return { op: `${n} points`, text: text.replace(/"points": \[/, `"points": [${'[1,2],'.repeat(n)}`) };
    }
    case 3:
      return { op: 'formatVersion', text: text.replace('"formatVersion": 1', `"formatVersion": ${[2, -1, 1.5, '"1"', 'null'][int(5)]}`) };
    default: {
      const m = mutateBytes(index, new TextEncoder().encode(text));
      return { op: m.op, text: new TextDecoder().decode(m.bytes) };
    }
  }
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
let work: string;
const results: Outcome[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'medfig-fuzz-cli-'));
  const seeds = Object.keys(SEEDS).map((n) => ({ name: n, bytes: seed(n) }));
  pool = createDecodePool({ size: 2, timeoutMs: PER_FILE_MS, maxOldGenerationSizeMb: 512 });
  const t0 = Date.now();
  const images = Array.from({ length: IMAGES }, (_, i) => {
    const s = seeds[i % seeds.length];
    const m = mutateBytes(i, s.bytes);
    return { index: i, what: `${s.name} [${m.op}]`, bytes: m.bytes };
  });
  results.push(
    ...(await mapLimit(images, 2, async (x): Promise<Outcome> => {
      try {
        const info = await pool.info(x.bytes);
        if (info.frames >= 1) await pool.decode(x.bytes, 0);
        return { index: x.index, what: x.what, ok: true, message: null, crash: false, hung: false };
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        return {
          index: x.index,
          what: x.what,
          ok: false,
          message: msg,
          crash: !(e instanceof ImageError) || /decoder crashed|stopped unexpectedly/.test(msg),
          hung: /took longer than/.test(msg),
        };
      }
    })),
  );
  const sample = readFileSync(SAMPLE, 'utf8');
  for (let i = 0; i < PROJECTS; i++) {
    const m = mutateProject(i, sample);
    const file = join(work, `p${i % 8}.medfig`);
    writeFileSync(file, m.text);
    try {
      await readProjectFile(file);
      results.push({ index: IMAGES + i, what: `project [${m.op}]`, ok: true, message: null, crash: false, hung: false });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      results.push({
        index: IMAGES + i,
        what: `project [${m.op}]`,
        ok: false,
        message: msg,
        crash: !(e instanceof Error && e.name === 'DocumentError'),
        hung: false,
      });
    }
  }
  // A few dozen real CLI runs: the exit code and stderr a user sees.
  const cliInputs = Array.from({ length: CLI_RUNS }, (_, i) => {
    if (i % 2) {
      const m = mutateProject(10_000 + i, sample);
      const f = join(work, `cli-${i}.medfig`);
      writeFileSync(f, m.text);
      return { index: 100_000 + i, what: `cli preflight [${m.op}]`, args: ['preflight', f] };
    }
    const s = seeds[i % seeds.length];
    const m = mutateBytes(20_000 + i, s.bytes);
    const f = join(work, `cli-${i}-${s.name}`);
    writeFileSync(f, m.bytes);
    return { index: 100_000 + i, what: `cli info ${s.name} [${m.op}]`, args: ['info', f] };
  });
  results.push(
    ...(await mapLimit(cliInputs, 2, (x) => {
      return new Promise<Outcome>((done) => {
        const child = spawn(process.execPath, [join(root, 'bin/medfig.js'), ...x.args], { cwd: root });
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          const message = err.trim() || null;
          done({
            index: x.index,
            what: x.what,
            ok: code === 0 || code === 1,
            message: code === 2 ? message : null,
            crash: signal !== null || (code !== 0 && code !== 1 && code !== 2),
            hung: signal === 'SIGKILL',
          });
        });
      });
    })),
  );
  const n = (f: (o: Outcome) => boolean) => results.filter(f).length;
  console.log(
    `[fuzz-cli] seed ${SEED}: ${results.length} inputs (${IMAGES} images, ${PROJECTS} projects, ${CLI_RUNS} CLI runs) in ${((Date.now() - t0) / 1000).toFixed(0)} s — ` +
      `read ${n((o) => o.ok)}, refused ${n((o) => !o.ok)}; crashes ${n((o) => o.crash)}, hangs ${n((o) => o.hung)}, ` +
      `stack traces ${n((o) => !!o.message && /\bat .+:\d+:\d+|Maximum call stack/.test(o.message))}, multi-line ${n((o) => !!o.message && o.message.includes('\n'))}, ` +
      `library internals ${n((o) => !!o.message && INTERNALS.test(o.message))}`,
  );
}, 900_000);

afterAll(async () => {
  await pool?.close();
});

const show = (o: Outcome) => `#${o.index} ${o.what}: ${o.message}`;

describe(`fuzz of info/render/project loading (seed ${SEED})`, () => {
  it('covers at least 5,000 inputs across DICOM, JPEG, PNG, TIFF, BMP and project files', () => {
    expect(results.length).toBeGreaterThanOrEqual(5000);
    for (const ext of ['.dcm', '.jpg', '.png', '.tif', '.bmp', 'project'])
      expect(results.filter((o) => o.what.includes(ext)).length, ext).toBeGreaterThan(100);
  });
  it('0 crashes and 0 hangs past the cap', () => {
    expect(results.filter((o) => o.crash).map(show)).toEqual([]);
    expect(results.filter((o) => o.hung).map(show)).toEqual([]);
  });
  it('0 stack traces and 0 multi-line errors', () => {
    expect(results.filter((o) => o.message && STACK.test(o.message)).map(show)).toEqual([]);
  });
  it('no library internals in a message (the user reads it)', () => {
    const bad = results.filter((o) => o.message && INTERNALS.test(o.message));
    expect(bad.slice(0, 20).map(show), `${bad.length} messages`).toEqual([]);
  });
});
