// Scale-bar length choice. The scene draws what this returns and the legend quotes the same
// label, so the bar and the legend can never disagree.
import type { Calibration } from '../figure/schema';
import { mmPerViewPxX } from '../geometry/transform';
import { formatLength } from './units';
import { isValidCalibration } from './spacing';

const NICE_STEPS = [1, 2, 5] as const;

/**
 * The largest 1–2–5 × 10ⁿ length (mm) not above `targetMm` (a bar never outgrows its target).
 * Throws on a non-positive or non-finite target.
 */
export function niceLength(targetMm: number): number {
  if (!(targetMm > 0) || !Number.isFinite(targetMm)) throw new Error(`scale-bar target must be a positive length (got ${targetMm})`);
  const exp = Math.floor(Math.log10(targetMm));
  let best = 0;
  // Check the decade below as well: log10 rounding can put the target just under 10ⁿ.
  for (let e = exp - 1; e <= exp + 1; e++) {
    for (const s of NICE_STEPS) {
      const v = cleanPow(s, e);
      if (v <= targetMm * (1 + 1e-12) && v > best) best = v;
    }
  }
  return best;
}

/** s × 10^e without float noise (5 × 10⁻⁴ is 0.0005, not 0.0005000000000000001). */
function cleanPow(s: number, e: number): number {
  return e >= 0 ? s * 10 ** e : s / 10 ** -e;
}

export interface ScaleBarOptions {
  /** Fixed length in mm; null/undefined = automatic nice length. */
  lengthMm?: number | null;
  /** Target fraction of the view width for an automatic bar (schema default 0.2). */
  targetFraction?: number;
  /** Panel rotation: with non-square pixels the horizontal mm per view px depends on it. */
  rotationDeg?: number;
}

export type ScaleBarChoice =
  | {
      ok: true;
      lengthMm: number;
      label: string;
      /** Bar length in view px along the view's x axis (1 view px = 1 source px in size). */
      lengthSourcePx: number;
    }
  | { ok: false; error: string };

export const UNCALIBRATED_MESSAGE =
  'This panel has no calibration, so a scale bar would be a guess. Calibrate it first: use the pixel ' +
  'spacing from the file (DICOM/TIFF/ImageJ), pick a microscope profile (objective and camera), or ' +
  'draw a reference line over a structure of known length.';

/** The bar to draw on a panel `viewWidthPx` view px wide; refuses without a calibration. */
export function chooseScaleBar(
  calibration: Calibration | null | undefined,
  viewWidthPx: number,
  opts: ScaleBarOptions = {},
): ScaleBarChoice {
  if (!calibration) return { ok: false, error: UNCALIBRATED_MESSAGE };
  if (!isValidCalibration(calibration))
    return {
      ok: false,
      error: `The panel's calibration is invalid (pixel size must be a positive, plausible length). ${UNCALIBRATED_MESSAGE}`,
    };
  if (!(viewWidthPx > 0)) return { ok: false, error: 'The panel has no width to place a scale bar in.' };
  const mmPerPx = mmPerViewPxX(opts.rotationDeg ?? 0, calibration.mmPerPxX, calibration.mmPerPxY);
  const viewWidthMm = viewWidthPx * mmPerPx;
  let lengthMm: number;
  if (opts.lengthMm != null) {
    if (!(opts.lengthMm > 0) || !Number.isFinite(opts.lengthMm))
      return { ok: false, error: `A scale bar length must be positive (got ${opts.lengthMm}).` };
    lengthMm = opts.lengthMm;
    if (lengthMm > viewWidthMm)
      return {
        ok: false,
        error: `A ${formatLength(lengthMm)} bar is longer than the panel is wide (${formatLength(viewWidthMm)}); choose a shorter length or automatic.`,
      };
  } else {
    const fraction = opts.targetFraction ?? 0.2;
    lengthMm = niceLength(viewWidthMm * fraction);
  }
  return { ok: true, lengthMm, label: formatLength(lengthMm), lengthSourcePx: lengthMm / mmPerPx };
}
