// The bad-file corpus (tests/fixtures/bad: empty, truncated at many offsets, wrong magic, huge
// declared sizes, decompression bombs, lying lengths, deep nesting) through the real decoding path:
// the worker pool (readInfo + decodeFrame, as the app and the CLI use it) and the workspace that the
// hosts call. Every file either decodes or fails with an ImageError that says what is wrong; none
// crashes, hangs past its time limit, blows the memory budget or stalls the host's event loop.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badCases, type BadCase } from '../fixtures/bad/generate';
import { createDecodePool, type DecodePool } from '../../src/services/images/worker';
import { createWorkspace, type Workspace } from '../../src/services/workspace';
import { ImageError } from '../../src/shared/imaging/types';
import { hasInternals } from '../../src/services/images/errors';
import { ApiError } from '../../src/shared/api';

const FIX = resolve(import.meta.dirname, '../fixtures');
// Generous: only a real hang reaches it, whatever else the machine is doing.
const PER_FILE_MS = 60_000;
const CODES = ['empty', 'truncated', 'not-an-image', 'unsupported', 'corrupt', 'too-large', 'no-pixels', 'not-found', 'io'];

interface Outcome {
  name: string;
  ms: number;
  stage: 'info' | 'decode' | 'ok';
  error: unknown;
}

let pool: DecodePool;
let cases: BadCase[];
let outcomes: Outcome[];
let peakRss = 0;
let maxLagMs = 0;

/** Committed bad files kept by other suites: part of the corpus too. */
function committedBadFiles(): BadCase[] {
  const dirs = ['images/bad', 'dicom/bad'];
  return dirs.flatMap((d) =>
    readdirSync(join(FIX, d)).map((n) => ({
      name: `${d}/${n}`,
      bytes: new Uint8Array(readFileSync(join(FIX, d, n))),
      why: 'committed bad fixture',
    })),
  );
}

async function run(c: BadCase): Promise<Outcome> {
  const t = Date.now();
  try {
    const info = await pool.info(c.bytes);
    try {
      await pool.decode(c.bytes, 0);
    } catch (e) {
      return { name: c.name, ms: Date.now() - t, stage: 'decode', error: e };
    }
    expect(info.width).toBeGreaterThan(0);
    return { name: c.name, ms: Date.now() - t, stage: 'ok', error: null };
  } catch (e) {
    return { name: c.name, ms: Date.now() - t, stage: 'info', error: e };
  }
}

beforeAll(async () => {
  cases = [...badCases(), ...committedBadFiles()];
  // 512 MB of V8 heap per worker, two workers (CI has two cores); the time limit kills a stuck one.
  pool = createDecodePool({ size: 2, timeoutMs: PER_FILE_MS, maxOldGenerationSizeMb: 512 });
  // Warm up (worker start-up and module loading are not what is measured), then sample memory and
  // event-loop lag while the corpus decodes: the host must stay responsive.
  await pool.decode(new Uint8Array(readFileSync(join(FIX, 'images/generated/bmp_source.png'))));
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    maxLagMs = Math.max(maxLagMs, now - last - 20);
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  try {
    outcomes = await Promise.all(cases.map(run));
  } finally {
    clearInterval(timer);
  }
}, 600_000);

afterAll(async () => {
  await pool?.close();
});

