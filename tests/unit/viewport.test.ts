// Viewport maths of the figure canvas (src/renderer/canvas/viewport.ts).
import { describe, it, expect } from 'vitest';
import {
  actualZoom,
  clampPan,
  fitRectView,
  fitView,
  FIT_PAD,
  pageOnScreen,
  pageToScreen,
  pageToSource,
  screenToPage,
  sourceToPage,
  zoomAt,
  zoomPercent,
  unionRects,
  MAX_ZOOM,
} from '../../src/renderer/canvas/viewport';
import { panelTransform } from '../../src/shared/geometry/transform';

describe('fit', () => {
  it('shows the whole page centred with the pad, limited by the tighter side', () => {
    const stage = { width: 928, height: 780 };
    const v = fitView({ width: 183, height: 240 }, stage);
    const r = pageOnScreen(v, { width: 183, height: 240 });
    // Height-limited: exactly the pad above and below.
    expect(r.y).toBeCloseTo(FIT_PAD);
    expect(r.y + r.height).toBeCloseTo(stage.height - FIT_PAD);
    expect(r.x).toBeGreaterThan(FIT_PAD);
    expect(r.x + r.width / 2).toBeCloseTo(stage.width / 2);
  });

  it('is a function of page and stage only: the same inputs give the same view', () => {
    expect(fitView({ width: 183, height: 120 }, { width: 900, height: 700 })).toEqual(
      fitView({ width: 183, height: 120 }, { width: 900, height: 700 }),
    );
  });

  it('fits a rectangle and refuses an empty one', () => {
    const v = fitRectView({ x: 10, y: 20, width: 50, height: 50 }, { width: 500, height: 500 }, 0);
    expect(v.zoom).toBe(10);
    expect(pageToScreen(v, [35, 45])).toEqual([250, 250]);
    expect(() => fitRectView({ x: 0, y: 0, width: 0, height: 5 }, { width: 5, height: 5 })).toThrow();
  });
});

describe('zoom', () => {
  it('zooming at a point keeps the page point under it', () => {
    const v = { zoom: 3, x: 40, y: -20 };
    const at = { x: 317, y: 211 };
    const before = screenToPage(v, [at.x, at.y]);
    const z = zoomAt(v, 1.7, at);
    expect(z.zoom).toBeCloseTo(5.1);
    const after = screenToPage(z, [at.x, at.y]);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });

  it('is clamped', () => {
    expect(zoomAt({ zoom: 1000, x: 0, y: 0 }, 10, { x: 0, y: 0 }).zoom).toBe(MAX_ZOOM);
  });

  it('100 % is one source px per screen px, and the label then reads 100', () => {
    // A 512 px wide CT slice printed 90 mm wide.
    const mmPerPx = 90 / 512;
    const z = actualZoom(mmPerPx);
    expect(90 * z).toBeCloseTo(512);
    expect(zoomPercent(z, mmPerPx)).toBeCloseTo(100);
  });

  it('100 % is not smaller than Fit for a 183 mm four-panel page in a 1440×900 window', () => {
    // Canvas area of the app at 1440×900: 1440 − 224 − 288 px wide, about 780 px high.
    const fit = fitView({ width: 183, height: 150 }, { width: 928, height: 780 });
    // Each panel ~90 mm wide; a 512 px CT slice, a 2048 px photo preview of a 4000 px source.
    for (const srcPx of [512, 1024, 4000]) expect(actualZoom(90 / srcPx)).toBeGreaterThanOrEqual(fit.zoom);
  });
});

describe('pan limits', () => {
  const page = { width: 100, height: 80 };
  const stage = { width: 800, height: 600 };
  it('keep part of the page on screen however far it is dragged', () => {
    const v = clampPan({ zoom: 4, x: -10000, y: 10000 }, page, stage, 48);
    const r = pageOnScreen(v, page);
    expect(r.x + r.width).toBeCloseTo(48);
    expect(r.y).toBeCloseTo(stage.height - 48);
  });
  it('leave a view that shows the page alone', () => {
    const v = { zoom: 4, x: 100, y: 50 };
    expect(clampPan(v, page, stage)).toEqual(v);
  });
});

describe('pointer mapping', () => {
  it('screen → page → source and back, through a rotated, flipped, cropped panel', () => {
    const panel = { crop: { x: 20, y: 10, w: 100, h: 50 }, rotation: 90, flipH: true, flipV: false };
    const t = panelTransform(panel as Parameters<typeof panelTransform>[0], 400, 300);
    const pl = { rect: { xMm: 12, yMm: 30 }, mmPerViewPx: 0.5, toView: t.toView, fromView: t.fromView } as Parameters<
      typeof pageToSource
    >[0];
    const v = { zoom: 3.2, x: 15, y: -40 };
    const src: [number, number] = [40, 20];
    // Hand-computed in scene-composition.test.ts: source (40, 20) → view (40, 80).
    const page = sourceToPage(pl, src);
    expect(page[0]).toBeCloseTo(12 + 40 * 0.5);
    expect(page[1]).toBeCloseTo(30 + 80 * 0.5);
    const screen = pageToScreen(v, page);
    const back = pageToSource(pl, screenToPage(v, screen));
    expect(back[0]).toBeCloseTo(40);
    expect(back[1]).toBeCloseTo(20);
  });

  it('union of rectangles', () => {
    expect(unionRects([])).toBeNull();
    expect(
      unionRects([
        { x: 0, y: 5, width: 2, height: 2 },
        { x: -1, y: 6, width: 1, height: 4 },
      ]),
    ).toEqual({ x: -1, y: 5, width: 3, height: 5 });
  });
});
