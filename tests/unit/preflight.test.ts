import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, Figure, type Annotation } from '../../src/shared/figure/schema';
import { layoutFigure } from '../../src/shared/figure/layout';
import { preflight, type PreflightContext, type Violation } from '../../src/shared/figure/preflight';
import type { ExportFormat } from '../../src/shared/figure/journals';

const style = { ...DEFAULT_STYLE, fontPt: 7, strokePt: 1 };
const arrow = (id: string, s = style): Annotation => ({
  id,
  layer: 'labels',
  style: s,
  type: 'arrow',
  points: [
    [10, 10],
    [100, 100],
  ],
  head: 'filled',
  tail: 'none',
});
const text = (id: string, fontPt: number): Annotation => ({
  id,
  layer: 'labels',
  style: { ...style, fontPt },
  type: 'text',
  at: [5, 5],
  text: 'x',
  rotation: 0,
});
const cal = { source: 'PixelSpacing' as const, mmPerPxX: 0.05, mmPerPxY: 0.05, note: '' };

/** A good Nature double-column figure: two 4000×3000 photographs side by side. */
function goodFigure(over: (f: Record<string, any>) => void = () => {}): Figure {
  const raw: Record<string, any> = {
    id: 'f',
    name: 'Figure 1',
    page: { journal: 'nature', widthMm: 183, gutterMm: 2 },
    rows: [2],
    letters: { fontPt: 7 },
    panels: [
      { id: 'p0', sourceId: 's0' },
      { id: 'p1', sourceId: 's1', calibration: cal, scaleBar: { lengthMm: null } },
    ],
  };
  over(raw);
  return Figure.parse(raw);
}

function run(
  figure: Figure,
  opts: { journal?: string; dpi?: number; format?: ExportFormat; sizes?: Record<string, [number, number]> } = {},
): Violation[] {
  const sizes = opts.sizes ?? Object.fromEntries(figure.panels.map((p) => [p.sourceId, [4000, 3000] as [number, number]]));
  const sourceSizes = new Map(Object.entries(sizes).map(([k, [width, height]]) => [k, { width, height }]));
  const aspects = figure.panels.map((p) => {
    const s = sourceSizes.get(p.sourceId);
    return s ? (p.crop ? p.crop.w / p.crop.h : s.width / s.height) : 1;
  });
  const ctx: PreflightContext = {
    journal: opts.journal ?? figure.page.journal,
    dpi: opts.dpi ?? 600,
    format: opts.format ?? 'tiff',
    sourceSizes,
    layout: layoutFigure(figure, aspects),
  };
  return preflight(figure, ctx);
}

const rules = (v: Violation[]) => v.map((x) => x.rule);

