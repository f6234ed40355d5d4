// Reference-line calibration: drag along a ruler or a structure of known length. The line then
// stays on the canvas (interactive layer) with its length in px, and a prompt next to it asks
// for the real length (CalibrationPrompt, opened by the calibration panel): nothing enters the
// document until Enter, and Escape (or a press elsewhere, or another tool) drops the line.
import type { Annotation, Point, Style } from '../../shared/figure/schema';
import { formatNumber } from '../../shared/calibration/units';
import { referenceLine } from '../app/calibration-state';
import { snap45 } from './types';
import { createDragTool } from './drag-tool';
import type { Preview, Tool } from './types';

/** What the options strip says: before the line, and while its length is asked for. */
export const CALIBRATE_HINTS = {
  draw: 'Drag along a structure of known length (a ruler, a stage micrometer)',
  type: 'Type its length, Enter to apply (Esc cancels)',
} as const;

const COLOUR = '#ffd700';

/** The line and its length in source px at its middle: what the canvas shows for a reference line. */
export function referencePreview(p1: Point, p2: Point, style: Style, id = 'calibrate-reference'): Annotation[] {
  const s = { ...style, color: COLOUR, halo: true };
  const px = Math.hypot(p2[0] - p1[0], p2[1] - p1[1]);
  const mid: Point = [(p1[0] + p2[0]) / 2, (p1[1] + p2[1]) / 2];
  return [
    { id, type: 'line', layer: 'labels', style: s, points: [p1, p2] },
    { id: `${id}-px`, type: 'text', layer: 'labels', style: s, at: mid, text: `${formatNumber(px, 4)} px`, rotation: 0 },
  ];
}

export function createCalibrateTool(): Tool {
  // The style of the line waiting for its length (the gesture's, kept after the release).
  let style: Style | null = null;
  const drag = createDragTool<{ points: [Point, Point]; style: Style }>({
    id: 'calibrate',
    label: 'Calibrate',
    key: 'K',
    start: (p, ctx) => {
      // A new line replaces the one waiting for its length.
      referenceLine.set(null);
      return { points: [p.source, p.source], style: ctx.style };
    },
    drag: (g, p) => ({ ...g.state, points: [g.origin, p.shift ? snap45(g.origin, p.source) : p.source] }),
    commit: (g, ctx) => {
      const [p1, p2] = g.state.points;
      style = g.state.style;
      // The line's panel is the one calibrated: it becomes the selected panel, whose calibration
      // panel opens the prompt at the line's end, where the pointer was released.
      referenceLine.set({ panelId: g.panelId, p1, p2, anchor: ctx.screenOf?.(g.panelId, p2) ?? null });
      ctx.store.selectPanel(g.panelId);
    },
    // A click without a drag drops a waiting line too (as a click beside a popover closes it).
    click: () => referenceLine.set(null),
    preview: (g) => referencePreview(g.state.points[0], g.state.points[1], g.state.style),
  });
  return {
    id: drag.id,
    label: drag.label,
    key: drag.key,
    cursor: drag.cursor,
    get hint() {
      return referenceLine.get() ? CALIBRATE_HINTS.type : CALIBRATE_HINTS.draw;
    },
    // The tool is idle while the prompt is open: the pointer is free, and the prompt has the keys.
    get state() {
      return drag.state;
    },
    set state(v) {
      drag.state = v;
    },
    down: (p, ctx) => drag.down(p, ctx),
    move: (p, ctx) => drag.move(p, ctx),
    up: (p, ctx) => drag.up(p, ctx),
    cancel() {
      drag.cancel();
      referenceLine.set(null);
    },
    preview(): Preview | null {
      const live = drag.preview?.() ?? null;
      if (live) return live;
      const r = referenceLine.get();
      return r && style ? { panelId: r.panelId, annotations: referencePreview(r.p1, r.p2, style), hide: new Set() } : null;
    },
  };
}
