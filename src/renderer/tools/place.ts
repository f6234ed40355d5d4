// Tools that place a mark with a click: asterisk/star/arrowhead markers and numbered markers
// (1, 2, 3 … the next number after the highest one on that panel). While the button is held
// the mark follows the pointer, so it can be placed precisely.
import { commitAnnotation } from './commit';
import type { Annotation, Panel, Point } from '../../shared/figure/schema';
import { draftPreview, type Draft, type Tool, type ToolContext } from './types';
import { toolOptions } from './options';

type Kind = 'marker' | 'number';

/** The number the next numbered marker on a panel gets. */
export function nextNumber(panel: Pick<Panel, 'annotations'> | undefined): number {
  let n = 0;
  for (const a of panel?.annotations ?? []) if (a.type === 'number') n = Math.max(n, a.n);
  return n + 1;
}

export function createPlaceTool(kind: Kind, label: string, key: string, hint = ''): Tool {
  let current: Draft | null = null;

  const make = (ctx: ToolContext, panelId: string, at: Point, id: string): Annotation => {
    const base = { id, layer: 'labels' as const, style: ctx.style, at };
    if (kind === 'marker')
      return { ...base, type: 'marker', shape: toolOptions.get().markerShape, sizePt: Math.max(6, ctx.style.fontPt * 1.5), rotation: 0 };
    const panel = ctx.store.figure().panels.find((p) => p.id === panelId);
    return { ...base, type: 'number', n: nextNumber(panel) };
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
      current = { panelId: p.panelId, annotation: make(ctx, p.panelId, p.source, ctx.newId()) };
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if (tool.state === 'idle' || !current || !p.source) return;
      tool.state = 'dragging';
      current = { ...current, annotation: make(ctx, current.panelId, p.source, current.annotation.id) };
    },
    up(_p, ctx) {
      if (tool.state !== 'idle' && current) {
        commitAnnotation(ctx, current.panelId, current.annotation);
      }
      tool.cancel();
    },
    cancel() {
      current = null;
      tool.state = 'idle';
    },
    preview: () => draftPreview(current),
  };
  return tool;
}
