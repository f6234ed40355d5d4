// The shared lifecycle of a press–drag–release tool (tldraw's StateNode / BaseBoxShapeTool play
// this part): idle → pointing (pressed on a panel) → dragging (moved past the one click
// threshold) → idle. A tool says only what is particular to it: what a press starts, what a
// drag makes of it, what a release commits (or what a click does), and what the canvas shows
// meanwhile. One threshold for every tool, one preview API, one cancel.
import type { Annotation, Point } from '../../shared/figure/schema';
import { CLICK_SLOP_PX, type PointerInfo, type Preview, type Tool, type ToolContext } from './types';

/** A pointer known to be over a panel, with its source position. */
export type PanelPointer = PointerInfo & { panelId: string; source: Point };

export interface Gesture<S> {
  panelId: string;
  /** Where the press was, in the panel's source px. */
  origin: Point;
  /** The tool's own state for this gesture. */
  state: S;
}

export interface DragToolSpec<S> {
  id: string;
  label: string;
  key: string;
  hint?: string;
  cursor?: string;
  /** A press on a panel: the gesture's state, or null to ignore the press. */
  start(p: PanelPointer, ctx: ToolContext): S | null;
  /** The pointer moved (past the click threshold once; then on every move). */
  drag(g: Gesture<S>, p: PointerInfo & { source: Point }, ctx: ToolContext): S;
  /** Released after a drag: change the document (through commands) or do nothing. */
  commit?(g: Gesture<S>, ctx: ToolContext): void;
  /** Released without a drag (a click). */
  click?(g: Gesture<S>, ctx: ToolContext): void;
  /** What the canvas shows for the gesture: annotations drawn on the interactive layer. */
  preview?(g: Gesture<S>, dragging: boolean): Annotation[] | Preview | null;
}

/** True when the pointer is more than the click threshold (screen px) away from a source point. */
export function beyondClick(ctx: Pick<ToolContext, 'sourcePerScreenPx'>, panelId: string, a: Point, b: Point): boolean {
  return Math.hypot(b[0] - a[0], b[1] - a[1]) > CLICK_SLOP_PX * ctx.sourcePerScreenPx(panelId);
}

export function createDragTool<S>(spec: DragToolSpec<S>): Tool {
  let g: Gesture<S> | null = null;
  const tool: Tool = {
    id: spec.id,
    label: spec.label,
    key: spec.key,
    hint: spec.hint,
    cursor: spec.cursor ?? 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (!p.panelId || !p.source) return;
      const state = spec.start(p as PanelPointer, ctx);
      if (state === null) return;
      g = { panelId: p.panelId, origin: p.source, state };
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if (!g || !p.source) return;
      if (tool.state === 'pointing' && !beyondClick(ctx, g.panelId, g.origin, p.source)) return;
      tool.state = 'dragging';
      g = { ...g, state: spec.drag(g, p as PointerInfo & { source: Point }, ctx) };
    },
    up(_p, ctx) {
      const done = g;
      const dragged = tool.state === 'dragging';
      tool.cancel();
      if (!done) return;
      if (dragged) spec.commit?.(done, ctx);
      else spec.click?.(done, ctx);
    },
    cancel() {
      g = null;
      tool.state = 'idle';
    },
    preview() {
      if (!g || !spec.preview) return null;
      const v = spec.preview(g, tool.state === 'dragging');
      if (!v) return null;
      return Array.isArray(v) ? { panelId: g.panelId, annotations: v, hide: new Set<string>() } : v;
    },
  };
  return tool;
}
