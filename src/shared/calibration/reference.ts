// Calibration from a line the user drew over a structure of known length (a ruler in a clinical
// photograph, a stage micrometer). Points are source px.
import type { Calibration } from '../figure/schema';
import { formatNumber, toMm, type LengthUnit } from './units';
import { validateSpacing } from './spacing';

/** Below this the click error dominates: a 3 px line is ±30 % off from one pixel of slop. */
export const MIN_REFERENCE_PX = 10;

export type ReferenceResult = { ok: true; calibration: Calibration } | { ok: false; error: string };

export interface ReferenceOptions {
  /**
   * Pixel aspect (mm per px in y ÷ mm per px in x) when known, e.g. from a file's non-square
   * spacing. Default 1 (square pixels): a single line cannot tell the two apart.
   */
  pixelAspect?: number;
}

export function calibrationFromReference(
  p1: readonly [number, number],
  p2: readonly [number, number],
  length: number,
  unit: LengthUnit,
  opts: ReferenceOptions = {},
): ReferenceResult {
  if (!(length > 0) || !Number.isFinite(length)) return { ok: false, error: `The known length must be a positive number (got ${length}).` };
  const aspect = opts.pixelAspect ?? 1;
  if (!(aspect > 0) || !Number.isFinite(aspect)) return { ok: false, error: `Pixel aspect must be positive (got ${aspect}).` };
  const dx = p2[0] - p1[0];
  const dy = p2[1] - p1[1];
  if (![dx, dy].every(Number.isFinite)) return { ok: false, error: 'The reference line has invalid end points.' };
  const px = Math.hypot(dx, dy);
  if (px < MIN_REFERENCE_PX)
    return {
      ok: false,
      error: `The reference line is only ${formatNumber(px)} px long; draw it over at least ${MIN_REFERENCE_PX} px (longer is more accurate).`,
    };
  const lengthMm = toMm(length, unit);
  // Physical length L = mmX · √(dx² + (aspect·dy)²) → solve for mmX.
  const mmPerPxX = lengthMm / Math.hypot(dx, aspect * dy);
  const mmPerPxY = mmPerPxX * aspect;
  for (const v of [mmPerPxX, mmPerPxY]) {
    const check = validateSpacing(v);
    if (!check.ok) return { ok: false, error: `That gives an implausible pixel size (${v} mm/px); check the length and unit.` };
  }
  return {
    ok: true,
    calibration: {
      source: 'reference',
      mmPerPxX,
      mmPerPxY,
      note: `reference line ${formatNumber(length, 4)} ${unit} over ${formatNumber(px, 4)} px`,
    },
  };
}
