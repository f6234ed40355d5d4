// Tools are small state machines (idle → pointing → dragging …), like tldraw's. A tool reads
// pointer events already mapped to the panel under the pointer, shows a preview while the user
// drags (drawn on the canvas's interactive layer, never in the document), and changes the
// document only through commands when the gesture ends.
import type { Annotation, Display, Point, Style } from '../../shared/figure/schema';
import type { EditorStore } from '../editor/store';
import type { ArrangeInfo } from './arrange';
import type { Run } from '../../shared/figure/rich-text';

export { snap45 } from '../editor/geometry';

export interface PointerInfo {
  /** Panel under the pointer (or the panel a gesture started in, while it lasts). */
  panelId: string | null;
  /** Pointer in that panel's source pixels. */
  source: Point | null;
  /** Pointer on the page, in mm. */
  pageMm: Point;
  shift: boolean;
  /** Alt/Option held (the arrange tool: a resize changes the crop). */
  alt?: boolean;
  /** Annotation under the pointer, if any (computed on press only). */
  hit: { panelId: string; annotationId: string } | null;
  /** Page item (header, line, bracket) under the pointer, if any (computed on press only). */
  pageItem?: string | null;
}

export interface ToolContext {
  store: EditorStore;
  figureId: string;
  style: Style;
  newId(): string;
  /** Ask the user for text in place (resolves null when cancelled). */
  editText(panelId: string, at: Point, initial: string): Promise<string | null>;
  /** The rich editor (italic, bold, scripts, symbols) at a panel point or a page point (mm); null when cancelled. */
  editRuns(where: { panelId: string; at: Point } | { pageMm: Point; fontPt: number }, initial: Run[]): Promise<Run[] | null>;
  /** Where a panel point (source px) is on screen, CSS px in the canvas: where the in-place editor opens. */
  screenOf?(panelId: string, at: Point): { x: number; y: number } | null;
  /** Source pixels per screen pixel on a panel (for click tolerances). */
  sourcePerScreenPx(panelId: string): number;
  /** Switch to another tool (e.g. back to select after a text label). */
  setTool(id: string): void;
  /** Annotations whose drawn extent meets a page rectangle (mm): the marquee. */
  annotationsInPageRect?(r: { x: number; y: number; w: number; h: number }): string[];
  /** Page items (headers, lines, brackets) whose drawn box meets the rectangle (page mm). */
  pageItemsInPageRect?(r: { x: number; y: number; w: number; h: number }): string[];
  /**
   * Show a panel's display settings live (a window/level drag) without a document change; null
   * restores the document's. The gesture commits one command when it ends.
   */
  previewDisplay?(panelId: string, display: Display | null): void;
  /** The layout as shown and the view's scale (the arrange tool). */
  arrangeInfo?(): ArrangeInfo | null;
}

export interface Draft {
  panelId: string;
  annotation: Annotation;
}

/** What the canvas shows for a gesture in progress. */
export interface Preview {
  panelId: string;
  /** Drawn on the interactive layer, in the panel's frame. */
  annotations: Annotation[];
  /** Document annotations hidden meanwhile (those being moved or edited). */
  hide: ReadonlySet<string>;
}

export type ToolState = 'idle' | 'pointing' | 'dragging' | 'drawing' | 'editing';

export interface Tool {
  readonly id: string;
  readonly label: string;
  /** Shortcut as shown to the user; the action list holds the same accelerator. */
  readonly key: string;
  readonly cursor: string;
  /** One line for the tooltip and the cheat sheet. */
  readonly hint?: string;
  state: ToolState;
  down(p: PointerInfo, ctx: ToolContext): void;
  move(p: PointerInfo, ctx: ToolContext): void;
  up(p: PointerInfo, ctx: ToolContext): void;
  /** Double click (e.g. edit a label in place, finish a polygon). */
  dblclick?(p: PointerInfo, ctx: ToolContext): void;
  /** Keys while the tool is busy (Enter finishes, Backspace removes a point); true = handled. */
  keyDown?(key: string, ctx: ToolContext): boolean;
  cancel(): void;
  /** The gesture's preview, or null. */
  preview?(): Preview | null;
  /** Older form of preview: one new annotation being drawn. */
  draft?(): Draft | null;
  /** A page-space rectangle to draw (the marquee), or null. */
  marquee?(): { x: number; y: number; w: number; h: number } | null;
}

/** What a tool shows now, whichever of the two forms it implements. */
export const previewOf = (t: Tool): Preview | null => (t.preview ? t.preview() : draftPreview(t.draft?.() ?? null));

/** A preview of one new annotation. */
export const draftPreview = (d: Draft | null): Preview | null =>
  d ? { panelId: d.panelId, annotations: [d.annotation], hide: new Set() } : null;

/** Screen pixels under which a press and a release count as a click. */
export const CLICK_SLOP_PX = 3;
