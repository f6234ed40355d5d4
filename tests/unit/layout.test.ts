import { describe, expect, it } from 'vitest';
import { Figure } from '../../src/shared/figure/schema';
import { gridRows, hitTestPanel, layoutFigure, normalizeRows, reorder, rowsFor } from '../../src/shared/figure/layout';
import { letterSpaceMm } from '../../src/shared/figure/letters';

function fig(rows: number[], page: Record<string, unknown>, letters: Record<string, unknown> = {}): Figure {
  const n = rows.reduce((s, r) => s + r, 0);
  return Figure.parse({
    id: 'f',
    name: 'Figure 1',
    page: { widthMm: 183, ...page },
    rows,
    letters,
    panels: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, sourceId: `s${i}` })),
  });
}

describe('layoutFigure', () => {
  it('lays out a 2×2 grid on a 183 mm page with 2 mm gutters', () => {
    const l = layoutFigure(fig([2, 2], { gutterMm: 2 }), [1, 1, 1, 1]);
    expect(l.pageWidthMm).toBe(183);
    for (const p of l.panels) {
      expect(p.wMm).toBeCloseTo(90.5, 10);
      expect(p.hMm).toBeCloseTo(90.5, 10);
    }
    expect(l.panels.map((p) => [p.xMm, p.yMm])).toEqual([
      [0, 0],
      [92.5, 0],
      [0, 92.5],
      [92.5, 92.5],
    ]);
    expect(l.pageHeightMm).toBeCloseTo(183, 10);
    expect(l.scale).toBe(1);
  });

  it('gives panels in a row one height, widths following their aspects', () => {
    const l = layoutFigure(fig([2], { widthMm: 100, gutterMm: 0 }), [1.5, 0.5]);
    expect(l.panels[0].wMm).toBeCloseTo(75, 10);
    expect(l.panels[1].wMm).toBeCloseTo(25, 10);
    expect(l.panels[0].hMm).toBeCloseTo(50, 10);
    expect(l.panels[1].hMm).toBeCloseTo(50, 10);
    expect(l.panels[1].xMm).toBeCloseTo(75, 10);
  });

  it('handles rows of different counts ([1, 3]) with margins', () => {
    const l = layoutFigure(fig([1, 3], { gutterMm: 2, marginMm: 3 }), [2, 1, 1, 1]);
    const inner = 183 - 6;
    expect(l.panels[0]).toMatchObject({ xMm: 3, yMm: 3, row: 0 });
    expect(l.panels[0].wMm).toBeCloseTo(inner, 10);
    expect(l.panels[0].hMm).toBeCloseTo(inner / 2, 10);
    const h2 = (inner - 4) / 3;
    for (const p of l.panels.slice(1)) {
      expect(p.hMm).toBeCloseTo(h2, 10);
      expect(p.yMm).toBeCloseTo(3 + inner / 2 + 2, 10);
    }
    const last = l.panels[3];
    expect(last.xMm + last.wMm).toBeCloseTo(183 - 3, 10);
    expect(l.pageHeightMm).toBeCloseTo(3 + inner / 2 + 2 + h2 + 3, 10);
  });

  it('scales rows down uniformly to a fixed page height and centres them', () => {
    const l = layoutFigure(fig([1, 1], { widthMm: 100, heightMm: 100, gutterMm: 2 }), [1, 1]);
    // Natural: two 100 mm squares (202 mm tall) → panels 49 mm each.
    expect(l.pageHeightMm).toBe(100);
    expect(l.scale).toBeCloseTo(0.49, 10);
    for (const p of l.panels) {
      expect(p.wMm).toBeCloseTo(49, 10);
      expect(p.xMm).toBeCloseTo((100 - 49) / 2, 10);
    }
    expect(l.panels[1].yMm + l.panels[1].hMm).toBeCloseTo(100, 10);
  });

  it('does not enlarge rows on a tall fixed page', () => {
    const l = layoutFigure(fig([1], { widthMm: 100, heightMm: 300, gutterMm: 2 }), [1]);
    expect(l.scale).toBe(1);
    expect(l.panels[0].wMm).toBeCloseTo(100, 10);
  });

  it('reserves room above each row for outside letters', () => {
    const f = fig([2, 1], { gutterMm: 2 }, { placement: 'outside-top-left', fontPt: 10 });
    const space = letterSpaceMm({ fontPt: 10 });
    const l = layoutFigure(f, [1, 1, 2]);
    expect(l.letterSpaceMm).toBeCloseTo(space, 12);
    expect(l.panels[0].yMm).toBeCloseTo(space, 10);
    expect(l.panels[2].yMm).toBeCloseTo(space + 90.5 + 2 + space, 10);
    expect(l.pageHeightMm).toBeCloseTo(2 * space + 90.5 + 2 + 91.5, 10);
    const explicit = layoutFigure(fig([1], {}), [1], { letterSpaceMm: 4 });
    expect(explicit.panels[0].yMm).toBe(4);
    expect(layoutFigure(fig([1], {}), [1]).panels[0].yMm).toBe(0);
  });

  it('lays out a missing or broken aspect as a square', () => {
    const l = layoutFigure(fig([2], { widthMm: 100, gutterMm: 0 }), [NaN]);
    expect(l.panels[0].wMm).toBeCloseTo(50, 10);
    expect(l.panels[1].wMm).toBeCloseTo(50, 10);
  });

  it('repairs rows that do not match the panel count', () => {
    const f = fig([2, 2], {});
    const l = layoutFigure({ ...f, rows: [3] }, [1, 1, 1, 1]);
    expect(l.rows).toEqual([3, 1]);
    expect(l.panels).toHaveLength(4);
  });
});

