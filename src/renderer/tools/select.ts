// Select: click selects (shift toggles), drag moves the selection, a drag on empty space draws
// a marquee (shift adds to the selection), handles of a single selected shape resize, rotate or
// move one point; double click edits a label in place. A move, resize or rotate is previewed on
// the interactive layer and committed as one command on release: one gesture, one undo step.
// Page texts and lines (headers, brackets) are selected and moved here too, as on a page in any
// layout program; the page tool is for making them.
import type { Annotation, Figure, Point } from '../../shared/figure/schema';
import { replaceAnnotations, updateAnnotation } from '../editor/commands';
import { movePageItems } from '../editor/page-commands';
import { CLICK_MM, editPageText } from './page';
import { distance, dragHandle, handlesOf, snap45, translateAnnotation, type Handle } from '../editor/geometry';
import { editAnnotationText } from './text';
import { CLICK_SLOP_PX, type Preview, type Tool, type ToolContext } from './types';

/** Screen px: how close a press must be to a handle, and where the rotate handle sits. */
export const HANDLE_HIT_PX = 7;
export const ROTATE_OFFSET_PX = 24;

/** Handles shown for the selection: only a single selected annotation has them. */
export function selectionHandles(
  figure: Figure,
  selection: ReadonlySet<string>,
  sourcePerScreenPx: (panelId: string) => number,
  override?: Annotation,
): { panelId: string; handles: Handle[] } | null {
  if (selection.size !== 1) return null;
  const [id] = selection;
  for (const p of figure.panels) {
    const a = p.annotations.find((x) => x.id === id);
    if (a) return { panelId: p.id, handles: handlesOf(override?.id === id ? override : a, ROTATE_OFFSET_PX * sourcePerScreenPx(p.id)) };
  }
  return null;
}

type Mode =
  | { kind: 'move'; panelId: string; start: Point; originals: Annotation[]; moved: Annotation[] }
  | { kind: 'handle'; panelId: string; handle: string; original: Annotation; current: Annotation }
  | { kind: 'marquee'; start: Point; end: Point; additive: boolean }
  | { kind: 'edit'; panelId: string; id: string }
  /** Page items moved live, each step merged into one undo step by the gesture's key. */
  | { kind: 'page'; ids: Set<string>; start: Point; last: Point; key: string };

