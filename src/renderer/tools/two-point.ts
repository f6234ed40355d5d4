// Tools drawn by dragging from one point to another: arrow (tail → head), line, measure-length.
// Shift snaps the direction to 0/45/90°.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { snap45, draftPreview, CLICK_SLOP_PX, type Draft, type PointerInfo, type Tool, type ToolContext } from './types';
import { toolOptions } from './options';

type Kind = 'arrow' | 'line' | 'measure-length';

export function createTwoPointTool(kind: Kind, label: string, key: string, hint = ''): Tool {
  let start: Point | null = null;
  let current: Draft | null = null;

  const make = (ctx: ToolContext, a: Point, b: Point, id: string): Annotation => {
    const base = { id, layer: 'labels' as const, style: ctx.style };
    const o = toolOptions.get();
    if (kind === 'arrow') return { ...base, type: 'arrow', points: [a, b], head: o.arrowHead, tail: o.arrowTail };
    if (kind === 'line') return { ...base, type: 'line', points: [a, b] };
    return { ...base, type: 'measure-length', points: [a, b] };
  };

  const tool: Tool = {
    id: kind,
    label,
    key,
    hint,
    cursor: 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (!p.panelId || !p.source) return;
      start = p.source;
      tool.state = 'pointing';
      current = { panelId: p.panelId, annotation: make(ctx, start, start, ctx.newId()) };
    },
    move(p: PointerInfo, ctx) {
      if (tool.state === 'idle' || !start || !p.source || !current) return;
      const end = p.shift ? snap45(start, p.source) : p.source;
      tool.state = 'dragging';
      current = { panelId: current.panelId, annotation: make(ctx, start, end, current.annotation.id) };
    },
    up(_p, ctx) {
      if (tool.state === 'dragging' && current && start) {
        const a = current.annotation as Extract<Annotation, { type: Kind }>;
        const end = a.points[a.points.length - 1];
        // A click without a drag draws nothing (too short to mean anything).
        if (Math.hypot(end[0] - start[0], end[1] - start[1]) > CLICK_SLOP_PX * ctx.sourcePerScreenPx(current.panelId)) {
          commitAnnotation(ctx, current.panelId, current.annotation);
        }
      }
      tool.cancel();
    },
    cancel() {
      start = null;
      current = null;
      tool.state = 'idle';
    },
    preview: () => draftPreview(current),
  };
  return tool;
}
