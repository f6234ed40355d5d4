import { describe, expect, it } from 'vitest';
import { Figure } from '../../src/shared/figure/schema';
import { layoutFigure } from '../../src/shared/figure/layout';
import { fitFigureToSize, whiteBandMm } from '../../src/shared/figure/fit-size';
import { panelTransform } from '../../src/shared/geometry/transform';

// Issue 18's case: Nature's 183 mm width and 170 mm height limit, a 2 × 2 grid of mixed aspects.
const sizes = [
  { width: 1600, height: 1200 },
  { width: 1000, height: 1250 },
  { width: 512, height: 512 },
  { width: 2000, height: 1500 },
];
const figure = Figure.parse({
  id: 'f',
  name: 'Figure 1',
  page: { widthMm: 183, gutterMm: 2, marginMm: 0 },
  rows: [2, 2],
  panels: sizes.map((_, i) => ({ id: `p${i}`, sourceId: `s${i}` })),
});
const aspectsOf = (f: Figure) =>
  f.panels.map((p, i) => {
    const t = panelTransform(p, sizes[i].width, sizes[i].height);
    return t.viewWidth / t.viewHeight;
  });

describe('fit the figure to W × H mm', () => {
  it('a fixed height alone leaves white bands beside the rows (what the issue saw)', () => {
    const natural = layoutFigure(figure, aspectsOf(figure));
    expect(natural.pageHeightMm).toBeGreaterThan(150);
    const fixed = layoutFigure({ ...figure, page: { ...figure.page, heightMm: 150 } }, aspectsOf(figure));
    expect(whiteBandMm(fixed, 0)).toBeGreaterThan(5);
  });

  it.each([150, 170])('fills 183 × %d mm edge to edge by cropping, and the cropped figure lays out the same', (H) => {
    const fit = fitFigureToSize(figure, sizes, { widthMm: 183, heightMm: H });
    expect(fit.bandMm).toBe(0);
    expect(fit.layout.pageHeightMm).toBe(H);
    expect(fit.layout.scale).toBeCloseTo(1, 9);
    // Every panel reaches the page edges or a neighbour a gutter away.
    const rows = [fit.layout.panels.slice(0, 2), fit.layout.panels.slice(2)];
    for (const [a, b] of rows) {
      expect(a.xMm).toBeCloseTo(0, 6);
      expect(b.xMm - (a.xMm + a.wMm)).toBeCloseTo(2, 6);
      expect(b.xMm + b.wMm).toBeCloseTo(183, 6);
    }
    const last = fit.layout.panels[3];
    expect(last.yMm + last.hMm).toBeCloseTo(H, 6);
    // The crops are real: applied to the panels, the ordinary layout has no band either.
    const applied = Figure.parse({
      ...figure,
      page: { ...figure.page, heightMm: H },
      panels: figure.panels.map((p, i) => ({ ...p, crop: fit.crops[i] })),
    });
    expect(whiteBandMm(layoutFigure(applied, aspectsOf(applied)), 0)).toBe(0);
    // Cropped about the centre and inside the image.
    fit.crops.forEach((c, i) => {
      expect(c).not.toBeNull();
      expect(c!.x).toBeGreaterThanOrEqual(0);
      expect(c!.y).toBeGreaterThanOrEqual(0);
      expect(c!.x + c!.w).toBeLessThanOrEqual(sizes[i].width + 1e-9);
      expect(c!.y + c!.h).toBeLessThanOrEqual(sizes[i].height + 1e-9);
      expect(c!.x + c!.w / 2).toBeCloseTo(sizes[i].width / 2, 6);
    });
  });

  it('makes a figure taller by cropping widths, with an outside-letter row space and margins', () => {
    const f = Figure.parse({ ...figure, page: { ...figure.page, marginMm: 3 }, letters: { placement: 'outside-top-left' } });
    const fit = fitFigureToSize(f, sizes, { widthMm: 183, heightMm: 200 });
    expect(fit.bandMm).toBe(0);
    expect(fit.crops.every((c, i) => c !== null && c.w < sizes[i].width && c.h === sizes[i].height)).toBe(true);
  });

  it('keeps panels that may not be cropped (and rotated ones) at their aspect; the rest take up the change', () => {
    const f = Figure.parse({ ...figure, panels: figure.panels.map((p, i) => (i === 3 ? { ...p, rotation: 30 } : p)) });
    const fit = fitFigureToSize(f, sizes, { widthMm: 183, heightMm: 170 }, { allowCrop: (i) => i !== 0 });
    expect(fit.crops[0]).toBeNull();
    expect(fit.crops[3]).toBeNull();
    expect(fit.bandMm).toBe(0);
  });

  it('stops at the crop limit and reports the band left', () => {
    const fit = fitFigureToSize(figure, sizes, { widthMm: 183, heightMm: 60 }, { maxCropFraction: 0.2 });
    expect(fit.bandMm).toBeGreaterThan(1);
    fit.crops.forEach((c, i) => {
      expect(c!.h / sizes[i].height).toBeGreaterThanOrEqual(0.8 - 1e-9);
    });
    expect(fitFigureToSize(figure, sizes, { widthMm: 183, heightMm: 150 }, { allowCrop: () => false }).bandMm).toBeGreaterThan(5);
  });
});
