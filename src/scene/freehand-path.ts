// A freehand stroke drawn in time proportional to what the output can show, not to its points.
// A 100,000-point stroke as a Konva.Line with tension costs 100,000 Bézier segments per draw
// (twice with its halo): seconds per export strip, and again on every screen redraw. Here the
// same curve (Konva's own tension control points) is flattened and simplified to the device
// resolution of the canvas it is drawn on, then stroked as one polyline:
//   - flattening error ≤ FLATTEN_TOLERANCE_PX, simplification error ≤ SIMPLIFY_TOLERANCE_PX,
//     together ≤ 0.35 device pixel: below half an output pixel, so the exported stroke covers
//     the same pixels (tests/unit/freehand-export.test.ts compares them along the stroke);
//   - "device pixel" is read from the canvas's own transform at draw time (export pixel ratio,
//     screen zoom × devicePixelRatio); a PDF/SVG counts its points as pixels of a 1200 dpi print.
// Simplification is hand-written Ramer–Douglas–Peucker with an explicit stack: simplify-js
// recurses once per split, and a hostile 100,000-point shape must not overflow the stack.
import Konva from 'konva';

export const FLATTEN_TOLERANCE_PX = 0.1;
export const SIMPLIFY_TOLERANCE_PX = 0.25;
/** Vector output has no pixels: judge it as a 1200 dpi print (device unit = 1 pt = 1/72 in). */
export const VECTOR_PX_PER_UNIT = 1200 / 72;
/** Attribute marking these shapes (the scene names every annotation node 'annotation'). */
export const FREEHAND_ATTR = 'medfigFreehand';
/** Set on shapes while a PDF/SVG is drawn (src/services/export/draw-layers.ts preferVectors). */
export const VECTOR_OUTPUT_ATTR = 'medfigVectorOutput';

/** Vector length (Math.hypot is several times slower in V8, and this runs per point). */
const len = (x: number, y: number): number => Math.sqrt(x * x + y * y);

/** Uniform subdivisions so a quadratic/cubic's chords stay within `tol` of the curve. */
function steps(m: number, tol: number): number {
  return m <= 0 ? 1 : Math.max(1, Math.ceil(Math.sqrt(m / tol)));
}

/**
 * The polyline of Konva's open tension curve through `points` (flat x,y), within `tol`: the
 * same segments as Konva.Line draws (a quadratic at each end, cubics between) on the same
 * control points (konva/lib/shapes/Line.js getControlPoints), computed here without Konva's
 * per-point arrays, which took about half a second for 100,000 points.
 */
export function flattenTensionCurve(points: readonly number[], tension: number, tol: number): number[] {
  const n = points.length / 2;
  if (n <= 2 || tension === 0) return points.slice();
  // Incoming (a) and outgoing (b) control point of each interior point i (1 … n−2).
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const x0 = points[2 * i - 2];
    const y0 = points[2 * i - 1];
    const x1 = points[2 * i];
    const y1 = points[2 * i + 1];
    const x2 = points[2 * i + 2];
    const y2 = points[2 * i + 3];
    const d01 = len(x1 - x0, y1 - y0);
    const d12 = len(x2 - x1, y2 - y1);
    const sum = d01 + d12;
    const fa = sum === 0 ? 0 : (tension * d01) / sum;
    const fb = sum === 0 ? 0 : (tension * d12) / sum;
    ax[i] = x1 - fa * (x2 - x0);
    ay[i] = y1 - fa * (y2 - y0);
    bx[i] = x1 + fb * (x2 - x0);
    by[i] = y1 + fb * (y2 - y0);
  }
  const out: number[] = [points[0], points[1]];
  // Chord error of k uniform steps ≤ max|B''| / (8k²).
  const quad = (x0: number, y0: number, cx: number, cy: number, x: number, y: number) => {
    const k = steps((2 * len(x0 - 2 * cx + x, y0 - 2 * cy + y)) / 8, tol);
    for (let i = 1; i <= k; i++) {
      const t = i / k;
      const u = 1 - t;
      out.push(u * u * x0 + 2 * u * t * cx + t * t * x, u * u * y0 + 2 * u * t * cy + t * t * y);
    }
  };
  const cubic = (x0: number, y0: number, px: number, py: number, qx: number, qy: number, x: number, y: number) => {
    const m = 6 * Math.max(len(x0 - 2 * px + qx, y0 - 2 * py + qy), len(px - 2 * qx + x, py - 2 * qy + y));
    const k = steps(m / 8, tol);
    for (let i = 1; i <= k; i++) {
      const t = i / k;
      const u = 1 - t;
      const a = u * u * u;
      const b = 3 * u * u * t;
      const c = 3 * u * t * t;
      const d = t * t * t;
      out.push(a * x0 + b * px + c * qx + d * x, a * y0 + b * py + c * qy + d * y);
    }
  };
  quad(points[0], points[1], ax[1], ay[1], points[2], points[3]);
  for (let i = 1; i < n - 2; i++)
    cubic(points[2 * i], points[2 * i + 1], bx[i], by[i], ax[i + 1], ay[i + 1], points[2 * i + 2], points[2 * i + 3]);
  quad(points[2 * n - 4], points[2 * n - 3], bx[n - 2], by[n - 2], points[2 * n - 2], points[2 * n - 1]);
  return out;
}

