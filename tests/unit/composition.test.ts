// Composition commands (order, duplicate, inset, remove, sync, grid) and the panel transform
// composed with annotation geometry (crop → flips → rotation), including straighten maths.
import { describe, it, expect, vi } from 'vitest';
import { Figure, Panel, Display } from '../../src/shared/figure/schema';
import { newProject } from '../../src/shared/figure/factory';
import { layoutFigure } from '../../src/shared/figure/layout';
import { letterFor } from '../../src/shared/figure/letters';
import { panelTransform, type Vec } from '../../src/shared/geometry/transform';
import {
  movePanel,
  duplicatePanel,
  makeInset,
  removePanelKeepingInsets,
  syncDisplay,
  setGrid,
  setRows,
  parseRows,
  setPanelLetter,
  defaultInsetCrop,
} from '../../src/renderer/editor/panel-commands';
// The crop tool reads image sizes from the renderer's cache, which needs a browser window.
vi.mock('../../src/renderer/imaging/panel-images', () => ({ infoOf: () => undefined }));

import { straightenRotation } from '../../src/renderer/tools/straighten';
import { cropFromDrag } from '../../src/renderer/tools/crop';

function project(n: number, rows?: number[]) {
  const fig = Figure.parse({
    id: 'f',
    name: 'F',
    page: { widthMm: 183 },
    rows: rows ?? [n],
    panels: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, sourceId: `s${i}` })),
  });
  return newProject(fig);
}
const ids = (p: ReturnType<typeof project>) => p.figures[0].panels.map((x) => x.id);
let seq = 0;
const nextId = () => `n${++seq}`;

describe('panel commands', () => {
  it('move reorders panels and letters follow layout order; the grid keeps its shape', () => {
    const p = project(4, [2, 2]);
    const q = movePanel('f', 'p3', 0)(p);
    expect(ids(q)).toEqual(['p3', 'p0', 'p1', 'p2']);
    expect(q.figures[0].rows).toEqual([2, 2]);
    expect(letterFor(q.figures[0], 0)).toBe('A');
    expect(q.figures[0].panels[0].id).toBe('p3');
    // No-op moves return the same project (no empty undo step).
    expect(movePanel('f', 'p0', 0)(p)).toBe(p);
    expect(movePanel('f', 'nope', 1)(p)).toBe(p);
  });

  it('duplicate inserts a copy after the original with new ids, in the same row', () => {
    const base = project(4, [2, 2]);
    const withNote = {
      ...base,
      figures: [
        {
          ...base.figures[0],
          panels: base.figures[0].panels.map((x, i) =>
            i === 0
              ? {
                  ...x,
                  letter: 'X',
                  annotations: [
                    {
                      id: 'a',
                      type: 'line',
                      layer: 'labels',
                      style: {
                        color: '#ffffff',
                        strokePt: 1,
                        fontPt: 8,
                        halo: false,
                        haloColor: '#000000',
                        opacity: 1,
                        fill: null,
                        bold: false,
                      },
                      points: [
                        [0, 0],
                        [1, 1],
                      ],
                    } as Panel['annotations'][number],
                  ],
                }
              : x,
          ),
        },
      ],
    };
    const q = duplicatePanel('f', 'p0', nextId)(withNote);
    const f = q.figures[0];
    expect(f.panels).toHaveLength(5);
    expect(f.panels[1].sourceId).toBe('s0');
    expect(f.panels[1].id).not.toBe('p0');
    expect(f.panels[1].annotations[0].id).not.toBe('a');
    expect(f.panels[1].letter).toBeNull();
    expect(f.rows).toEqual([3, 2]);
    expect(Figure.safeParse(f).success).toBe(true);
  });

  it('make inset: same source, central third by default, after the parent, outlined on the root', () => {
    const p = project(2);
    const q = makeInset('f', 'p0', { width: 300, height: 150 }, nextId)(p);
    const f = q.figures[0];
    expect(f.panels.map((x) => x.insetOf)).toEqual([null, 'p0', null]);
    expect(f.panels[1]).toMatchObject({ sourceId: 's0', crop: { x: 100, y: 50, w: 100, h: 50 } });
    expect(f.rows).toEqual([3]);
    // An inset of the inset still points at the root image, placed after the first inset.
    const r = makeInset('f', f.panels[1].id, { width: 300, height: 150 }, nextId)(q).figures[0];
    expect(r.panels.map((x) => x.insetOf)).toEqual([null, 'p0', 'p0', null]);
    expect(r.panels[2].crop).toEqual(defaultInsetCrop(f.panels[1], { width: 300, height: 150 }));
  });

  it('remove shrinks its row and turns its insets into plain panels', () => {
    const p = makeInset('f', 'p0', { width: 300, height: 150 }, nextId)(project(4, [2, 2]));
    expect(p.figures[0].rows).toEqual([3, 2]);
    const q = removePanelKeepingInsets('f', 'p0')(p).figures[0];
    expect(q.panels).toHaveLength(4);
    expect(q.panels.every((x) => x.insetOf === null)).toBe(true);
    expect(q.rows).toEqual([2, 2]);
    expect(removePanelKeepingInsets('f', 'p3')(project(4, [3, 1])).figures[0].rows).toEqual([3]);
  });

  it('sync copies tone or window settings to the selected panels only', () => {
    const base = project(3);
    const src: Display = Display.parse({
      brightness: 0.2,
      contrast: -0.1,
      gamma: 1.4,
      saturation: 0.5,
      window: { center: 40, width: 400 },
      grayscale: true,
    });
    const p = {
      ...base,
      figures: [{ ...base.figures[0], panels: base.figures[0].panels.map((x, i) => (i === 0 ? { ...x, display: src } : x)) }],
    };
    const tone = syncDisplay('f', 'p0', ['p1'], 'tone')(p).figures[0];
    expect(tone.panels[1].display).toMatchObject({
      brightness: 0.2,
      contrast: -0.1,
      gamma: 1.4,
      saturation: 0.5,
      grayscale: true,
      window: null,
    });
    expect(tone.panels[2].display).toEqual(Display.parse({}));
    const all = syncDisplay('f', 'p0', ['p1', 'p2'], 'all')(p).figures[0];
    expect(all.panels[2].display).toEqual(src);
    expect(syncDisplay('f', 'p0', ['p0'])(p)).toBe(p);
  });

  it('grids and free rows are repaired to the panel count', () => {
    const p = project(4);
    expect(setGrid('f', 2, 2)(p).figures[0].rows).toEqual([2, 2]);
    expect(setGrid('f', 4, 4)(p).figures[0].rows).toEqual([4]);
    expect(setGrid('f', 1, 4)(p).figures[0].rows).toEqual([1, 1, 1, 1]);
    expect(setRows('f', [3, 1])(p).figures[0].rows).toEqual([3, 1]);
    expect(setRows('f', [1])(p).figures[0].rows.reduce((a, b) => a + b)).toBe(4);
    expect(() => setGrid('f', 5, 1)(p)).toThrow(/1–4/);
    expect(parseRows('3, 2')).toEqual([3, 2]);
    expect(parseRows('3 x')).toBeNull();
    expect(parseRows('9')).toBeNull();
  });

  it('letter override and back to automatic', () => {
    const p = setPanelLetter('f', 'p1', 'B′')(project(2));
    expect(letterFor(p.figures[0], 1)).toBe('B′');
    expect(letterFor(setPanelLetter('f', 'p1', '')(p).figures[0], 1)).toBe('B');
  });

  it('equal heights across a row; page height fits content with 183 mm width', () => {
    const f = project(4, [2, 2]).figures[0];
    const l = layoutFigure(f, [1.5, 1, 0.75, 1]);
    expect(l.panels[0].hMm).toBeCloseTo(l.panels[1].hMm, 9);
    expect(l.panels[0].wMm + l.panels[1].wMm + f.page.gutterMm).toBeCloseTo(183, 9);
  });
});

