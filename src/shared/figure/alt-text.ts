// Alt text: a short description of a figure for readers who cannot see it (journals ask for it;
// PowerPoint, SVG and PDF carry it). Built only from what the document knows — the kind of each
// image, what the author typed (captions, labels, callouts) and which label names which arrow —
// never from patient attributes. The author can overwrite it (figure.altText); '' = generated.
import { pageTextOf } from './page-items';
import type { Annotation, Figure, Panel, Point } from './schema';
import { imageName, windowText, describeObjective, type LegendContext } from './legend';
import { bareLetter } from './letters';
import { measure } from '../calibration/measure';
import { isValidCalibration } from '../calibration/spacing';

export type AltTextContext = LegendContext;

const quote = (s: string): string => `“${s.trim().replace(/\s+/g, ' ')}”`;
const plural = (n: number, one: string, many: string): string => (n === 1 ? `one ${one}` : `${n} ${many}`);

function textOf(a: Annotation): string | null {
  if (a.type === 'text' || a.type === 'callout') return a.text.trim() || null;
  if (a.type === 'number') return String(a.n);
  return null;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/**
 * Which label names an arrow: the author's text nearest the arrow's tail (where a label
 * usually sits), within the arrow's own length or a quarter of the panel's diagonal. Labels are
 * in source px like the arrow, so this holds through crop, rotation and flips.
 */
export function arrowNames(panel: Panel, diagonalPx: number): Map<string, string> {
  const labels = panel.annotations.flatMap((a) => (a.layer === 'labels' && (a.type === 'text' || a.type === 'number') ? [a] : []));
  const names = new Map<string, string>();
  for (const a of panel.annotations) {
    if (a.type !== 'arrow' || a.layer !== 'labels') continue;
    const tail = a.points[0];
    const reach = Math.max(distance(a.points[0], a.points[1]), diagonalPx / 4);
    let best: { text: string; d: number } | null = null;
    for (const l of labels) {
      const text = textOf(l);
      if (!text) continue;
      const d = distance(tail, l.at);
      if (d <= reach && (!best || d < best.d)) best = { text, d };
    }
    if (best) names.set(a.id, best.text);
  }
  return names;
}

function sizeOf(panel: Panel, ctx: AltTextContext): { width: number; height: number } | null {
  const info = ctx.infoBySource?.get(panel.sourceId);
  return ctx.sourceSizes?.get(panel.sourceId) ?? (info?.width && info?.height ? { width: info.width, height: info.height } : null);
}

/** What one panel shows, starting with its letter: "A: CT, window 40/400 HU; an arrow points at “calcification”." */
export function panelAltText(figure: Figure, index: number, ctx: AltTextContext): string {
  const panel = figure.panels[index];
  const { name, isCt } = imageName(panel, ctx);
  const desc = panel.caption.description.trim().replace(/[.\s]+$/, '');
  const head: string[] = [desc || name];
  if (panel.caption.stain.trim()) head.push(panel.caption.stain.trim());
  if (panel.caption.objective.trim()) head.push(describeObjective(panel.caption.objective));
  const win = windowText(panel, ctx, isCt);
  if (win) head.push(win);
  if (panel.display.invert) head.push('inverted greyscale');
  if (panel.insetOf) {
    const parent = figure.panels.findIndex((p) => p.id === panel.insetOf);
    if (parent >= 0) head.push(`a magnified view of the region outlined in ${bareLetter(figure, parent)}`);
  }

  const size = sizeOf(panel, ctx);
  const crop = panel.crop ?? (size ? { w: size.width, h: size.height } : { w: 1000, h: 1000 });
  const names = arrowNames(panel, Math.hypot(crop.w, crop.h));
  const labels = panel.annotations.filter((a) => a.layer === 'labels');
  const parts: string[] = [];
  // What the author said a kind of marker shows (the caption's marker meanings) names it here too.
  const said = panel.caption.markers;
  const finding = panel.caption.finding.trim().replace(/[.\s]+$/, '');
  if (finding) parts.push(`showing ${finding.charAt(0).toLowerCase()}${finding.slice(1)}`);
  const named = labels.filter((a) => a.type === 'arrow' && names.has(a.id));
  for (const a of named) parts.push(`an arrow points at ${quote(names.get(a.id)!)}`);
  const unnamed = labels.filter((a) => a.type === 'arrow' && !names.has(a.id)).length;
  if (unnamed)
    parts.push(
      said.arrows.trim()
        ? `${plural(unnamed, 'arrow', 'arrows')} ${named.length ? 'also ' : ''}point${unnamed === 1 ? 's' : ''} at ${quote(said.arrows)}`
        : `${plural(unnamed, 'arrow', 'arrows')} ${named.length ? 'also ' : ''}mark${unnamed === 1 ? 's' : ''} a finding`,
    );
  for (const a of labels) if (a.type === 'callout' && a.text.trim()) parts.push(`a callout points at ${quote(a.text)}`);
  const usedNames = new Set(named.map((a) => names.get(a.id)));
  const freeText = labels.flatMap((a) => (a.type === 'text' && a.text.trim() && !usedNames.has(a.text.trim()) ? [a.text] : []));
  if (freeText.length) parts.push(`labelled ${freeText.map(quote).join(', ')}`);
  for (const [shape, one, many, key] of [
    ['arrowhead', 'arrowhead', 'arrowheads', 'arrowheads'],
    ['asterisk', 'asterisk', 'asterisks', 'asterisks'],
    ['star', 'star', 'stars', 'stars'],
  ] as const) {
    const n = labels.filter((a) => a.type === 'marker' && a.shape === shape).length;
    const meaning = said[key].trim();
    if (n) parts.push(`${plural(n, one, many)} mark${n === 1 ? 's' : ''} ${meaning ? quote(meaning) : 'a finding'}`);
  }
  const regions = labels.filter((a) => a.type === 'rect' || a.type === 'ellipse' || a.type === 'polygon' || a.type === 'freehand').length;
  if (regions) parts.push(`${plural(regions, 'outlined region', 'outlined regions')}`);
  const cal = isValidCalibration(panel.calibration) ? panel.calibration : null;
  const measured = labels.flatMap((a) => {
    const m = measure(a, cal);
    return m ? [m.label] : [];
  });
  if (measured.length) parts.push(`${measured.length === 1 ? 'a measurement' : 'measurements'} of ${measured.join(', ')}`);
  if (panel.scaleBar && cal) parts.push('a scale bar');
  const tail = parts.length ? `; ${parts.join('; ')}` : '';
  return `${bareLetter(figure, index)}: ${head.join(', ')}${tail}.`;
}

/** The generated description of a whole figure (modalities first, then panel by panel). */
export function generateAltText(figure: Figure, ctx: AltTextContext): string {
  const n = figure.panels.length;
  if (!n) return `${figure.name}: an empty figure.`;
  // "Clinical photograph" → "clinical photograph", but "CT" and "MR image" keep their capitals.
  const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
  const kinds = [...new Set(figure.panels.map((p) => lower(imageName(p, ctx).name)))];
  const what = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
  const article = /^([aeiouAEIOU]|MR\b)/.test(what) ? 'an' : 'a';
  const intro = n === 1 ? `${figure.name}: ${article} ${what}.` : `${figure.name}: ${n} panels (${what}).`;
  // Text on the page itself (column and row headers) names the groups a reader sees.
  const headers = pageTextOf(figure.pageItems ?? []);
  const page = headers.length ? [`Headed ${headers.map(quote).join(', ')}.`] : [];
  return [intro, ...page, ...figure.panels.map((_, i) => panelAltText(figure, i, ctx))].join(' ');
}

/** The author's alt text when written, else the generated one. */
export function altTextOf(figure: Figure, ctx: AltTextContext): string {
  return figure.altText?.trim() ? figure.altText.trim() : generateAltText(figure, ctx);
}

/**
 * A short alt text for one panel's picture. `labelled: false` (a quiz slide) says only what kind
 * of image it is and how it is displayed: the author's description and labels are the answer.
 */
export function pictureAltText(figure: Figure, index: number, ctx: AltTextContext, labelled = true): string {
  if (labelled) return `Panel ${panelAltText(figure, index, ctx)}`;
  const panel = figure.panels[index];
  const { name, isCt } = imageName({ ...panel, caption: { ...panel.caption, description: '' } }, ctx);
  const win = windowText(panel, ctx, isCt);
  return `Panel ${bareLetter(figure, index)}: ${[name, win, panel.display.invert ? 'inverted greyscale' : null].filter(Boolean).join(', ')}.`;
}
