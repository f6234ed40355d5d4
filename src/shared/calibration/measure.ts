// Measurements on source-px geometry. Non-square pixels are honoured by scaling x and y to mm
// before any length/angle/area is taken. Uncalibrated panels measure in px, and say so.
import type { Annotation, Calibration, Panel } from '../figure/schema';
import { isValidCalibration } from './spacing';
import { utilOf } from '../annotations';

type Pt = readonly [number, number];

/**
 * A source-px point in mm from the image origin (x and y scaled separately: non-square pixels);
 * unchanged (px) without a calibration. Every physical reading of a panel goes through here.
 */
export function sourceToMm(p: Pt, cal: Calibration | null): [number, number] {
  return cal ? [p[0] * cal.mmPerPxX, p[1] * cal.mmPerPxY] : [p[0], p[1]];
}

/** Distance between two points: mm when calibrated, else px. */
export function length(a: Pt, b: Pt, cal: Calibration | null = null): number {
  const [ax, ay] = sourceToMm(a, cal);
  const [bx, by] = sourceToMm(b, cal);
  return Math.hypot(bx - ax, by - ay);
}

export function polylineLength(points: readonly Pt[], cal: Calibration | null = null): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += length(points[i - 1], points[i], cal);
  return sum;
}

/**
 * Angle at `vertex` between the rays to `a` and `b`, degrees in [0, 180]. Computed in physical
 * space: on non-square pixels a right angle in the specimen is not a right angle in px.
 */
export function angle(a: Pt, vertex: Pt, b: Pt, cal: Calibration | null = null): number {
  const [ax, ay] = sourceToMm(a, cal);
  const [vx, vy] = sourceToMm(vertex, cal);
  const [bx, by] = sourceToMm(b, cal);
  const ux = ax - vx;
  const uy = ay - vy;
  const wx = bx - vx;
  const wy = by - vy;
  if ((ux === 0 && uy === 0) || (wx === 0 && wy === 0)) return NaN;
  // atan2 of cross and dot: stable near 0° and 180°, unlike acos.
  return (Math.abs(Math.atan2(ux * wy - uy * wx, ux * wx + uy * wy)) * 180) / Math.PI;
}

/** Shoelace area of a simple polygon, mm² when calibrated, else px². Always ≥ 0. */
export function polygonArea(points: readonly Pt[], cal: Calibration | null = null): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * y2 - x2 * y1;
  }
  const px2 = Math.abs(twice) / 2;
  return cal ? px2 * cal.mmPerPxX * cal.mmPerPxY : px2;
}

export type MeasureKind = 'length' | 'angle' | 'area';

export interface Measurement {
  kind: MeasureKind;
  value: number;
  /** 'mm', 'mm²', 'px', 'px²' or 'deg'. */
  unit: 'mm' | 'mm²' | 'px' | 'px²' | 'deg';
  /** What the scene draws next to the shape: "12.3 mm", "45 px", "37.5°". */
  label: string;
  calibrated: boolean;
}

/** The measurement of a measure-* annotation; null for other annotation types. */
export function measure(ann: Annotation, calibration: Calibration | null): Measurement | null {
  const cal = isValidCalibration(calibration) ? calibration : null;
  // Each measure-* type measures itself (src/shared/annotations/types).
  return utilOf(ann).measure?.(ann, cal) ?? null;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The panel's measurements as CSV (header + one row per measure-* annotation), values in fixed
 * units (mm, mm², deg, or px when uncalibrated) so a spreadsheet can sum them.
 */
export function measurementsCsv(panel: Pick<Panel, 'annotations' | 'calibration'>): string {
  const rows = ['n,id,type,value,unit,label,calibration'];
  const cal = isValidCalibration(panel.calibration) ? panel.calibration : null;
  const calText = cal ? `${cal.source}${cal.note ? ` (${cal.note})` : ''}` : 'uncalibrated';
  let n = 0;
  for (const ann of panel.annotations) {
    const m = measure(ann, cal);
    if (!m) continue;
    n++;
    rows.push(
      [String(n), csvField(ann.id), m.kind, String(Number(m.value.toPrecision(6))), m.unit, csvField(m.label), csvField(calText)].join(','),
    );
  }
  return rows.join('\n') + '\n';
}