export function createSelectTool(): Tool {
  let mode: Mode | null = null;
  /** A plain click on one item of a multi-selection selects just that item, on release. */
  let narrowTo: string | null = null;
  let narrowPageTo: string | null = null;

  const annotationsOf = (ctx: ToolContext, panelId: string) => ctx.store.figure().panels.find((p) => p.id === panelId)?.annotations ?? [];

  const tool: Tool = {
    id: 'select',
    label: 'Select',
    key: 'V',
    hint: 'Click, shift-click or drag a marquee; drag to move; handles resize/rotate; arrows nudge; double-click a page text to edit it',
    cursor: 'default',
    state: 'idle',
    down(p, ctx) {
      const figure = ctx.store.figure();
      const sel = new Set(ctx.store.get().ui.selection);
      narrowTo = narrowPageTo = null;
      const pageSel = ctx.store.get().ui.pageSelection ?? new Set<string>();
      // Handles of the single selected shape come first: they sit on top.
      const h = p.source ? selectionHandles(figure, sel, ctx.sourcePerScreenPx) : null;
      if (h && p.panelId === h.panelId && p.source) {
        const tol = HANDLE_HIT_PX * ctx.sourcePerScreenPx(h.panelId);
        const handle = h.handles.find((x) => distance(x.at, p.source!) <= tol);
        if (handle) {
          const original = annotationsOf(ctx, h.panelId).find((a) => sel.has(a.id))!;
          mode = { kind: 'handle', panelId: h.panelId, handle: handle.id, original, current: original };
          tool.state = 'pointing';
          return;
        }
      }
      if (p.hit && p.source) {
        const id = p.hit.annotationId;
        if (p.shift) {
          if (sel.has(id)) sel.delete(id);
          else sel.add(id);
        } else if (!sel.has(id)) {
          sel.clear();
          sel.add(id);
        } else if (sel.size > 1) narrowTo = id;
        // One selection at a time: Delete must not also take a header the user no longer sees as chosen.
        ctx.store.setUi(pageSel.size ? { selection: sel, pageSelection: new Set() } : { selection: sel });
        const originals = annotationsOf(ctx, p.hit.panelId).filter((a) => sel.has(a.id));
        mode = { kind: 'move', panelId: p.hit.panelId, start: p.source, originals, moved: originals };
        tool.state = 'pointing';
        return;
      }
      if (p.pageItem) {
        const id = p.pageItem;
        const next = new Set(pageSel);
        if (p.shift) {
          if (next.has(id)) next.delete(id);
          else next.add(id);
        } else if (!next.has(id)) {
          next.clear();
          next.add(id);
        } else if (next.size > 1) narrowPageTo = id;
        ctx.store.setUi(sel.size ? { pageSelection: next, selection: new Set() } : { pageSelection: next });
        mode = { kind: 'page', ids: next, start: p.pageMm, last: p.pageMm, key: `select-page-${ctx.newId()}` };
        tool.state = 'pointing';
        return;
      }
      if (!p.shift && sel.size) ctx.store.setUi({ selection: new Set() });
      if (!p.shift && pageSel.size) ctx.store.setUi({ pageSelection: new Set() });
      mode = { kind: 'marquee', start: p.pageMm, end: p.pageMm, additive: p.shift };
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if (!mode || tool.state === 'idle') return;
      if (mode.kind === 'marquee') {
        mode.end = p.pageMm;
        tool.state = 'dragging';
        return;
      }
      if (mode.kind === 'page') {
        const far = Math.hypot(p.pageMm[0] - mode.start[0], p.pageMm[1] - mode.start[1]) > CLICK_MM;
        if ((tool.state === 'pointing' && !far) || !mode.ids.size) return;
        tool.state = 'dragging';
        ctx.store.dispatch(movePageItems(ctx.figureId, mode.ids, p.pageMm[0] - mode.last[0], p.pageMm[1] - mode.last[1]), mode.key);
        mode.last = p.pageMm;
        return;
      }
      if (mode.kind === 'edit' || !p.source || p.panelId !== mode.panelId) return;
      const k = ctx.sourcePerScreenPx(mode.panelId);
      if (mode.kind === 'handle') {
        tool.state = 'dragging';
        mode.current = dragHandle(mode.original, mode.handle, p.source, p.shift);
        return;
      }
      // Shift constrains a move to 0/45/90°.
      const to = p.shift ? snap45(mode.start, p.source) : p.source;
      const dx = to[0] - mode.start[0];
      const dy = to[1] - mode.start[1];
      if (tool.state === 'pointing' && Math.hypot(dx, dy) < CLICK_SLOP_PX * k) return;
      tool.state = 'dragging';
      mode.moved = mode.originals.map((a) => translateAnnotation(a, dx, dy));
    },
    up(_p, ctx) {
      if (mode && tool.state === 'dragging') {
        if (mode.kind === 'page') ctx.store.endGesture();
        else if (mode.kind === 'move') ctx.store.dispatch(replaceAnnotations(ctx.figureId, mode.moved));
        else if (mode.kind === 'handle') ctx.store.dispatch(replaceAnnotations(ctx.figureId, [mode.current]));
        else if (mode.kind === 'marquee') {
          const m = tool.marquee!()!;
          const ids = ctx.annotationsInPageRect?.(m) ?? [];
          const sel = new Set(mode.additive ? ctx.store.get().ui.selection : []);
          ids.forEach((i) => sel.add(i));
          // Page items the marquee meets are selected too, unless it caught annotations: one
          // selection at a time (Delete, nudges and the style strip act on one kind).
          const pageIds = ids.length ? [] : (ctx.pageItemsInPageRect?.(m) ?? []);
          const pageSel = new Set(mode.additive ? (ctx.store.get().ui.pageSelection ?? []) : []);
          pageIds.forEach((i) => pageSel.add(i));
          ctx.store.setUi(pageSel.size || pageIds.length ? { selection: sel, pageSelection: pageSel } : { selection: sel });
        }
      } else if (narrowTo) ctx.store.setUi({ selection: new Set([narrowTo]) });
      else if (narrowPageTo) ctx.store.setUi({ pageSelection: new Set([narrowPageTo]) });
      if (mode?.kind !== 'edit') tool.cancel();
    },
    dblclick(p, ctx) {
      const item = !p.hit && p.pageItem ? ctx.store.figure().pageItems.find((i) => i.id === p.pageItem) : undefined;
      if (item?.type === 'text') {
        tool.cancel();
        tool.state = 'editing';
        editPageText(ctx, item, () => tool.cancel());
        return;
      }
      if (!p.hit) return;
      const { panelId, annotationId } = p.hit;
      const a = annotationsOf(ctx, panelId).find((x) => x.id === annotationId);
      if (!a) return;
      tool.cancel();
      if (a.type === 'number') {
        mode = { kind: 'edit', panelId, id: a.id };
        void ctx.editText(panelId, a.at, String(a.n)).then((t) => {
          tool.cancel();
          const n = t === null ? NaN : Number.parseInt(t, 10);
          if (Number.isInteger(n) && n >= 0 && n !== a.n)
            ctx.store.dispatch(updateAnnotation(ctx.figureId, panelId, a.id, (x) => ({ ...x, n }) as Annotation));
        });
        return;
      }
      mode = { kind: 'edit', panelId, id: a.id };
      if (!editAnnotationText(ctx, panelId, a, () => tool.cancel())) tool.cancel();
    },
    cancel() {
      mode = null;
      narrowTo = narrowPageTo = null;
      tool.state = 'idle';
    },
    preview(): Preview | null {
      if (!mode) return null;
      if (mode.kind === 'edit') return { panelId: mode.panelId, annotations: [], hide: new Set([mode.id]) };
      if (tool.state !== 'dragging') return null;
      if (mode.kind === 'move') return { panelId: mode.panelId, annotations: mode.moved, hide: new Set(mode.originals.map((a) => a.id)) };
      if (mode.kind === 'handle') return { panelId: mode.panelId, annotations: [mode.current], hide: new Set([mode.original.id]) };
      return null;
    },
    marquee() {
      if (!mode || mode.kind !== 'marquee' || tool.state !== 'dragging') return null;
      const x = Math.min(mode.start[0], mode.end[0]);
      const y = Math.min(mode.start[1], mode.end[1]);
      return { x, y, w: Math.abs(mode.end[0] - mode.start[0]), h: Math.abs(mode.end[1] - mode.start[1]) };
    },
  };
  return tool;
}
