// Pure geometry of annotations in their panel's source pixels: moving, mapping, bounds,
// the handles a selected shape shows, and what dragging a handle does. No Konva, no DOM.
import type { Annotation, Point } from '../../shared/figure/schema';

export type Rect = { x: number; y: number; w: number; h: number };

const rad = (deg: number) => (deg * Math.PI) / 180;
export function rotateVec([x, y]: Point, deg: number): Point {
  const c = Math.cos(rad(deg));
  const s = Math.sin(rad(deg));
  return [x * c - y * s, x * s + y * c];
}

/** Shift snaps a direction to 0/45/90°. */
export function snap45(from: Point, to: Point): Point {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const len = Math.hypot(dx, dy);
  const ang = Math.round(Math.atan2(dy, dx) / (Math.PI / 4)) * (Math.PI / 4);
  return [from[0] + Math.cos(ang) * len, from[1] + Math.sin(ang) * len];
}

/**
 * Applies a point map to every point of an annotation; `k` scales sizes (rect/ellipse box)
 * so a uniform map (translate, paste into a bigger panel) keeps the shape.
 */
export function mapAnnotation(a: Annotation, f: (p: Point) => Point, k = 1): Annotation {
  switch (a.type) {
    case 'arrow':
    case 'line':
      return { ...a, points: [f(a.points[0]), f(a.points[1])] };
    case 'measure-angle':
      return { ...a, points: [f(a.points[0]), f(a.points[1]), f(a.points[2])] };
    case 'polygon':
    case 'freehand':
    case 'measure-length':
    case 'measure-area':
      return { ...a, points: a.points.map(f) } as Annotation;
    case 'callout':
      return { ...a, at: f(a.at), target: f(a.target) };
    case 'rect':
    case 'ellipse':
    case 'redaction': {
      // Map the centre, so rotated boxes stay put under a uniform scale.
      const c = f([a.at[0] + a.size[0] / 2, a.at[1] + a.size[1] / 2]);
      const size: [number, number] = [a.size[0] * k, a.size[1] * k];
      return { ...a, at: [c[0] - size[0] / 2, c[1] - size[1] / 2], size };
    }
    default:
      return { ...a, at: f(a.at) };
  }
}

export function translateAnnotation(a: Annotation, dx: number, dy: number): Annotation {
  return mapAnnotation(a, (p) => [p[0] + dx, p[1] + dy]);
}

/** The points that define an annotation (box corners for boxes, rotation included). */
export function keyPoints(a: Annotation): Point[] {
  switch (a.type) {
    case 'arrow':
    case 'line':
    case 'measure-angle':
    case 'polygon':
    case 'freehand':
    case 'measure-length':
    case 'measure-area':
      return [...a.points];
    case 'callout':
      return [a.at, a.target];
    case 'rect':
    case 'ellipse':
    case 'redaction': {
      const rot = a.type === 'redaction' ? 0 : a.rotation;
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
    }
    default:
      return [a.at];
  }
}

export function boundsOf(points: readonly Point[]): Rect {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export type HandleKind = 'vertex' | 'corner' | 'edge' | 'rotate';
export interface Handle {
  id: string;
  kind: HandleKind;
  at: Point;
}

/** Corners and edges of a box, in the box's own (unrotated) frame, as unit signs. */
const BOX_HANDLES: Record<string, Point> = {
  nw: [-1, -1],
  n: [0, -1],
  ne: [1, -1],
  e: [1, 0],
  se: [1, 1],
  s: [0, 1],
  sw: [-1, 1],
  w: [-1, 0],
};
/** Vertex handles beyond this many points would hide the shape; such shapes scale instead. */
const MAX_VERTEX_HANDLES = 64;

/**
 * Handles of one selected annotation. `rotateOffset` is how far (source px) the rotate handle
 * sits above the box, so it keeps a constant distance on screen.
 */
export function handlesOf(a: Annotation, rotateOffset: number): Handle[] {
  switch (a.type) {
    case 'arrow':
    case 'line':
    case 'measure-length':
    case 'measure-angle':
    case 'polygon':
    case 'measure-area':
      if (a.points.length <= MAX_VERTEX_HANDLES) return a.points.map((p, i) => ({ id: `v${i}`, kind: 'vertex', at: p }));
      return boxHandles(boundsOf(a.points), 0, null);
    case 'freehand':
      return boxHandles(boundsOf(a.points), 0, null);
    case 'callout':
      return [
        { id: 'at', kind: 'vertex', at: a.at },
        { id: 'target', kind: 'vertex', at: a.target },
      ];
    case 'rect':
    case 'ellipse':
      return boxHandles({ x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] }, a.rotation, rotateOffset);
    case 'redaction':
      return boxHandles({ x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] }, 0, null);
    default:
      return [];
  }
}

