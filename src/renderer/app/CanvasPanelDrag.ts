// Reordering panels on the canvas with the select tool. A press on a panel's image (not on an
// annotation or a handle) starts the select tool's marquee as before; once the pointer leaves
// that panel, the gesture becomes a panel move: a bar shows where the panel will be inserted
// (between two panels of the row under the pointer), a ghost of the panel snaps to that gap,
// guides run along the row, and the drop is one movePanel command (one undo step; automatic
// letters renumber). Dragging within the panel stays a marquee, so selecting annotations by
// dragging over an image keeps working.
import Konva from 'konva';
import type { Point } from '../../shared/figure/schema';
import { hitTestPanel, type FigureLayout, type LayoutPanel } from '../../shared/figure/layout';
import type { PointerInfo, Tool } from '../tools';

export interface PanelDrop {
  /** Index the panel moves from (layout = letter order). */
  from: number;
  /** Index it will have after the move (movePanel's `to`). */
  to: number;
  /** The insertion bar, page mm: x and the row's vertical extent. */
  bar: { x: number; y0: number; y1: number };
  /** The row the panel is dropped into. */
  row: LayoutPanel[];
}

const rowsOf = (layout: Pick<FigureLayout, 'panels'>): LayoutPanel[][] => {
  const rows = new Map<number, LayoutPanel[]>();
  for (const p of layout.panels) rows.set(p.row, [...(rows.get(p.row) ?? []), p]);
  return [...rows.keys()].sort((a, b) => a - b).map((r) => rows.get(r)!.sort((a, b) => a.index - b.index));
};

/** Vertical distance from y to a row's extent (0 inside it). */
function rowDistance(row: LayoutPanel[], y: number): number {
  const top = Math.min(...row.map((p) => p.yMm));
  const bottom = Math.max(...row.map((p) => p.yMm + p.hMm));
  return y < top ? top - y : y > bottom ? y - bottom : 0;
}

/**
 * Where a panel dragged from `from` lands with the pointer at `at` (page mm). Over another panel:
 * it takes that panel's place (the bar on the far side of it, where the panel will go). In a gap
 * or off the panels: inserted before the first panel of the nearest row whose centre lies right
 * of the pointer. null while the pointer is still over the dragged panel itself, or when the drop
 * would not move it.
 */
export function dropTarget(layout: Pick<FigureLayout, 'panels'>, from: number, at: Point): PanelDrop | null {
  const origin = layout.panels.find((p) => p.index === from);
  if (!origin || layout.panels.length < 2) return null;
  if (hitTestPanel({ panels: [origin] }, at[0], at[1]) !== null) return null;
  const rows = rowsOf(layout);
  const over = hitTestPanel(layout, at[0], at[1]);
  let row = rows[0];
  let k: number;
  let to: number;
  if (over !== null) {
    row = rows.find((r) => r.some((p) => p.index === over))!;
    const j = row.findIndex((p) => p.index === over);
    to = over;
    k = over > from ? j + 1 : j;
  } else {
    for (const r of rows) if (rowDistance(r, at[1]) < rowDistance(row, at[1])) row = r;
    k = row.filter((p) => p.xMm + p.wMm / 2 < at[0]).length;
    // Insertion index in the whole list, then the index once the dragged panel is taken out.
    const insertAt = k < row.length ? row[k].index : row[row.length - 1].index + 1;
    to = insertAt > from ? insertAt - 1 : insertAt;
  }
  if (to === from) return null;
  const left = row[k - 1];
  const right = row[k];
  const x = left && right ? (left.xMm + left.wMm + right.xMm) / 2 : right ? right.xMm : left.xMm + left.wMm;
  const y0 = Math.min(...row.map((p) => p.yMm));
  const y1 = Math.max(...row.map((p) => p.yMm + p.hMm));
  return { from, to, bar: { x, y0, y1 }, row };
}

export interface PanelDrag {
  /** After the tool's own `down`: remembers a press on a panel's image with the select tool. */
  down(p: PointerInfo, tool: Tool, layout: FigureLayout): void;
  /** After the tool's own `move`: the current drop, or null (the tool's gesture shows instead). */
  move(p: PointerInfo, tool: Tool, layout: FigureLayout): PanelDrop | null;
  /** The drop to commit on release (the gesture ends either way). */
  up(tool: Tool): PanelDrop | null;
  current(): PanelDrop | null;
  cancel(): void;
}

export function createPanelDrag(): PanelDrag {
  let from: number | null = null;
  let drop: PanelDrop | null = null;
  const reset = () => {
    from = null;
    drop = null;
  };
  return {
    down(p, tool, layout) {
      reset();
      if (tool.id !== 'select' || p.hit || p.shift) return;
      from = hitTestPanel(layout, p.pageMm[0], p.pageMm[1]);
    },
    move(p, tool, layout) {
      // Only a marquee gesture can turn into a panel move (not a handle or a move of shapes).
      if (from === null || tool.state === 'idle' || !tool.marquee?.()) {
        drop = null;
        return null;
      }
      drop = dropTarget(layout, from, p.pageMm);
      return drop;
    },
    up(tool) {
      const d = tool.state === 'idle' ? null : drop; // Escape cancelled the gesture
      reset();
      return d;
    },
    current: () => drop,
    cancel: reset,
  };
}

/** Draws the drop on the interactive layer (page mm; line widths in screen px). */
export function drawPanelDrop(layer: Konva.Layer, layout: FigureLayout, drop: PanelDrop, zoom: number, color = '#4da3ff'): void {
  const px = 1 / zoom;
  const origin = layout.panels.find((p) => p.index === drop.from);
  // Guides along the target row's top and bottom, across the page.
  for (const y of [drop.bar.y0, drop.bar.y1])
    layer.add(
      new Konva.Line({
        points: [0, y, layout.pageWidthMm, y],
        stroke: color,
        strokeWidth: px,
        dash: [6 * px, 4 * px],
        opacity: 0.7,
        listening: false,
      }),
    );
  // The dragged panel's outline, dimmed where it was.
  if (origin)
    layer.add(
      new Konva.Rect({
        x: origin.xMm,
        y: origin.yMm,
        width: origin.wMm,
        height: origin.hMm,
        fill: 'rgba(0,0,0,0.45)',
        stroke: color,
        strokeWidth: px,
        dash: [4 * px, 4 * px],
        listening: false,
      }),
    );
  // The ghost, snapped to the gap: centred on the bar and on the row, at the row's height.
  if (origin) {
    const h = Math.min(origin.hMm, drop.bar.y1 - drop.bar.y0);
    const w = origin.wMm * (h / origin.hMm);
    layer.add(
      new Konva.Rect({
        x: drop.bar.x - w / 2,
        y: (drop.bar.y0 + drop.bar.y1 - h) / 2,
        width: w,
        height: h,
        fill: color,
        opacity: 0.18,
        listening: false,
      }),
    );
  }
  // The insertion bar.
  layer.add(
    new Konva.Line({
      points: [drop.bar.x, drop.bar.y0, drop.bar.x, drop.bar.y1],
      stroke: color,
      strokeWidth: 4 * px,
      lineCap: 'round',
      listening: false,
    }),
  );
}
