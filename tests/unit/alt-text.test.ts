// Alt text: generated from the figure (kinds of image, what each panel shows, what the arrows
// point at as the author labelled them), the author's own text wins, old projects load with
// none, and SVG (<title>/<desc>, role="img") and PDF (Title, Subject) carry it.
import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProject, resolveSourcePath } from '../../src/services/documents';
import { createImageCache } from '../../src/services/images/cache';
import { exportProjectFigure } from '../../src/services/figure-export';
import { altTextOf, arrowNames, generateAltText, pictureAltText } from '../../src/shared/figure/alt-text';
import { migrate } from '../../src/shared/figure/migrations';
import { DEFAULT_STYLE, Figure, Panel } from '../../src/shared/figure/schema';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-alt-'));
cpSync(join(root, 'resources/sample-case'), join(dir, 'case'), { recursive: true });
const images = createImageCache();
afterAll(() => images.close());

const style = DEFAULT_STYLE;
// As the services build it: the document's kind, and the header's modality where there is one.
const ctx = {
  sourceKinds: new Map([
    ['ct', 'CT'],
    ['photo', 'raster'],
  ]),
  infoBySource: new Map([['ct', { modality: 'CT', width: 512, height: 512, windows: [] }]]),
};

function figure(): Figure {
  const ct = Panel.parse({
    id: 'p1',
    sourceId: 'ct',
    display: { window: { center: 40, width: 400 } },
    annotations: [
      {
        id: 'a1',
        type: 'arrow',
        layer: 'labels',
        points: [
          [100, 100],
          [200, 200],
        ],
        style,
      },
      { id: 't1', type: 'text', layer: 'labels', at: [80, 90], text: 'Calcified nodule', style },
      {
        id: 'a2',
        type: 'arrow',
        layer: 'labels',
        points: [
          [480, 480],
          [400, 400],
        ],
        style,
      },
      { id: 'c1', type: 'callout', layer: 'labels', at: [300, 40], target: [350, 120], text: 'Aorta', style },
      { id: 'r1', type: 'redaction', layer: 'redactions', at: [0, 0], size: [50, 20], style },
    ],
  });
  const photo = Panel.parse({ id: 'p2', sourceId: 'photo', caption: { stain: 'H&E', objective: '40x' } });
  return Figure.parse({ id: 'f', name: 'Figure 2', page: { widthMm: 174 }, rows: [2], panels: [ct, photo] });
}

describe('alt text', () => {
  it('names the kinds of image, each panel, and what each arrow points at by its nearest label', () => {
    const f = figure();
    expect([...arrowNames(f.panels[0], Math.hypot(512, 512))]).toEqual([['a1', 'Calcified nodule']]);
    expect(generateAltText(f, ctx)).toBe(
      'Figure 2: 2 panels (CT and photomicrograph). ' +
        'A: CT, window centre 40 HU, width 400 HU; an arrow points at “Calcified nodule”; one arrow also marks a finding; a callout points at “Aorta”. ' +
        'B: Photomicrograph, H&E, original magnification ×40.',
    );
    // A quiz picture says what kind of image it is, not the answer.
    expect(pictureAltText(f, 0, ctx, false)).toBe('Panel A: CT, window centre 40 HU, width 400 HU.');
    expect(altTextOf({ ...f, altText: '  Two views of the nodule.  ' }, ctx)).toBe('Two views of the nodule.');
  });

  it('reads the page headers (their plain text) after the figure line', () => {
    const f = Figure.parse({
      ...figure(),
      pageItems: [
        {
          id: 'h1',
          type: 'text',
          at: [40, 2],
          text: 'CD3+ cells',
          runs: [{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' }, { text: ' cells' }],
        },
        { id: 'h2', type: 'text', at: [120, 2], text: 'Control' },
        {
          id: 'l1',
          type: 'line',
          points: [
            [0, 5],
            [80, 5],
          ],
        },
      ],
    });
    expect(generateAltText(f, ctx)).toMatch(/^Figure 2: 2 panels \(CT and photomicrograph\)\. Headed “CD3\+ cells”, “Control”\. A: CT/);
  });

  it("uses the author's finding and what the author says the markers show", () => {
    const f = figure();
    f.panels[0] = {
      ...f.panels[0],
      caption: {
        ...f.panels[0].caption,
        finding: 'Subcutaneous calcification.',
        markers: { ...f.panels[0].caption.markers, arrows: 'calcinosis' },
      },
      annotations: [
        ...f.panels[0].annotations,
        { id: 'm1', type: 'marker', layer: 'labels', shape: 'asterisk', at: [10, 10], style } as (typeof f.panels)[0]['annotations'][0],
      ],
    };
    f.panels[0].caption.markers.asterisks = 'gluteal muscle';
    expect(generateAltText(f, ctx)).toContain(
      'A: CT, window centre 40 HU, width 400 HU; showing subcutaneous calcification; an arrow points at “Calcified nodule”; one arrow also points at “calcinosis”; a callout points at “Aorta”; one asterisk marks “gluteal muscle”.',
    );
  });

  it('is an optional field: a project saved before it existed loads with none', () => {
    const raw = JSON.parse(readFileSync(join(dir, 'case/calcinosis-cutis-sle.medfig'), 'utf8'));
    for (const f of raw.figures) delete f.altText;
    expect(migrate(raw).figures.map((f) => f.altText)).toEqual(['', '', '', '', '']);
  });

  it('goes into SVG (<title>, <desc>, role="img") and PDF (Title, Subject)', async () => {
    const { project, projectDir } = await loadProject(join(dir, 'case/calcinosis-cutis-sle.medfig'));
    project.figures[2].altText = 'Axial CT: calcified nodules under the skin <left & right>.';
    const resolveSource = (id: string) => {
      const ref = project.sources.find((s) => s.id === id);
      return ref ? resolveSourcePath(projectDir, ref) : null;
    };
    const common = {
      project,
      figureId: project.figures[2].id,
      dpi: 150,
      widthMm: null,
      unlabelled: false,
      quality: 92,
      images,
      resolveSource,
    };
    const svgPath = join(dir, 'f.svg');
    await exportProjectFigure({ ...common, format: 'svg', outPath: svgPath });
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg).toMatch(/<svg [^>]*role="img" aria-labelledby="figure-title figure-desc">/);
    expect(svg).toContain('<title id="figure-title">Figure 3 — CT</title>');
    expect(svg).toContain('<desc id="figure-desc">Axial CT: calcified nodules under the skin &lt;left &amp; right&gt;.</desc>');
    // Well-formed XML after the insertions (a strict parser, not a regex).
    execFileSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', svgPath]);

    const pdfPath = join(dir, 'f.pdf');
    // Generated when the author wrote none.
    project.figures[2].altText = '';
    await exportProjectFigure({ ...common, format: 'pdf', outPath: pdfPath });
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Figure 3 — CT/);
    expect(info).toMatch(/Subject:\s+Figure 3 — CT: a CT\. A: Axial CT, window centre 40 HU, width 400 HU/);
    expect(info).not.toMatch(/Author|CreationDate/);
  });
});
