import { describe, expect, it } from 'vitest';
import { Figure } from '../../src/shared/figure/schema';
import { layoutFigure, floatRect } from '../../src/shared/figure/layout';
import {
  alignBoxes,
  distributeBoxes,
  reflowOrder,
  sameSize,
  snapMove,
  snapResize,
  stretchToPage,
  whiteStripesMm,
  type Box,
} from '../../src/shared/figure/free-layout';
import { fitFigureToSize } from '../../src/shared/figure/fit-size';
import { panelTransform } from '../../src/shared/geometry/transform';

const page = { widthMm: 183, heightMm: 120, marginMm: 0, gutterMm: 2 };
const box = (xMm: number, yMm: number, wMm: number, hMm: number): Box => ({ xMm, yMm, wMm, hMm });

describe('snapping a moved panel', () => {
  it('snaps its left edge a gutter right of a neighbour and shows a gap guide', () => {
    const other = box(0, 0, 60, 40);
    const s = snapMove(box(63.2, 0.4, 50, 40), [other], page, 1.5);
    expect(s.box.xMm).toBeCloseTo(62, 9); // 60 + gutter 2
    expect(s.box.yMm).toBeCloseTo(0, 9); // top edges aligned
    expect(s.guides.some((g) => g.kind === 'gap' && Math.abs(g.x1 - 60) < 1e-9 && Math.abs(g.x2 - 62) < 1e-9)).toBe(true);
    expect(s.guides.some((g) => g.kind === 'edge' && g.y1 === g.y2 && Math.abs(g.y1) < 1e-9)).toBe(true);
  });

  it('snaps centres to the page centre', () => {
    const s = snapMove(box(66, 50, 50, 20), [], page, 1);
    expect(s.box.xMm + s.box.wMm / 2).toBeCloseTo(91.5, 9);
    expect(s.guides.some((g) => g.kind === 'centre' && g.x1 === 91.5)).toBe(true);
  });

  it('snaps to an equal gutter already used between other panels', () => {
    const a = box(0, 0, 40, 40);
    const b = box(45, 0, 40, 40); // gap 5
    const s = snapMove(box(89.6, 0, 40, 40), [a, b], page, 1);
    expect(s.box.xMm).toBeCloseTo(90, 9);
  });

  it('leaves a box alone beyond the threshold', () => {
    const s = snapMove(box(70, 30, 20, 20), [box(0, 0, 60, 25)], page, 1);
    expect(s.box).toEqual(box(70, 30, 20, 20));
    expect(s.guides).toEqual([]);
  });
});

describe('resizing a panel', () => {
  it('keeps the aspect by default (the opposite corner stays) and snaps the leading edge', () => {
    const s = snapResize(box(10, 10, 40, 30), 'se', [52.6, 3], [], page, 1, true);
    // Right edge snaps to the page's right edge? no: 102.6 is far from 183; it snaps nothing.
    expect(s.box.xMm).toBe(10);
    expect(s.box.yMm).toBe(10);
    expect(s.box.wMm / s.box.hMm).toBeCloseTo(4 / 3, 9);
    const t = snapResize(box(10, 10, 40, 30), 'e', [132.5, 0], [], page, 1, true);
    expect(t.box.xMm + t.box.wMm).toBeCloseTo(183, 9); // snapped to the page edge
    expect(t.box.wMm / t.box.hMm).toBeCloseTo(4 / 3, 9);
  });

  it('with the crop modifier each edge moves on its own', () => {
    const s = snapResize(box(10, 10, 40, 30), 'se', [20, -5], [], page, 0.5, false);
    expect(s.box).toEqual(box(10, 10, 60, 25));
  });

  it('never turns a box inside out', () => {
    const s = snapResize(box(10, 10, 40, 30), 'w', [100, 0], [], page, 0.5, false);
    expect(s.box.wMm).toBeGreaterThanOrEqual(2);
    expect(s.box.xMm + s.box.wMm).toBe(50);
  });
});

