// Source px → view px for one panel. Pure maths, shared by the scene (one Konva transform for
// image and annotations), the layout (panel aspect) and preflight (effective ppi).
//
// Composition order (applied to a source point, right to left in matrix terms):
//   1. translate so the crop centre is the origin
//   2. flip: flipH mirrors x, flipV mirrors y (about the crop centre)
//   3. rotate `rotation` degrees clockwise (screen y points down, so this is the usual
//      [cos −sin; sin cos] matrix)
//   4. translate so the centre of the view box is (viewWidth/2, viewHeight/2)
// The view box is the axis-aligned bounding box of the flipped, rotated crop. 1 view px has the
// size of 1 source px, so print density is computed on view px.
import type { Panel } from '../figure/schema';

export type Vec = [number, number];
/** Canvas/Konva order: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];

export interface PanelTransform {
  viewWidth: number;
  viewHeight: number;
  /** The crop rectangle actually used (source px), clamped to nothing: a crop may exceed the image. */
  crop: { x: number; y: number; w: number; h: number };
  /** Source px → view px. */
  toView(pt: Vec): Vec;
  /** View px → source px. */
  fromView(pt: Vec): Vec;
  /** Affine source px → view px. */
  matrix: Matrix;
  /** Crop corners in view px (TL, TR, BR, BL of the source crop): the clip polygon for odd angles. */
  cropPolygon: Vec[];
}

type PanelGeometry = Pick<Panel, 'crop' | 'rotation' | 'flipH' | 'flipV'>;

/** cos/sin of an angle in degrees, exact for multiples of 90 (no 6e-17 residue, exact swaps). */
export function cosSinDeg(deg: number): [number, number] {
  const norm = ((deg % 360) + 360) % 360;
  if (norm === 0) return [1, 0];
  if (norm === 90) return [0, 1];
  if (norm === 180) return [-1, 0];
  if (norm === 270) return [0, -1];
  const r = (norm * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

export function applyMatrix(m: Matrix, [x, y]: Vec): Vec {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function invertMatrix(m: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (det === 0 || !Number.isFinite(det)) throw new Error('matrix is not invertible');
  const ia = d / det;
  const ib = -b / det;
  const ic = -c / det;
  const id = a / det;
  return [ia, ib, ic, id, -(ia * e + ic * f), -(ib * e + id * f)];
}

/** m1 · m2 (apply m2 first). */
export function multiplyMatrix(m1: Matrix, m2: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = m1;
  const [a2, b2, c2, d2, e2, f2] = m2;
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

/**
 * The panel's source→view transform. `W`×`H` is the source size in px after EXIF orientation.
 * A null crop means the whole image.
 */
export function panelTransform(panel: PanelGeometry, W: number, H: number): PanelTransform {
  const crop = panel.crop ?? { x: 0, y: 0, w: W, h: H };
  const { x, y, w, h } = crop;
  if (!(w > 0 && h > 0)) throw new Error(`panel crop must have a positive size (got ${w}×${h})`);
  const [cos, sin] = cosSinDeg(panel.rotation ?? 0);
  const sx = panel.flipH ? -1 : 1;
  const sy = panel.flipV ? -1 : 1;
  // Bounding box of a w×h rectangle rotated by θ; exact when cos/sin are exact (90° steps).
  const viewWidth = Math.abs(w * cos) + Math.abs(h * sin);
  const viewHeight = Math.abs(w * sin) + Math.abs(h * cos);
  const cx = x + w / 2;
  const cy = y + h / 2;
  // R·F
  const a = cos * sx;
  const b = sin * sx;
  const c = -sin * sy;
  const d = cos * sy;
  const e = viewWidth / 2 - (a * cx + c * cy);
  const f = viewHeight / 2 - (b * cx + d * cy);
  const matrix: Matrix = [a, b, c, d, e, f];
  const inverse = invertMatrix(matrix);
  const toView = (pt: Vec): Vec => applyMatrix(matrix, pt);
  const fromView = (pt: Vec): Vec => applyMatrix(inverse, pt);
  const cropPolygon: Vec[] = [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ].map((p) => toView(p as Vec));
  return { viewWidth, viewHeight, crop: { x, y, w, h }, toView, fromView, matrix, cropPolygon };
}

/**
 * Physical size (mm) of one view px along the view's x axis, given the source calibration.
 * With non-square pixels and a rotation, a horizontal view px spans a mix of source x and y.
 */
export function mmPerViewPxX(rotationDeg: number, mmPerPxX: number, mmPerPxY: number): number {
  // The view x unit vector expressed in source axes is R⁻¹·(1,0) = (cos, −sin) (flips only change sign).
  const [cos, sin] = cosSinDeg(rotationDeg);
  return Math.hypot(cos * mmPerPxX, sin * mmPerPxY);
}
