// Legend helper: a draft figure legend in plain text, panel by panel, built only from what the
// document knows (kind of image, window, stain, markers, scale bar, calibration source).
// Things only the author knows (what the arrows point at) are left as "[…]" to fill in.
import type { Annotation, Calibration, Figure, Panel } from './schema';
import type { ImageInfo } from '../imaging/types';
import { bareLetter } from './letters';
import { panelTransform } from '../geometry/transform';
import { chooseScaleBar } from '../calibration/scalebar';
import { isValidCalibration } from '../calibration/spacing';
import { measure } from '../calibration/measure';
import { formatNumber } from '../calibration/units';

/** What a source is: the document's own kind ('raster' | 'dicom') or a finer one the UI knows. */
export type LegendSourceKind = 'raster' | 'dicom' | 'photo' | 'clinical-photo' | 'micrograph' | 'radiograph' | 'ct' | 'mr' | 'ultrasound';

export interface LegendContext {
  sourceKinds: ReadonlyMap<string, LegendSourceKind | string> | Readonly<Record<string, LegendSourceKind | string>>;
  infoBySource?: ReadonlyMap<string, Partial<Pick<ImageInfo, 'modality' | 'width' | 'height' | 'windows'>>>;
  /** Source sizes (px, after EXIF orientation) when infoBySource lacks them. */
  sourceSizes?: ReadonlyMap<string, { width: number; height: number }>;
}

const KIND_NAMES: Record<string, string> = {
  photo: 'Photograph',
  'clinical-photo': 'Clinical photograph',
  micrograph: 'Photomicrograph',
  radiograph: 'Radiograph',
  ct: 'CT',
  mr: 'MR image',
  ultrasound: 'Ultrasound image',
};

const MODALITY_NAMES: Record<string, string> = {
  CT: 'CT',
  CR: 'Radiograph',
  DX: 'Radiograph',
  DR: 'Radiograph',
  RG: 'Radiograph',
  MR: 'MR image',
  US: 'Ultrasound image',
  MG: 'Mammogram',
  PT: 'PET image',
  NM: 'Scintigram',
  XA: 'Angiogram',
  RF: 'Fluoroscopic image',
  SM: 'Whole-slide image',
  XC: 'Photograph',
  GM: 'Photomicrograph',
  OP: 'Ophthalmic photograph',
};

function kindOf(ctx: LegendContext, sourceId: string): string | undefined {
  const k = ctx.sourceKinds;
  return k instanceof Map ? k.get(sourceId) : (k as Record<string, string>)[sourceId];
}

export function imageName(panel: Panel, ctx: LegendContext): { name: string; isCt: boolean } {
  const kind = kindOf(ctx, panel.sourceId);
  const modality = ctx.infoBySource?.get(panel.sourceId)?.modality?.toUpperCase() ?? null;
  const isCt = kind === 'ct' || modality === 'CT';
  if (kind && KIND_NAMES[kind]) return { name: KIND_NAMES[kind], isCt };
  if (modality && MODALITY_NAMES[modality]) return { name: MODALITY_NAMES[modality], isCt };
  if (kind === 'dicom') return { name: 'Image', isCt };
  // A raster with a stain or objective is a micrograph; otherwise a photograph.
  const hasMicro = panel.caption.stain.trim() !== '' || panel.caption.objective.trim() !== '';
  return { name: hasMicro ? 'Photomicrograph' : 'Photograph', isCt };
}

function trimPeriod(s: string): string {
  return s.trim().replace(/[.\s]+$/, '');
}

/** "40x", "40×", "x40", "40" → "original magnification ×40"; anything else is kept as typed. */
export function describeObjective(text: string): string {
  const t = text.trim();
  const m = /^(?:[x×]\s*)?(\d+(?:\.\d+)?)\s*(?:[x×])?$/i.exec(t);
  return m ? `original magnification ×${m[1]}` : t;
}

export function windowText(panel: Panel, ctx: LegendContext, isCt: boolean): string | null {
  const own = panel.display.window;
  const fileWin = ctx.infoBySource?.get(panel.sourceId)?.windows?.[0] ?? null;
  const w = own ?? (isCt ? fileWin : null);
  if (!w) return null;
  const unit = isCt ? ' HU' : '';
  // Level/width, the order radiologists quote ("40/400 HU").
  return `window ${formatNumber(w.center, 6)}/${formatNumber(w.width, 6)}${unit}`;
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);
/** "arrow" for one, "arrows (3)" for several: the count helps the author check the legend. */
const counted = (n: number, one: string, many: string): string => (n === 1 ? one : `${many} (${n})`);
/** Placeholder for what only the author knows (what the arrows point at). */
export const LEGEND_BLANK = '[…]';
const BLANK = LEGEND_BLANK;

