// "Fit the figure to W × H mm": row heights and, where allowed, crop adjustments so the panels
// fill the page edge to edge with the chosen gutter (no white bands). Pure maths over layout.ts.
//
// Why crops: a row of panels filling the width has one height fixed by the panels' aspects, so
// the only ways to change the total height without white bands at the sides are to change
// aspects, i.e. crop. Each croppable panel is trimmed symmetrically (its centre stays put),
// never by more than `maxCropFraction` of a side; panels that may not be cropped (the author's
// choice, or a rotation that is not a multiple of 90°) keep their aspect.
import type { Crop, Figure, PanelPlace } from './schema';
import { layoutFigure, type FigureLayout, type LayoutOptions } from './layout';
import { stretchToPage, whiteStripesMm } from './free-layout';
import { panelTransform } from '../geometry/transform';

export interface FitTarget {
  widthMm: number;
  heightMm: number;
}

export interface FitOptions extends LayoutOptions {
  /** Which panels (by index) may be cropped; default all. */
  allowCrop?: (index: number) => boolean;
  /** Largest share of a side a crop may remove (default 0.4). */
  maxCropFraction?: number;
}

export interface FitResult {
  /** The new crop of each panel (the old one when unchanged). */
  crops: (Crop | null)[];
  /** The layout the figure gets with those crops at W × H. */
  layout: FigureLayout;
  /** The widest white band left (mm) beside a row or below the last; 0 when the page is filled. */
  bandMm: number;
  /** Free layout: the new place of each panel (floating insets keep theirs); null in grid mode. */
  places: (PanelPlace | null)[] | null;
}

type FitFigure = Pick<Figure, 'page' | 'rows' | 'letters' | 'panels'> & Partial<Pick<Figure, 'layoutMode'>>;

type Size = { width: number; height: number };

/** The widest white band of a layout: left/right of each row beyond the margin, and at the bottom. */
export function whiteBandMm(layout: FigureLayout, marginMm: number): number {
  let band = 0;
  const rows = new Map<number, FigureLayout['panels']>();
  // Floating insets (row -1) sit over their parent: they leave no band.
  for (const p of layout.panels) if (p.row >= 0) rows.set(p.row, [...(rows.get(p.row) ?? []), p]);
  let bottom = marginMm;
  for (const ps of rows.values()) {
    const left = Math.min(...ps.map((p) => p.xMm)) - marginMm;
    const right = layout.pageWidthMm - marginMm - Math.max(...ps.map((p) => p.xMm + p.wMm));
    band = Math.max(band, left, right);
    bottom = Math.max(bottom, ...ps.map((p) => p.yMm + p.hMm));
  }
  if (layout.panels.length) band = Math.max(band, layout.pageHeightMm - marginMm - bottom);
  // Sub-micrometre leftovers are rounding, not bands.
  return band < 1e-6 ? 0 : band;
}

const quarterTurn = (deg: number): boolean | null => {
  const r = (((deg % 360) + 360) % 360) / 90;
  if (Math.abs(r - Math.round(r)) > 1e-9) return null; // not a multiple of 90°: not croppable
  return Math.round(r) % 2 === 1;
};

/** The crop giving view aspect `aspect`, trimmed from `crop` about its centre. */
function cropToAspect(crop: Crop, swapped: boolean, aspect: number): Crop {
  const vw = swapped ? crop.h : crop.w;
  const vh = swapped ? crop.w : crop.h;
  const nvw = Math.min(vw, vh * aspect);
  const nvh = Math.min(vh, vw / aspect);
  const w = swapped ? nvh : nvw;
  const h = swapped ? nvw : nvh;
  return { x: crop.x + (crop.w - w) / 2, y: crop.y + (crop.h - h) / 2, w, h };
}

