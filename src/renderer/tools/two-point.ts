// Tools drawn by dragging from one point to another: arrow, line, measure-length.
import type { Annotation, Point } from '../../shared/figure/schema';
import { addAnnotation } from '../editor/commands';
import { snap45, type Draft, type PointerInfo, type Tool, type ToolContext } from './types';

type Kind = 'arrow' | 'line' | 'measure-length';

export function createTwoPointTool(kind: Kind, label: string, key: string): Tool {
  let start: Point | null = null;
  let panelId: string | null = null;
  let current: Draft | null = null;

  const make = (ctx: ToolContext, a: Point, b: Point, id: string): Annotation => {
    const base = { id, layer: 'labels' as const, style: ctx.style };
    if (kind === 'arrow') return { ...base, type: 'arrow', points: [a, b], head: 'filled', tail: 'none' };
    if (kind === 'line') return { ...base, type: 'line', points: [a, b] };
    return { ...base, type: 'measure-length', points: [a, b] };
  };

  const tool: Tool = {
    id: kind,
    label,
    key,
    cursor: 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (!p.panelId || !p.source) return;
      start = p.source;
      panelId = p.panelId;
      tool.state = 'pointing';
      current = { panelId, annotation: make(ctx, start, start, ctx.newId()) };
    },
    move(p: PointerInfo, ctx) {
      if (tool.state === 'idle' || !start || !panelId || !p.source || !current) return;
      const end = p.shift ? snap45(start, p.source) : p.source;
      tool.state = 'dragging';
      current = { panelId, annotation: make(ctx, start, end, current.annotation.id) };
    },
    up(p, ctx) {
      if (tool.state === 'dragging' && current && start) {
        const end = current.annotation.type === 'arrow' || current.annotation.type === 'line' ? current.annotation.points[1] : start;
        // A click without a drag draws nothing (too short to mean anything).
        if (Math.hypot(end[0] - start[0], end[1] - start[1]) > 3 * ctx.sourcePerScreenPx(current.panelId)) {
          ctx.store.dispatch(addAnnotation(ctx.figureId, current.panelId, current.annotation));
          ctx.store.setUi({ selection: new Set([current.annotation.id]) });
        }
      }
      void p;
      tool.cancel();
    },
    cancel() {
      start = null;
      panelId = null;
      current = null;
      tool.state = 'idle';
    },
    draft: () => current,
  };
  return tool;
}
