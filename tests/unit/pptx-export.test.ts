// PowerPoint export read back as a zip (no LibreOffice): arrows are line shapes with line-end
// heads at the arrow's place on the slide, labels are <a:t> text runs, the quiz's unlabelled
// slide has neither, notes carry the legend, pictures are at the export's pixel size with the
// redaction burned in and alt text on each.
import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import { loadProject, resolveSourcePath } from '../../src/services/documents';
import { createImageCache } from '../../src/services/images/cache';
import { buildDeck } from '../../src/services/export/pptx';
import { layoutFigure } from '../../src/shared/figure/layout';
import { panelTransform } from '../../src/shared/geometry/transform';
import { DEFAULT_STYLE, type Annotation, type Project } from '../../src/shared/figure/schema';
import { readPngChunks } from '../../src/services/export/png-chunks';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-pptx-'));
cpSync(join(root, 'resources/sample-case'), join(dir, 'case'), { recursive: true });
const images = createImageCache();
afterAll(() => images.close());

const EMU_PER_MM = 36000;
const DPI = 150;
let project: Project;
let resolveSource: (id: string) => string | null;

const style = { ...DEFAULT_STYLE, color: '#ffee00' };
const EXTRA: Annotation[] = [
  { id: 'lbl', type: 'text', layer: 'labels', at: [60, 330], text: 'Calcinosis', rotation: 0, style: { ...style, bold: true, fontPt: 9 } },
  { id: 'cal', type: 'callout', layer: 'labels', at: [330, 60], target: [260, 200], text: 'Trachea', style },
  { id: 'box', type: 'rect', layer: 'labels', at: [100, 300], size: [80, 40], rotation: 0, style },
  // Over bright bone on the right: burned black into the picture.
  { id: 'red', type: 'redaction', layer: 'redactions', at: [380, 300], size: [60, 40], style: DEFAULT_STYLE },
];

beforeAll(async () => {
  const r = await loadProject(join(dir, 'case/calcinosis-cutis-sle.medfig'));
  project = r.project;
  const ct = project.figures[4].panels[2];
  ct.annotations.push(...EXTRA);
  resolveSource = (id) => {
    const ref = project.sources.find((s) => s.id === id);
    return ref ? resolveSourcePath(r.projectDir, ref) : null;
  };
});

function unzip(buf: Buffer) {
  const z = unzipSync(new Uint8Array(buf));
  const text = (name: string) => strFromU8(z[name]);
  return { z, text };
}

/** <p:sp> elements of a slide with their name, line ends, offset/extent and flips. */
function shapes(xml: string) {
  return [...xml.matchAll(/<p:sp>.*?<\/p:sp>/gs)].map(([sp]) => ({
    name: /<p:cNvPr id="\d+" name="([^"]*)"/.exec(sp)![1],
    geom: /prst="(\w+)"/.exec(sp)?.[1] ?? (sp.includes('<a:custGeom>') ? 'custGeom' : ''),
    head: /<a:tailEnd type="(\w+)"/.exec(sp)?.[1] ?? null,
    tail: /<a:headEnd type="(\w+)"/.exec(sp)?.[1] ?? null,
    off: /<a:off x="(-?\d+)" y="(-?\d+)"/.exec(sp)!.slice(1).map(Number),
    ext: /<a:ext cx="(\d+)" cy="(\d+)"/.exec(sp)!.slice(1).map(Number),
    flipH: /<a:xfrm[^>]*flipH="1"/.test(sp),
    flipV: /<a:xfrm[^>]*flipV="1"/.test(sp),
    texts: [...sp.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]),
  }));
}

function pictures(xml: string, rels: string) {
  return [...xml.matchAll(/<p:pic>.*?<\/p:pic>/gs)].map(([pic]) => {
    const rid = /r:embed="(rId\d+)"/.exec(pic)![1];
    const target =
      new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
    return {
      name: /name="([^"]*)"/.exec(pic)![1],
      descr: /descr="([^"]*)"/.exec(pic)![1],
      media: `ppt/${target.replace(/^\.\.\//, '')}`,
      off: /<a:off x="(-?\d+)" y="(-?\d+)"/.exec(pic)!.slice(1).map(Number),
      ext: /<a:ext cx="(\d+)" cy="(\d+)"/.exec(pic)!.slice(1).map(Number),
    };
  });
}

