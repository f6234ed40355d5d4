// The page tool: text and shapes on the page outside the panels (column and row headers, lines,
// group brackets), in page millimetres. A click places a text (the rich editor opens there); a
// drag draws a line or a bracket (the tool bar says which); pressing an item selects it, dragging
// moves it, a click on a selected text edits it. Each gesture is one command, one undo step.
import { DEFAULT_PAGE_STYLE, type PageItem } from '../../shared/figure/page-items';
import { labelFields, plainText, runsOf } from '../../shared/figure/rich-text';
import type { Point } from '../../shared/figure/schema';
import { addPageItem, deletePageItems, movePageItems, updatePageItem } from '../editor/page-commands';
import { toolOptions } from './options';
import { type PointerInfo, type Tool, type ToolContext } from './types';

/** Page mm under which a press and release count as a click (about 3 screen px at a typical zoom). */
export const CLICK_MM = 0.8;

export function createPageTool(): Tool {
  let start: Point | null = null;
  let last: Point | null = null;
  /** The item pressed (moved by a drag), or the one being drawn. */
  let moving: string | null = null;
  let drawing: string | null = null;
  let wasSelected = false;
  let key = '';

  const reset = () => {
    start = last = null;
    moving = drawing = null;
    wasSelected = false;
  };

  const editText = (ctx: ToolContext, item: Extract<PageItem, { type: 'text' }>) => {
    tool.state = 'editing';
    editPageText(ctx, item, () => tool.cancel());
  };

  const tool: Tool = {
    id: 'page',
    label: 'Page text',
    key: 'H',
    hint: 'Click on the page to write a header; drag to draw a line or a bracket; drag an item to move it, click a selected text to edit it',
    cursor: 'crosshair',
    state: 'idle',
    down(p: PointerInfo, ctx) {
      if (tool.state !== 'idle') return;
      start = last = p.pageMm;
      key = `page-${ctx.newId()}`;
      const sel = ctx.store.get().ui.pageSelection ?? new Set<string>();
      if (p.pageItem) {
        moving = p.pageItem;
        wasSelected = sel.has(p.pageItem);
        ctx.store.setUi({ pageSelection: new Set([p.pageItem]) });
      } else if (sel.size) ctx.store.setUi({ pageSelection: new Set() });
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if ((tool.state !== 'pointing' && tool.state !== 'dragging') || !start || !last) return;
      const far = Math.hypot(p.pageMm[0] - start[0], p.pageMm[1] - start[1]) > CLICK_MM;
      if (tool.state === 'pointing' && !far) return;
      tool.state = 'dragging';
      if (moving) {
        // Live: each step is a command merged into one undo step by the gesture's key.
        ctx.store.dispatch(movePageItems(ctx.figureId, new Set([moving]), p.pageMm[0] - last[0], p.pageMm[1] - last[1]), key);
      } else if (!drawing) {
        drawing = ctx.newId();
        const shape = toolOptions.get().pageShape;
        const points: [Point, Point] = [start, p.pageMm];
        const item: PageItem =
          shape === 'bracket'
            ? { id: drawing, type: 'bracket', points, tickMm: 1.5, style: pageStyle(ctx) }
            : { id: drawing, type: 'line', points, style: pageStyle(ctx) };
        ctx.store.dispatch(addPageItem(ctx.figureId, item), key);
      } else {
        const end: Point = p.shift ? snapAxis(start, p.pageMm) : p.pageMm;
        ctx.store.dispatch(
          updatePageItem(ctx.figureId, drawing, (i) => (i.type === 'text' ? i : { ...i, points: [i.points[0], end] })),
          key,
        );
      }
      last = p.pageMm;
    },
    up(p, ctx) {
      if (tool.state !== 'pointing' && tool.state !== 'dragging') return;
      const clicked = tool.state === 'pointing';
      ctx.store.endGesture();
      if (drawing) ctx.store.setUi({ pageSelection: new Set([drawing]) });
      const item = moving ? ctx.store.figure().pageItems.find((i) => i.id === moving) : undefined;
      const at = start ?? p.pageMm;
      const reselect = wasSelected;
      reset();
      tool.state = 'idle';
      if (!clicked) return;
      if (item?.type === 'text' && reselect) return editText(ctx, item);
      if (item) return;
      // A click on the empty page: a new text there (its top centre at the click).
      tool.state = 'editing';
      placePageText(ctx, at, () => tool.cancel());
    },
    dblclick(p, ctx) {
      const item = p.pageItem ? ctx.store.figure().pageItems.find((i) => i.id === p.pageItem) : undefined;
      if (item?.type === 'text' && tool.state === 'idle') editText(ctx, item);
    },
    cancel() {
      reset();
      tool.state = 'idle';
    },
  };
  return tool;
}

/** Page texts are a point larger than the labels on the panels (headers over them). */
const pageStyle = (ctx: ToolContext) => ({ ...DEFAULT_PAGE_STYLE, fontPt: Math.max(6, ctx.style.fontPt + 1) });

/**
 * A new page text typed in place at `at` (page mm, its top centre), selected once placed; nothing
 * when left empty. One command. Shared by the page tool and the Text tool (a click off the panels).
 */
export function placePageText(ctx: ToolContext, at: Point, done: () => void): void {
  void ctx.editRuns({ pageMm: at, fontPt: pageStyle(ctx).fontPt }, []).then((runs) => {
    done();
    if (!runs || !plainText(runs).trim()) return;
    const id = ctx.newId();
    ctx.store.dispatch(
      addPageItem(ctx.figureId, { id, type: 'text', at, align: 'center', rotation: 0, style: pageStyle(ctx), ...labelFields(runs) }),
    );
    ctx.store.setUi({ pageSelection: new Set([id]) });
  });
}

/**
 * Edits a page text in place (the rich editor opens on it); emptied, it is deleted. One command.
 * Shared by the page tool and Select, so a header is edited the same way from either.
 */
export function editPageText(ctx: ToolContext, item: Extract<PageItem, { type: 'text' }>, done: () => void): void {
  void ctx.editRuns({ pageMm: item.at, fontPt: item.style.fontPt }, runsOf(item)).then((runs) => {
    done();
    if (!runs) return;
    if (!plainText(runs).trim()) ctx.store.dispatch(deletePageItems(ctx.figureId, new Set([item.id])));
    else ctx.store.dispatch(updatePageItem(ctx.figureId, item.id, (i) => ({ ...i, ...labelFields(runs) }) as PageItem));
  });
}

/** Shift: the line snaps to horizontal or vertical. */
function snapAxis(a: Point, b: Point): Point {
  return Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? [b[0], a[1]] : [a[0], b[1]];
}
