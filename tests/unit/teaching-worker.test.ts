// Teaching exports in the export worker (issue 15): slides, cine loops and packages built there
// give what the same builders give on the calling thread (slide count and slide text, cine frames
// and size by ffprobe, package entries and figure bytes), and a cancel mid-way leaves no file
// (nor a temp file) in the export folder.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { createWorkspace } from '../../src/services/workspace';
import { createTeachingService } from '../../src/services/teaching';
import { buildDeck } from '../../src/services/export/pptx';
import { panelCineSource, renderCine } from '../../src/services/export/cine';
import { buildPackage } from '../../src/services/export/package';
import { closeExportWorker } from '../../src/services/export/worker';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-teach-worker-'));
cpSync(join(root, 'resources/sample-case'), join(dir, 'sample'), { recursive: true });
cpSync(join(root, 'tests/fixtures/dicom/mr-series'), join(dir, 'mr'), { recursive: true });
const out = join(dir, 'out');
const ws = createWorkspace({ roots: [dir], importDir: join(dir, 'imp'), exportDir: out });
const teaching = createTeachingService(ws);
afterAll(async () => {
  await closeExportWorker();
  await ws.close();
});

const projPath = join(dir, 'sample/calcinosis-cutis-sle.medfig');
const project = JSON.parse(readFileSync(projPath, 'utf8'));
for (const s of project.sources) ws.issue(resolve(dir, 'sample', s.path));
const resolveSource = ws.resolveSourceFor(project, projPath);

/** Every run of text on every slide, slide by slide. */
function slideTexts(pptx: Uint8Array): string[][] {
  const z = unzipSync(pptx);
  const slides = Object.keys(z)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  return slides.map((n) => [...strFromU8(z[n]).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]));
}

function probe(file: string): { frames: number; width: number; height: number } {
  const j = JSON.parse(
    execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=nb_read_frames,width,height',
        '-of',
        'json',
        file,
      ],
      {
        encoding: 'utf8',
      },
    ),
  );
  const s = j.streams[0];
  return { frames: Number(s.nb_read_frames), width: s.width, height: s.height };
}

describe('teaching exports in the export worker', () => {
  it('slides: the same slides and slide text as built on the calling thread', async () => {
    const figureIds = [project.figures[0].id, project.figures[2].id];
    const r = await teaching.exportSlides({
      project,
      projectPath: projPath,
      figureIds,
      quiz: true,
      dpi: 72,
      fileName: 'deck.pptx',
    } as never);
    const here = await buildDeck({ project, figureIds, quiz: true, dpi: 72, images: ws.images, resolveSource });
    expect(r.slides).toBe(here.slides.length);
    expect(r.slides).toBe(4);
    const texts = slideTexts(new Uint8Array(readFileSync(join(out, 'deck.pptx'))));
    expect(texts).toEqual(slideTexts(new Uint8Array(here.buffer)));
    expect(texts.flat().length).toBeGreaterThan(0);
  });

  it('cine: the same frames and size (ffprobe), and the same GIF bytes', async () => {
    const opened = await ws.openPath(join(dir, 'mr/brain_003.dcm'));
    const p = structuredClone(project);
    p.sources.push(opened.source);
    const panel = { ...p.figures[0].panels[0], sourceId: opened.source.id, crop: null, annotations: [] };
    p.figures[0].panels[0] = panel;
    const src = await panelCineSource(opened.source.path, ws.images);
    for (const format of ['mp4', 'gif'] as const) {
      const fileName = `loop.${format}`;
      const r = await teaching.exportCine({
        project: p,
        projectPath: null,
        figureId: p.figures[0].id,
        panelId: panel.id,
        format,
        fps: 4,
        widthPx: 64,
        labels: true,
        fileName,
      } as never);
      const here = await renderCine({
        frames: src.frames,
        format,
        fps: 4,
        widthPx: 64,
        panel,
        printWidthMm: p.figures[0].page.widthMm / Math.max(1, ...p.figures[0].rows),
        images: ws.images,
      });
      expect([r.frames, r.width, r.height]).toEqual([here.frames, here.width, here.height]);
      const mine = join(dir, `here.${format}`);
      writeFileSync(mine, here.bytes);
      expect(probe(join(out, fileName))).toEqual(probe(mine));
      expect(probe(mine)).toEqual({ frames: 4, width: 64, height: 64 });
      if (format === 'gif') expect(Buffer.compare(readFileSync(join(out, fileName)), Buffer.from(here.bytes))).toBe(0);
    }
  });

  it('package: the same entries and the same figure bytes', async () => {
    const figureIds = [project.figures[2].id];
    const r = await teaching.exportPackage({
      project,
      projectPath: projPath,
      figureIds,
      formats: ['png', 'pdf'],
      dpi: 72,
      fileName: 'p.zip',
    } as never);
    const here = await buildPackage({ project, figureIds, formats: ['png', 'pdf'], dpi: 72, images: ws.images, resolveSource });
    expect(r.entries.sort()).toEqual([...here.entries].sort());
    const z = unzipSync(new Uint8Array(readFileSync(join(out, 'p.zip'))));
    const h = unzipSync(here.zip);
    for (const name of ['figure-3.png', 'figure-3-unlabelled.png', 'provenance.json', 'figure-3-legend.txt'])
      expect(Buffer.compare(Buffer.from(z[name]), Buffer.from(h[name])), name).toBe(0);
  });

  it('cancel mid-way: "cancelled", and no file nor temp file in the export folder', async () => {
    mkdirSync(out, { recursive: true });
    const before = new Set(readdirSync(out));
    const jobId = 'cancel-me';
    const run = teaching.exportPackage({
      project,
      projectPath: projPath,
      figureIds: [project.figures[0].id, project.figures[1].id, project.figures[2].id],
      formats: ['png', 'tiff', 'pdf', 'pptx'],
      dpi: 300,
      fileName: 'big.zip',
      jobId,
    } as never);
    let settled = false;
    run.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Cancel once the worker has reported progress (it is mid-way through the figures).
    await new Promise<void>((res, rej) => {
      const poll = () => {
        if (settled) return rej(new Error('the export ended before it could be cancelled'));
        if ((teaching.progress(jobId) ?? 0) > 0) return res();
        setImmediate(poll);
      };
      poll();
    });
    expect(teaching.cancel(jobId)).toBe(true);
    await expect(run).rejects.toThrow(/cancelled; nothing was written/);
    expect(readdirSync(out).filter((n) => !before.has(n))).toEqual([]);
    // The worker is started afresh for the next export.
    const again = await teaching.exportSlides({
      project,
      projectPath: projPath,
      figureIds: [project.figures[2].id],
      dpi: 72,
      fileName: 'after.pptx',
    } as never);
    expect(again.slides).toBe(1);
  });
});
