// The same figure exported as SVG gives the same bytes: within one process (Skia numbers its clip
// paths on from the last document it drew), in another process, and straight from the renderer.
// The ids renamed for that still tie every clip path, image and gradient to its use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { Annotation, ScaleBar, ValueBar, type Project } from '../../src/shared/figure/schema';
import { PageItem } from '../../src/shared/figure/page-items';
import { labelFields } from '../../src/shared/figure/rich-text';
import { exportProjectFigure } from '../../src/services/figure-export';
import { closeExportWorker } from '../../src/services/export/worker';
import { Konva, registerFonts, setupKonvaNode } from '../../src/services/export';
import { renderVectorFile } from '../../src/services/export/vector';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-svg-repro-'));
const imagePath = join(dir, 'src.png');
/** A label whose text looks like references: it must come out exactly as typed. */
const TRICKY = 'see url(#cl_1) & href="#img_0"';

beforeAll(async () => {
  const w = 64;
  const h = 48;
  const px = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) px.fill((i * 7) % 256, i * 3, i * 3 + 3);
  writeFileSync(
    imagePath,
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer(),
  );
  setupKonvaNode();
  registerFonts(resolve(root, 'resources/fonts'));
});
afterAll(() => closeExportWorker());

/** Two panels (each image clipped to its frame), labels, a scale bar, a value bar, a page header. */
function figure(): Project {
  const style = { color: '#ffffff', strokePt: 1.5, fontPt: 9, halo: true, haloColor: '#000000', opacity: 1, fill: null, bold: false };
  const plain = Annotation.parse({ id: 'plain', type: 'text', layer: 'labels', at: [10, 10], style, text: TRICKY });
  const rich = Annotation.parse({
    id: 'rich',
    type: 'text',
    layer: 'labels',
    at: [10, 30],
    style,
    ...labelFields([{ text: 'CD', italic: true }, { text: '31' }, { text: '+', script: 'super' }]),
  });
  const arrow = Annotation.parse({
    id: 'arrow',
    type: 'arrow',
    layer: 'labels',
    points: [
      [5, 5],
      [40, 30],
    ],
    style,
  });
  const header = PageItem.parse({ id: 'h', type: 'text', at: [22, 1.5], ...labelFields([{ text: 'Baseline', bold: true }]) });
  const fig = newFigure('Figure 1', 89);
  const panel = {
    ...newPanel('src1'),
    calibration: { source: 'reference' as const, mmPerPxX: 0.05, mmPerPxY: 0.05, note: 'test' },
    scaleBar: ScaleBar.parse({ lengthMm: null }),
    annotations: [plain, rich, arrow],
  };
  const base = newPanel('src1');
  const withBar = { ...base, display: { ...base.display, window: { center: 40, width: 400 } }, valueBar: ValueBar.parse({ units: 'HU' }) };
  const p = newProject({ ...fig, page: { ...fig.page, marginMm: 8 }, panels: [panel, withBar], rows: [2], pageItems: [header] });
  p.sources.push({ id: 'src1', path: imagePath, sha256: '0'.repeat(64), size: 1, kind: 'raster' });
  return p;
}

async function exportSvg(name: string): Promise<Buffer> {
  const project = figure();
  const outPath = join(dir, name);
  await exportProjectFigure({
    project,
    figureId: project.figures[0].id,
    format: 'svg',
    dpi: 300,
    widthMm: null,
    unlabelled: false,
    quality: 92,
    outPath,
    resolveSource: () => imagePath,
  });
  return readFileSync(outPath);
}

