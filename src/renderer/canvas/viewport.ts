// Viewport maths of the figure canvas, pure (no DOM, no Konva) so it is unit-tested.
//
// The view maps page millimetres to screen (CSS) pixels: screen = page × zoom + (x, y).
// `zoom` is CSS px per page mm.
//
// What "100 %" means: ONE SOURCE PIXEL OF THE ACTIVE PANEL ON ONE SCREEN (CSS) PIXEL, as in image
// viewers. The zoom label shows the same measure (so "100 %" after Ctrl+1 reads 100 %). A page
// at its printed size would be smaller than Fit for a usual 183 mm figure in a 1440 × 900 window,
// so "100 %" would zoom out; with source pixels it only does when the panel's image has fewer
// pixels than the panel takes on screen at Fit (a tiny image), which is then the truth.
import type { Point } from '../../shared/figure/schema';

export interface View {
  /** CSS px per page mm. */
  zoom: number;
  /** Screen position of the page origin, CSS px. */
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2000;
/** Margin around the page after Fit, CSS px. */
export const FIT_PAD = 24;
/** Margin around a rectangle zoomed to (a selection, a panel), CSS px. */
export const RECT_PAD = 32;
/** Pan limit: at least this much of the page (CSS px, or all of it when smaller) stays in view. */
export const KEEP_VISIBLE = 48;

export const clampZoom = (z: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/** The whole page centred in the stage with FIT_PAD around it. */
export function fitView(page: Size, stage: Size, pad = FIT_PAD): View {
  return fitRectView({ x: 0, y: 0, width: page.width, height: page.height }, stage, pad);
}

/** A page rectangle (mm) centred in the stage with `pad` around it. */
export function fitRectView(r: Rect, stage: Size, pad = RECT_PAD): View {
  if (!(r.width > 0 && r.height > 0)) throw new Error('fitRectView: empty rectangle');
  const availW = Math.max(1, stage.width - 2 * pad);
  const availH = Math.max(1, stage.height - 2 * pad);
  const zoom = clampZoom(Math.min(availW / r.width, availH / r.height));
  return {
    zoom,
    x: stage.width / 2 - (r.x + r.width / 2) * zoom,
    y: stage.height / 2 - (r.y + r.height / 2) * zoom,
  };
}

/** Zoom by `factor` keeping the page point under the screen point `at` where it is. */
export function zoomAt(v: View, factor: number, at: { x: number; y: number }): View {
  const zoom = clampZoom(v.zoom * factor);
  const [mx, my] = screenToPage(v, [at.x, at.y]);
  return { zoom, x: at.x - mx * zoom, y: at.y - my * zoom };
}

/** The zoom at which one source px of a panel (printed at `mmPerSourcePx`) covers one CSS px. */
export const actualZoom = (mmPerSourcePx: number): number => clampZoom(1 / mmPerSourcePx);

/** The zoom as the label shows it: percent of the panel's source pixels per screen pixel. */
export const zoomPercent = (zoom: number, mmPerSourcePx: number): number => zoom * mmPerSourcePx * 100;

/**
 * Pan limits: the view may not lose the page. At least KEEP_VISIBLE px of it (or all of it when
 * it is smaller than that on screen) stays inside the stage on each axis.
 */
export function clampPan(v: View, page: Size, stage: Size, keep = KEEP_VISIBLE): View {
  const clampAxis = (pos: number, pageLen: number, stageLen: number) => {
    const len = pageLen * v.zoom;
    const k = Math.min(keep, len, stageLen);
    // page spans [pos, pos + len]; it must overlap [0, stageLen] by at least k.
    return Math.min(stageLen - k, Math.max(k - len, pos));
  };
  return { zoom: v.zoom, x: clampAxis(v.x, page.width, stage.width), y: clampAxis(v.y, page.height, stage.height) };
}

export const screenToPage = (v: View, p: Point): Point => [(p[0] - v.x) / v.zoom, (p[1] - v.y) / v.zoom];
export const pageToScreen = (v: View, p: Point): Point => [p[0] * v.zoom + v.x, p[1] * v.zoom + v.y];

/** The page rectangle on screen (CSS px). */
export function pageOnScreen(v: View, page: Size): Rect {
  return { x: v.x, y: v.y, width: page.width * v.zoom, height: page.height * v.zoom };
}

/** Where a panel sits on the page and how its source maps into it (from the scene). */
export interface PanelPlacement {
  /** Panel rectangle on the page, mm. */
  rect: { xMm: number; yMm: number };
  /** Print mm per view px (view px = source px after crop/rotation/flip). */
  mmPerViewPx: number;
  /** Source px → view px and back (the panel transform). */
  toView(p: Point): Point;
  fromView(p: Point): Point;
}

/** Page mm → the panel's source px. */
export function pageToSource(pl: PanelPlacement, p: Point): Point {
  return pl.fromView([(p[0] - pl.rect.xMm) / pl.mmPerViewPx, (p[1] - pl.rect.yMm) / pl.mmPerViewPx]);
}

/** The panel's source px → page mm. */
export function sourceToPage(pl: PanelPlacement, s: Point): Point {
  const v = pl.toView(s);
  return [pl.rect.xMm + v[0] * pl.mmPerViewPx, pl.rect.yMm + v[1] * pl.mmPerViewPx];
}

/** Source px per screen px on a panel (click tolerances, nudges). */
export const sourcePerScreenPx = (v: View, mmPerViewPx: number): number => 1 / (v.zoom * mmPerViewPx);

/** Bounding box of rectangles (null for none). */
export function unionRects(rs: Iterable<Rect>): Rect | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const r of rs) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** A selection's box grown by 15 % of its longer side (+1 mm) so it is not flush with the edges. */
export function selectionFrame(box: Rect): Rect {
  const m = Math.max(box.width, box.height) * 0.15 + 1;
  return { x: box.x - m, y: box.y - m, width: box.width + 2 * m, height: box.height + 2 * m };
}

export const sameView = (a: View, b: View): boolean => a.zoom === b.zoom && a.x === b.x && a.y === b.y;