function markerText(anns: readonly Annotation[]): string | null {
  const labels = anns.filter((a) => a.layer === 'labels');
  const parts: string[] = [];
  const arrows = labels.filter((a) => a.type === 'arrow').length;
  if (arrows) parts.push(`${counted(arrows, 'arrow', 'arrows')}, ${BLANK}`);
  for (const [shape, one, many] of [
    ['arrowhead', 'arrowhead', 'arrowheads'],
    ['asterisk', 'asterisk', 'asterisks'],
    ['star', 'star', 'stars'],
  ] as const) {
    const n = labels.filter((a) => a.type === 'marker' && a.shape === shape).length;
    if (n) parts.push(`${counted(n, one, many)}, ${BLANK}`);
  }
  const nums = labels.flatMap((a) => (a.type === 'number' ? [a.n] : [])).sort((x, y) => x - y);
  if (nums.length) {
    const contiguous = nums.every((n, i) => i === 0 || n === nums[i - 1] + 1);
    const range = nums.length === 1 ? String(nums[0]) : contiguous ? `${nums[0]}–${nums[nums.length - 1]}` : nums.join(', ');
    parts.push(`${plural(nums.length, 'number', 'numbers')} ${range}, ${BLANK}`);
  }
  if (!parts.length) return null;
  const s = parts.join('; ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** How the pixel size was obtained, for the legend (principle 4: every length says where it came from). */
export function calibrationSentence(cal: Calibration): string {
  const note = cal.note.trim();
  const paren = (fallback: string): string => (note || fallback ? ` (${note || fallback})` : '');
  switch (cal.source) {
    case 'PixelSpacing':
      return `Pixel spacing from DICOM PixelSpacing${note && note !== 'patient plane' ? ` (${note})` : ''}.`;
    case 'ImagerPixelSpacing':
      return `Pixel spacing from DICOM ImagerPixelSpacing${paren('detector plane')}.`;
    case 'TIFFResolution':
      return `Pixel size from the TIFF resolution tags${paren('')}.`;
    case 'ImageJ':
      return `Pixel size from the ImageJ calibration in the file${paren('')}.`;
    case 'profile':
      return `Pixel size from a microscope calibration profile${paren('')}.`;
    case 'reference':
      return `Calibrated against a reference of known length${paren('')}.`;
  }
}

function viewWidthOf(panel: Panel, ctx: LegendContext): number | null {
  const info = ctx.infoBySource?.get(panel.sourceId);
  const size = ctx.sourceSizes?.get(panel.sourceId) ?? (info?.width && info?.height ? { width: info.width, height: info.height } : null);
  if (!size) return null;
  try {
    return panelTransform(panel, size.width, size.height).viewWidth;
  } catch {
    return null;
  }
}

/** The legend text for one panel, starting with its letter in parentheses. */
export function panelLegend(figure: Figure, index: number, ctx: LegendContext): string {
  const panel = figure.panels[index];
  const { name, isCt } = imageName(panel, ctx);
  const desc = trimPeriod(panel.caption.description);
  const head: string[] = [desc || name];
  if (panel.caption.stain.trim()) head.push(trimPeriod(panel.caption.stain));
  if (panel.caption.objective.trim()) head.push(describeObjective(panel.caption.objective));
  const win = windowText(panel, ctx, isCt);
  if (win) head.push(win);
  if (panel.display.invert) head.push('inverted greyscale');
  const sentences: string[] = [`(${bareLetter(figure, index)}) ${head.join(', ')}.`];

  if (panel.insetOf) {
    const parent = figure.panels.findIndex((p) => p.id === panel.insetOf);
    if (parent >= 0) sentences.push(`Magnified view of the region outlined in ${bareLetter(figure, parent)}.`);
  }
  const markers = markerText(panel.annotations);
  if (markers) sentences.push(markers);

  const cal = isValidCalibration(panel.calibration) ? panel.calibration : null;
  const measured = panel.annotations.flatMap((a) => {
    const m = a.layer === 'labels' ? measure(a, cal) : null;
    return m ? [m] : [];
  });
  if (measured.length)
    sentences.push(`${plural(measured.length, 'Measurement', 'Measurements')}: ${measured.map((m) => m.label).join('; ')}.`);

  let usesCalibration = measured.some((m) => m.calibrated && m.kind !== 'angle');
  if (panel.scaleBar && cal) {
    const vw = viewWidthOf(panel, ctx);
    if (vw != null) {
      // Same call and inputs as the scene, so the legend quotes the bar that is drawn.
      const choice = chooseScaleBar(cal, vw, {
        lengthMm: panel.scaleBar.lengthMm,
        targetFraction: panel.scaleBar.targetFraction,
        rotationDeg: panel.rotation,
      });
      if (choice.ok) {
        sentences.push(`Scale bar, ${choice.label}.`);
        usesCalibration = true;
      }
    }
  }
  if (cal && usesCalibration) sentences.push(calibrationSentence(cal));
  // Image-integrity policies ask for non-linear adjustments to be disclosed.
  if (panel.display.gamma !== 1) sentences.push(`Gamma adjusted (γ = ${formatNumber(panel.display.gamma)}).`);
  return sentences.join(' ');
}

/** The whole figure's legend, one paragraph, panels in letter order. */
export function writeLegend(figure: Figure, ctx: LegendContext): string {
  return figure.panels.map((_, i) => panelLegend(figure, i, ctx)).join(' ');
}
