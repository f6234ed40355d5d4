// Text label: click where the label goes, type in place (Enter places it, Shift+Enter = new
// line, Escape cancels). Clicking an existing label with this tool edits it in place.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { labelFields, plainText, runsOf } from '../../shared/figure/rich-text';
import { deleteAnnotations, updateAnnotation } from '../editor/commands';
import { editPageText, placePageText } from './page';
import type { Preview, Tool, ToolContext } from './types';

/** Edits the text of a label or callout in place (with its formats); an emptied label is deleted. */
export function editAnnotationText(ctx: ToolContext, panelId: string, a: Annotation, done: () => void): boolean {
  if (a.type !== 'text' && a.type !== 'callout') return false;
  const before = runsOf(a);
  void ctx.editRuns({ panelId, at: a.at }, before).then((runs) => {
    done();
    if (runs === null) return;
    const next = labelFields(runs);
    if (JSON.stringify(next) === JSON.stringify(labelFields(before))) return;
    if (!plainText(runs).trim()) ctx.store.dispatch(deleteAnnotations(ctx.figureId, new Set([a.id])));
    else ctx.store.dispatch(updateAnnotation(ctx.figureId, panelId, a.id, (x) => ({ ...x, ...next }) as Annotation));
  });
  return true;
}

/** Whether a page point is on the page as laid out (not the canvas around it). */
function onPage(ctx: ToolContext, [x, y]: Point): boolean {
  const l = ctx.arrangeInfo?.()?.layout;
  return !!l && x >= 0 && y >= 0 && x <= l.pageWidthMm && y <= l.pageHeightMm;
}

export function createTextTool(): Tool {
  let editing: string | null = null;
  let editingPanel: string | null = null;
  let pageAt: Point | null = null;
  let pageItem: string | null = null;
  const tool: Tool = {
    id: 'text',
    label: 'Text',
    key: 'T',
    hint: 'Click and type; Enter places, Shift+Enter new line; click a label to edit it; off the panels, a page text',
    cursor: 'text',
    state: 'idle',
    down(p, ctx) {
      if (tool.state !== 'idle') return;
      // Off the panels but on the page (a gutter, the margin): a page text there, as the page
      // tool would make; otherwise the letters typed next would run as tool shortcuts.
      pageAt = !p.panelId || !p.source ? (onPage(ctx, p.pageMm) ? p.pageMm : null) : null;
      pageItem = pageAt ? (p.pageItem ?? null) : null;
      if ((!p.panelId || !p.source) && !pageAt) return;
      tool.state = 'pointing';
    },
    // The editor opens on release: opening it on press would lose focus to the click.
    up(p, ctx) {
      if (tool.state !== 'pointing') return;
      if (pageAt) {
        tool.state = 'editing';
        const item = pageItem ? ctx.store.figure().pageItems.find((i) => i.id === pageItem) : undefined;
        if (item?.type === 'text') editPageText(ctx, item, () => tool.cancel());
        else placePageText(ctx, pageAt, () => tool.cancel());
        return;
      }
      if (!p.panelId || !p.source) return void tool.cancel();
      tool.state = 'editing';
      const hit = p.hit
        ? ctx.store
            .figure()
            .panels.find((x) => x.id === p.hit!.panelId)
            ?.annotations.find((a) => a.id === p.hit!.annotationId)
        : undefined;
      if (hit && p.hit && (hit.type === 'text' || hit.type === 'callout')) {
        editing = hit.id;
        editingPanel = p.hit.panelId;
        editAnnotationText(ctx, p.hit.panelId, hit, () => tool.cancel());
        return;
      }
      const panelId = p.panelId;
      const at = p.source;
      const style = ctx.style;
      void ctx.editRuns({ panelId, at }, []).then((runs) => {
        tool.cancel();
        if (runs && plainText(runs).trim()) {
          const id = ctx.newId();
          commitAnnotation(ctx, panelId, { id, type: 'text', layer: 'labels', style, at, ...labelFields(runs), rotation: 0 });
        }
      });
    },
    move() {},
    cancel() {
      editing = null;
      editingPanel = null;
      pageAt = pageItem = null;
      tool.state = 'idle';
    },
    // While a label is edited in place, the canvas hides it under the editor.
    preview: (): Preview | null => (editing && editingPanel ? { panelId: editingPanel, annotations: [], hide: new Set([editing]) } : null),
  };
  return tool;
}