describe('preflight', () => {
  it('is silent on a good figure', () => {
    expect(run(goodFigure())).toEqual([]);
    // Annotated at proper sizes, exported at the combination resolution: still silent.
    expect(
      run(
        goodFigure((f) => (f.panels[0].annotations = [arrow('a1'), text('t1', 6)])),
        { dpi: 600 },
      ),
    ).toEqual([]);
  });

  it('warns when the width is not a journal width, naming the nearest', () => {
    const v = run(goodFigure((f) => (f.page.widthMm = 100)));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ severity: 'warning', rule: 'width' });
    expect(v[0].message).toMatch(/nearest is 89 mm \(single column\)/);
  });

  it('fails a figure taller than the maximum', () => {
    const v = run(goodFigure((f) => (f.rows = [1, 1])));
    expect(v.find((x) => x.rule === 'height')).toMatchObject({ severity: 'error' });
    expect(v.find((x) => x.rule === 'height')!.message).toMatch(/exceeds Nature's maximum of 170 mm/);
    // The fix is the fit-to-size action, with how much it crops (fit-size.ts fills the page).
    expect(v.find((x) => x.rule === 'height')!.fix).toMatch(
      /^Fit the figure to \d+ × 170 mm \(Figure → Fit Figure to W × H mm…\): panels fill the page with no white bands, each cropped by at most \d+ %\.$/,
    );
    // Too tall to fill by cropping within the limit: the fix says so, with the band that would be left.
    const tall = run(
      goodFigure((f) => (f.rows = [1, 1])),
      { sizes: { s0: [1000, 3000], s1: [1000, 3000] } },
    );
    expect(tall.find((x) => x.rule === 'height')!.fix).toMatch(/would still leave [\d.]+ mm of white\.$/);
  });

  it('requires the photo DPI, and the combination DPI once labels are drawn', () => {
    expect(rules(run(goodFigure(), { dpi: 200 }))).toEqual(['dpi']);
    const labelled = goodFigure((f) => (f.panels[0].annotations = [arrow('a1')]));
    const v = run(labelled, { dpi: 300 });
    expect(rules(v)).toEqual(['dpi']);
    expect(v[0].message).toMatch(/600 dpi for combination art \(Panel A/);
    // In a vector format the labels stay vector: photo DPI is enough.
    expect(run(labelled, { dpi: 300, format: 'pdf' })).toEqual([]);
  });

  it('reports the effective ppi of a panel whose source is too small for its printed size', () => {
    const v = run(goodFigure(), { sizes: { s0: [512, 384], s1: [4000, 3000] } });
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ severity: 'warning', rule: 'effective-ppi', panelIndex: 0, letter: 'A' });
    // 183 mm page, 2 mm gutter, equal 4:3 aspects → 90.5 mm wide; 512 px / (90.5/25.4) = 144 ppi.
    expect(v[0].message).toBe('Panel A: source has 512 px over 90.5 mm = 144 ppi effective < 300.');
    expect(v[0].fix).toMatch(/at most 43.3 mm wide/);
  });

  it('uses the crop when computing effective ppi', () => {
    const v = run(goodFigure((f) => (f.panels[0].crop = { x: 0, y: 0, w: 800, h: 600 })));
    expect(v.find((x) => x.rule === 'effective-ppi')?.message).toMatch(/Panel A: source has 800 px over 90.5 mm = 225 ppi/);
  });

  it('flags text, letters and scale-bar labels below the minimum font size', () => {
    const v = run(
      goodFigure((f) => {
        f.letters.fontPt = 4;
        f.panels[0].annotations = [text('t1', 4), text('t2', 3), text('ok', 8)];
        f.panels[1].scaleBar.fontPt = 4;
      }),
    );
    const fonts = v.filter((x) => x.rule === 'font-size');
    expect(fonts).toHaveLength(3);
    expect(fonts.every((x) => x.severity === 'error')).toBe(true);
    expect(fonts.map((x) => x.message).join('\n')).toMatch(/Panel letters are 4 pt/);
    expect(fonts.map((x) => x.message).join('\n')).toMatch(/Panel A: 2 labels at 3 pt/);
    expect(fonts.map((x) => x.message).join('\n')).toMatch(/Panel B: scale-bar label is 4 pt/);
  });

  it('flags hairlines', () => {
    const v = run(goodFigure((f) => (f.panels[0].annotations = [arrow('a1', { ...style, strokePt: 0.1 })])));
    expect(v).toEqual([expect.objectContaining({ rule: 'line-width', severity: 'warning', letter: 'A' })]);
  });

  it('refuses a format the journal does not accept', () => {
    const v = run(goodFigure(), { format: 'svg' });
    expect(v).toEqual([expect.objectContaining({ rule: 'format', severity: 'error' })]);
    expect(v[0].message).toMatch(/does not accept SVG/);
  });

  it('refuses a scale bar on an uncalibrated panel', () => {
    const v = run(goodFigure((f) => (f.panels[1].calibration = null)));
    expect(v).toEqual([expect.objectContaining({ rule: 'scale-bar', severity: 'error', letter: 'B' })]);
    expect(v[0].fix).toMatch(/reference line/);
  });

  it('refuses a fixed scale bar longer than its panel', () => {
    // 4000 px × 0.05 mm = 200 mm wide; a 500 mm bar cannot fit.
    const v = run(goodFigure((f) => (f.panels[1].scaleBar.lengthMm = 500)));
    expect(v).toEqual([expect.objectContaining({ rule: 'scale-bar', letter: 'B' })]);
  });

  it('reports missing panels and sources', () => {
    const noSource = run(goodFigure(), { sizes: { s0: [4000, 3000] } });
    expect(noSource).toEqual([expect.objectContaining({ rule: 'missing-panel', letter: 'B', severity: 'error' })]);
    const badRows = run(goodFigure((f) => (f.rows = [3])));
    expect(badRows.find((x) => x.rule === 'missing-panel')?.message).toMatch(/holds 3 panels but the figure has 2/);
    const empty = run(goodFigure((f) => ((f.panels = []), (f.rows = []))));
    expect(empty).toEqual([expect.objectContaining({ rule: 'missing-panel', message: 'The figure has no panels.' })]);
  });

  it('warns about duplicate letters', () => {
    const v = run(goodFigure((f) => (f.panels[1].letter = 'A')));
    expect(v).toEqual([expect.objectContaining({ rule: 'duplicate-letter', panelIndex: 1 })]);
  });

  it('checks against another journal by id', () => {
    // PLOS: 8 pt minimum text, TIFF/EPS only, 183 mm is inside its width range.
    const v = run(
      goodFigure((f) => (f.letters.fontPt = 7)),
      { journal: 'plos', format: 'pdf' },
    );
    expect(rules(v).sort()).toEqual(['font-size', 'format']);
  });
});

describe('preflight never skips a panel it could not check (issue 22)', () => {
  it('a panel whose crop cannot be applied is a finding naming the panel and the reason', () => {
    const f = goodFigure();
    // A crop that no longer fits (e.g. a relinked smaller image): the transform throws.
    (f.panels[1] as { crop: unknown }).crop = { x: 10, y: 10, w: 0, h: 50 };
    const v = run(f).filter((x) => x.rule === 'unchecked-panel');
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ severity: 'error', panelIndex: 1, letter: 'B' });
    expect(v[0].message).toBe(
      'Could not check panel B: its crop or rotation cannot be applied (panel crop must have a positive size (got 0×50)).',
    );
  });

  it('a source that could not be decoded is reported with its reason, once', () => {
    const f = goodFigure();
    const sourceSizes = new Map([['s0', { width: 4000, height: 3000 }]]);
    const v = preflight(f, {
      journal: 'nature',
      dpi: 600,
      format: 'tiff',
      sourceSizes,
      sourceProblems: new Map([['s1', 'biopsy.png is not a readable PNG (the file is cut short).']]),
      layout: layoutFigure(f, [4 / 3, 1]),
    });
    const b = v.filter((x) => x.panelIndex === 1);
    expect(b.map((x) => x.rule)).toEqual(['unchecked-panel']);
    expect(b[0].message).toBe('Could not check panel B: biopsy.png is not a readable PNG (the file is cut short).');
  });
});
