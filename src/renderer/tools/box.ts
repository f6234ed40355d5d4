// Tools drawn as a box: rectangle, ellipse, redaction. Shift draws a square/circle.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { draftPreview, CLICK_SLOP_PX, type Draft, type Tool, type ToolContext } from './types';

type Kind = 'rect' | 'ellipse' | 'redaction';

export function createBoxTool(kind: Kind, label: string, key: string, hint = ''): Tool {
  let start: Point | null = null;
  let current: Draft | null = null;

  const make = (ctx: ToolContext, a: Point, b: Point, square: boolean, id: string): Annotation => {
    let w = b[0] - a[0];
    let h = b[1] - a[1];
    if (square) {
      const s = Math.max(Math.abs(w), Math.abs(h));
      w = Math.sign(w || 1) * s;
      h = Math.sign(h || 1) * s;
    }
    const at: Point = [Math.min(a[0], a[0] + w), Math.min(a[1], a[1] + h)];
    const size: [number, number] = [Math.abs(w), Math.abs(h)];
    // A redaction is opaque whatever the current style (the scene ignores its style too).
    if (kind === 'redaction') return { id, type: 'redaction', layer: 'redactions', style: { ...ctx.style, opacity: 1 }, at, size };
    return { id, type: kind, layer: 'labels', style: ctx.style, at, size, rotation: 0 };
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
      current = { panelId: p.panelId, annotation: make(ctx, start, start, false, ctx.newId()) };
    },
    move(p, ctx) {
      if (tool.state === 'idle' || !start || !current || !p.source) return;
      tool.state = 'dragging';
      current = { panelId: current.panelId, annotation: make(ctx, start, p.source, p.shift, current.annotation.id) };
    },
    up(_p, ctx) {
      if (tool.state === 'dragging' && current) {
        const a = current.annotation as Extract<Annotation, { size: [number, number] }>;
        if (Math.min(a.size[0], a.size[1]) > CLICK_SLOP_PX * ctx.sourcePerScreenPx(current.panelId)) {
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