/** View sizes of the panels with their crops (floating insets are sized from them). */
function viewsOf(panels: Figure['panels'], crops: readonly (Crop | null)[], sizes: readonly Size[]) {
  return panels.map((p, i) => {
    const t = panelTransform({ ...p, crop: crops[i] }, sizes[i]?.width ?? 1, sizes[i]?.height ?? 1);
    return { width: t.viewWidth, height: t.viewHeight };
  });
}

export function fitFigureToSize(figure: FitFigure, sizes: readonly Size[], target: FitTarget, opts: FitOptions = {}): FitResult {
  if (figure.layoutMode === 'free') return fitFreeToSize(figure, sizes, target, opts);
  const maxCut = opts.maxCropFraction ?? 0.4;
  const page = { ...figure.page, widthMm: target.widthMm, heightMm: null };
  const base = figure.panels.map((p, i) => p.crop ?? { x: 0, y: 0, w: sizes[i]?.width ?? 1, h: sizes[i]?.height ?? 1 });
  const aspects = figure.panels.map((p, i) => {
    const t = panelTransform({ ...p, crop: base[i] }, sizes[i]?.width ?? 1, sizes[i]?.height ?? 1);
    return t.viewWidth / t.viewHeight;
  });
  const natural = layoutFigure({ ...figure, page }, aspects, opts);
  const fixedPage = { ...figure.page, widthMm: target.widthMm, heightMm: target.heightMm };
  const finish = (newAspects: number[], crops: (Crop | null)[]): FitResult => {
    const layout = layoutFigure({ ...figure, page: fixedPage }, newAspects, { ...opts, viewSizes: viewsOf(figure.panels, crops, sizes) });
    return { crops, layout, bandMm: whiteBandMm(layout, figure.page.marginMm), places: null };
  };

  const rowsOf: number[][] = [];
  for (const p of natural.panels) if (p.row >= 0) (rowsOf[p.row] ??= []).push(p.index);
  const rowH = rowsOf.map((idx) => natural.panels.find((p) => p.index === idx[0])!.hMm);
  const naturalSum = rowH.reduce((s, h) => s + h, 0);
  const availH = natural.pageHeightMm - naturalSum;
  const panelsH = target.heightMm - availH; // height left for panels once margins, gutters, letters are taken
  if (!(panelsH > 0) || !(naturalSum > 0)) return finish(aspects, [...figure.panels.map((p) => p.crop)]);

  const swapped = figure.panels.map((p) => quarterTurn(p.rotation));
  const croppable = figure.panels.map((_, i) => swapped[i] !== null && (opts.allowCrop?.(i) ?? true));
  // Rows with a croppable panel take up the height change, in proportion to their heights.
  const flexRows = rowsOf.map((idx) => idx.some((i) => croppable[i]));
  const flexH = rowH.reduce((s, h, r) => s + (flexRows[r] ? h : 0), 0);
  const fixedH = naturalSum - flexH;
  if (!(flexH > 0) || panelsH <= fixedH) return finish(aspects, [...figure.panels.map((p) => p.crop)]);
  const k = (panelsH - fixedH) / flexH;

  const out = [...aspects];
  const keep = [...aspects]; // aspect a panel keeps once fixed (clamped panels: the clamped one)
  rowsOf.forEach((idx, r) => {
    if (!flexRows[r]) return;
    const h = rowH[r] * k;
    const rowW = idx.reduce((s, i) => s + aspects[i] * rowH[r], 0); // the width the panels share
    // Panels that may not be cropped keep their aspect; the others share what is left, each
    // within its crop limit (a clamped panel becomes fixed and the rest share again).
    const fixed = new Set(idx.filter((i) => !croppable[i]));
    for (let pass = 0; pass < idx.length; pass++) {
      const fixedW = [...fixed].reduce((s, i) => s + keep[i] * h, 0);
      const free = idx.filter((i) => !fixed.has(i));
      const freeA = free.reduce((s, i) => s + aspects[i], 0);
      let clamped = false;
      for (const i of free) {
        const a = ((rowW - fixedW) * (aspects[i] / freeA)) / h;
        const lo = aspects[i] * (1 - maxCut);
        const hi = aspects[i] / (1 - maxCut);
        out[i] = Math.min(hi, Math.max(lo, a));
        if (out[i] !== a) {
          fixed.add(i);
          keep[i] = out[i];
          clamped = true;
        }
      }
      if (!clamped) break;
    }
  });
  const crops = figure.panels.map((p, i) =>
    croppable[i] && Math.abs(out[i] / aspects[i] - 1) > 1e-9 ? cropToAspect(base[i], swapped[i]!, out[i]) : p.crop,
  );
  return finish(out, crops);
}

