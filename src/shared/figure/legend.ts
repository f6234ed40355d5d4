// Legend helper: a draft figure legend in plain text, panel by panel, built only from what the
// document knows (kind of image, window, stain, markers, scale bar, and — for radiographs — the plane
// lengths are measured in). Where a calibration came from (a reference line, a profile, a DICOM
// attribute) is provenance, not legend text: the Calibration section and the export manifest keep it.
// Things only the author knows (the finding, what the arrows point at) come from the panel's caption;
// when missing they are left out of the text and returned as questions, never as placeholders.
import type { Calibration, Figure, Panel } from './schema';
import type { ImageInfo } from '../imaging/types';
import { bareLetter } from './letters';
import { panelTransform } from '../geometry/transform';
import { chooseScaleBar } from '../calibration/scalebar';
import { isValidCalibration } from '../calibration/spacing';
import { measure } from '../calibration/measure';
import { formatNumber } from '../calibration/units';
import { valuesAreHu } from '../imaging/presets';
import { describeWindow } from '../imaging/window-notation';

/** What a source is: the document's own kind ('raster' | 'dicom') or a finer one the UI knows. */
export type LegendSourceKind = 'raster' | 'dicom' | 'photo' | 'clinical-photo' | 'micrograph' | 'radiograph' | 'ct' | 'mr' | 'ultrasound';