describe('align, distribute, same size, re-flow', () => {
  const boxes = [box(5, 10, 20, 10), box(40, 30, 30, 20), box(100, 0, 10, 40)];
  it('aligns on the common edges and centres', () => {
    expect(alignBoxes(boxes, 'left').map((b) => b.xMm)).toEqual([5, 5, 5]);
    expect(alignBoxes(boxes, 'right').map((b) => b.xMm + b.wMm)).toEqual([110, 110, 110]);
    expect(alignBoxes(boxes, 'top').map((b) => b.yMm)).toEqual([0, 0, 0]);
    expect(alignBoxes(boxes, 'bottom').map((b) => b.yMm + b.hMm)).toEqual([50, 50, 50]);
    expect(alignBoxes(boxes, 'hcentre').map((b) => b.xMm + b.wMm / 2)).toEqual([57.5, 57.5, 57.5]);
    expect(alignBoxes(boxes, 'vcentre').map((b) => b.yMm + b.hMm / 2)).toEqual([25, 25, 25]);
  });
  it('distributes with equal gaps, ends fixed', () => {
    const d = distributeBoxes(boxes, 'x');
    expect(d[0].xMm).toBe(5);
    expect(d[2].xMm).toBe(100);
    const g1 = d[1].xMm - (d[0].xMm + d[0].wMm);
    const g2 = d[2].xMm - (d[1].xMm + d[1].wMm);
    expect(g1).toBeCloseTo(g2, 9);
    expect(g1).toBeCloseTo((105 - 60) / 2, 9);
  });
  it('same width keeps each aspect', () => {
    const s = sameSize(boxes, 1, 'width');
    expect(s.map((b) => b.wMm)).toEqual([30, 30, 30]);
    expect(s[0].hMm).toBeCloseTo(15, 9);
    expect(s[2].hMm).toBeCloseTo(120, 9);
  });
  it('re-flows a 1 + 3 arrangement into rows [1, 3] in reading order', () => {
    const r = reflowOrder([box(0, 60, 50, 40), box(0, 0, 183, 58), box(120, 61, 63, 39), box(55, 60, 60, 40)]);
    expect(r.rows).toEqual([1, 3]);
    expect(r.order).toEqual([1, 0, 3, 2]);
  });
});

describe('filling W × H with a free arrangement', () => {
  it('stretches a 1 + 3 layout to the page: gaps are the gutter, no white stripe', () => {
    const boxes = [box(10, 5, 150, 50), box(10, 60, 48, 40), box(61, 60, 48, 40), box(112, 60, 48, 40)];
    const out = stretchToPage(boxes, page, { widthMm: 183, heightMm: 170 })!;
    expect(whiteStripesMm(out, { widthMm: 183, heightMm: 170, marginMm: 0 })).toEqual({ x: 0, y: 2 }); // the top panel spans the width; the gutter between the rows
    expect(out[0].xMm).toBeCloseTo(0, 9);
    expect(out[0].xMm + out[0].wMm).toBeCloseTo(183, 9);
    expect(out[1].yMm - (out[0].yMm + out[0].hMm)).toBeCloseTo(2, 9);
    expect(out[3].yMm + out[3].hMm).toBeCloseTo(170, 9);
    expect(out[2].xMm - (out[1].xMm + out[1].wMm)).toBeCloseTo(2, 9);
  });
  it('grows a panel into a hole beside it', () => {
    const boxes = [box(0, 0, 100, 50), box(102, 0, 40, 30), box(0, 52, 183, 40)];
    const out = stretchToPage(boxes, page, { widthMm: 183, heightMm: 92 })!;
    expect(out[1].xMm + out[1].wMm).toBeCloseTo(183, 9);
    expect(out[1].hMm).toBeCloseTo(50, 9);
  });
  it('measures white stripes across the page', () => {
    expect(whiteStripesMm([box(0, 0, 50, 10), box(60, 0, 123, 10)], { widthMm: 183, heightMm: 10, marginMm: 0 })).toEqual({ x: 10, y: 0 });
  });
});

// The case, as pure maths: 2 × 2 with one wide panel, arranged 1 + 3 freely, fitted to 183 × 170.
const sizes = [
  { width: 3000, height: 1000 },
  { width: 1000, height: 1250 },
  { width: 1000, height: 1100 },
  { width: 1000, height: 1000 },
];
const figure = Figure.parse({
  id: 'f',
  name: 'Figure 1',
  page: { widthMm: 183, gutterMm: 2, marginMm: 0 },
  rows: [2, 2],
  panels: sizes.map((_, i) => ({ id: `p${i}`, sourceId: `s${i}` })),
});
const aspects = (f: Figure) =>
  f.panels.map((p, i) => {
    const t = panelTransform(p, sizes[i].width, sizes[i].height);
    return t.viewWidth / t.viewHeight;
  });

