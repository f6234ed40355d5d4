// Tools are small state machines (idle → pointing → dragging …), like tldraw's. A tool reads
// pointer events already mapped to the panel under the pointer, keeps a draft while the user
// drags, and changes the document only through commands.
import type { Annotation, Point, Style } from '../../shared/figure/schema';
import type { EditorStore } from '../editor/store';

export interface PointerInfo {
  /** Panel under the pointer at pointer-down (tools keep drawing in that panel). */
  panelId: string | null;
  /** Pointer in that panel's source pixels. */
  source: Point | null;
  /** Pointer on the page, in mm. */
  pageMm: Point;
  shift: boolean;
  /** Annotation under the pointer, if any. */
  hit: { panelId: string; annotationId: string } | null;
}

export interface ToolContext {
  store: EditorStore;
  figureId: string;
  style: Style;
  newId(): string;
  /** Ask the user for text in place (resolves null when cancelled). */
  editText(panelId: string, at: Point, initial: string): Promise<string | null>;
  /** Source pixels per screen pixel on a panel (for click tolerances). */
  sourcePerScreenPx(panelId: string): number;
  /** Switch to another tool (e.g. back to select after a text label). */
  setTool(id: string): void;
}

export interface Draft {
  panelId: string;
  annotation: Annotation;
}

export interface Tool {
  readonly id: string;
  readonly label: string;
  readonly key: string;
  readonly cursor: string;
  state: 'idle' | 'pointing' | 'dragging';
  down(p: PointerInfo, ctx: ToolContext): void;
  move(p: PointerInfo, ctx: ToolContext): void;
  up(p: PointerInfo, ctx: ToolContext): void;
  cancel(): void;
  draft(): Draft | null;
}

/** Shift snaps a direction to 0/45/90°. */
export function snap45(from: Point, to: Point): Point {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const len = Math.hypot(dx, dy);
  const ang = Math.round(Math.atan2(dy, dx) / (Math.PI / 4)) * (Math.PI / 4);
  return [from[0] + Math.cos(ang) * len, from[1] + Math.sin(ang) * len];
}
