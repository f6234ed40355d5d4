// What the reference-line prompt needs besides the maths of reference.ts: which unit to offer
// first for an image, and what the user typed ("40", "40 µm", "40um", "0,04 mm").
import type { Calibration, Caption } from '../figure/schema';
import type { ImageInfo } from '../imaging/types';
import { parseUnit, type LengthUnit } from './units';

/** The kinds of image whose users think in different units (and whose last unit is remembered). */
export type ImageKind = 'micrograph' | 'radiograph' | 'photo';

/** Below 10 µm per pixel the image is at microscope scale (radiographs are ≥ 50 µm/px, photos more). */
const MICROSCOPE_MM_PER_PX = 0.01;

export interface KindSignals {
  info: Pick<ImageInfo, 'format' | 'modality' | 'pixelSpacing'> | null | undefined;
  calibration: Calibration | null;
  caption?: Pick<Caption, 'stain' | 'objective'>;
}

/**
 * The rule, first match wins:
 * 1. DICOM: slide microscopy (modality SM) is a micrograph, any other modality a radiograph.
 * 2. A pixel size already known (the panel's calibration, else the file's spacing) says the
 *    scale: under 10 µm/px a micrograph, else a photograph or radiograph (mm).
 * 3. A microscope profile, or a stain or objective in the caption: a micrograph.
 * 4. A JPEG with none of the above is a photograph: cameras and phones write JPEG.
 * 5. Any other raster (PNG, TIFF, BMP, …) with no pixel size is taken for a micrograph: that is
 *    what microscope cameras and slide viewers export, and photographs rarely are.
 * The prompt always shows the unit next to the number, so a wrong guess is seen before Enter.
 */
export function imageKind({ info, calibration, caption }: KindSignals): ImageKind {
  if (info?.format === 'dicom') return info.modality?.toUpperCase() === 'SM' ? 'micrograph' : 'radiograph';
  const mmPerPx = calibration?.mmPerPxX ?? info?.pixelSpacing?.column;
  if (mmPerPx !== undefined && mmPerPx > 0) return mmPerPx < MICROSCOPE_MM_PER_PX ? 'micrograph' : 'photo';
  if (calibration?.source === 'profile' || caption?.stain.trim() || caption?.objective.trim()) return 'micrograph';
  if (info?.format === 'jpeg') return 'photo';
  return 'micrograph';
}

const DEFAULT_UNIT: Record<ImageKind, LengthUnit> = { micrograph: 'µm', radiograph: 'mm', photo: 'mm' };

/** The unit offered first: the one last used for this kind of image, else the kind's usual one. */
export function defaultReferenceUnit(kind: ImageKind, remembered?: Partial<Record<ImageKind, LengthUnit>> | null): LengthUnit {
  return remembered?.[kind] ?? DEFAULT_UNIT[kind];
}

export type ParsedLength = { ok: true; value: number; unit: LengthUnit; unitTyped: boolean } | { ok: false; error: string };

/**
 * A typed length: a positive number, optionally followed by a unit ("40", "40 µm", "40um",
 * "40 μm" with a Greek mu, "0.04 mm", "0,04 mm" with a decimal comma, "40 microns"). Without a
 * unit, `unit` is used. Errors are one sentence for the user.
 */
export function parseKnownLength(text: string, unit: LengthUnit): ParsedLength {
  const t = text.trim();
  if (!t) return { ok: false, error: `Type the length of the line, for example 50 ${unit}.` };
  const m = /^([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?)\s*(.*)$/i.exec(t);
  if (!m) return { ok: false, error: `“${t}” is not a length; type a number and a unit, for example 50 ${unit}.` };
  // "1,000" is a thousand to some readers and one to others: ask rather than guess.
  if (/^[+-]?[1-9]\d*,\d{3}$/.test(m[1]))
    return {
      ok: false,
      error: `“${m[1]}” could be read two ways; type it without the comma (${m[1].replace(',', '')} or ${m[1].replace(',', '.')}).`,
    };
  const value = Number(m[1].replace(',', '.'));
  const rest = m[2].trim();
  if (rest && !/^[a-zµμ"]/i.test(rest))
    return { ok: false, error: `“${t}” is not a length; type a number and a unit, for example 50 ${unit}.` };
  const typed = rest ? parseUnit(rest) : null;
  if (rest && !typed) return { ok: false, error: `“${rest}” is not a unit Medfig knows; use nm, µm, mm or cm.` };
  if (!(value > 0) || !Number.isFinite(value)) return { ok: false, error: 'The length must be more than zero.' };
  return { ok: true, value, unit: typed ?? unit, unitTyped: !!typed };
}