function boxHandles(r: Rect, rotation: number, rotateOffset: number | null): Handle[] {
  const c: Point = [r.x + r.w / 2, r.y + r.h / 2];
  const place = (v: Point): Point => {
    const w = rotateVec(v, rotation);
    return [c[0] + w[0], c[1] + w[1]];
  };
  const out: Handle[] = Object.entries(BOX_HANDLES).map(([id, [sx, sy]]) => ({
    id,
    kind: sx && sy ? 'corner' : 'edge',
    at: place([(sx * r.w) / 2, (sy * r.h) / 2]),
  }));
  if (rotateOffset !== null) out.push({ id: 'rotate', kind: 'rotate', at: place([0, -r.h / 2 - rotateOffset]) });
  return out;
}

/** Resizes a box by one handle, the opposite side fixed, in the box's rotated frame. */
function resizeBox(r: Rect, rotation: number, handle: string, p: Point, keepAspect: boolean): Rect {
  const [sx, sy] = BOX_HANDLES[handle];
  const c: Point = [r.x + r.w / 2, r.y + r.h / 2];
  const local = rotateVec([p[0] - c[0], p[1] - c[1]], -rotation);
  // Opposite anchor and moving side, in local coordinates.
  let x0 = -r.w / 2,
    x1 = r.w / 2,
    y0 = -r.h / 2,
    y1 = r.h / 2;
  if (sx < 0) x0 = local[0];
  if (sx > 0) x1 = local[0];
  if (sy < 0) y0 = local[1];
  if (sy > 0) y1 = local[1];
  if (keepAspect && sx && sy && r.w > 0 && r.h > 0) {
    // Grow both sides by the larger relative change, keeping the corner's quadrant.
    const k = Math.max(Math.abs(x1 - x0) / r.w, Math.abs(y1 - y0) / r.h);
    const w = r.w * k,
      h = r.h * k;
    if (sx < 0) x0 = x1 - w * Math.sign(x1 - x0 || 1);
    else x1 = x0 + w * Math.sign(x1 - x0 || 1);
    if (sy < 0) y0 = y1 - h * Math.sign(y1 - y0 || 1);
    else y1 = y0 + h * Math.sign(y1 - y0 || 1);
  }
  const lx = Math.min(x0, x1),
    hx = Math.max(x0, x1),
    ly = Math.min(y0, y1),
    hy = Math.max(y0, y1);
  const mid = rotateVec([(lx + hx) / 2, (ly + hy) / 2], rotation);
  const w = hx - lx,
    h = hy - ly;
  return { x: c[0] + mid[0] - w / 2, y: c[1] + mid[1] - h / 2, w, h };
}

/** What dragging handle `id` to `p` (source px) makes of the annotation. Shift constrains. */
export function dragHandle(a: Annotation, id: string, p: Point, shift: boolean): Annotation {
  if (id === 'rotate' && (a.type === 'rect' || a.type === 'ellipse')) {
    const c: Point = [a.at[0] + a.size[0] / 2, a.at[1] + a.size[1] / 2];
    let deg = (Math.atan2(p[1] - c[1], p[0] - c[0]) * 180) / Math.PI + 90;
    if (shift) deg = Math.round(deg / 15) * 15;
    deg = (((deg % 360) + 540) % 360) - 180;
    return { ...a, rotation: Math.abs(deg) < 1e-9 ? 0 : deg };
  }
  if (id.startsWith('v') && 'points' in a) {
    const i = Number(id.slice(1));
    const pts = [...a.points] as Point[];
    // Shift snaps the dragged vertex to 45° around its neighbour.
    const neighbour = pts[i === 0 ? 1 : i - 1];
    pts[i] = shift && neighbour ? snap45(neighbour, p) : p;
    return { ...a, points: pts } as Annotation;
  }
  if (a.type === 'callout' && (id === 'at' || id === 'target')) return { ...a, [id]: p };
  if (id in BOX_HANDLES) {
    if (a.type === 'rect' || a.type === 'ellipse' || a.type === 'redaction') {
      const rot = a.type === 'redaction' ? 0 : a.rotation;
      const r = resizeBox({ x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] }, rot, id, p, shift);
      return { ...a, at: [r.x, r.y], size: [r.w, r.h] };
    }
    if ('points' in a) {
      // Point shapes with a bounding box scale all their points inside it.
      const b = boundsOf(a.points);
      const r = resizeBox(b, 0, id, p, shift);
      const fx = b.w ? r.w / b.w : 1;
      const fy = b.h ? r.h / b.h : 1;
      return mapAnnotation(a, (q) => [r.x + (q[0] - b.x) * fx, r.y + (q[1] - b.y) * fy]);
    }
  }
  return a;
}

/**
 * A step on screen (view px) as a step in a panel's source px: rotation and flips turn it, so
 * an arrow-key nudge moves the shape the way the arrow points on screen.
 */
export function viewDeltaToSource(fromView: (p: [number, number]) => [number, number], dx: number, dy: number): Point {
  const o = fromView([0, 0]);
  const d = fromView([dx, dy]);
  return [d[0] - o[0], d[1] - o[1]];
}

/** Distance between two points. */
export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
