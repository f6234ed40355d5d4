// Page layout of a figure: rows of panels in mm. Each row shares one height; widths follow each
// panel's view aspect so the row fills the page width between margins and gutters.
import type { Figure } from './schema';
import { letterSpaceMm as defaultLetterSpaceMm } from './letters';

export interface LayoutPanel {
  /** Index into figure.panels (= letter order). */
  index: number;
  xMm: number;
  yMm: number;
  wMm: number;
  hMm: number;
  /** 0-based row of the panel. */
  row: number;
}

export interface FigureLayout {
  pageWidthMm: number;
  pageHeightMm: number;
  panels: LayoutPanel[];
  /** Row counts actually used (figure.rows, repaired when it does not match the panel count). */
  rows: number[];
  /** 1 = rows fill the width; < 1 = scaled down to fit a fixed page height. */
  scale: number;
  /** Space reserved above each row for outside letters. */
  letterSpaceMm: number;
}

export interface LayoutOptions {
  /**
   * Height reserved above every row for outside-top-left letters. Default: enough for the
   * figure's letter font when letters are enabled and placed outside, else 0.
   */
  letterSpaceMm?: number;
}

/** Default arrangement for `count` panels: one row up to 3, then near-square, fuller rows first. */
export function rowsFor(count: number): number[] {
  if (!(count > 0)) return [];
  if (count <= 3) return [count];
  const cols = Math.min(8, Math.ceil(Math.sqrt(count)));
  const nRows = Math.ceil(count / cols);
  const base = Math.floor(count / nRows);
  const extra = count % nRows;
  return Array.from({ length: nRows }, (_, i) => base + (i < extra ? 1 : 0));
}

/** A cols × rows grid (1…4 each): gridRows(3, 2) → [3, 3]. */
export function gridRows(cols: number, rows: number): number[] {
  for (const [v, what] of [
    [cols, 'columns'],
    [rows, 'rows'],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 4) throw new Error(`grid ${what} must be 1–4 (got ${v})`);
  }
  return Array.from({ length: rows }, () => cols);
}

/**
 * Row counts that sum to `count`: `rows` itself when it already does, else its prefix trimmed
 * (too many) or the remainder added in rowsFor's arrangement (too few). Keeps layout total.
 */
export function normalizeRows(rows: readonly number[], count: number): number[] {
  const sum = rows.reduce((s, r) => s + r, 0);
  if (sum === count && rows.every((r) => r >= 1)) return [...rows];
  const out: number[] = [];
  let left = count;
  for (const r of rows) {
    if (left <= 0) break;
    if (!(r >= 1)) continue;
    const take = Math.min(r, left);
    out.push(take);
    left -= take;
  }
  if (left > 0) out.push(...rowsFor(left));
  return out;
}

function safeAspect(a: number | undefined): number {
  // A missing or broken aspect (image not decoded yet) lays out as a square placeholder.
  return typeof a === 'number' && Number.isFinite(a) && a > 0 ? a : 1;
}

export function layoutFigure(
  figure: Pick<Figure, 'page' | 'rows' | 'letters' | 'panels'>,
  panelAspects: readonly number[],
  opts: LayoutOptions = {},
): FigureLayout {
  const { page } = figure;
  const count = figure.panels.length;
  const rows = normalizeRows(figure.rows, count);
  const margin = page.marginMm;
  const gutter = page.gutterMm;
  const letterSpace =
    opts.letterSpaceMm ??
    (figure.letters.enabled && figure.letters.placement === 'outside-top-left' ? defaultLetterSpaceMm(figure.letters) : 0);
  const innerW = Math.max(0, page.widthMm - 2 * margin);

  // First pass: full-width rows.
  const rowFit: { start: number; n: number; h: number; widths: number[] }[] = [];
  let start = 0;
  for (const n of rows) {
    const aspects = Array.from({ length: n }, (_, k) => safeAspect(panelAspects[start + k]));
    const sumA = aspects.reduce((s, a) => s + a, 0);
    const avail = Math.max(0, innerW - (n - 1) * gutter);
    const h = avail / sumA;
    rowFit.push({ start, n, h, widths: aspects.map((a) => a * h) });
    start += n;
  }
  const nRows = rowFit.length;
  const fixedV = 2 * margin + Math.max(0, nRows - 1) * gutter + nRows * letterSpace;
  const naturalPanelsH = rowFit.reduce((s, r) => s + r.h, 0);

  let scale = 1;
  let pageHeightMm: number;
  if (page.heightMm == null) {
    pageHeightMm = nRows === 0 ? 2 * margin : fixedV + naturalPanelsH;
  } else {
    pageHeightMm = page.heightMm;
    const availH = Math.max(0, page.heightMm - fixedV);
    if (naturalPanelsH > availH && naturalPanelsH > 0) scale = availH / naturalPanelsH;
  }

  const panels: LayoutPanel[] = [];
  let y = margin;
  rowFit.forEach((r, rowIndex) => {
    y += letterSpace;
    const h = r.h * scale;
    const rowW = r.widths.reduce((s, w) => s + w * scale, 0) + (r.n - 1) * gutter;
    // Scaled rows are narrower than the page: centre them.
    let x = margin + (innerW - rowW) / 2;
    r.widths.forEach((w, k) => {
      panels.push({ index: r.start + k, xMm: x, yMm: y, wMm: w * scale, hMm: h, row: rowIndex });
      x += w * scale + gutter;
    });
    y += h + gutter;
  });

  return { pageWidthMm: page.widthMm, pageHeightMm, panels, rows, scale, letterSpaceMm: letterSpace };
}

/** The panel under a page point (mm), or null (gutters, margins, letter space). */
export function hitTestPanel(layout: Pick<FigureLayout, 'panels'>, xMm: number, yMm: number): number | null {
  for (const p of layout.panels) {
    if (xMm >= p.xMm && xMm <= p.xMm + p.wMm && yMm >= p.yMm && yMm <= p.yMm + p.hMm) return p.index;
  }
  return null;
}

/**
 * A copy of `items` with the item at `from` moved to `to` (both 0-based; `to` is the index it
 * ends at). Used for panel order (which is letter order) and for row order. Out-of-range
 * indices throw: a silent no-op would hide a UI bug.
 */
export function reorder<T>(items: readonly T[], from: number, to: number): T[] {
  const n = items.length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from >= n || to < 0 || to >= n)
    throw new RangeError(`reorder: indices ${from} → ${to} out of range 0…${n - 1}`);
  const out = [...items];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved);
  return out;
}