export interface LegendContext {
  sourceKinds: ReadonlyMap<string, LegendSourceKind | string> | Readonly<Record<string, LegendSourceKind | string>>;
  infoBySource?: ReadonlyMap<string, Partial<Pick<ImageInfo, 'modality' | 'width' | 'height' | 'windows' | 'units'>>>;
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

/**
 * The panel's window in words: "window centre 40 HU, width 400 HU" (a bare "40/400" is read
 * centre-first by some and width-first by others). HU only when the values are Hounsfield units:
 * the decoder's units when known, else the image being a CT.
 */
export function windowText(panel: Panel, ctx: LegendContext, isCt: boolean): string | null {
  const own = panel.display.window;
  const info = ctx.infoBySource?.get(panel.sourceId);
  const fileWin = info?.windows?.[0] ?? null;
  const w = own ?? (isCt ? fileWin : null);
  if (!w) return null;
  const hu = info && info.units !== undefined ? valuesAreHu(info) : isCt;
  return describeWindow(w, hu ? 'HU' : null);
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);
/** "arrow" for one, "arrows (3)" for several: the count helps the author check the legend. */
const counted = (n: number, one: string, many: string): string => (n === 1 ? one : `${many} (${n})`);

/** A legend and the facts it still lacks, as questions for the author (never placeholders in the text). */
export interface LegendDraft {
  text: string;
  questions: string[];
}

/** "panel B", or "the panel" when a single unlettered panel makes the figure. */
function panelRef(figure: Figure, index: number): string {
  return lettered(figure) ? `panel ${bareLetter(figure, index)}` : 'the panel';
}

/** A lone panel with letters turned off has no "(A)" in its legend. */
function lettered(figure: Figure): boolean {
  return figure.letters.enabled || figure.panels.length > 1;
}

function markerText(panel: Panel, ref: string): LegendDraft {
  const labels = panel.annotations.filter((a) => a.layer === 'labels');
  const said = panel.caption.markers;
  const parts: string[] = [];
  const questions: string[] = [];
  // Arrows point at something; asterisks, stars and numbers mark it.
  const add = (n: number, one: string, many: string, meaning: string, verb: string) => {
    if (!n) return;
    const m = trimPeriod(meaning);
    if (m) parts.push(`${counted(n, one, many)}, ${m}`);
    else questions.push(`What ${n === 1 ? 'does the' : 'do the'} ${counted(n, one, many)} in ${ref} ${verb}?`);
  };
  add(labels.filter((a) => a.type === 'arrow').length, 'arrow', 'arrows', said.arrows, 'point at');
  for (const [shape, many, verb] of [
    ['arrowhead', 'arrowheads', 'point at'],
    ['asterisk', 'asterisks', 'mark'],
    ['star', 'stars', 'mark'],
  ] as const) {
    const n = labels.filter((a) => a.type === 'marker' && a.shape === shape).length;
    add(n, shape, many, said[many], verb);
  }
  const nums = labels.flatMap((a) => (a.type === 'number' ? [a.n] : [])).sort((x, y) => x - y);
  if (nums.length) {
    const contiguous = nums.every((n, i) => i === 0 || n === nums[i - 1] + 1);
    const range = nums.length === 1 ? String(nums[0]) : contiguous ? `${nums[0]}–${nums[nums.length - 1]}` : nums.join(', ');
    const label = `${plural(nums.length, 'number', 'numbers')} ${range}`;
    const m = trimPeriod(said.numbers);
    if (m) parts.push(`${label}, ${m}`);
    else questions.push(`What ${nums.length === 1 ? 'does the' : 'do the'} ${label} in ${ref} mark?`);
  }
  if (!parts.length) return { text: '', questions };
  const s = parts.join('; ');
  return { text: s.charAt(0).toUpperCase() + s.slice(1) + '.', questions };
}

/**
 * What a reader of the legend needs to know about the calibration: only where lengths are
 * measured on a projection radiograph. Imager Pixel Spacing is at the detector, where the anatomy
 * is magnified by the beam's divergence, so lengths read larger than they are unless corrected.
 * Every other source (DICOM Pixel Spacing, TIFF tags, a profile, a reference line) gives true
 * lengths, and saying how they were obtained is provenance, not legend text: null.
 */
export function legendCalibrationNote(cal: Calibration): string | null {
  if (cal.source !== 'ImagerPixelSpacing') return null;
  const factor = /EstimatedRadiographicMagnificationFactor\s+([\d.]+)/.exec(cal.note)?.[1];
  if (factor) return `Lengths corrected for an estimated radiographic magnification of ${formatNumber(Number(factor), 4)}.`;
  return 'Lengths in the detector plane, not corrected for radiographic magnification.';
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

const MICRO_NAMES = new Set(['Photomicrograph', 'Whole-slide image']);

/** One panel's legend, starting with its letter in parentheses, and what it still lacks. */
export function panelDraft(figure: Figure, index: number, ctx: LegendContext): LegendDraft {
  const panel = figure.panels[index];
  const ref = panelRef(figure, index);
  const questions: string[] = [];
  const { name, isCt } = imageName(panel, ctx);
  const desc = trimPeriod(panel.caption.description);
  const head: string[] = [desc || name];
  if (panel.caption.stain.trim()) head.push(trimPeriod(panel.caption.stain));
  if (panel.caption.objective.trim()) head.push(describeObjective(panel.caption.objective));
  const win = windowText(panel, ctx, isCt);
  if (win) head.push(win);
  if (panel.display.invert) head.push('inverted greyscale');
  const first = `${head.join(', ')}.`;
  const sentences: string[] = [lettered(figure) ? `(${bareLetter(figure, index)}) ${first}` : first];
  const finding = trimPeriod(panel.caption.finding);
  if (finding) sentences.push(`${finding.charAt(0).toUpperCase()}${finding.slice(1)}.`);
  else questions.push(`What finding does ${ref} show?`);
  const micro = MICRO_NAMES.has(name) || panel.calibration?.source === 'profile';
  if (micro && !panel.caption.stain.trim()) questions.push(`Which stain is used in ${ref}?`);
  if (micro && !panel.caption.objective.trim()) questions.push(`What objective or original magnification is ${ref}?`);

  if (panel.insetOf) {
    const parent = figure.panels.findIndex((p) => p.id === panel.insetOf);
    if (parent >= 0) sentences.push(`Magnified view of the region outlined in ${bareLetter(figure, parent)}.`);
  }
  const markers = markerText(panel, ref);
  if (markers.text) sentences.push(markers.text);
  questions.push(...markers.questions);

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
  const calNote = cal && usesCalibration ? legendCalibrationNote(cal) : null;
  if (calNote) sentences.push(calNote);
  // Image-integrity policies ask for non-linear adjustments to be disclosed.
  if (panel.display.gamma !== 1) sentences.push(`Gamma adjusted (γ = ${formatNumber(panel.display.gamma)}).`);
  return { text: sentences.join(' '), questions };
}

/** The legend text for one panel, starting with its letter in parentheses. */
export function panelLegend(figure: Figure, index: number, ctx: LegendContext): string {
  return panelDraft(figure, index, ctx).text;
}

/** The legend generated from the figure: its title, then the panels in letter order, one paragraph. */
export function draftLegend(figure: Figure, ctx: LegendContext): LegendDraft {
  const title = trimPeriod(figure.title);
  const questions: string[] = title ? [] : ["What is the figure's title?"];
  const parts: string[] = title ? [`${title}.`] : [];
  figure.panels.forEach((_, i) => {
    const d = panelDraft(figure, i, ctx);
    parts.push(d.text);
    questions.push(...d.questions);
  });
  return { text: parts.join(' '), questions };
}

/**
 * The legend a figure carries: the author's finished text when there is one (then nothing is
 * asked: the author has taken it over), else the generated draft and its questions.
 */
export function figureLegend(figure: Figure, ctx: LegendContext): LegendDraft & { edited: boolean } {
  const own = figure.legend.trim();
  if (own) return { text: own, questions: [], edited: true };
  return { ...draftLegend(figure, ctx), edited: false };
}

/** The whole figure's legend text (the author's, else generated); what every export and `medfig legend` print. */
export function writeLegend(figure: Figure, ctx: LegendContext): string {
  return figureLegend(figure, ctx).text;
}

/**
 * Whether the author's finished legend may be out of date: it was started from a draft that the
 * figure no longer gives (a finding, a window or a panel changed since). Unknown for older files.
 */
export function legendIsStale(figure: Pick<Figure, 'legend' | 'legendBase'>, draftText: string): boolean {
  return figure.legend.trim() !== '' && figure.legendBase !== '' && figure.legendBase !== draftText;
}
