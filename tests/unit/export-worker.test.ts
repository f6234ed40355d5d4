// The export runs in a worker thread: the same bytes as on the calling thread (and as the code
// before the move produced), progress on the way, a cancel that stops PDF/SVG mid-way and writes
// nothing; and images are opened by path, hashed and parsed in the decode worker, so a large
// file's bytes never sit on the host thread.
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
  ftruncateSync,
  createReadStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProject, resolveSourcePath } from '../../src/services/documents';
import { createImageCache } from '../../src/services/images/cache';
import { exportProjectFigure } from '../../src/services/figure-export';
import { renderProjectFigure } from '../../src/services/export/render-figure';
import { closeExportWorker } from '../../src/services/export/worker';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-export-worker-'));
const images = createImageCache();
afterAll(async () => {
  await images.close();
  await closeExportWorker();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Figure 5 of the sample case (four panels: photo, radiograph, CT, micrograph) at 150 dpi, as the
 * export wrote it on the host thread before it moved into the worker (commit fb57b46), with this
 * tree's sharp and @napi-rs/canvas. A library upgrade that changes encoder output changes these.
 */
const BEFORE: Record<'png' | 'tiff' | 'jpeg', string> = {
  png: '3c32555455c2b665d795b874aff892be5fd59e2454409b6accb7cb4d27b42401',
  tiff: '5635110082da723ae13a5aaacf39744bcd55351019a988e018aa8851ef464d13',
  jpeg: '1c99df21cb1acb95b1dc451343aeb2276ba458361cefa7e937cb84157b81125f',
};

async function sample() {
  const { project, projectDir } = await loadProject(join(root, 'resources/sample-case/calcinosis-cutis-sle.medfig'));
  const resolveSource = (id: string) => {
    const ref = project.sources.find((s) => s.id === id);
    return ref ? resolveSourcePath(projectDir, ref) : null;
  };
  const base = { project, figureId: project.figures[4].id, dpi: 150, widthMm: null, unlabelled: false, quality: 92, resolveSource };
  return { project, base };
}

describe('export in a worker', () => {
  it('PNG, TIFF and JPEG: the same bytes as on the calling thread and as before the move', async () => {
    const { base } = await sample();
    for (const format of ['png', 'tiff', 'jpeg'] as const) {
      const out = join(dir, `f5.${format}`);
      const fractions: number[] = [];
      const r = await exportProjectFigure({ ...base, format, outPath: out, onProgress: (f) => fractions.push(f) });
      const inWorker = readFileSync(out);
      const here = await renderProjectFigure({ ...base, format, images });
      expect(sha(inWorker), format).toBe(sha(here.buf));
      expect(sha(inWorker), format).toBe(BEFORE[format]);
      expect(r).toEqual(here.result);
      // Progress came from the worker, rising to 1.
      expect(fractions.length).toBeGreaterThan(2);
      expect(fractions.at(-1)).toBe(1);
      expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    }
  }, 300_000);

  it('PDF and SVG report progress and a cancel mid-way (while drawing) writes nothing', async () => {
    const { base } = await sample();
    for (const format of ['pdf', 'svg'] as const) {
      const out = join(dir, `cancelled.${format}`);
      const abort = new AbortController();
      const seen: number[] = [];
      const running = exportProjectFigure({
        ...base,
        dpi: 600,
        format,
        outPath: out,
        signal: abort.signal,
        onProgress: (f) => {
          seen.push(f);
          // Past the panel decoding (first 10 %): the worker is drawing the vector page.
          if (f > 0.1) abort.abort();
        },
      });
      await expect(running).rejects.toThrow();
      expect(seen.some((f) => f > 0.1 && f < 1)).toBe(true);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('cancelled') || f.includes('.tmp'))).toEqual([]);
      // The next export starts a fresh worker and completes.
      const ok = join(dir, `after-cancel.${format}`);
      await exportProjectFigure({ ...base, format, outPath: ok });
      expect(readFileSync(ok).subarray(0, 5).toString()).toBe(format === 'pdf' ? '%PDF-' : '<?xml');
    }
  }, 300_000);
});

describe('opening a large file by path', () => {
  it('hashes and parses it in the decode worker: the host never holds its bytes', async () => {
    // A 512 MiB DICOM: the CT slice followed by a sparse Data Set Trailing Padding element
    // (FFFC,FFFC), so it parses as the CT. (Scaled down from 2 GiB: the same path, a quarter of
    // the disk reading; the bound below is a fraction of even this size.)
    const size = 512 * 2 ** 20;
    const file = join(dir, 'big.dcm');
    const ct = readFileSync(join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm'));
    const head = Buffer.alloc(8);
    head.writeUInt16LE(0xfffc, 0);
    head.writeUInt16LE(0xfffc, 2);
    head.writeUInt32LE(size - ct.length - 8, 4);
    const fd = openSync(file, 'w');
    writeSync(fd, ct);
    writeSync(fd, head);
    ftruncateSync(fd, size);
    closeSync(fd);

    const expected = await new Promise<string>((ok, fail) => {
      const h = createHash('sha256');
      createReadStream(file)
        .on('data', (c) => h.update(c))
        .on('end', () => ok(h.digest('hex')))
        .on('error', fail);
    });

    // Sample the host's own ArrayBuffer memory (this isolate; the worker's is its own) while opening.
    const base = process.memoryUsage().arrayBuffers;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
    const entry = await images.open(file);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);

    expect(entry.sha256).toBe(expected);
    expect(entry.size).toBe(size);
    expect(entry.info).toMatchObject({ format: 'dicom', modality: 'CT', width: 512, height: 512 });
    expect(peak - base).toBeLessThan(16 * 2 ** 20);
  }, 300_000);
});
