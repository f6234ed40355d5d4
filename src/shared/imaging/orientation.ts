// Patient-orientation side labels (L/R/A/P/H/F) for a panel: which patient direction lies beyond
// each edge once the panel's flips and rotation are applied, so a flipped radiograph never keeps a
// wrong "R". Pure maths, no DOM, no Node.
//
// DICOM's patient coordinate system (PS3.3 C.7.6.2.1.1) is LPS: +x towards the patient's Left,
// +y Posterior, +z Head. Image Orientation (Patient) gives the direction cosines of a row (the
// direction of increasing column index, image +x) and of a column (image +y).

export type Vec3 = [number, number, number];

/** The patient directions the source image's +x (rightwards) and +y (downwards) point to. */
export interface SourceDirections {
  right: string;
  down: string;
}

export interface SideLabels {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

const POSITIVE = ['L', 'P', 'H'];
const NEGATIVE = ['R', 'A', 'F'];
const OPPOSITE: Record<string, string> = { L: 'R', R: 'L', A: 'P', P: 'A', H: 'F', F: 'H' };

/** A component counts towards an oblique label above this share (about 20° off an axis). */
const OBLIQUE = 0.34;

/** Letters of a patient-space direction, strongest axis first ("L", "LP" for an oblique one). */
export function directionLabel(v: Vec3): string {
  const axes = [0, 1, 2].filter((i) => Math.abs(v[i]) > OBLIQUE).sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]));
  return axes
    .slice(0, 2)
    .map((i) => (v[i] > 0 ? POSITIVE[i] : NEGATIVE[i]))
    .join('');
}

export function oppositeLabel(label: string): string {
  return [...label].map((c) => OPPOSITE[c] ?? c).join('');
}

const LETTERS = /^[LRAPHF]{1,3}$/;

/**
 * From Image Orientation (Patient) (six direction cosines) or, for projection images, Patient
 * Orientation (the row and column directions as letters). Null when neither is usable.
 */
export function sourceDirections(info: {
  imageOrientationPatient?: number[] | null;
  patientOrientation?: [string, string] | null;
}): SourceDirections | null {
  const iop = info.imageOrientationPatient;
  if (iop && iop.length === 6 && iop.every(Number.isFinite)) {
    const right = directionLabel([iop[0], iop[1], iop[2]]);
    const down = directionLabel([iop[3], iop[4], iop[5]]);
    if (right && down) return { right, down };
  }
  const po = info.patientOrientation;
  if (po && LETTERS.test(po[0]) && LETTERS.test(po[1])) return { right: po[0], down: po[1] };
  return null;
}

/** cos/sin, exact at multiples of 90°. */
function cosSin(deg: number): [number, number] {
  const n = ((deg % 360) + 360) % 360;
  if (n === 0) return [1, 0];
  if (n === 90) return [0, 1];
  if (n === 180) return [-1, 0];
  if (n === 270) return [0, -1];
  const r = (n * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

function combine(a: number, b: number, dirs: SourceDirections): string {
  // a, b: how much of source +x and +y a view direction is made of.
  const parts = [
    { w: Math.abs(a), label: a >= 0 ? dirs.right : oppositeLabel(dirs.right) },
    { w: Math.abs(b), label: b >= 0 ? dirs.down : oppositeLabel(dirs.down) },
  ]
    .filter((p) => p.w > OBLIQUE)
    .sort((p, q) => q.w - p.w);
  // Oblique in the panel: both directions, strongest first, each letter once.
  return [...new Set([...parts.map((p) => p.label).join('')])].slice(0, 3).join('');
}

/**
 * Labels for the panel's four edges after its flips (about the crop centre) and its clockwise
 * rotation, applied in that order as the panel transform does (src/shared/geometry/transform.ts).
 */
export function sideLabels(dirs: SourceDirections, panel: { rotation?: number; flipH?: boolean; flipV?: boolean }): SideLabels {
  const [c, s] = cosSin(panel.rotation ?? 0);
  const fx = panel.flipH ? -1 : 1;
  const fy = panel.flipV ? -1 : 1;
  // View = R · F · source. A view direction v comes from source direction F⁻¹ · Rᵀ · v.
  const fromView = (vx: number, vy: number): [number, number] => {
    const sx = c * vx + s * vy;
    const sy = -s * vx + c * vy;
    return [sx * fx, sy * fy];
  };
  const label = (vx: number, vy: number) => combine(...fromView(vx, vy), dirs);
  return { right: label(1, 0), left: label(-1, 0), bottom: label(0, 1), top: label(0, -1) };
}