describe('transform composed with annotation geometry', () => {
  const geom = (p: Partial<Panel>) => ({ crop: null, rotation: 0, flipH: false, flipV: false, ...p });
  const close = (a: Vec, b: Vec) => {
    expect(a[0]).toBeCloseTo(b[0], 9);
    expect(a[1]).toBeCloseTo(b[1], 9);
  };

  it('crop shifts, flips mirror about the crop centre, 90° steps swap axes', () => {
    const crop = { x: 10, y: 20, w: 100, h: 60 };
    close(panelTransform(geom({ crop }), 500, 400).toView([10, 20]), [0, 0]);
    close(panelTransform(geom({ crop, flipH: true }), 500, 400).toView([10, 20]), [100, 0]);
    close(panelTransform(geom({ crop, flipV: true }), 500, 400).toView([10, 20]), [0, 60]);
    const r90 = panelTransform(geom({ crop, rotation: 90 }), 500, 400);
    expect([r90.viewWidth, r90.viewHeight]).toEqual([60, 100]);
    // Top-left of the crop goes to the top-right of the view after a clockwise quarter turn.
    close(r90.toView([10, 20]), [60, 0]);
    const r270 = panelTransform(geom({ crop, rotation: 270 }), 500, 400);
    close(r270.toView([10, 20]), [0, 100]);
  });

  it('flip then rotate is not rotate then flip: flipH + 90° maps the crop origin to the view origin', () => {
    const crop = { x: 0, y: 0, w: 100, h: 60 };
    // Flip first: TL → TR (100, 0); then 90° cw: TR of a 100×60 box → BR of the 60×100 view.
    close(panelTransform(geom({ crop, flipH: true, rotation: 90 }), 100, 60).toView([0, 0]), [60, 100]);
  });

  it('annotation points round-trip through any geometry (source → view → source)', () => {
    const pts: Vec[] = [
      [0, 0],
      [123.5, 77.25],
      [640, 480],
      [-5, 900],
    ];
    for (const rotation of [0, 90, 180, 270, 17.5, -33])
      for (const flipH of [false, true])
        for (const flipV of [false, true]) {
          const t = panelTransform(geom({ crop: { x: 30, y: 40, w: 300, h: 200 }, rotation, flipH, flipV }), 640, 480);
          for (const p of pts) close(t.fromView(t.toView(p)), p);
        }
  });

  it('distances along annotations are preserved (rigid transform: no scale, no skew)', () => {
    const t = panelTransform(geom({ crop: { x: 30, y: 40, w: 300, h: 200 }, rotation: 23, flipV: true }), 640, 480);
    const a = t.toView([50, 60]);
    const b = t.toView([250, 160]);
    expect(Math.hypot(b[0] - a[0], b[1] - a[1])).toBeCloseTo(Math.hypot(200, 100), 9);
  });

  it('an odd angle: crop polygon corners are the crop corners and touch the view box', () => {
    const t = panelTransform(geom({ crop: { x: 0, y: 0, w: 200, h: 100 }, rotation: 30 }), 200, 100);
    const xs = t.cropPolygon.map((p) => p[0]);
    const ys = t.cropPolygon.map((p) => p[1]);
    expect(Math.min(...xs)).toBeCloseTo(0, 9);
    expect(Math.max(...xs)).toBeCloseTo(t.viewWidth, 9);
    expect(Math.min(...ys)).toBeCloseTo(0, 9);
    expect(Math.max(...ys)).toBeCloseTo(t.viewHeight, 9);
  });
});