/**
 * Free layout: the arrangement is stretched to W × H (free-layout.ts stretchToPage: covered
 * stretches scale, gaps become the gutter, white at the edges goes) and each panel's crop is
 * trimmed about its centre to its new box's aspect, within `maxCropFraction` of a side (beyond
 * that, or when it may not be cropped, it keeps its aspect inside the box and white shows).
 */
function fitFreeToSize(figure: FitFigure, sizes: readonly Size[], target: FitTarget, opts: FitOptions): FitResult {
  const maxCut = opts.maxCropFraction ?? 0.4;
  const base = figure.panels.map((p, i) => p.crop ?? { x: 0, y: 0, w: sizes[i]?.width ?? 1, h: sizes[i]?.height ?? 1 });
  const views = viewsOf(figure.panels, base, sizes);
  const aspects = views.map((v) => v.width / v.height);
  const now = layoutFigure(figure, aspects, { ...opts, viewSizes: views });
  const fixedPage = { ...figure.page, widthMm: target.widthMm, heightMm: target.heightMm };
  const grid = now.panels.filter((p) => p.row >= 0);
  const gutter = figure.page.gutterMm;
  const stretched = stretchToPage(grid, { ...fixedPage, heightMm: target.heightMm }, target, {
    topMm: now.letterSpaceMm,
    gapYMm: gutter + now.letterSpaceMm,
  });
  const crops: (Crop | null)[] = figure.panels.map((p) => p.crop);
  const places: (PanelPlace | null)[] = figure.panels.map((p) => p.place ?? null);
  const out = [...aspects];
  if (stretched) {
    const swapped = figure.panels.map((p) => quarterTurn(p.rotation));
    grid.forEach((lp, k) => {
      const i = lp.index;
      const box = stretched[k];
      places[i] = box;
      const want = box.wMm / box.hMm;
      const r = want / aspects[i];
      const cut = 1 - Math.min(r, 1 / r);
      if (swapped[i] === null || !(opts.allowCrop?.(i) ?? true) || Math.abs(r - 1) < 1e-9) return;
      // Past the crop limit the panel is trimmed as far as allowed and contained in its box.
      const a = cut <= maxCut ? want : r > 1 ? aspects[i] / (1 - maxCut) : aspects[i] * (1 - maxCut);
      crops[i] = cropToAspect(base[i], swapped[i]!, a);
      out[i] = a;
    });
  }
  const panels = figure.panels.map((p, i) => ({ ...p, place: places[i] }));
  const cropsOrBase = crops.map((c, i) => c ?? base[i]);
  const layout = layoutFigure({ ...figure, panels, page: fixedPage }, out, {
    ...opts,
    viewSizes: viewsOf(figure.panels, cropsOrBase, sizes),
  });
  // White beyond the gutters (and the letters' band) is what the fit failed to fill.
  const stripes = whiteStripesMm(
    layout.panels.filter((p) => p.row >= 0),
    fixedPage as { widthMm: number; heightMm: number; marginMm: number },
  );
  const excess = Math.max(stripes.x - gutter, stripes.y - gutter - now.letterSpaceMm, 0);
  const bandMm = excess < 1e-6 ? 0 : excess;
  return { crops, layout, bandMm, places };
}
