// Rich labels and page text in every export: italic and superscript runs as real text in PDF
// (italic face embedded as TrueType, no Type 3) and SVG (<tspan> per run), ink in the PNG where
// the page header and the label are drawn.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { addSource } from '../../src/services/documents';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { Annotation, type Project } from '../../src/shared/figure/schema';
import { PageItem } from '../../src/shared/figure/page-items';
import { labelFields } from '../../src/shared/figure/rich-text';
import { exportProjectFigure } from '../../src/services/figure-export';
import { closeExportWorker } from '../../src/services/export/worker';
import { buildDeck } from '../../src/services/export/pptx';
import { createImageCache } from '../../src/services/images/cache';
import { strFromU8, unzipSync } from 'fflate';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-rich-'));
afterAll(() => closeExportWorker());

const HEADER_AT: [number, number] = [22, 1.5];

async function richFigure(): Promise<Project> {
  copyFileSync(join(root, 'tests/fixtures/photos/retina_fundus.jpg'), join(dir, 'photo.jpg'));
  const src = await addSource(dir, join(dir, 'photo.jpg'));
  const style = { color: '#ffffff', strokePt: 1.5, fontPt: 12, halo: true, haloColor: '#000000', opacity: 1, fill: null, bold: false };
  const cd3 = Annotation.parse({
    id: 'cd3',
    type: 'text',
    layer: 'labels',
    at: [200, 200],
    style,
    ...labelFields([{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' }]),
  });
  const t2 = Annotation.parse({
    id: 't2',
    type: 'callout',
    layer: 'labels',
    at: [60, 700],
    target: [500, 500],
    // Small enough that the whole label fits in the 43 mm panel (a panel clips its labels).
    style: { ...style, fontPt: 8 },
    ...labelFields([{ text: 'T' }, { text: '2', script: 'sub' }, { text: '-weighted, 50 µm' }]),
  });
  const header = PageItem.parse({ id: 'h1', type: 'text', at: HEADER_AT, ...labelFields([{ text: 'Baseline', bold: true }]) });
  const line = PageItem.parse({
    id: 'l1',
    type: 'line',
    points: [
      [4, 6.5],
      [40, 6.5],
    ],
  });
  const figure = { ...newFigure('Figure 1', 89), page: { ...newFigure().page, widthMm: 89, marginMm: 8 } };
  const panel = { ...newPanel(src.id), annotations: [cd3, t2] };
  const p = newProject({ ...figure, panels: [panel, newPanel(src.id)], rows: [2], pageItems: [header, line] });
  p.sources.push(src);
  return p;
}

async function exportAs(project: Project, format: 'pdf' | 'svg' | 'png', name: string, unlabelled = false): Promise<string> {
  const out = join(dir, name);
  await exportProjectFigure({
    project,
    figureId: project.figures[0].id,
    format,
    dpi: 300,
    widthMm: null,
    unlabelled,
    quality: 92,
    outPath: out,
    resolveSource: () => join(dir, 'photo.jpg'),
  });
  return out;
}

describe('rich text and page items in exports', () => {
  it('PDF: the runs are text (italic face embedded, no Type 3), the header and each label once', async () => {
    const out = await exportAs(await richFigure(), 'pdf', 'rich.pdf');
    const fonts = execFileSync('pdffonts', [out]).toString();
    expect(fonts).not.toMatch(/Type 3/);
    expect(fonts).toMatch(/LiberationSans-Italic\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    expect(fonts).toMatch(/LiberationSans-Bold\s/);
    const text = execFileSync('pdftotext', [out, '-']).toString();
    expect(text.split('Baseline').length - 1).toBe(1);
    // pdftotext reads the raised "+" and lowered "2" in line with their neighbours.
    expect(text).toMatch(/CD3\s?\+/);
    expect(text).toMatch(/T\s?2\s?-weighted, 50 µm/);
  }, 120_000);

  it('SVG: one <text> per label, a <tspan> per run with font-style italic and the superscript raised', async () => {
    const svg = readFileSync(await exportAs(await richFigure(), 'svg', 'rich.svg'), 'utf8');
    const cd3 = /<text[^>]*>(<tspan[^>]*>CD<\/tspan><tspan[^>]*>3<\/tspan><tspan[^>]*>\+<\/tspan>)<\/text>/.exec(svg);
    expect(cd3).not.toBeNull();
    const spans = [...cd3![1].matchAll(/<tspan([^>]*)>/g)].map((m) => m[1]);
    expect(spans[0]).toMatch(/font-style="italic"/);
    expect(spans[1]).not.toMatch(/font-style/);
    const size = (s: string) => Number(/font-size="([\d.]+)"/.exec(s)![1]);
    expect(size(spans[2])).toBeLessThan(size(spans[1]));
    expect(Number(/dy="(-[\d.]+)"/.exec(spans[2])?.[1])).toBeLessThan(0);
    const t2 = /<tspan([^>]*)>2<\/tspan><tspan[^>]*>-weighted, 50 µm<\/tspan>/.exec(svg);
    expect(Number(/dy="([\d.]+)"/.exec(t2![1])?.[1])).toBeGreaterThan(0);
    // The header on the page layer, in bold.
    const page = /<g id="page">([\s\S]*?)<\/g>\s*(?:<g id=|<\/svg>)/.exec(svg)?.[1] ?? svg.slice(svg.indexOf('<g id="page">'));
    expect(page).toMatch(/<tspan[^>]*font-weight="bold"[^>]*>Baseline<\/tspan>/);
  }, 120_000);

  it('PNG: ink where the header is (none there in the unlabelled copy), and the label changes its pixels', async () => {
    const p = await richFigure();
    const read = async (f: string) => sharp(f).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const a = await read(await exportAs(p, 'png', 'rich.png'));
    const b = await read(await exportAs(p, 'png', 'bare.png', true));
    const px = (mm: number) => Math.round((mm / 25.4) * 300);
    const dark = (img: typeof a, x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = px(y0); y < px(y1); y++)
        for (let x = px(x0); x < px(x1); x++) {
          const i = (y * img.info.width + x) * 3;
          if (img.data[i] + img.data[i + 1] + img.data[i + 2] < 200) n++;
        }
      return n;
    };
    // The header: centred on x = 22 mm, from y = 1.5 mm, 12 pt ≈ 3 mm high; the margin band is white otherwise.
    expect(dark(a, 12, 1.5, 32, 5)).toBeGreaterThan(150);
    expect(dark(b, 12, 1.5, 32, 5)).toBe(0);
    expect(dark(a, 4, 6.2, 40, 6.8)).toBeGreaterThan(100); // the line
    let differ = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) differ++;
    expect(differ).toBeGreaterThan(1000);
  }, 120_000);

  it('PPTX: the label is one text box with italic and superscript runs; the header and line are on the slide', async () => {
    const project = await richFigure();
    const { buffer } = await buildDeck({
      project,
      figureIds: [project.figures[0].id],
      dpi: 150,
      images: createImageCache(),
      resolveSource: () => join(dir, 'photo.jpg'),
    });
    const slide = strFromU8(unzipSync(new Uint8Array(buffer))['ppt/slides/slide1.xml']);
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const run = (text: string) => new RegExp(`<a:r><a:rPr([^>]*)>(?:(?!</a:r>).)*<a:t>${esc(text)}</a:t></a:r>`).exec(slide)?.[1] ?? null;
    expect(run('CD')).toMatch(/ i="1"/);
    expect(run('3')).not.toMatch(/ i="1"/);
    expect(run('+')).toMatch(/baseline="[1-9]\d*"/);
    expect(run('2')).toMatch(/baseline="-[1-9]\d*"/);
    expect(run('Baseline')).toMatch(/ b="1"/);
    expect(slide).toContain('name="Page line"');
  }, 120_000);
});