describe('straighten and crop tool maths', () => {
  const geom = (p: Partial<Panel>) => ({ crop: null, rotation: 0, flipH: false, flipV: false, ...p });
  const viewAngle = (p: ReturnType<typeof geom>, a: Vec, b: Vec) => {
    const t = panelTransform(p, 1000, 1000);
    const [x0, y0] = t.toView(a);
    const [x1, y1] = t.toView(b);
    return (Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI;
  };

  it('a line drawn along a tilted horizon ends horizontal in the view', () => {
    for (const start of [geom({}), geom({ rotation: 90 }), geom({ flipH: true }), geom({ rotation: 10, flipV: true })]) {
      // A horizon tilted by 7° in the source.
      const a: Vec = [100, 500];
      const b: Vec = [900, 500 + 800 * Math.tan((7 * Math.PI) / 180)];
      const rotation = straightenRotation(start, a, b);
      const ang = viewAngle({ ...start, rotation }, a, b);
      // Horizontal or vertical (the nearer one), whichever way the line was drawn.
      expect(Math.abs(Math.sin((ang * Math.PI) / 90))).toBeLessThan(1e-9);
      // The smallest correction: never more than 45° from where it was.
      const delta = ((rotation - start.rotation + 540) % 360) - 180;
      expect(Math.abs(delta)).toBeLessThanOrEqual(45);
    }
  });

  it('a near-vertical line becomes vertical', () => {
    const start = geom({});
    const rotation = straightenRotation(start, [500, 100], [530, 900]);
    expect(Math.abs(viewAngle({ ...start, rotation }, [500, 100], [530, 900]))).toBeCloseTo(90, 9);
  });

  it('crop from a drag: corners in any order, clamped to the image, fixed ratio in view terms', () => {
    expect(cropFromDrag([300, 200], [100, 50], { width: 1000, height: 800 }, null, geom({}))).toEqual({ x: 100, y: 50, w: 200, h: 150 });
    expect(cropFromDrag([-50, -10], [100, 50], { width: 1000, height: 800 }, null, geom({}))).toEqual({ x: 0, y: 0, w: 100, h: 50 });
    // 1:1 keeps the smaller side.
    expect(cropFromDrag([100, 100], [400, 200], { width: 1000, height: 800 }, 1, geom({}))).toEqual({ x: 100, y: 100, w: 100, h: 100 });
    // 4:3 in the view of a panel turned 90°: the source crop is 3 wide × 4 high.
    const c = cropFromDrag([100, 100], [500, 500], { width: 1000, height: 800 }, 4 / 3, geom({ rotation: 90 }))!;
    const t = panelTransform(geom({ rotation: 90, crop: c }), 1000, 800);
    expect(t.viewWidth / t.viewHeight).toBeCloseTo(4 / 3, 9);
    // Too small to be a crop.
    expect(cropFromDrag([100, 100], [101, 140], { width: 1000, height: 800 }, null, geom({}))).toBeNull();
  });
});
