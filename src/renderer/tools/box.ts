// Tools drawn as a box: rectangle, ellipse, redaction. Shift draws a square/circle.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { CLICK_SLOP_PX, type ToolContext } from './types';
import { createDragTool } from './drag-tool';
import { toolOptions } from './options';

type Kind = 'rect' | 'ellipse' | 'redaction';

export function createBoxTool(kind: Kind, label: string, key: string, hint = '') {
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
    if (kind === 'redaction') {
      const mode = toolOptions.get().redactionMode;
      return {
        id,
        type: 'redaction',
        layer: 'redactions',
        style: { ...ctx.style, opacity: 1 },
        at,
        size,
        ...(mode === 'blur' ? { mode } : {}),
      };
    }
    return { id, type: kind, layer: 'labels', style: ctx.style, at, size, rotation: 0 };
  };
  return createDragTool<Annotation>({
    id: kind,
    label,
    key,
    hint,
    start: (p, ctx) => make(ctx, p.source, p.source, false, ctx.newId()),
    drag: (g, p, ctx) => make(ctx, g.origin, p.source, p.shift, g.state.id),
    commit: (g, ctx) => {
      // A box with no height (or width) is a slip, not a shape: both sides must pass the threshold.
      const a = g.state as Extract<Annotation, { size: [number, number] }>;
      if (Math.min(a.size[0], a.size[1]) > CLICK_SLOP_PX * ctx.sourcePerScreenPx(g.panelId)) commitAnnotation(ctx, g.panelId, g.state);
    },
    preview: (g) => [g.state],
  });
}
