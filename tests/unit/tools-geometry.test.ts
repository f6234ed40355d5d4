// Annotation geometry through crop/rotate/flip: stored in source px, it stays on the anatomy;
// handles resize in a shape's own rotated frame; nudges follow the screen's axes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, type Annotation, type Point } from '../../src/shared/figure/schema';
import { panelTransform } from '../../src/shared/geometry/transform';
import {
  dragHandle,
  handlesOf,
  keyPoints,
  mapAnnotation,
  translateAnnotation,
  viewDeltaToSource,
} from '../../src/renderer/editor/geometry';

const base = { layer: 'labels' as const, style: DEFAULT_STYLE };
const SHAPES: Annotation[] = [
  {
    ...base,
    id: 'a',
    type: 'arrow',
    points: [
      [10, 20],
      [300, 180],
    ],
    head: 'filled',
    tail: 'none',
  },
  { ...base, id: 'r', type: 'rect', at: [100, 50], size: [80, 40], rotation: 30 },
  { ...base, id: 'e', type: 'ellipse', at: [400, 300], size: [60, 90], rotation: 0 },
  {
    ...base,
    id: 'p',
    type: 'polygon',
    points: [
      [0, 0],
      [50, 10],
      [20, 70],
    ],
    closed: true,
  },
  { ...base, id: 'c', type: 'callout', at: [500, 100], target: [450, 200], text: 'x' },
  { ...base, id: 'n', type: 'number', at: [700, 500], n: 3 },
  {
    ...base,
    id: 'g',
    type: 'measure-angle',
    points: [
      [1, 2],
      [3, 4],
      [5, 7],
    ],
  },
];

// A seeded generator: the same "random" panels every run.
function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('through crop, rotation and flip', () => {
  const W = 1000,
    H = 750;
  const r = rng(7);
  const panels = Array.from({ length: 40 }, () => ({
    crop: r() < 0.3 ? null : { x: r() * 300, y: r() * 200, w: 200 + r() * 500, h: 150 + r() * 400 },
    rotation: [0, 90, 180, 270, 33.5, -12.25][Math.floor(r() * 6)],
    flipH: r() < 0.5,
    flipV: r() < 0.5,
  }));

  it('a point placed on screen is stored so that it maps back to the same screen point', () => {
    for (const p of panels) {
      const t = panelTransform(p, W, H);
      for (const v of [
        [0, 0],
        [t.viewWidth / 3, t.viewHeight / 2],
        [t.viewWidth, t.viewHeight],
      ] as Point[]) {
        const back = t.toView(t.fromView(v));
        expect(back[0]).toBeCloseTo(v[0], 6);
        expect(back[1]).toBeCloseTo(v[1], 6);
      }
    }
  });

  it('changing the crop, rotation or flip does not change stored geometry; each shape stays on its source pixels', () => {
    for (const a of SHAPES) {
      for (let i = 1; i < panels.length; i++) {
        const t0 = panelTransform(panels[i - 1], W, H);
        const t1 = panelTransform(panels[i], W, H);
        // Whatever is drawn where the shape is on one view is the same source pixel on the other.
        for (const k of keyPoints(a)) {
          const s0 = t0.fromView(t0.toView(k));
          const s1 = t1.fromView(t1.toView(k));
          expect(s0[0]).toBeCloseTo(s1[0], 6);
          expect(s0[1]).toBeCloseTo(s1[1], 6);
        }
      }
    }
  });

  it('an arrow-key nudge moves the shape along the screen axis on any panel', () => {
    for (const p of panels) {
      const t = panelTransform(p, W, H);
      for (const [dx, dy] of [
        [1, 0],
        [0, -10],
        [-10, 0],
      ]) {
        const [sx, sy] = viewDeltaToSource(t.fromView, dx, dy);
        const a = SHAPES[0] as Extract<Annotation, { type: 'arrow' }>;
        const moved = translateAnnotation(a, sx, sy) as typeof a;
        const v0 = t.toView(a.points[0]);
        const v1 = t.toView(moved.points[0]);
        expect(v1[0] - v0[0]).toBeCloseTo(dx, 6);
        expect(v1[1] - v0[1]).toBeCloseTo(dy, 6);
      }
    }
  });

  it('translate then translate back is the identity for every type', () => {
    for (const a of SHAPES) expect(translateAnnotation(translateAnnotation(a, 12.5, -7), -12.5, 7)).toEqual(a);
  });
});

describe('handles', () => {
  it('resizing a rotated rectangle keeps the opposite corner where it was', () => {
    const rect = SHAPES[1] as Extract<Annotation, { type: 'rect' }>;
    const before = keyPoints(rect); // TL, TR, BR, BL
    const se = handlesOf(rect, 20).find((h) => h.id === 'se')!;
    const out = dragHandle(rect, 'se', [se.at[0] + 25, se.at[1] + 10], false) as typeof rect;
    const after = keyPoints(out);
    expect(after[0][0]).toBeCloseTo(before[0][0], 9);
    expect(after[0][1]).toBeCloseTo(before[0][1], 9);
    expect(out.rotation).toBe(30);
    expect(out.size[0]).not.toBeCloseTo(rect.size[0], 3);
  });
  it('an edge handle changes one side only; shift on a corner keeps the aspect ratio', () => {
    const rect: Extract<Annotation, { type: 'rect' }> = { ...base, id: 'q', type: 'rect', at: [0, 0], size: [100, 50], rotation: 0 };
    expect(dragHandle(rect, 'e', [160, 999], false)).toMatchObject({ at: [0, 0], size: [160, 50] });
    const k = dragHandle(rect, 'se', [300, 60], true) as typeof rect;
    expect(k.size[0] / k.size[1]).toBeCloseTo(2, 9);
    expect(k.at).toEqual([0, 0]);
  });
  it('vertex handles move one point; shift snaps it to 45° around its neighbour', () => {
    const a = SHAPES[0] as Extract<Annotation, { type: 'arrow' }>;
    const out = dragHandle(a, 'v1', [200, 30], true) as typeof a;
    expect(out.points[0]).toEqual(a.points[0]);
    const [dx, dy] = [out.points[1][0] - a.points[0][0], out.points[1][1] - a.points[0][1]];
    expect(Math.abs(Math.atan2(dy, dx) % (Math.PI / 4))).toBeCloseTo(0, 9);
  });
  it('a callout moves its label or its target alone', () => {
    const c = SHAPES[4] as Extract<Annotation, { type: 'callout' }>;
    expect(dragHandle(c, 'target', [1, 2], false)).toMatchObject({ at: c.at, target: [1, 2] });
    expect(dragHandle(c, 'at', [3, 4], false)).toMatchObject({ at: [3, 4], target: c.target });
  });
  it('a freehand stroke scales inside its bounding box', () => {
    const f: Annotation = {
      ...base,
      id: 'f',
      type: 'freehand',
      points: [
        [0, 0],
        [10, 5],
        [20, 10],
      ],
    };
    const out = dragHandle(f, 'se', [40, 20], false) as typeof f;
    expect(out.points).toEqual([
      [0, 0],
      [20, 10],
      [40, 20],
    ]);
  });
  it('a uniform map scales boxes about their centre', () => {
    const e = SHAPES[2] as Extract<Annotation, { type: 'ellipse' }>;
    const out = mapAnnotation(e, (p) => [p[0] * 2, p[1] * 2], 2) as typeof e;
    expect(out.size).toEqual([120, 180]);
    expect(out.at[0] + out.size[0] / 2).toBeCloseTo((e.at[0] + e.size[0] / 2) * 2, 9);
  });
});
