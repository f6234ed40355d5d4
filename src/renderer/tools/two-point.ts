// Tools drawn by dragging from one point to another: arrow (tail → head), line, measure-length.
// Shift snaps the direction to 0/45/90°. A click without a drag draws nothing.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { snap45, type ToolContext } from './types';
import { toolOptions } from './options';
import { createDragTool } from './drag-tool';

type Kind = 'arrow' | 'line' | 'measure-length';

export function createTwoPointTool(kind: Kind, label: string, key: string, hint = '') {
  const make = (ctx: ToolContext, a: Point, b: Point, id: string): Annotation => {
    const base = { id, layer: 'labels' as const, style: ctx.style };
    const o = toolOptions.get();
    if (kind === 'arrow') return { ...base, type: 'arrow', points: [a, b], head: o.arrowHead, tail: o.arrowTail };
    if (kind === 'line') return { ...base, type: 'line', points: [a, b] };
    return { ...base, type: 'measure-length', points: [a, b] };
  };
  return createDragTool<Annotation>({
    id: kind,
    label,
    key,
    hint,
    start: (p, ctx) => make(ctx, p.source, p.source, ctx.newId()),
    drag: (g, p, ctx) => make(ctx, g.origin, p.shift ? snap45(g.origin, p.source) : p.source, g.state.id),
    commit: (g, ctx) => commitAnnotation(ctx, g.panelId, g.state),
    preview: (g) => [g.state],
  });
}