describe('PowerPoint export', () => {
  it('writes a quiz deck: unlabelled slide without labels, then the labelled slide with native shapes and text', async () => {
    const fig = project.figures[4];
    const { buffer } = await buildDeck({ project, figureIds: [fig.id], quiz: true, dpi: DPI, images, resolveSource });
    const { z, text } = unzip(buffer);
    expect(
      Object.keys(z)
        .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
        .sort(),
    ).toEqual(['ppt/slides/slide1.xml', 'ppt/slides/slide2.xml']);

    const quiz = shapes(text('ppt/slides/slide1.xml'));
    const full = shapes(text('ppt/slides/slide2.xml'));

    // Unlabelled: letters only, no line ends, no label text.
    expect(quiz.every((s) => s.head === null && s.tail === null)).toBe(true);
    expect(quiz.flatMap((s) => s.texts).sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(text('ppt/slides/slide1.xml')).not.toContain('Calcinosis');

    // Labelled: 3 + 2 + 1 arrows with filled heads, the callout's leader too.
    const arrows = full.filter((s) => / Arrow$/.test(s.name));
    expect(arrows).toHaveLength(6);
    expect(arrows.every((a) => a.geom === 'line' && a.head === 'triangle')).toBe(true);
    expect(full.find((s) => s.name === 'Panel C Callout leader')?.head).toBe('triangle');
    const allText = full.flatMap((s) => s.texts);
    expect(allText).toEqual(expect.arrayContaining(['Calcinosis', 'Trachea', 'A', 'B', 'C', 'D', '10 µm']));
    // Text runs keep the style: bold, 9 pt, the label colour.
    const label = /<a:r><a:rPr[^>]*sz="(\d+)"[^>]*b="1"[^>]*><a:solidFill><a:srgbClr val="(\w+)"\/>.*?<a:t>Calcinosis<\/a:t>/s.exec(
      text('ppt/slides/slide2.xml'),
    );
    expect(label?.slice(1)).toEqual(['900', 'FFEE00']);
    expect(full.find((s) => s.name === 'Panel C Rectangle')?.geom).toBe('rect');

    // Arrow place: independent of the exporter, from the layout and the panel transform.
    const sizes = new Map<string, { width: number; height: number }>();
    for (const p of fig.panels) {
      const info = (await images.open(resolveSource(p.sourceId)!)).info;
      sizes.set(p.id, { width: info.width, height: info.height });
    }
    const ts = fig.panels.map((p) => panelTransform(p, sizes.get(p.id)!.width, sizes.get(p.id)!.height));
    const layout = layoutFigure(
      fig,
      ts.map((t) => t.viewWidth / t.viewHeight),
    );
    const b = fig.panels[1];
    const rect = layout.panels[1];
    const k = rect.wMm / ts[1].viewWidth;
    const mm = (p: [number, number]) => {
      const v = ts[1].toView(p);
      return [rect.xMm + v[0] * k, rect.yMm + v[1] * k];
    };
    const first = b.annotations.find((a) => a.type === 'arrow') as Extract<Annotation, { type: 'arrow' }>;
    const [from, to] = [mm(first.points[0]), mm(first.points[1])];
    const shape = full.filter((s) => s.name === 'Panel B Arrow')[0];
    expect(shape.off[0] / EMU_PER_MM).toBeCloseTo(Math.min(from[0], to[0]), 1);
    expect(shape.off[1] / EMU_PER_MM).toBeCloseTo(Math.min(from[1], to[1]), 1);
    expect(shape.ext[0] / EMU_PER_MM).toBeCloseTo(Math.abs(to[0] - from[0]), 1);
    expect(shape.ext[1] / EMU_PER_MM).toBeCloseTo(Math.abs(to[1] - from[1]), 1);
    // The head is at the end the arrow points to.
    expect(shape.flipH).toBe(to[0] < from[0]);
    expect(shape.flipV).toBe(to[1] < from[1]);
    expect(
      /<p:sldSz cx="(\d+)" cy="(\d+)"/
        .exec(text('ppt/presentation.xml'))!
        .slice(1)
        .map((n) => Math.round(Number(n) / EMU_PER_MM)),
    ).toEqual([Math.round(layout.pageWidthMm), Math.round(layout.pageHeightMm)]);

    // Pictures: one per panel on both slides, at the export's pixel size, alt text, no metadata.
    for (const n of [1, 2]) {
      const pics = pictures(text(`ppt/slides/slide${n}.xml`), text(`ppt/slides/_rels/slide${n}.xml.rels`));
      expect(pics.map((p) => p.name)).toEqual(['Panel A picture', 'Panel B picture', 'Panel C picture', 'Panel D picture']);
      for (const [i, pic] of pics.entries()) {
        const r = layout.panels[i];
        const png = Buffer.from(z[pic.media]);
        const meta = await sharp(png).metadata();
        expect([meta.width, meta.height]).toEqual([Math.round((r.wMm / 25.4) * DPI), Math.round((r.hMm / 25.4) * DPI)]);
        expect([...new Set(readPngChunks(png).map((c) => c.type))]).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
        expect(pic.ext[0] / EMU_PER_MM).toBeCloseTo(r.wMm, 1);
        expect(pic.descr).toMatch(new RegExp(`^Panel ${'ABCD'[i]}: `));
      }
      expect(pics[2].descr).toContain('window centre 40 HU, width 400 HU');
    }
    // The labelled slide's alt text names what the arrows point at; the quiz slide's does not give the answer away.
    expect(pictures(text('ppt/slides/slide2.xml'), text('ppt/slides/_rels/slide2.xml.rels'))[2].descr).toContain(
      'an arrow points at “Calcinosis”',
    );
    expect(pictures(text('ppt/slides/slide1.xml'), text('ppt/slides/_rels/slide1.xml.rels'))[2].descr).toBe(
      'Panel C: CT, window centre 40 HU, width 400 HU.',
    );

    // The redaction is black in the CT picture itself (not a shape that could be moved away).
    const ct = pictures(text('ppt/slides/slide2.xml'), text('ppt/slides/_rels/slide2.xml.rels'))[2];
    const { data, info } = await sharp(Buffer.from(z[ct.media])).raw().toBuffer({ resolveWithObject: true });
    const pxPerSrc = info.width / ts[2].viewWidth;
    const at = (sx: number, sy: number) => {
      const [vx, vy] = ts[2].toView([sx, sy]);
      const i = (Math.round(vy * pxPerSrc) * info.width + Math.round(vx * pxPerSrc)) * info.channels;
      return [data[i], data[i + 1], data[i + 2]];
    };
    expect(at(410, 320)).toEqual([0, 0, 0]);
    expect(full.some((s) => /redact/i.test(s.name))).toBe(false);

    // Notes: the legend on both slides; the quiz slide says so.
    const notes1 = text('ppt/notesSlides/notesSlide1.xml');
    const notes2 = text('ppt/notesSlides/notesSlide2.xml');
    for (const notes of [notes1, notes2]) {
      expect(notes).toContain(
        'Legend: Figure 5 — Composite A–D. Calcinosis cutis in systemic lupus erythematosus. (A) Clinical photograph',
      );
      expect(notes).toContain('window centre 40 HU, width 400 HU');
      expect(notes).toContain('Scale bar, 10 µm.');
    }
    expect(notes1).toContain('Quiz');
    // Nothing about the user or machine in the document properties.
    expect(text('docProps/core.xml')).toMatch(/<dc:creator>Medfig<\/dc:creator>/);
    expect(text('docProps/core.xml')).not.toMatch(/PptxGenJS/);
  });

  it('--unlabelled gives one slide per figure with letters and pictures only; several figures share the slide size', async () => {
    const ids = [project.figures[2].id, project.figures[3].id];
    const { buffer, slides } = await buildDeck({ project, figureIds: ids, unlabelled: true, dpi: 72, images, resolveSource });
    expect(slides.map((s) => s.labelled)).toEqual([false, false]);
    const { text } = unzip(buffer);
    for (const n of [1, 2]) {
      const xml = text(`ppt/slides/slide${n}.xml`);
      expect(xml).not.toMatch(/<a:tailEnd|<a:headEnd/);
      // Single-panel figures of the sample case have letters switched off.
      expect(shapes(xml).flatMap((s) => s.texts)).toEqual([]);
      expect(pictures(xml, text(`ppt/slides/_rels/slide${n}.xml.rels`))).toHaveLength(1);
    }
  });

  it('says which panel is missing its image, in one sentence', async () => {
    const broken = structuredClone(project);
    const fig = broken.figures[2];
    await expect(buildDeck({ project: broken, figureIds: [fig.id], images, resolveSource: () => null })).rejects.toThrow(
      /cannot export Figure 3 — CT: panel A: its image is not in the project/,
    );
  });
});
