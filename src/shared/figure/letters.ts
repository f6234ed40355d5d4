// Panel letters: the text of each letter and where its box sits on the page (mm).
import type { Figure, LetterStyle } from './schema';
import type { LayoutPanel } from './layout';
import { ptToMm } from '../calibration/units';

export type LetterFormat = LetterStyle['format'];

/** Inset of an inside letter from the panel edge, mm. */
export const LETTER_INSET_MM = 1;
/** Gap between an outside letter and the top of its panel, mm. */
export const LETTER_GAP_MM = 0.5;
/** Line box of a letter relative to its font size (ascent + descent of the bundled sans). */
export const LETTER_LINE_FACTOR = 1.2;

/** Bijective base-26: 0 → A, 25 → Z, 26 → AA, 27 → AB, 701 → ZZ, 702 → AAA. */
export function letterSequence(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`panel index must be a whole number ≥ 0 (got ${index})`);
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function panelLetter(index: number, format: LetterFormat = 'A'): string {
  const up = letterSequence(index);
  const low = up.toLowerCase();
  switch (format) {
    case 'A':
      return up;
    case 'a':
      return low;
    case '(A)':
      return `(${up})`;
    case '(a)':
      return `(${low})`;
    case 'A.':
      return `${up}.`;
    case 'a)':
      return `${low})`;
  }
}

/** The letter drawn on panel `index`: its own override wins, else the automatic letter. */
export function letterFor(figure: Pick<Figure, 'panels' | 'letters'>, index: number): string {
  const own = figure.panels[index]?.letter;
  return own != null && own !== '' ? own : panelLetter(index, figure.letters.format);
}

/** The bare letter for a legend ("(B)" → "B"), keeping the figure's case. */
export function bareLetter(figure: Pick<Figure, 'panels' | 'letters'>, index: number): string {
  return letterFor(figure, index).replace(/[().\s]/g, '') || letterSequence(index);
}

/** Height reserved above each row for outside letters (layout default). */
export function letterSpaceMm(style: Pick<LetterStyle, 'fontPt'>): number {
  return ptToMm(style.fontPt) * LETTER_LINE_FACTOR + LETTER_GAP_MM;
}

export interface LetterBox {
  xMm: number;
  yMm: number;
  wMm: number;
  hMm: number;
}

/** Top-left and size (page mm) of a letter's text box for the style's placement. */
export function letterBox(
  panel: Pick<LayoutPanel, 'xMm' | 'yMm' | 'wMm' | 'hMm'>,
  style: Pick<LetterStyle, 'placement'>,
  textWidthMm: number,
  textHeightMm: number,
): LetterBox {
  const w = textWidthMm;
  const h = textHeightMm;
  switch (style.placement) {
    case 'inside-top-left':
      return { xMm: panel.xMm + LETTER_INSET_MM, yMm: panel.yMm + LETTER_INSET_MM, wMm: w, hMm: h };
    case 'inside-top-right':
      return { xMm: panel.xMm + panel.wMm - LETTER_INSET_MM - w, yMm: panel.yMm + LETTER_INSET_MM, wMm: w, hMm: h };
    case 'inside-bottom-left':
      return { xMm: panel.xMm + LETTER_INSET_MM, yMm: panel.yMm + panel.hMm - LETTER_INSET_MM - h, wMm: w, hMm: h };
    case 'outside-top-left':
      // In the band layoutFigure reserves above each row (letterSpaceMm).
      return { xMm: panel.xMm, yMm: panel.yMm - LETTER_GAP_MM - h, wMm: w, hMm: h };
  }
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The ink that reads on a page background: black on a light page, white on a dark one. */
export function pageInk(background: string): string {
  return contrastRatio('#000000', background) >= contrastRatio('#ffffff', background) ? '#000000' : '#ffffff';
}

/** Below this a letter does not stand out from the page (WCAG's minimum for large text). */
const MIN_CONTRAST = 3;

/**
 * The letter style after a change of placement. An outside letter sits on the page, not on the
 * image: the image style (white, outlined) looks hollow on a white page, so a colour that does
 * not stand out from the page becomes the page's ink, without outline. Moved back inside, a letter
 * still in that page ink gets the image style back. A colour the user chose that reads is kept.
 */
export function withPlacement(style: LetterStyle, placement: LetterStyle['placement'], pageBackground: string): LetterStyle {
  const outside = (p: LetterStyle['placement']) => p === 'outside-top-left';
  if (outside(placement) && !outside(style.placement) && contrastRatio(style.color, pageBackground) < MIN_CONTRAST)
    return { ...style, placement, color: pageInk(pageBackground), halo: false };
  if (!outside(placement) && outside(style.placement) && style.color === pageInk(pageBackground) && !style.halo)
    return { ...style, placement, color: '#ffffff', halo: true };
  return { ...style, placement };
}
