// The arrange tool: panels placed and sized freely on the page. A click selects a panel (Shift
// adds or removes it from the set), a drag moves the selected panels, a handle of the selected
// panel resizes it (keeping the crop's aspect; with Alt the crop changes instead). Moves and
// resizes snap to the page and the other panels (free-layout.ts) and show guides. The panels
// move live through one coalesced command: the whole gesture is one undo step. The first move
// of a grid figure switches it to free layout. Dragging a floating inset moves it to the
// parent's corner nearest the drop.
import type { Crop, Point } from '../../shared/figure/schema';
import type { FigureLayout } from '../../shared/figure/layout';
import type { PanelTransform } from '../../shared/geometry/transform';
import { HANDLES, snapMove, snapResize, type Box, type Guide, type Handle } from '../../shared/figure/free-layout';
import { layoutBoxes, placePanels, setInsetFloat } from '../editor/layout-commands';
import { selectedPanelIds } from '../editor/store';
import { CLICK_SLOP_PX, type PointerInfo, type Tool, type ToolContext } from './types';

/** What the arrange tool needs from the canvas. */
export interface ArrangeInfo {
  layout: FigureLayout;
  /** Page mm per screen px (snap distance, handle size). */
  mmPerScreenPx: number;
  transforms: ReadonlyMap<string, PanelTransform>;
  sizes: ReadonlyMap<string, { width: number; height: number }>;
}

/** Snap within this many screen px; handles are this big. */
export const SNAP_PX = 6;
export const HANDLE_PX = 8;

type Gesture =
  | { kind: 'move'; start: Point; ids: string[]; boxes: Map<string, Box>; current: Map<string, Box>; lead: string; key: string }
  | { kind: 'resize'; start: Point; id: string; handle: Handle; box: Box; current: Map<string, Box>; key: string }
  | { kind: 'inset'; start: Point; id: string; parent: Box; at: Point };

export interface ArrangeTool extends Tool {
  /** Guides of the snap in effect (page mm). */
  guides(): Guide[];
  /** A floating inset being dragged: where it would land (page mm). */
  insetDrop(): { id: string; corner: Box } | null;
  /** Panels being moved or resized now (the canvas draws them on top meanwhile). */
  moving(): string[];
}

/** The handle positions of a box (page mm). */
export function handlePoints(b: Box): [Handle, Point][] {
  const x = { w: b.xMm, c: b.xMm + b.wMm / 2, e: b.xMm + b.wMm };
  const y = { n: b.yMm, c: b.yMm + b.hMm / 2, s: b.yMm + b.hMm };
  return HANDLES.map((h) => [
    h,
    [h.includes('w') ? x.w : h.includes('e') ? x.e : x.c, h.includes('n') ? y.n : h.includes('s') ? y.s : y.c],
  ]);
}

/** The topmost panel under a page point (panel order is drawing order). */
export function panelAt(layout: Pick<FigureLayout, 'panels'>, at: Point): number | null {
  for (let k = layout.panels.length - 1; k >= 0; k--) {
    const p = layout.panels[k];
    if (at[0] >= p.xMm && at[0] <= p.xMm + p.wMm && at[1] >= p.yMm && at[1] <= p.yMm + p.hMm) return p.index;
  }
  return null;
}

const rectOf = (layout: FigureLayout, index: number): Box | null => {
  const p = layout.panels.find((x) => x.index === index);
  return p ? { xMm: p.xMm, yMm: p.yMm, wMm: p.wMm, hMm: p.hMm } : null;
};

/**
 * The crop a resize gives when it changes the crop (Alt): the scale stays, so the new box shows
 * more or less of the image at its moved edges; clamped to the image. Quarter turns only.
 */
