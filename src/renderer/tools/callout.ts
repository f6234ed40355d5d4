// Callout: press on what is pointed at, drag to where the label goes, release and type. The
// label and its arrow are one annotation, so the arrow follows when either end moves.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { labelFields, plainText } from '../../shared/figure/rich-text';
import { distance } from '../editor/geometry';
import { CLICK_SLOP_PX, type Preview, type Tool, type ToolContext } from './types';

/** Where a click (no drag) puts the label: up and to the right of the target, in screen px. */
const CLICK_OFFSET_PX = 60;

export function createCalloutTool(): Tool {
  let panelId: string | null = null;
  let target: Point | null = null;
  let label: Point | null = null;
  let id = '';
  let style: ToolContext['style'] | null = null;

  const draft = (): Annotation | null =>
    panelId && target && label && style ? { id, type: 'callout', layer: 'labels', style, at: label, target, text: '' } : null;

  const tool: Tool = {
    id: 'callout',
    label: 'Callout',
    key: 'Shift+T',
    hint: 'Press on the target, drag to the label position, type',
    cursor: 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (tool.state !== 'idle' || !p.panelId || !p.source) return;
      panelId = p.panelId;
      target = p.source;
      label = p.source;
      id = ctx.newId();
      style = ctx.style;
      tool.state = 'pointing';
    },
    move(p) {
      if ((tool.state !== 'pointing' && tool.state !== 'dragging') || !p.source) return;
      label = p.source;
      tool.state = 'dragging';
    },
    up(p, ctx) {
      if ((tool.state !== 'pointing' && tool.state !== 'dragging') || !panelId || !target) return;
      const k = ctx.sourcePerScreenPx(panelId);
      if (!label || !p.source || distance(label, target) <= CLICK_SLOP_PX * k)
        label = [target[0] + CLICK_OFFSET_PX * k, target[1] - CLICK_OFFSET_PX * k];
      tool.state = 'editing';
      const pid = panelId,
        at = label,
        tgt = target,
        aid = id,
        st = style!;
      void ctx.editRuns({ panelId: pid, at }, []).then((runs) => {
        tool.cancel();
        if (runs && plainText(runs).trim()) {
          commitAnnotation(ctx, pid, { id: aid, type: 'callout', layer: 'labels', style: st, at, target: tgt, ...labelFields(runs) });
        }
      });
    },
    cancel() {
      panelId = target = label = null;
      style = null;
      tool.state = 'idle';
    },
    preview(): Preview | null {
      const a = draft();
      return a && panelId ? { panelId, annotations: [a], hide: new Set() } : null;
    },
  };
  return tool;
}
