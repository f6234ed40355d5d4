// A TIFF whose chain of page directories loops back on itself is refused with one sentence, the same
// on every path the hosts and the CLI take and on every run, whatever else decodes at the same time.
// It once depended on timing: libtiff stops at the loop with only a warning, which fails libvips'
// strict read; but sharp keeps one warning queue for the whole process (every worker thread), so the
// error text could carry the "extraneous bytes" warning of a JPEG decoding in the other worker, and
// that text sent the TIFF to the lenient retry meant for such JPEGs, where it decoded ("ok").
// Each case therefore runs many times beside that JPEG, the partner the race needed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badCases } from '../fixtures/bad/generate';
import { ImageError } from '../../src/shared/imaging/types';
import { ApiError } from '../../src/shared/api';
import { decodeFrame, readInfo } from '../../src/services/images/decode';
import { readPreview, readRegion } from '../../src/services/images/region';
import { readLocal } from '../../src/services/images/read-local';
import { createDecodePool, type DecodePool } from '../../src/services/images/worker';
import { createImageCache, type ImageCache } from '../../src/services/images/cache';
import { createWorkspace, type Workspace } from '../../src/services/workspace';

const SENTENCE = 'the TIFF file is damaged: its chain of page directories loops back on itself';
const LOOPS = ['tiff_ifd_loop.tif', 'tiff_ifd_loop_page2.tif', 'bigtiff_ifd_loop.tif'];
// Its only fault is stray bytes between markers: libjpeg warns about them on every decode. (Its own
// outcome beside another sharp read is not asserted: see the report on the shared warning queue.)
const PARTNER = 'jpeg_segment_length_0.jpg';
// Before the fix one round in three to two decoded the loop; 20 rounds leave no chance of missing it.
const ROUNDS = 20;

const all = badCases();
const bytesOf = (name: string) => all.find((c) => c.name === name)!.bytes;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'medfig-ifd-loop-'));
  for (const name of [...LOOPS, PARTNER]) writeFileSync(join(dir, name), bytesOf(name));
});

/** What a promise settled to, as one comparable value. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'decoded',
    (e: unknown) => (e instanceof ImageError || e instanceof ApiError ? { code: e.code, message: e.message } : String(e)),
  );

const refused = { code: 'corrupt', message: SENTENCE };

describe('a TIFF whose directory chain loops', () => {
  it.each(LOOPS)('%s: refused in-process (the worker body, the CLI on small files) on every run', async (name) => {
    const b = bytesOf(name);
    const path = join(dir, name);
    const partner = bytesOf(PARTNER);
    for (let round = 0; round < ROUNDS; round++) {
      const [, ...loop] = await Promise.all([
        outcome(decodeFrame(partner)),
        outcome(readInfo(b)),
        outcome(decodeFrame(b)),
        outcome(readPreview(b, 0, 4)),
        outcome(readRegion(b, 0, { x: 0, y: 0, w: 4, h: 4 }, 2)),
        outcome(readLocal(path, 0)),
      ]);
      expect(loop, `round ${round}`).toEqual([refused, refused, refused, refused, refused]);
    }
  });

  describe('through the decode workers (hosts, export, CLI on large files)', () => {
    let pool: DecodePool;
    let cache: ImageCache;
    beforeAll(() => {
      // Two workers, as in CI: the partner decodes in one while the loop is read in the other.
      pool = createDecodePool({ size: 2 });
      cache = createImageCache(64 * 1024 * 1024, { size: 2 });
    });
    afterAll(async () => {
      await pool?.close();
      await cache?.close();
    });

    it.each(LOOPS)('%s: refused by info, open, decode, preview and region on every run', async (name) => {
      const b = bytesOf(name);
      const path = join(dir, name);
      for (let round = 0; round < ROUNDS; round++) {
        const results = await Promise.all([
          outcome(pool.decode(bytesOf(PARTNER))),
          outcome(pool.decode(bytesOf(PARTNER))),
          outcome(pool.info(b)),
          outcome(pool.decode(b)),
          outcome(pool.decode(path)),
          outcome(pool.preview(b, 0, 4)),
          outcome(pool.region(b, 0, { x: 0, y: 0, w: 4, h: 4 }, 2)),
          outcome(pool.open(path)),
          outcome(cache.open(path)),
          outcome(cache.frame(path, 0, 4)),
        ]);
        expect(results.slice(2), `round ${round}`).toEqual(Array(8).fill(refused));
      }
    });
  });

  it('the workspace answers openImage with the sentence after the file name, every time', async () => {
    const ws: Workspace = createWorkspace({ roots: [dir], importDir: join(dir, 'imports'), exportDir: join(dir, 'exports') });
    try {
      for (const name of LOOPS) {
        const fileId = ws.issue(join(dir, name)).id;
        for (let round = 0; round < 5; round++) {
          const [loop] = await Promise.all([
            outcome(ws.openImage({ fileId })),
            outcome(ws.openImage({ fileId: ws.issue(join(dir, PARTNER)).id })),
          ]);
          expect(loop, `${name} round ${round}`).toEqual({ code: 'corrupt', message: `${name}: ${SENTENCE}` });
        }
      }
    } finally {
      await ws.close();
    }
  });
});

it('a TIFF that fails the strict read on a warning alone never decodes because of a JPEG beside it', async () => {
  // Cut inside its ImageDescription: libtiff only warns ("tag ignored"), the strict read fails. The
  // lenient retry is for JPEGs; another image's warning in the shared queue must not trigger it.
  const b = bytesOf('truncated_1442_imagej.tif');
  const partner = bytesOf(PARTNER);
  for (let round = 0; round < ROUNDS; round++) {
    const [tiff] = await Promise.all([outcome(decodeFrame(b)), outcome(decodeFrame(partner))]);
    expect(tiff, `round ${round}`).toMatchObject({ code: 'corrupt' });
  }
});
