// Geometry shared by the annotation types: vectors, bounds, and the handles and resize of a box.
// Pure maths in an annotation's panel source pixels; no Konva, no DOM.
import type { Point } from '../figure/schema';

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
export const BOX_HANDLES: Record<string, Point> = {
  nw: [-1, -1],
  n: [0, -1],
  ne: [1, -1],
  e: [1, 0],
  se: [1, 1],
  s: [0, 1],
  sw: [-1, 1],
  w: [-1, 0],
};

export function boxHandles(r: Rect, rotation: number, rotateOffset: number | null): Handle[] {
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
export function resizeBox(r: Rect, rotation: number, handle: string, p: Point, keepAspect: boolean): Rect {
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
