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
  /** 0-based row of the panel (free layout: rows by vertical overlap); -1 = a floating inset. */
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
  /** View size (px) per panel: sizes floating insets at their zoom (else a third of the parent). */
  viewSizes?: readonly ({ width: number; height: number } | undefined)[];
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

type LayoutInput = Pick<Figure, 'page' | 'rows' | 'letters' | 'panels'> & Partial<Pick<Figure, 'layoutMode'>>;

/**
 * Which panels float over their parent (an inset with `float` set whose parent is in the figure
 * and does not float itself): they keep their slot in `rows` but take no place in the grid.
 */
export function floatingParents(figure: Pick<Figure, 'panels'>): (number | null)[] {
  const byId = new Map(figure.panels.map((p, i) => [p.id, i]));
  return figure.panels.map((p) => {
    if (!p.float || !p.insetOf || p.insetOf === p.id) return null;
    const j = byId.get(p.insetOf);
    if (j === undefined) return null;
    const parent = figure.panels[j];
    // An inset of a floating inset would float over a float: it is laid out as a panel instead.
    return parent.float && parent.insetOf && byId.has(parent.insetOf) ? null : j;
  });
}

/** The box of `aspect` (w/h) inside `box`, centred: a free place whose crop changed since. */
export function containAspect(box: { xMm: number; yMm: number; wMm: number; hMm: number }, aspect: number) {
  const a = safeAspect(aspect);
  const w = Math.min(box.wMm, box.hMm * a);
  const h = w / a;
  return { xMm: box.xMm + (box.wMm - w) / 2, yMm: box.yMm + (box.hMm - h) / 2, wMm: w, hMm: h };
}

/**
 * The grid: rows of panels (see the file comment). `indices` are the panels it places, `rows`
 * their counts per row; returns rectangles for them in that order.
 */
function gridLayout(
  figure: LayoutInput,
  indices: readonly number[],
  rowCounts: readonly number[],
  panelAspects: readonly number[],
  letterSpace: number,
): { panels: LayoutPanel[]; pageHeightMm: number; scale: number } {
  const { page } = figure;
  const margin = page.marginMm;
  const gutter = page.gutterMm;
  const innerW = Math.max(0, page.widthMm - 2 * margin);
  const rowFit: { start: number; n: number; h: number; widths: number[] }[] = [];
  let start = 0;
  for (const n of rowCounts) {
    const aspects = Array.from({ length: n }, (_, k) => safeAspect(panelAspects[indices[start + k]]));
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
      panels.push({ index: indices[r.start + k], xMm: x, yMm: y, wMm: w * scale, hMm: h, row: rowIndex });
      x += w * scale + gutter;
    });
    y += h + gutter;
  });
  return { panels, pageHeightMm, scale };
}

/** Grid rows without the floating insets (a row they empty disappears). */
function gridRowsOf(rows: readonly number[], floating: readonly (number | null)[]): { indices: number[]; counts: number[] } {
  const indices: number[] = [];
  const counts: number[] = [];
  let i = 0;
  for (const n of rows) {
    let c = 0;
    for (let k = 0; k < n; k++, i++)
      if (floating[i] === null) {
        indices.push(i);
        c++;
      }
    if (c) counts.push(c);
  }
  return { indices, counts };
}

/**
 * The layout of a figure, in page mm. Grid mode: rows of panels (each row fills the width).
 * Free mode: each panel at its `place` (its view aspect contained in that box), panels without a
 * place yet in a grid of their own below the rest. Floating insets sit in a corner of their
 * parent in both modes. Screen, export and CLI all lay out through this one function.
 */