describe('row helpers', () => {
  it('builds grids 1×1 … 4×4', () => {
    expect(gridRows(1, 1)).toEqual([1]);
    expect(gridRows(3, 2)).toEqual([3, 3]);
    expect(gridRows(4, 4)).toEqual([4, 4, 4, 4]);
    expect(() => gridRows(5, 1)).toThrow();
    expect(() => gridRows(2, 0)).toThrow();
  });

  it('chooses a default arrangement', () => {
    expect(rowsFor(0)).toEqual([]);
    expect(rowsFor(1)).toEqual([1]);
    expect(rowsFor(3)).toEqual([3]);
    expect(rowsFor(4)).toEqual([2, 2]);
    expect(rowsFor(5)).toEqual([3, 2]);
    expect(rowsFor(6)).toEqual([3, 3]);
    expect(rowsFor(7)).toEqual([3, 2, 2]);
    expect(rowsFor(9)).toEqual([3, 3, 3]);
    for (let n = 1; n <= 64; n++) {
      const r = rowsFor(n);
      expect(r.reduce((s, x) => s + x, 0)).toBe(n);
      expect(r.length).toBeLessThanOrEqual(8);
      expect(Math.max(...r)).toBeLessThanOrEqual(8);
    }
  });

  it('normalises rows', () => {
    expect(normalizeRows([2, 2], 4)).toEqual([2, 2]);
    expect(normalizeRows([2, 2], 3)).toEqual([2, 1]);
    expect(normalizeRows([2], 6)).toEqual([2, 2, 2]);
    expect(normalizeRows([], 2)).toEqual([2]);
  });

  it('hit-tests panels, not gutters', () => {
    const l = layoutFigure(fig([2, 2], { gutterMm: 2 }), [1, 1, 1, 1]);
    expect(hitTestPanel(l, 10, 10)).toBe(0);
    expect(hitTestPanel(l, 150, 150)).toBe(3);
    expect(hitTestPanel(l, 91.5, 10)).toBeNull();
    expect(hitTestPanel(l, 500, 10)).toBeNull();
  });

  it('reorders', () => {
    expect(reorder(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(reorder(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    const src = ['a', 'b'];
    reorder(src, 0, 1);
    expect(src).toEqual(['a', 'b']);
    expect(() => reorder(['a'], 0, 1)).toThrow(RangeError);
  });
});