export function cropForBox(
  t: PanelTransform,
  size: { width: number; height: number },
  from: Box,
  to: Box,
): { crop: Crop; box: Box } | null {
  const mmPerPx = from.wMm / t.viewWidth;
  const v0: Point = [(to.xMm - from.xMm) / mmPerPx, (to.yMm - from.yMm) / mmPerPx];
  const v1: Point = [v0[0] + to.wMm / mmPerPx, v0[1] + to.hMm / mmPerPx];
  const corners = [t.fromView(v0), t.fromView(v1), t.fromView([v0[0], v1[1]]), t.fromView([v1[0], v0[1]])];
  // A rotation off the quarter turns would not keep a rectangle a rectangle.
  const m = t.matrix;
  if (Math.abs(m[0] * m[2]) > 1e-9 || Math.abs(m[1] * m[3]) > 1e-9) return null;
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const x0 = Math.max(0, Math.min(...xs));
  const y0 = Math.max(0, Math.min(...ys));
  const x1 = Math.min(size.width, Math.max(...xs));
  const y1 = Math.min(size.height, Math.max(...ys));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  const crop = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  // The box the clamped crop fills, at the same scale, from the old view's frame.
  const pts = [t.toView([x0, y0]), t.toView([x1, y1])];
  const vx = Math.min(pts[0][0], pts[1][0]);
  const vy = Math.min(pts[0][1], pts[1][1]);
  const box = {
    xMm: from.xMm + vx * mmPerPx,
    yMm: from.yMm + vy * mmPerPx,
    wMm: Math.abs(pts[1][0] - pts[0][0]) * mmPerPx,
    hMm: Math.abs(pts[1][1] - pts[0][1]) * mmPerPx,
  };
  return { crop, box };
}

let gestureCount = 0;