export function layoutFigure(figure: LayoutInput, panelAspects: readonly number[], opts: LayoutOptions = {}): FigureLayout {
  const { page } = figure;
  const count = figure.panels.length;
  const rows = normalizeRows(figure.rows, count);
  const margin = page.marginMm;
  const free = figure.layoutMode === 'free';
  const letterSpace =
    opts.letterSpaceMm ??
    (figure.letters.enabled && figure.letters.placement === 'outside-top-left' ? defaultLetterSpaceMm(figure.letters) : 0);
  const floating = floatingParents(figure);
  const grid = gridRowsOf(rows, floating);

  let panels: LayoutPanel[];
  let pageHeightMm: number;
  let scale = 1;
  if (!free) {
    const g = gridLayout(figure, grid.indices, grid.counts, panelAspects, letterSpace);
    panels = g.panels;
    pageHeightMm = g.pageHeightMm;
    scale = g.scale;
  } else {
    panels = [];
    const unplaced: number[] = [];
    for (const i of grid.indices) {
      const place = figure.panels[i].place ?? null;
      if (!place) {
        unplaced.push(i);
        continue;
      }
      panels.push({ index: i, ...containAspect(place, panelAspects[i]), row: 0 });
    }
    let bottom = panels.reduce((b, p) => Math.max(b, p.yMm + p.hMm), margin);
    if (unplaced.length) {
      // New panels (added after the first free move): a grid of their own below the rest.
      const g = gridLayout({ ...figure, page: { ...page, heightMm: null } }, unplaced, rowsFor(unplaced.length), panelAspects, letterSpace);
      const dy = panels.length ? bottom + page.gutterMm - margin : 0;
      for (const p of g.panels) panels.push({ ...p, yMm: p.yMm + dy });
      bottom = panels.reduce((b, p) => Math.max(b, p.yMm + p.hMm), margin);
    }
    for (const [r, idx] of rowsByOverlap(panels).entries()) for (const k of idx) panels[k].row = r;
    pageHeightMm = page.heightMm ?? (panels.length ? bottom + margin : 2 * margin);
  }

  // Floating insets: in a corner of their parent, `zoom` × the parent's scale.
  for (let i = 0; i < count; i++) {
    const j = floating[i];
    if (j === null) continue;
    const parent = panels.find((p) => p.index === j);
    if (!parent) continue;
    panels.push({ index: i, ...floatRect(figure.panels[i], parent, panelAspects[i], opts.viewSizes?.[i], opts.viewSizes?.[j]), row: -1 });
  }
  panels.sort((a, b) => a.index - b.index);
  return { pageWidthMm: page.widthMm, pageHeightMm, panels, rows, scale, letterSpaceMm: letterSpace };
}

/**
 * The rectangle of a floating inset over its parent's rectangle: its view size × the parent's mm
 * per view px × zoom, lowered to the largest whole zoom that fits inside the parent (margins
 * included); below zoom 1 it is fitted in. Without view sizes it takes a third of the parent.
 */
export function floatRect(
  inset: Pick<Figure['panels'][number], 'float'>,
  parent: { xMm: number; yMm: number; wMm: number; hMm: number },
  aspect: number,
  insetView?: { width: number; height: number },
  parentView?: { width: number; height: number },
): { xMm: number; yMm: number; wMm: number; hMm: number } {
  const f = inset.float ?? { corner: 'top-right', zoom: 2, marginMm: 1 };
  const m = Math.min(f.marginMm, parent.wMm / 4, parent.hMm / 4);
  const maxW = Math.max(0, parent.wMm - 2 * m);
  const maxH = Math.max(0, parent.hMm - 2 * m);
  const a = safeAspect(aspect);
  let w: number;
  if (insetView && parentView && parentView.width > 0) {
    const base = insetView.width * (parent.wMm / parentView.width); // zoom 1: same scale as the parent
    let z = f.zoom;
    while (z > 1 && (base * z > maxW || (base * z) / a > maxH)) z--;
    w = base * z;
  } else w = parent.wMm / 3;
  w = Math.min(w, maxW, maxH * a);
  const h = w / a;
  const right = f.corner.endsWith('right');
  const bottom = f.corner.startsWith('bottom');
  return {
    xMm: right ? parent.xMm + parent.wMm - m - w : parent.xMm + m,
    yMm: bottom ? parent.yMm + parent.hMm - m - h : parent.yMm + m,
    wMm: w,
    hMm: h,
  };
}

/**
 * Rows of a free arrangement, top to bottom, each left to right: a panel joins the row whose
 * vertical extent holds its centre. Indices into `rects`.
 */
export function rowsByOverlap(rects: readonly { xMm: number; yMm: number; wMm: number; hMm: number }[]): number[][] {
  const order = rects.map((_, i) => i).sort((a, b) => rects[a].yMm + rects[a].hMm / 2 - (rects[b].yMm + rects[b].hMm / 2));
  const rows: { top: number; bottom: number; items: number[] }[] = [];
  for (const i of order) {
    const r = rects[i];
    const c = r.yMm + r.hMm / 2;
    const row = rows.find((x) => c >= x.top && c <= x.bottom);
    if (row) {
      row.items.push(i);
      row.top = Math.min(row.top, r.yMm);
      row.bottom = Math.max(row.bottom, r.yMm + r.hMm);
    } else rows.push({ top: r.yMm, bottom: r.yMm + r.hMm, items: [i] });
  }
  rows.sort((a, b) => a.top - b.top);
  return rows.map((x) => x.items.sort((a, b) => rects[a].xMm - rects[b].xMm));
}

/** The panel under a page point (mm), or null (gutters, margins, letter space). */
export function hitTestPanel(layout: Pick<FigureLayout, 'panels'>, xMm: number, yMm: number): number | null {
  // The topmost: panel order is drawing order (a floating inset lies over its parent).
  for (const p of [...layout.panels].reverse()) {
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