/** The same export in a fresh Node process (its own Skia, its own export worker). */
function exportSvgElsewhere(name: string): Buffer {
  const projectFile = join(dir, `${name}.json`);
  writeFileSync(projectFile, JSON.stringify(figure()));
  const script = join(dir, 'export-once.mts');
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { exportProjectFigure } from ${JSON.stringify(join(root, 'src/services/figure-export.ts'))};
import { closeExportWorker } from ${JSON.stringify(join(root, 'src/services/export/worker/index.ts'))};
const [projectFile, imagePath, outPath] = process.argv.slice(2);
const project = JSON.parse(readFileSync(projectFile, 'utf8'));
await exportProjectFigure({ project, figureId: project.figures[0].id, format: 'svg', dpi: 300, widthMm: null,
  unlabelled: false, quality: 92, outPath, resolveSource: () => imagePath });
await closeExportWorker();
`,
  );
  const outPath = join(dir, name);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, projectFile, imagePath, outPath], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect([r.status, r.stderr]).toEqual([0, '']);
  return readFileSync(outPath);
}

/**
 * Every id in the document once; every reference in a tag (url(#…), href="#…", xlink:href="#…")
 * names exactly one of them. Returns how many references there are, by kind of element named.
 */
function checkReferences(svg: string): Record<string, number> {
  const tags = svg.match(/<[^>]*>/g) ?? [];
  const elementOf = new Map<string, string[]>();
  for (const tag of tags) {
    const id = /\sid="([^"]*)"/.exec(tag)?.[1];
    if (id) elementOf.set(id, [...(elementOf.get(id) ?? []), /^<([\w:-]+)/.exec(tag)![1]]);
  }
  const repeated = [...elementOf].filter(([, els]) => els.length > 1).map(([id]) => id);
  expect(repeated).toEqual([]);
  const named: Record<string, number> = {};
  for (const tag of tags)
    for (const m of tag.matchAll(/url\((['"]?)#([^)'"]*)\1\)|\s(?:xlink:)?href="#([^"]*)"/g)) {
      const id = m[2] ?? m[3];
      expect(elementOf.has(id), `reference #${id} in ${tag.slice(0, 80)}`).toBe(true);
      const el = elementOf.get(id)![0];
      named[el] = (named[el] ?? 0) + 1;
    }
  // Every <use> points at something: a broken href pattern cannot slip through as "no references".
  expect(tags.filter((t) => t.startsWith('<use ')).length).toBe(tags.filter((t) => /^<use [^>]*href="#/.test(t)).length);
  return named;
}

describe('SVG export is reproducible', () => {
  it('the same figure gives the same bytes twice in one process and once in another', async () => {
    const first = await exportSvg('first.svg');
    const second = await exportSvg('second.svg');
    expect(second.equals(first)).toBe(true);
    const elsewhere = exportSvgElsewhere('elsewhere.svg');
    expect(elsewhere.equals(first)).toBe(true);

    const svg = first.toString('utf8');
    // Clip paths and images are named after their layer, in document order.
    expect(svg).toMatch(/<g id="images"><[^>]*>(<defs>)?<image id="images-image1"/);
    expect(svg).toContain('<clipPath id="images-clip1">');
    const named = checkReferences(svg);
    expect(named.clipPath).toBeGreaterThanOrEqual(4);
    expect(named.image).toBeGreaterThanOrEqual(2);
    // No generated name of Skia's is left, and the label reads as typed.
    expect(svg).not.toMatch(/\sid="(cl|img|gradient|pattern)_/);
    expect(svg).toContain('>see url(#cl_1) &amp; href="#img_0"<');
  }, 180_000);

  it('straight from the renderer: clip, gradient and pattern ids are the same on every export', async () => {
    const tile = createCanvas(4, 4);
    tile.getContext('2d').fillRect(0, 0, 2, 2);
    const scene = () => {
      const layer = new Konva.Layer({ name: 'panel' });
      const group = new Konva.Group({ clip: { x: 5, y: 5, width: 30, height: 20 } });
      group.add(new Konva.Image({ image: tile as never, x: 0, y: 0, width: 40, height: 40 }));
      group.add(
        new Konva.Rect({
          x: 0,
          y: 0,
          width: 40,
          height: 10,
          fillLinearGradientStartPoint: { x: 0, y: 0 },
          fillLinearGradientEndPoint: { x: 40, y: 0 },
          fillLinearGradientColorStops: [0, 'red', 1, 'blue'],
        }),
      );
      group.add(new Konva.Rect({ x: 0, y: 20, width: 40, height: 10, fillPatternImage: tile as never }));
      layer.add(group);
      const notes = new Konva.Layer({ name: 'notes' });
      notes.add(new Konva.Text({ text: TRICKY, x: 2, y: 30, fontFamily: 'Liberation Sans', fontSize: 3, fill: '#000' }));
      return [layer, notes];
    };
    const opts = { format: 'svg' as const, widthMm: 50, heightMm: 40 };
    const a = await renderVectorFile(scene, opts);
    const b = await renderVectorFile(scene, opts);
    expect(b.equals(a)).toBe(true);
    const svg = a.toString('utf8');
    const named = checkReferences(svg);
    expect(Object.keys(named).sort()).toEqual(expect.arrayContaining(['clipPath', 'image', 'linearGradient', 'pattern']));
    expect(svg).toContain('<linearGradient id="panel-gradient1"');
    expect(svg).toContain('<pattern id="panel-pattern1"');
    // librsvg draws it: the gradient's red end inside the clip, nothing outside it.
    const { data, info } = await sharp(a, { density: 72 * 4 })
      .flatten({ background: '#ffffff' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const px = (xMm: number, yMm: number) => {
      const j = (Math.round((yMm / 40) * info.height) * info.width + Math.round((xMm / 50) * info.width)) * info.channels;
      return [...data.subarray(j, j + 3)];
    };
    const red = px(6, 7);
    expect(red[0]).toBeGreaterThan(200);
    expect(red[2]).toBeLessThan(60);
    expect(px(2, 7)).toEqual([255, 255, 255]);
  }, 60_000);
});