export function createArrangeTool(): ArrangeTool {
  let g: Gesture | null = null;
  let guides: Guide[] = [];
  let dragging = false;
  let info: ArrangeInfo | null = null;

  const pageOf = (ctx: ToolContext, layout: FigureLayout) => {
    const f = ctx.store.figure();
    return { widthMm: layout.pageWidthMm, heightMm: layout.pageHeightMm, marginMm: f.page.marginMm, gutterMm: f.page.gutterMm };
  };

  const tool: ArrangeTool = {
    id: 'arrange',
    label: 'Arrange',
    key: 'Shift+V',
    cursor: 'move',
    hint: 'Drag panels anywhere (snaps to edges, centres, equal gutters); handles resize (Alt changes the crop); Shift+click adds a panel; arrows nudge 0.5 mm (Shift 5 mm)',
    state: 'idle',
    down(p, ctx) {
      info = ctx.arrangeInfo?.() ?? null;
      if (!info) return;
      const { layout } = info;
      const figure = ctx.store.figure();
      const selected = selectedPanelIds(ctx.store);
      const primary = ctx.store.get().ui.panelId;
      const tol = HANDLE_PX * info.mmPerScreenPx;
      // A handle of the selected panel first: it may lie just outside the panel.
      const pi = primary ? figure.panels.findIndex((x) => x.id === primary) : -1;
      const pbox = pi >= 0 ? rectOf(layout, pi) : null;
      const lp = layout.panels.find((x) => x.index === pi);
      if (pbox && lp && lp.row >= 0 && selected.length === 1) {
        const h = handlePoints(pbox).find(([, at]) => Math.abs(at[0] - p.pageMm[0]) <= tol && Math.abs(at[1] - p.pageMm[1]) <= tol);
        if (h) {
          g = {
            kind: 'resize',
            start: p.pageMm,
            id: primary!,
            handle: h[0],
            box: pbox,
            current: layoutBoxes(figure, layout),
            key: `arrange:${++gestureCount}`,
          };
          tool.state = 'pointing';
          return;
        }
      }
      const index = panelAt(layout, p.pageMm);
      if (index === null) {
        if (!p.shift) ctx.store.setUi({ panelSet: new Set() });
        return;
      }
      const id = figure.panels[index].id;
      const hitLp = layout.panels.find((x) => x.index === index)!;
      if (hitLp.row < 0) {
        // A floating inset: select it; a drag moves it to another corner of its parent.
        ctx.store.setUi({ panelId: id, panelSet: new Set([id]) });
        const parentIndex = figure.panels.findIndex((x) => x.id === figure.panels[index].insetOf);
        const parent = rectOf(layout, parentIndex);
        if (parent) {
          g = { kind: 'inset', start: p.pageMm, id, parent, at: p.pageMm };
          tool.state = 'pointing';
        }
        return;
      }
      let ids: string[];
      if (p.shift) {
        const set = new Set(selected);
        if (set.has(id) && set.size > 1) set.delete(id);
        else set.add(id);
        const next = set.has(id) ? id : [...set][0];
        ctx.store.setUi({ panelId: next, panelSet: set });
        if (!set.has(id)) return;
        ids = [...set];
      } else if (selected.includes(id)) {
        ids = selected;
        if (primary !== id) ctx.store.setUi({ panelId: id });
      } else {
        ctx.store.setUi({ panelId: id, panelSet: new Set([id]) });
        ids = [id];
      }
      const current = layoutBoxes(figure, layout);
      const boxes = new Map(ids.filter((x) => current.has(x)).map((x) => [x, current.get(x)!]));
      g = { kind: 'move', start: p.pageMm, ids: [...boxes.keys()], boxes, current, lead: id, key: `arrange:${++gestureCount}` };
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if (!g || !info) return;
      const dx = p.pageMm[0] - g.start[0];
      const dy = p.pageMm[1] - g.start[1];
      if (tool.state === 'pointing' && Math.hypot(dx, dy) <= CLICK_SLOP_PX * info.mmPerScreenPx) return;
      tool.state = 'dragging';
      dragging = true;
      const figure = ctx.store.figure();
      const page = pageOf(ctx, info.layout);
      const thr = SNAP_PX * info.mmPerScreenPx;
      if (g.kind === 'inset') {
        g = { ...g, at: p.pageMm };
        return;
      }
      if (g.kind === 'move') {
        const moving = new Set(g.ids);
        const others = [...g.current].filter(([id]) => !moving.has(id)).map(([, b]) => b);
        // The moved panels' common box snaps; each keeps its offset in it.
        const union = unionBox([...g.boxes.values()]);
        const s = snapMove({ ...union, xMm: union.xMm + dx, yMm: union.yMm + dy }, others, page, thr);
        const sdx = s.box.xMm - union.xMm;
        const sdy = s.box.yMm - union.yMm;
        guides = s.guides;
        const changes = new Map([...g.boxes].map(([id, b]) => [id, { ...b, xMm: b.xMm + sdx, yMm: b.yMm + sdy }]));
        ctx.store.dispatch(placePanels(figure.id, g.current, changes), g.key);
        return;
      }
      const r = g;
      const others = [...r.current].filter(([id]) => id !== r.id).map(([, b]) => b);
      const alt = !!p.alt;
      const s = snapResize(g.box, g.handle, [dx, dy], others, page, thr, !alt);
      guides = s.guides;
      let box = s.box;
      const crops = new Map<string, Crop>();
      if (alt) {
        const t = info.transforms.get(g.id);
        const panel = figure.panels.find((x) => x.id === r.id);
        const size = panel ? info.sizes.get(panel.id) : undefined;
        const c = t && size ? cropForBox(t, size, g.box, box) : null;
        if (c) {
          box = c.box;
          crops.set(g.id, c.crop);
        } else box = snapResize(g.box, g.handle, [dx, dy], others, page, thr, true).box;
      }
      ctx.store.dispatch(placePanels(figure.id, g.current, new Map([[g.id, box]]), crops), g.key);
    },
    up(_p, ctx) {
      const done = g;
      const moved = dragging;
      tool.cancel();
      if (!done || !moved) return;
      if (done.kind === 'inset') {
        const panel = ctx.store.figure().panels.find((x) => x.id === done.id);
        if (panel?.float)
          ctx.store.dispatch(
            setInsetFloat(ctx.store.figure().id, done.id, { ...panel.float, corner: nearestCorner(done.parent, done.at) }),
          );
      }
      ctx.store.endGesture();
    },
    cancel() {
      g = null;
      guides = [];
      dragging = false;
      tool.state = 'idle';
    },
    guides: () => guides,
    moving: () => (!g || !dragging ? [] : g.kind === 'move' ? g.ids : [g.id]),
    insetDrop() {
      if (!g || g.kind !== 'inset' || !dragging) return null;
      const c = nearestCorner(g.parent, g.at);
      const b = g.parent;
      const w = b.wMm / 3;
      const h = b.hMm / 3;
      return {
        id: g.id,
        corner: {
          xMm: c.endsWith('right') ? b.xMm + b.wMm - w : b.xMm,
          yMm: c.startsWith('bottom') ? b.yMm + b.hMm - h : b.yMm,
          wMm: w,
          hMm: h,
        },
      };
    },
  };
  return tool;
}

function unionBox(bs: readonly Box[]): Box {
  const x0 = Math.min(...bs.map((b) => b.xMm));
  const y0 = Math.min(...bs.map((b) => b.yMm));
  const x1 = Math.max(...bs.map((b) => b.xMm + b.wMm));
  const y1 = Math.max(...bs.map((b) => b.yMm + b.hMm));
  return { xMm: x0, yMm: y0, wMm: x1 - x0, hMm: y1 - y0 };
}

type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export function nearestCorner(b: Box, at: Point): Corner {
  const right = at[0] > b.xMm + b.wMm / 2;
  const bottom = at[1] > b.yMm + b.hMm / 2;
  return `${bottom ? 'bottom' : 'top'}-${right ? 'right' : 'left'}` as Corner;
}

export type { PointerInfo };
