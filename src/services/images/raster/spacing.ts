// Physical pixel size and density from raster headers. Principle: no calibration is better than a
// wrong one, so 72/96 dpi defaults, unitless resolutions and absurd values give null (the absurd
// ones with a warning, so the user learns why no scale bar is offered).
import type { PixelSpacing } from '../../../shared/imaging/types';
import type { TiffResolutionTags } from './tiff-tags';

const MM_PER: Record<string, number> = {
  inch: 25.4,
  cm: 10,
  mm: 1,
  micron: 1e-3,
  um: 1e-3,
  µm: 1e-3,
  nm: 1e-6,
  m: 1000,
  meter: 1000,
};

/** mm per pixel outside this range is taken for a broken header (0.01 nm … 1 m). */
const MIN_MM = 1e-8;
const MAX_MM = 1000;

// 25.4 dpi (1 px/mm) is what libvips/sharp write when nothing set a resolution: a default, not a size.
export const isDefaultDpi = (dpi: number): boolean => Math.abs(dpi - 72) < 0.5 || Math.abs(dpi - 96) < 0.5 || Math.abs(dpi - 25.4) < 0.01;

export interface Calibration {
  pixelSpacing: PixelSpacing | null;
  densityDpi: number | null;
  warnings: string[];
}

/** ImageJ writes `unit=micron` (or `\u00B5m`) and X/YResolution as pixels per that unit. */
export function parseImageJ(description: string | null): { unit: string; mmPerUnit: number; spacing: number | null } | null {
  if (!description || !description.startsWith('ImageJ=')) return null;
  const fields = new Map<string, string>();
  for (const line of description.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const unit = (fields.get('unit') ?? '')
    .replace(/\\u00B5/gi, 'µ')
    .replace(/^u(?=m$)/, 'µ')
    .toLowerCase();
  const mmPerUnit = MM_PER[unit === 'µm' ? 'µm' : unit] ?? MM_PER[unit.replace(/s$/, '')];
  if (!mmPerUnit) return null; // blank, "pixel", or an unknown unit: not calibrated
  const z = Number(fields.get('spacing'));
  return { unit, mmPerUnit, spacing: Number.isFinite(z) && z > 0 ? z : null };
}

function checkedMm(label: string, perUnit: number | null, mmPerUnit: number, warnings: string[]): number | null {
  if (perUnit === null) return null;
  const mm = mmPerUnit / perUnit;
  if (!Number.isFinite(perUnit) || perUnit <= 0 || !(mm >= MIN_MM && mm <= MAX_MM)) {
    warnings.push(`${label} ${perUnit} refused (${Number.isFinite(mm) ? `${mm} mm per pixel` : 'not a number'})`);
    return null;
  }
  return mm;
}

export function tiffCalibration(t: TiffResolutionTags): Calibration {
  const warnings: string[] = [];
  const ij = parseImageJ(t.imageDescription);
  if (ij) {
    const column = checkedMm('ImageJ XResolution', t.xResolution, ij.mmPerUnit, warnings);
    const row = checkedMm('ImageJ YResolution', t.yResolution ?? t.xResolution, ij.mmPerUnit, warnings);
    if (column !== null && row !== null) {
      const note = `ImageJ unit=${ij.unit}` + (ij.spacing !== null ? `, z spacing ${ij.spacing} ${ij.unit}` : '');
      return { pixelSpacing: { row, column, source: 'ImageJ', note }, densityDpi: null, warnings };
    }
    if (warnings.length) return { pixelSpacing: null, densityDpi: null, warnings };
  }
  const unit = t.resolutionUnit ?? 2; // TIFF 6.0: ResolutionUnit defaults to inch
  if (unit !== 2 && unit !== 3) return { pixelSpacing: null, densityDpi: null, warnings };
  if (t.xResolution === null && t.yResolution === null) return { pixelSpacing: null, densityDpi: null, warnings };
  const mmPerUnit = unit === 2 ? 25.4 : 10;
  const column = checkedMm('TIFF XResolution', t.xResolution ?? t.yResolution, mmPerUnit, warnings);
  const row = checkedMm('TIFF YResolution', t.yResolution ?? t.xResolution, mmPerUnit, warnings);
  if (column === null || row === null) return { pixelSpacing: null, densityDpi: null, warnings };
  const dpi = 25.4 / column;
  if (isDefaultDpi(dpi) && isDefaultDpi(25.4 / row)) return { pixelSpacing: null, densityDpi: null, warnings };
  return {
    pixelSpacing: { row, column, source: 'TIFFResolution', note: `${round(dpi)} pixels per inch from the TIFF resolution tags` },
    densityDpi: round(dpi),
    warnings,
  };
}

/** JPEG/PNG/BMP: a density is reported when its unit is known and it is not a 72/96 dpi default; never a spacing. */
export function densityOnly(dpi: number | null | undefined): number | null {
  if (dpi === null || dpi === undefined || !Number.isFinite(dpi) || dpi <= 0 || isDefaultDpi(dpi)) return null;
  return round(dpi);
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** PNG pHYs: pixels per metre when its unit byte is 1 (metre); unit 0 is an aspect ratio only. */
export function pngDpi(b: Uint8Array): number | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let at = 8; at + 12 <= b.length;) {
    const len = dv.getUint32(at);
    const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
    if (type === 'pHYs' && len === 9 && at + 17 <= b.length) return b[at + 16] === 1 ? dv.getUint32(at + 8) * 0.0254 : null;
    if (type === 'IDAT' || type === 'IEND') return null; // pHYs must come before the image data
    at += 12 + len;
  }
  return null;
}
