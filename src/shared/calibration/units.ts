// Length units for print (mm, pt, px at a DPI) and for calibrated images (nm … m).
// Millimetres are the internal unit everywhere (page geometry, calibration, scale bars).

export type LengthUnit = 'nm' | 'µm' | 'mm' | 'cm' | 'm' | 'in';

export const MM_PER_INCH = 25.4;
/** 1 pt = 1/72 in. */
export const MM_PER_PT = MM_PER_INCH / 72;
/** The micro sign (U+00B5): the glyph every bundled font and keyboard has. */
export const MICRO = '\u00b5';

const MM_PER_UNIT: Record<LengthUnit, number> = {
  nm: 1e-6,
  µm: 1e-3,
  mm: 1,
  cm: 10,
  m: 1000,
  in: MM_PER_INCH,
};

/** Accepts what people type: "um", "μm" (Greek mu), "micron", "mm", "cm", "nm", "m", "in". */
export function parseUnit(text: string): LengthUnit | null {
  const t = text.trim().toLowerCase().replace('\u03bc', MICRO);
  switch (t) {
    case 'nm':
    case 'nanometre':
    case 'nanometer':
    case 'nanometres':
    case 'nanometers':
      return 'nm';
    case MICRO + 'm':
    case 'um':
    case 'micron':
    case 'microns':
    case 'micrometre':
    case 'micrometer':
    case 'micrometres':
    case 'micrometers':
      return 'µm';
    case 'mm':
    case 'millimetre':
    case 'millimeter':
    case 'millimetres':
    case 'millimeters':
      return 'mm';
    case 'cm':
    case 'centimetre':
    case 'centimeter':
    case 'centimetres':
    case 'centimeters':
      return 'cm';
    case 'm':
    case 'metre':
    case 'meter':
    case 'metres':
    case 'meters':
      return 'm';
    case 'in':
    case 'inch':
    case 'inches':
    case '"':
      return 'in';
    default:
      return null;
  }
}

export function toMm(value: number, unit: LengthUnit): number {
  return value * MM_PER_UNIT[unit];
}

export function fromMm(mm: number, unit: LengthUnit): number {
  return mm / MM_PER_UNIT[unit];
}

export function convertLength(value: number, from: LengthUnit, to: LengthUnit): number {
  return fromMm(toMm(value, from), to);
}

export const ptToMm = (pt: number): number => pt * MM_PER_PT;
export const mmToPt = (mm: number): number => mm / MM_PER_PT;
/** Pixels covering `mm` at `dpi` (not rounded). */
export const mmToPx = (mm: number, dpi: number): number => (mm / MM_PER_INCH) * dpi;
export const pxToMm = (px: number, dpi: number): number => (px / dpi) * MM_PER_INCH;
/** Pixels covering `pt` at `dpi`: how an export turns a print-size stroke into pixels. */
export const ptToPx = (pt: number, dpi: number): number => (pt / 72) * dpi;
/** Pixel density of `px` pixels printed over `mm`. */
export const ppiOf = (px: number, mm: number): number => (px * MM_PER_INCH) / mm;

/** Rounds to `sig` significant digits and drops float noise (0.30000000000000004 → 0.3). */
export function formatNumber(value: number, sig = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(sig));
  // Integers keep all their digits (1234 mm must not print as 1230).
  if (Math.abs(value) >= 10 ** sig && Number.isInteger(Math.round(value))) return String(Math.round(value));
  return String(rounded);
}

/**
 * A length with a sensible unit: nm below 1 µm, µm below 1 mm, mm below 10 mm, then cm when the
 * value is a whole number of cm (10 mm → "1 cm", 15 mm → "15 mm"), m for whole metres.
 * SI style: a space between number and unit, µ as the micro sign.
 */
export function formatLength(mm: number, sig = 3): string {
  if (!Number.isFinite(mm)) return `${mm} mm`;
  const a = Math.abs(mm);
  // Round first so that 0.9999999 mm (float noise) reads "1 mm", not "1000 µm".
  const r = Number(a.toPrecision(sig + 3));
  let unit: LengthUnit;
  if (r === 0) unit = 'mm';
  else if (r < 1e-3) unit = 'nm';
  else if (r < 1) unit = 'µm';
  else if (r < 10) unit = 'mm';
  else if (r >= 1000 && isWhole(r / 1000)) unit = 'm';
  else if (isWhole(r / 10)) unit = 'cm';
  else unit = 'mm';
  return `${formatNumber(fromMm(mm, unit), sig)} ${unit}`;
}

function isWhole(x: number): boolean {
  return Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x));
}

/** Area in mm² with a sensible unit: µm² below 0.01 mm², cm² from 100 mm². */
export function formatArea(mm2: number, sig = 3): string {
  const a = Math.abs(mm2);
  if (a !== 0 && a < 0.01) return `${formatNumber(mm2 * 1e6, sig)} ${MICRO}m²`;
  if (a >= 100) return `${formatNumber(mm2 / 100, sig)} cm²`;
  return `${formatNumber(mm2, sig)} mm²`;
}