describe('bad-file corpus', () => {
  it('is large and covers every kind of damage', () => {
    expect(cases.length).toBeGreaterThan(300);
    const names = cases.map((c) => c.name).join(' ');
    for (const kind of [
      'zero_bytes',
      'truncated_',
      'wrong_magic',
      '65535x65535',
      'bomb',
      'length_lies',
      'sequences_10000_deep',
      'ifd_loop',
    ])
      expect(names).toContain(kind);
    for (const ext of ['.dcm', '.jpg', '.png', '.tif'])
      expect(cases.filter((c) => c.name.startsWith('truncated_') && c.name.endsWith(ext)).length, ext).toBeGreaterThan(15);
  });

  it('every file decodes or fails with an ImageError that says why', () => {
    const wrong = outcomes.filter(
      (o) => o.error !== null && !(o.error instanceof ImageError && CODES.includes(o.error.code) && o.error.message.length >= 10),
    );
    expect(wrong.map((o) => `${o.name} (${o.stage}): ${String(o.error)}`)).toEqual([]);
    // Messages are for people: no stack traces, no "undefined", no "[object".
    for (const o of outcomes.filter((x) => x.error)) expect((o.error as Error).message, o.name).not.toMatch(/\n\s+at |undefined|\[object /);
  });

  it("no message carries a library's internals (parser functions, libvips/libjpeg text, NaN, exception names) or says it twice", () => {
    const leaks = outcomes
      .filter(
        (o) => o.error && (hasInternals((o.error as Error).message) || /([A-Za-z][a-z ,:]{24,})[\s\S]*\1/.test((o.error as Error).message)),
      )
      .map((o) => `${o.name}: ${(o.error as Error).message}`);
    expect(leaks).toEqual([]);
  });

  it('bombs aimed at each decoder stop at a cap or a declared size, in one line', () => {
    const err = (name: string) => outcomes.find((x) => x.name === name)!.error as ImageError;
    expect(err('dicom_deflate_bomb_1_5GiB.dcm')).toMatchObject({ code: 'too-large' });
    expect(err('dicom_deflate_bomb_1_5GiB.dcm').message).toMatch(/inflates to more than 256 MB/);
    expect(err('tiff_tiles_bomb_20000x20000.tif')).toMatchObject({ code: 'too-large' });
    for (const n of ['dicom_deflate_bomb_1_5GiB.dcm', 'tiff_tiles_bomb_20000x20000.tif', 'dicom_frames_not_a_number.dcm'])
      expect(err(n).message, n).not.toMatch(/\n/);
    expect(err('dicom_frames_not_a_number.dcm').message).toBe('NumberOfFrames "1A" is not a number');
    // The EXIF block is bounded by its own segment: the photo still opens, the lying counts are ignored.
    expect(outcomes.find((x) => x.name === 'jpeg_exif_count_bomb.jpg')!.stage).toBe('ok');
    // 30,000 window values parse (linearly) and the image decodes.
    expect(outcomes.find((x) => x.name === 'dicom_30000_window_values.dcm')!.stage).toBe('ok');
  });

  it('no file hangs: none needs the pool to stop it at its time limit', () => {
    // A count, not a clock: the pool names the inputs it had to stop (timings live in bench/).
    const stopped = outcomes.filter((o) => o.error instanceof Error && /took longer than/.test(o.error.message));
    expect(stopped.map((o) => o.name)).toEqual([]);
  });

  it('memory stays bounded while bad files decode (the host event-loop lag is printed, not asserted)', () => {
    console.log(`[badfiles] longest host event-loop stall: ${maxLagMs} ms`);
    expect(peakRss / 2 ** 30, 'peak RSS (GiB)').toBeLessThan(3);
  });

  it('canonical cases fail with the right code', () => {
    const code = (name: string) => {
      const o = outcomes.find((x) => x.name === name)!;
      return o.error instanceof ImageError ? o.error.code : o.stage;
    };
    expect(code('zero_bytes.dcm')).toBe('empty');
    expect(code('zero_bytes.png')).toBe('empty');
    expect(code('text.dcm')).toBe('not-an-image');
    expect(code('html.png')).toBe('not-an-image');
    expect(code('random_4k.tif')).toBe('not-an-image');
    // Gigapixel claims and bombs are refused before their pixels are allocated.
    for (const n of ['png_100000x100000.png', 'tiff_60000x60000.tif', 'png_bomb_20000x20000_1bit.png', 'tiff_bomb_20000x20000_deflate.tif'])
      expect(code(n), n).toBe('too-large');
    for (const n of ['dicom_65535x65535.dcm', 'dicom_2e9_frames.dcm', 'dicom_pixeldata_length_lies.dcm', 'dicom_sequences_10000_deep.dcm'])
      expect(['corrupt', 'too-large', 'truncated'], n).toContain(code(n));
    // A page-directory chain that loops is refused when the file is opened, in one sentence, every
    // run (tiff-ifd-loop.test.ts runs it on every path, beside the JPEG it once raced with).
    for (const n of ['tiff_ifd_loop.tif', 'tiff_ifd_loop_page2.tif', 'bigtiff_ifd_loop.tif'])
      expect(
        outcomes.find((x) => x.name === n),
        n,
      ).toMatchObject({
        stage: 'info',
        error: { code: 'corrupt', message: 'the TIFF file is damaged: its chain of page directories loops back on itself' },
      });
  });
});

describe('bad files through the workspace (what the hosts call)', () => {
  let ws: Workspace;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'medfig-badfiles-'));
    ws = createWorkspace({ roots: [dir], importDir: join(dir, 'imports'), exportDir: join(dir, 'exports') });
  });
  afterAll(async () => {
    await ws?.close();
  });

  const PICK = [
    'zero_bytes.dcm',
    'text.dcm',
    'png_bomb_20000x20000_1bit.png',
    'dicom_sequences_10000_deep.dcm',
    'jpeg_65535x65535.jpg',
    'tiff_60000x60000.tif',
    'dicom_65535x65535.dcm',
    'tiff_ifd_loop.tif',
  ];
  it('openImage / getFrame answer an ApiError naming the file, never a crash', async () => {
    const all = badCases();
    for (const name of PICK) {
      const c = all.find((x) => x.name === name)!;
      const path = join(dir, name);
      writeFileSync(path, c.bytes);
      const fileId = ws.issue(path).id;
      let err: unknown = null;
      try {
        const opened = await ws.openImage({ fileId });
        // Opened (header readable): the pixels must then fail cleanly, full size and as a preview.
        for (const maxSide of [null, 1024]) {
          const e = await ws.getFrame({ sourceId: opened.source.id, frame: 0, maxSide }).then(
            () => null,
            (x: unknown) => x,
          );
          if (e) expect(e, `${name} getFrame(${maxSide})`).toBeInstanceOf(ApiError);
          if (e) expect((e as ApiError).message, name).toContain(name);
        }
        continue;
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(ApiError);
      expect((err as ApiError).message, name).toContain(name);
      expect(CODES, name).toContain((err as ApiError).code);
    }
  }, 120_000);
});
