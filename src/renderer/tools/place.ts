// Tools that place a mark with a click: asterisk/star/arrowhead markers and numbered markers
// (1, 2, 3 … the next number after the highest one on that panel). While the button is held
// the mark follows the pointer, so it can be placed precisely.
import { commitAnnotation } from './commit';
import type { Annotation, Panel, Point } from '../../shared/figure/schema';
import type { ToolContext } from './types';
import { toolOptions } from './options';
import { createDragTool } from './drag-tool';

type Kind = 'marker' | 'number';

/** The number the next numbered marker on a panel gets. */
export function nextNumber(panel: Pick<Panel, 'annotations'> | undefined): number {
  let n = 0;
  for (const a of panel?.annotations ?? []) if (a.type === 'number') n = Math.max(n, a.n);
  return n + 1;
}

export function createPlaceTool(kind: Kind, label: string, key: string, hint = '') {
  const make = (ctx: ToolContext, panelId: string, at: Point, id: string): Annotation => {
    const base = { id, layer: 'labels' as const, style: ctx.style, at };
    if (kind === 'marker')
      return { ...base, type: 'marker', shape: toolOptions.get().markerShape, sizePt: Math.max(6, ctx.style.fontPt * 1.5), rotation: 0 };
    const panel = ctx.store.figure().panels.find((p) => p.id === panelId);
    return { ...base, type: 'number', n: nextNumber(panel) };
  };
  // A click places the mark; a drag places it where the button is released.
  const place = (g: { panelId: string; state: Annotation }, ctx: ToolContext) => commitAnnotation(ctx, g.panelId, g.state);
  return createDragTool<Annotation>({
    id: kind,
    label,
    key,
    hint,
    start: (p, ctx) => make(ctx, p.panelId, p.source, ctx.newId()),
    drag: (g, p, ctx) => make(ctx, g.panelId, p.source, g.state.id),
    commit: place,
    click: place,
    preview: (g) => [g.state],
  });
}