describe('free layout mode', () => {
  it('lays panels at their places (aspect contained), the page as tall as the content', () => {
    const free = {
      ...figure,
      layoutMode: 'free' as const,
      panels: figure.panels.map((p, i) => ({ ...p, place: i === 0 ? box(0, 0, 183, 61) : box(10 + 60 * (i - 1), 63, 50, 40) })),
    };
    const l = layoutFigure(free, aspects(free));
    expect(l.panels[0]).toMatchObject({ xMm: 0, yMm: 0, wMm: 183, hMm: 61 });
    // 0.8 aspect in a 50 × 40 box: 32 × 40, centred.
    expect(l.panels[1].wMm).toBeCloseTo(32, 9);
    expect(l.panels[1].xMm).toBeCloseTo(19, 9);
    expect(l.pageHeightMm).toBeCloseTo(103, 9);
    expect(l.panels.slice(1).every((p) => p.row === 1)).toBe(true);
  });

  it('fits the free 1 + 3 to 183 × 170 with no white stripe and crops that match the boxes', () => {
    const free = {
      ...figure,
      layoutMode: 'free' as const,
      panels: figure.panels.map((p, i) => ({ ...p, place: i === 0 ? box(0, 0, 183, 61) : box(61 * (i - 1), 63, 59, 59) })),
    };
    const fit = fitFigureToSize(free, sizes, { widthMm: 183, heightMm: 170 });
    expect(fit.bandMm).toBe(0);
    expect(fit.layout.pageHeightMm).toBe(170);
    const placed = free.panels.map((p, i) => ({ ...p, crop: fit.crops[i], place: fit.places![i] }));
    const l = layoutFigure({ ...free, panels: placed, page: { ...free.page, heightMm: 170 } }, aspects({ ...free, panels: placed }));
    for (const [i, p] of l.panels.entries()) {
      expect(p.wMm).toBeCloseTo(fit.places![i]!.wMm, 6);
      expect(p.hMm).toBeCloseTo(fit.places![i]!.hMm, 6);
    }
    expect(l.panels[3].yMm + l.panels[3].hMm).toBeCloseTo(170, 6);
  });

  it('grid mode is unchanged by places (they only count in free mode)', () => {
    const withPlaces = { ...figure, panels: figure.panels.map((p) => ({ ...p, place: box(1, 1, 5, 5) })) };
    expect(layoutFigure(withPlaces, aspects(figure))).toEqual(layoutFigure(figure, aspects(figure)));
  });
});

describe('floating insets', () => {
  it('an inset with a float sits in its corner of the parent at an integer zoom, and leaves the grid', () => {
    const f = Figure.parse({
      id: 'f',
      name: 'F',
      page: { widthMm: 100, gutterMm: 2 },
      rows: [2],
      panels: [
        { id: 'a', sourceId: 's' },
        { id: 'b', sourceId: 's', insetOf: 'a', crop: { x: 100, y: 100, w: 100, h: 100 }, float: { corner: 'bottom-right', zoom: 2 } },
      ],
    });
    const views = [
      { width: 1000, height: 1000 },
      { width: 100, height: 100 },
    ];
    const l = layoutFigure(f, [1, 1], { viewSizes: views });
    expect(l.panels[0]).toMatchObject({ xMm: 0, wMm: 100, hMm: 100 });
    // Zoom 2 of a 100 px region at 0.1 mm/px = 20 mm, 1 mm from the bottom-right corner.
    expect(l.panels[1]).toMatchObject({ row: -1 });
    expect(l.panels[1].wMm).toBeCloseTo(20, 9);
    expect(l.panels[1].xMm).toBeCloseTo(79, 9);
    expect(l.panels[1].yMm).toBeCloseTo(79, 9);
  });

  it('a zoom that would not fit drops to the largest whole zoom that does', () => {
    const r = floatRect(
      { float: { corner: 'top-left', zoom: 8, marginMm: 1 } },
      box(0, 0, 50, 50),
      1,
      { width: 200, height: 200 },
      { width: 1000, height: 1000 },
    );
    // zoom 1 = 10 mm; 48 mm free → zoom 4.
    expect(r.wMm).toBeCloseTo(40, 9);
    expect(r.xMm).toBe(1);
  });
});
