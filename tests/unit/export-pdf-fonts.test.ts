// PDF that journal checkers accept: fonts are embedded TrueType (CID) subsets, never Type 3, and
// each label is in the text layer once (a halo is a stroked outline, not a second copy of the text).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addSource } from '../../src/services/documents';
import { newFigure, newId, newPanel, newProject } from '../../src/shared/figure/factory';
import { Annotation } from '../../src/shared/figure/schema';
import { exportProjectFigure } from '../../src/services/figure-export';
import { closeExportWorker } from '../../src/services/export/worker';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-pdf-fonts-'));
afterAll(() => closeExportWorker());

async function figureWithHaloLabels() {
  copyFileSync(join(root, 'tests/fixtures/photos/retina_fundus.jpg'), join(dir, 'photo.jpg'));
  const src = await addSource(dir, join(dir, 'photo.jpg'));
  const label = (text: string, at: [number, number], bold: boolean) =>
    Annotation.parse({
      id: newId(),
      type: 'text',
      layer: 'labels',
      at,
      text,
      style: { color: '#ffffff', strokePt: 1.5, fontPt: 10, halo: true, haloColor: '#000000', opacity: 1, fill: null, bold },
    });
  const panel = { ...newPanel(src.id), annotations: [label('Nodules', [300, 300], false), label('Calcinosis', [300, 900], true)] };
  const p = newProject({ ...newFigure('Figure 1', 89), panels: [panel, newPanel(src.id)], rows: [2] });
  p.sources.push(src);
  return p;
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe('PDF text and fonts', () => {
  it('no Type 3 font; every font an embedded TrueType subset; each label once in the text layer', async () => {
    const project = await figureWithHaloLabels();
    const out = join(dir, 'labels.pdf');
    await exportProjectFigure({
      project,
      figureId: project.figures[0].id,
      format: 'pdf',
      dpi: 300,
      widthMm: null,
      unlabelled: false,
      quality: 92,
      outPath: out,
      resolveSource: () => join(dir, 'photo.jpg'),
    });
    const fonts = execFileSync('pdffonts', [out]).toString().split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).not.toMatch(/Type 3/);
      expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes/); // embedded, subset
    }
    const text = execFileSync('pdftotext', [out, '-']).toString();
    expect(count(text, 'Nodules')).toBe(1);
    expect(count(text, 'Calcinosis')).toBe(1);
    // The panel letters (with halos) too.
    expect(text.match(/\bA\b/g)).toHaveLength(1);
    expect(text.match(/\bB\b/g)).toHaveLength(1);
    expect(text).not.toMatch(/AA|BB/);
  }, 120_000);

  it('SVG: each label once as <text>, its halo a path', async () => {
    const project = await figureWithHaloLabels();
    const out = join(dir, 'labels.svg');
    await exportProjectFigure({
      project,
      figureId: project.figures[0].id,
      format: 'svg',
      dpi: 300,
      widthMm: null,
      unlabelled: false,
      quality: 92,
      outPath: out,
      resolveSource: () => join(dir, 'photo.jpg'),
    });
    const svg = readFileSync(out, 'utf8');
    // A label is one <text> (its runs in <tspan>s).
    const texts = [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, '')).join('|');
    expect(count(texts, 'Nodules')).toBe(1);
    expect(count(texts, 'Calcinosis')).toBe(1);
  }, 120_000);
});
