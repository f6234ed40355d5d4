// What an annotation type knows about itself (tldraw's ShapeUtil is the model): how its points
// map (move, paste, scale), its defining points (bounds, hit tests), the handles it shows when
// selected and what dragging one does, and its measurement. One module per type in ./types;
// families that share behaviour (point lists, boxes, anchored marks) are built here. The
// drawing stays in src/scene (one renderer for screen and export).
import type { Annotation, Calibration, Point } from '../figure/schema';
import type { Measurement } from '../calibration/measure';
import { boundsOf, boxHandles, BOX_HANDLES, resizeBox, rotateVec, snap45, type Handle } from './core';

export interface AnnotationUtil<T extends Annotation = Annotation> {
  type: T['type'];
  /** Every point through `f`; `k` scales sizes, so a uniform map keeps the shape. */
  map(a: T, f: (p: Point) => Point, k: number): T;
  /** The points that define it (box corners for boxes, rotation included). */
  keyPoints(a: T): Point[];
  /** Handles when selected; `rotateOffset` (source px) places a rotate handle above a box. */
  handles(a: T, rotateOffset: number): Handle[];
  /** What dragging handle `id` to `p` makes of it (Shift constrains). */
  dragHandle(a: T, id: string, p: Point, shift: boolean): T;
  /** Its measurement (measure-* types only). */
  measure?(a: T, cal: Calibration | null): Measurement;
}

/** Vertex handles beyond this many points would hide the shape; such shapes scale instead. */
export const MAX_VERTEX_HANDLES = 64;

type PointShape = Extract<Annotation, { points: Point[] | [Point, Point] | [Point, Point, Point] }>;

/** Shapes made of a list of points (arrow, line, polygon, freehand, measurements). */
export function pointsUtil<K extends PointShape['type']>(
  type: K,
  opts: { vertexHandles: boolean; measure?: AnnotationUtil<Extract<Annotation, { type: K }>>['measure'] },
): AnnotationUtil<Extract<Annotation, { type: K }>> {
  type T = PointShape;
  const map = (a: T, f: (p: Point) => Point): T => ({ ...a, points: a.points.map(f) }) as T;
  const util: AnnotationUtil<T> = {
    type,
    map,
    keyPoints: (a) => [...a.points],
    handles: (a) =>
      opts.vertexHandles && a.points.length <= MAX_VERTEX_HANDLES
        ? a.points.map((p, i) => ({ id: `v${i}`, kind: 'vertex', at: p }))
        : boxHandles(boundsOf(a.points), 0, null),
    dragHandle(a, id, p, shift) {
      if (id.startsWith('v')) {
        const i = Number(id.slice(1));
        const pts = [...a.points] as Point[];
        // Shift snaps the dragged vertex to 45° around its neighbour.
        const neighbour = pts[i === 0 ? 1 : i - 1];
        pts[i] = shift && neighbour ? snap45(neighbour, p) : p;
        return { ...a, points: pts } as T;
      }
      if (id in BOX_HANDLES) {
        // With a bounding box, all points scale inside it.
        const b = boundsOf(a.points);
        const r = resizeBox(b, 0, id, p, shift);
        const fx = b.w ? r.w / b.w : 1;
        const fy = b.h ? r.h / b.h : 1;
        return map(a, (q) => [r.x + (q[0] - b.x) * fx, r.y + (q[1] - b.y) * fy]);
      }
      return a;
    },
    measure: opts.measure as AnnotationUtil<T>['measure'],
  };
  return util as unknown as AnnotationUtil<Extract<Annotation, { type: K }>>;
}

type BoxShape = Extract<Annotation, { type: 'rect' | 'ellipse' | 'redaction' }>;
const rotationOf = (a: BoxShape) => (a.type === 'redaction' ? 0 : a.rotation);

/** Boxes (rectangle, ellipse, redaction): `rotates` adds the rotate handle. */
export function boxUtil<K extends BoxShape['type']>(type: K, rotates: boolean): AnnotationUtil<Extract<Annotation, { type: K }>> {
  type T = BoxShape;
  const util: AnnotationUtil<T> = {
    type,
    map(a, f, k) {
      // Map the centre, so rotated boxes stay put under a uniform scale.
      const c = f([a.at[0] + a.size[0] / 2, a.at[1] + a.size[1] / 2]);
      const size: [number, number] = [a.size[0] * k, a.size[1] * k];
      return { ...a, at: [c[0] - size[0] / 2, c[1] - size[1] / 2], size };
    },
    keyPoints(a) {
      const rot = rotationOf(a);
      const c: Point = [a.at[0] + a.size[0] / 2, a.at[1] + a.size[1] / 2];
      return (
        [
          [-1, -1],
          [1, -1],
          [1, 1],
          [-1, 1],
        ] as Point[]
      ).map(([sx, sy]) => {
        const v = rotateVec([(sx * a.size[0]) / 2, (sy * a.size[1]) / 2], rot);
        return [c[0] + v[0], c[1] + v[1]] as Point;
      });
    },
    handles: (a, rotateOffset) =>
      boxHandles({ x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] }, rotationOf(a), rotates ? rotateOffset : null),
    dragHandle(a, id, p, shift) {
      if (id === 'rotate' && rotates && a.type !== 'redaction') {
        const c: Point = [a.at[0] + a.size[0] / 2, a.at[1] + a.size[1] / 2];
        let deg = (Math.atan2(p[1] - c[1], p[0] - c[0]) * 180) / Math.PI + 90;
        if (shift) deg = Math.round(deg / 15) * 15;
        deg = (((deg % 360) + 540) % 360) - 180;
        return { ...a, rotation: Math.abs(deg) < 1e-9 ? 0 : deg };
      }
      if (id in BOX_HANDLES) {
        const r = resizeBox({ x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] }, rotationOf(a), id, p, shift);
        return { ...a, at: [r.x, r.y], size: [r.w, r.h] };
      }
      return a;
    },
  };
  return util as unknown as AnnotationUtil<Extract<Annotation, { type: K }>>;
}

type Anchored = Extract<Annotation, { type: 'text' | 'marker' | 'number' }>;

/** Marks placed at one point (text, marker, number): moved, never resized by handles. */
export function anchorUtil<K extends Anchored['type']>(type: K): AnnotationUtil<Extract<Annotation, { type: K }>> {
  const util: AnnotationUtil<Anchored> = {
    type,
    map: (a, f) => ({ ...a, at: f(a.at) }),
    keyPoints: (a) => [a.at],
    handles: () => [],
    dragHandle: (a) => a,
  };
  return util as unknown as AnnotationUtil<Extract<Annotation, { type: K }>>;
}
