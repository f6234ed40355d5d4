// Pixel spacing from a file → the document's Calibration. A bad spacing is reported, never used
// (principle 4: no calibration, no scale bar — never a guess).
import type { Calibration } from '../figure/schema';
import type { PixelSpacing } from '../imaging/types';

/** Smallest and largest believable size of one pixel, in mm (0.001 nm … 1 m). */
export const MIN_SPACING_MM = 1e-9;
export const MAX_SPACING_MM = 1000;

export type SpacingCheck = { ok: true } | { ok: false; warning: string };

export function validateSpacing(mm: number, what = 'pixel spacing'): SpacingCheck {
  if (typeof mm !== 'number' || Number.isNaN(mm)) return { ok: false, warning: `${what} is not a number; ignored` };
  if (!Number.isFinite(mm)) return { ok: false, warning: `${what} is infinite; ignored` };
  if (mm === 0) return { ok: false, warning: `${what} is zero; ignored` };
  if (mm < 0) return { ok: false, warning: `${what} is negative (${mm} mm); ignored` };
  if (mm < MIN_SPACING_MM || mm > MAX_SPACING_MM) return { ok: false, warning: `${what} of ${mm} mm per pixel is not plausible; ignored` };
  return { ok: true };
}

/** Warnings for a spacing as read from a file (empty when it can be used). */
export function spacingWarnings(ps: PixelSpacing | null | undefined): string[] {
  if (!ps) return [];
  const out: string[] = [];
  for (const [value, what] of [
    [ps.column, `${ps.source} column spacing (pixel width)`],
    [ps.row, `${ps.source} row spacing (pixel height)`],
  ] as const) {
    const check = validateSpacing(value, what);
    if (!check.ok) out.push(check.warning);
  }
  return out;
}

const DEFAULT_NOTES: Partial<Record<PixelSpacing['source'], string>> = {
  // Imager Pixel Spacing is measured at the detector: anatomy is magnified by the beam geometry.
  ImagerPixelSpacing: 'detector plane',
  PixelSpacing: 'patient plane',
};

/**
 * Calibration from a file's spacing; null when there is none or it is invalid (see
 * spacingWarnings). Non-square pixels are kept: x = column spacing, y = row spacing.
 */
export function calibrationFromSpacing(ps: PixelSpacing | null | undefined): Calibration | null {
  if (!ps) return null;
  if (spacingWarnings(ps).length > 0) return null;
  return {
    source: ps.source,
    mmPerPxX: ps.column,
    mmPerPxY: ps.row,
    note: (ps.note ?? DEFAULT_NOTES[ps.source] ?? '').slice(0, 500),
  };
}

/** True when a document calibration is usable (guards against hand-edited files). */
export function isValidCalibration(cal: Calibration | null | undefined): cal is Calibration {
  return !!cal && validateSpacing(cal.mmPerPxX).ok && validateSpacing(cal.mmPerPxY).ok;
}

/** Pixel aspect (height/width of one pixel): 1 for square pixels. */
export function pixelAspect(cal: Calibration): number {
  return cal.mmPerPxY / cal.mmPerPxX;
}
