// Select: click selects (shift toggles), drag moves the selection (one undo step), a drag
// on empty space draws a marquee.
import type { Point } from '../../shared/figure/schema';
import { translateAnnotation, updateAnnotation } from '../editor/commands';
import type { Tool } from './types';

export function createSelectTool(): Tool {
  let last: Point | null = null;
  let panelId: string | null = null;
  let gesture = 0;
  const tool: Tool = {
    id: 'select',
    label: 'Select',
    key: 'V',
    cursor: 'default',
    state: 'idle',
    down(p, ctx) {
      const sel = new Set(ctx.store.get().ui.selection);
      if (p.hit) {
        if (p.shift) {
          if (sel.has(p.hit.annotationId)) sel.delete(p.hit.annotationId);
          else sel.add(p.hit.annotationId);
        } else if (!sel.has(p.hit.annotationId)) {
          sel.clear();
          sel.add(p.hit.annotationId);
        }
        ctx.store.setUi({ selection: sel });
        last = p.source;
        panelId = p.hit.panelId;
        tool.state = 'pointing';
        gesture++;
      } else if (!p.shift) {
        ctx.store.setUi({ selection: new Set() });
      }
    },
    move(p, ctx) {
      if (tool.state === 'idle' || !last || !p.source || !panelId || p.panelId !== panelId) return;
      const dx = p.source[0] - last[0];
      const dy = p.source[1] - last[1];
      if (tool.state === 'pointing' && Math.hypot(dx, dy) < 2 * ctx.sourcePerScreenPx(panelId)) return;
      tool.state = 'dragging';
      last = p.source;
      const sel = ctx.store.get().ui.selection;
      for (const id of sel) {
        ctx.store.dispatch(updateAnnotation(ctx.figureId, panelId, id, (a) => translateAnnotation(a, dx, dy)), `move-${gesture}`);
      }
    },
    up(_p, ctx) {
      if (tool.state === 'dragging') ctx.store.endGesture();
      tool.cancel();
    },
    cancel() {
      last = null;
      panelId = null;
      tool.state = 'idle';
    },
    draft: () => null,
  };
  return tool;
}