/**
 * Points per Douglas–Peucker run. Its worst case is quadratic (each split peels off one point);
 * runs over chunks this long bound a hostile stroke's cost to count × CHUNK, and the kept chunk
 * ends only add a few points to a real stroke.
 */
const CHUNK = 1024;

/** Ramer–Douglas–Peucker on flat x,y: every dropped point lies within `tol` of the result. */
export function simplifyPolyline(pts: readonly number[], tol: number): number[] {
  const count = pts.length / 2;
  if (count <= 2) return pts.slice();
  const keep = new Uint8Array(count);
  keep[count - 1] = 1;
  const tol2 = tol * tol;
  const stack: number[] = [];
  for (let i = 0; i < count - 1; i += CHUNK) {
    keep[i] = 1;
    stack.push(i, Math.min(i + CHUNK, count - 1));
  }
  while (stack.length) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const ax = pts[2 * first];
    const ay = pts[2 * first + 1];
    const dx = pts[2 * last] - ax;
    const dy = pts[2 * last + 1] - ay;
    const dd = dx * dx + dy * dy;
    let worst = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      let px = pts[2 * i] - ax;
      let py = pts[2 * i + 1] - ay;
      if (dd > 0) {
        // Distance to the segment (not the infinite line): a stroke that turns back is kept.
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / dd));
        px -= t * dx;
        py -= t * dy;
      }
      const d2 = px * px + py * py;
      if (d2 > worst) {
        worst = d2;
        index = i;
      }
    }
    if (worst > tol2) {
      keep[index] = 1;
      stack.push(first, index, index, last);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (keep[i]) out.push(pts[2 * i], pts[2 * i + 1]);
  return out;
}

/** Device pixels per unit of the shape's own coordinates, from the canvas transform now. */
function devicePxPerUnit(ctx: Konva.Context, shape: Konva.Shape): number {
  const raw = (ctx as unknown as { _context: CanvasRenderingContext2D })._context;
  const m = raw.getTransform();
  const s = Math.max(len(m.a, m.b), len(m.c, m.d));
  return shape.getAttr(VECTOR_OUTPUT_ATTR) ? s * VECTOR_PX_PER_UNIT : s;
}

const simplified = new WeakMap<readonly number[], Map<number, number[]>>();

/**
 * One stroked polyline for an open freehand curve (source-pixel coordinates), re-simplified
 * only when the device scale moves by more than 1/8 of an octave (a few scales are kept: the
 * hit canvas and the scene canvas may differ).
 */
export function freehandStroke(points: readonly number[], tension: number, attrs: Konva.ShapeConfig): Konva.Shape {
  // Shared by the strokes drawn from the same array (the halo and the main stroke).
  let byScale = simplified.get(points);
  if (!byScale) simplified.set(points, (byScale = new Map()));
  const shape = new Konva.Shape({
    ...attrs,
    [FREEHAND_ATTR]: true,
    // Kept for what reads a stroke's geometry (tests compare against Konva.Line drawing these).
    points,
    tension,
    sceneFunc(ctx, self) {
      const scale = devicePxPerUnit(ctx, self);
      const k = Math.floor(Math.log2(Math.max(scale, 1e-9)) * 8);
      let drawn = byScale!.get(k);
      if (!drawn) {
        // The bucket's largest scale: the tolerance in units is then never too coarse.
        const unitsPerPx = 1 / 2 ** ((k + 1) / 8);
        drawn = simplifyPolyline(
          flattenTensionCurve(points, tension, FLATTEN_TOLERANCE_PX * unitsPerPx),
          SIMPLIFY_TOLERANCE_PX * unitsPerPx,
        );
        if (byScale!.size >= 4) byScale!.delete(byScale!.keys().next().value!);
        byScale!.set(k, drawn);
      }
      ctx.beginPath();
      ctx.moveTo(drawn[0], drawn[1]);
      for (let i = 2; i < drawn.length; i += 2) ctx.lineTo(drawn[i], drawn[i + 1]);
      ctx.strokeShape(self);
    },
  });
  // Bounds as Konva.Line gives them (client rects, selection, caching read them).
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i]);
    x1 = Math.max(x1, points[i]);
    y0 = Math.min(y0, points[i + 1]);
    y1 = Math.max(y1, points[i + 1]);
  }
  const rect = points.length ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 0, height: 0 };
  shape.getSelfRect = () => rect;
  return shape;
}
