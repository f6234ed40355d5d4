// paintBounds (src/scene/paint-bounds.ts) says where a scene node can paint: the screen redraws
// only those rectangles after an edit, so a pixel a node paints outside its bounds would be left
// stale on screen. Every annotation type is drawn alone (headless Konva, as exports draw) with
// thick strokes, halos, sharp joins and turned frames, and every pixel it paints must lie inside
// its painted bounds (plus the one pixel of antialiasing the region draw adds).
import { describe, it, expect, beforeAll } from 'vitest';
import Konva from 'konva';
import { prepareHeadless } from '../../src/services/export/render-figure';
import { annotationNodes, type ShapeContext } from '../../src/scene/shapes';
import { paintBounds } from '../../src/scene/paint-bounds';
import { DEFAULT_STYLE, type Annotation, type Point } from '../../src/shared/figure/schema';

beforeAll(() => prepareHeadless());

const W = 520;
const style = { ...DEFAULT_STYLE, strokePt: 4, fontPt: 14, halo: true, fill: '#3366ff' };
const base = { layer: 'labels' as const, style };
const annotations: Annotation[] = [
  {
    ...base,
    id: 'arrow',
    type: 'arrow',
    points: [
      [40, 40],
      [150, 90],
    ],
    head: 'filled',
    tail: 'dot',
  },
  {
    ...base,
    id: 'open',
    type: 'arrow',
    points: [
      [150, 40],
      [60, 120],
    ],
    head: 'open',
    tail: 'none',
  },
  {
    ...base,
    id: 'line',
    type: 'line',
    points: [
      [30, 150],
      [160, 140],
    ],
  },
  { ...base, id: 'text', type: 'text', at: [60, 60], text: 'Wjgy Åq\nsecond line', rotation: 0 },
  { ...base, id: 'callout', type: 'callout', at: [40, 120], target: [150, 40], text: 'calcified' },
  { ...base, id: 'rect', type: 'rect', at: [60, 60], size: [80, 30], rotation: 33 },
  { ...base, id: 'ellipse', type: 'ellipse', at: [50, 50], size: [90, 40], rotation: -20 },
  // An acute angle: a mitred join would reach far past the points (the shapes use round joins).
  {
    ...base,
    id: 'polygon',
    type: 'polygon',
    points: [
      [40, 40],
      [160, 60],
      [40, 52],
    ],
    closed: true,
  },
  {
    ...base,
    id: 'freehand',
    type: 'freehand',
    points: [
      [30, 30],
      [90, 160],
      [120, 20],
      [170, 150],
    ],
  },
  { ...base, id: 'star', type: 'marker', at: [100, 100], shape: 'star', sizePt: 24, rotation: 10 },
  { ...base, id: 'asterisk', type: 'marker', at: [100, 100], shape: 'asterisk', sizePt: 24, rotation: 0 },
  { ...base, id: 'head', type: 'marker', at: [100, 100], shape: 'arrowhead', sizePt: 24, rotation: 45 },
  { ...base, id: 'number', type: 'number', at: [100, 100], n: 12 },
  {
    ...base,
    id: 'length',
    type: 'measure-length',
    points: [
      [30, 40],
      [150, 150],
    ],
  },
  {
    ...base,
    id: 'angle',
    type: 'measure-angle',
    points: [
      [30, 150],
      [100, 40],
      [170, 150],
    ],
  },
  {
    ...base,
    id: 'area',
    type: 'measure-area',
    points: [
      [40, 40],
      [160, 50],
      [100, 160],
    ],
  },
  { id: 'redaction', type: 'redaction', layer: 'redactions', style, at: [50, 50], size: [60, 40] },
] as Annotation[];

/** A panel frame like the scene's: a view group (turned, scaled) holding a source group. */
function frame(rotation: number) {
  const layer = new Konva.Layer();
  layer.getCanvas().setSize(W, W);
  const view = new Konva.Group({ x: 20, y: 20, scaleX: 1.2, scaleY: 1.2 });
  // Flipped and turned about the middle of the shapes, as a panel's source group can be.
  const source = new Konva.Group({ x: 200, y: 200, offsetX: 100, offsetY: 100, rotation, scaleX: 1.1, scaleY: -1.1 });
  view.add(source);
  layer.add(view);
  const m = source.getTransform();
  const k: ShapeContext = {
    pxPerMm: 3,
    toView: (p: Point) => {
      const q = m.point({ x: p[0], y: p[1] });
      return [q.x, q.y];
    },
    measureLabel: () => '12.5 mm',
  };
  return { layer, view, source, k };
}

describe('paintBounds', () => {
  for (const rotation of [0, 37])
    for (const a of annotations)
      it(`holds every pixel ${a.id} paints (frame turned ${rotation}°)`, () => {
        const { layer, view, source, k } = frame(rotation);
        const nodes = annotationNodes(a, k);
        nodes.geometry.forEach((n) => source.add(n as Konva.Shape));
        nodes.overlay.forEach((n) => view.add(n as Konva.Shape));
        const all = [...nodes.geometry, ...nodes.overlay];
        expect(all.length).toBeGreaterThan(0);
        layer.draw();
        const ctx = (layer.getCanvas()._canvas as unknown as HTMLCanvasElement).getContext('2d')!;
        const px = ctx.getImageData(0, 0, W, W).data;
        const boxes = all.map(paintBounds);
        const inside = (x: number, y: number) =>
          boxes.some((b) => x + 1 >= b.x - 1 && x <= b.x + b.width + 1 && y + 1 >= b.y - 1 && y <= b.y + b.height + 1);
        let painted = 0;
        const outside: [number, number][] = [];
        for (let y = 0; y < W; y++)
          for (let x = 0; x < W; x++) {
            if (!px[(y * W + x) * 4 + 3]) continue;
            painted++;
            if (!inside(x, y)) outside.push([x, y]);
          }
        expect(painted).toBeGreaterThan(20);
        expect(outside.slice(0, 5)).toEqual([]);
        // Not absurdly loose either: the boxes stay within the canvas's order of size.
        for (const b of boxes) expect(b.width * b.height).toBeLessThan(W * W);
      });
});
