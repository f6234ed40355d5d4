// The canvas controller: the figure canvas apart from React (the role tldraw's Editor plays).
// It owns the Konva stage, the view (viewport.ts), the pointer → page mm → panel source px
// mapping, dispatch of pointer and key events into the current tool, the interactive layer
// (previews, outlines, handles, marquee, panel drop), in-place text editing (it asks its view to
// show a text box), panel drag, and live display previews. React (FigureCanvas) mounts it,
// hands it the document and UI state with setInputs(), and renders the overlays it reports.
//
// The scene layers are static and updated incrementally (updateFigureScene: only the panels
// and annotations whose objects changed are rebuilt) and drawn by the controller alone, once a
// frame: a local change (an annotation edited, hidden for a gesture) redraws only where it
// painted (region-draw.ts), any other change the layers concerned. Everything a gesture shows
// is drawn on the one interactive layer on top, the only layer redrawn per pointer move.
import Konva from 'konva';
import type { Display, Figure, Point } from '../../shared/figure/schema';
import { plainText, type Run } from '../../shared/figure/rich-text';
import { annotationIndex, panelGroup, updateFigureScene, type FigureScene, type PanelImage } from '../../scene/figure-scene';
import { paintBounds, type SceneRect } from '../../scene/paint-bounds';
import { drawLayerRegions } from './region-draw';
import { hitTestPanel, type FigureLayout } from '../../shared/figure/layout';
import { nudgeBox } from '../../shared/figure/free-layout';
import { drawArrange } from '../tools/arrange-layer';
import type { ArrangeTool } from '../tools/arrange';
import { layoutBoxes, placePanels } from '../editor/layout-commands';
import { selectedPanelIds } from '../editor/store';
import { ptToMm } from '../../scene/units';
import type { EditorStore } from '../editor/store';
import { updateAnnotations, type Command } from '../editor/commands';
import { translateAnnotation, viewDeltaToSource } from '../editor/geometry';
import type { PointerInfo, Tool, ToolContext, Preview } from '../tools';
import { previewOf } from '../tools/types';
import { drawHandles, drawMarquee, drawOutline, drawPreview, panelFrame } from '../tools/interactive-layer';
import { selectionHandles } from '../tools/select';
import { createPanelDrag, drawPanelDrop } from '../app/CanvasPanelDrag';
import { movePanel } from '../editor/panel-commands';
import { movePageItems } from '../editor/page-commands';
import { letterFor } from '../../shared/figure/letters';
import { DisplayPreview } from './display-preview';
import { drawProposals, proposalAt, readingPanels, shownProposals, type ProposalHit, type ShownProposal } from './proposal-layer';
import { dismissProposal, isDismissed, onProposals, proposalsOf, proposalsShown } from '../app/privacy-reports';
import { redactionOf, redactionsFrom } from '../app/privacy-check';
import { referenceLine } from '../app/calibration-state';
import { addAnnotations } from '../editor/commands';
import {
  actualZoom,
  clampPan,
  fitRectView,
  fitView,
  pageOnScreen,
  pageToScreen,
  pageToSource,
  sameView,
  screenToPage,
  selectionFrame,
  sourcePerScreenPx,
  unionRects,
  zoomAt,
  zoomPercent,
  type PanelPlacement,
  type Rect,
  type View,
} from './viewport';

/** What the controller needs from the app: the document, the UI state and the tool. */
export interface CanvasInputs {
  store: EditorStore;
  figure: Figure;
  images: Map<string, PanelImage>;
  sizes: Map<string, { width: number; height: number }>;
  missing: Map<string, string>;
  showLabels: boolean;
  selection: ReadonlySet<string>;
  /** Selected page items (headers, lines, brackets), outlined like annotations. */
  pageSelection?: ReadonlySet<string>;
  tool: Tool;
  toolContext: Omit<
    ToolContext,
    'editText' | 'editRuns' | 'sourcePerScreenPx' | 'annotationsInPageRect' | 'pageItemsInPageRect' | 'previewDisplay'
  >;
  /** The panel the user works on: "100 %" and the zoom label refer to its source pixels. */
  activePanelId: string | null;
}

export interface TextEditRequest {
  /** The panel the label is on (null: page text). */
  panelId: string | null;
  /** Where the text box goes, CSS px in the canvas. */
  screen: { x: number; y: number };
  fontPx: number;
  initial: Run[];
  /** Plain text only (a number marker): no formatting bar. */
  plain: boolean;
}

/** What the controller tells its view (React) about. */
export interface CanvasEvents {
  onCursor(info: { panelId: string | null; source: Point | null }): void;
  onTextEdit(edit: TextEditRequest | null): void;
  onDropHint(text: string | null): void;
}

/** Arrow-key nudge in screen px (Shift = ×10), along the screen axes whatever the panel's rotation. */
const NUDGE_PX = 1;
/** Arrange tool: arrow keys move panels by 0.5 mm, with Shift by 5 mm. */
export const PANEL_NUDGE_MM = 0.5;
export const PANEL_NUDGE_SHIFT_MM = 5;
/** Wheel: zoom factor per pixel of wheel delta. */
const WHEEL_ZOOM = 1.0015;

/** Tools under which a click on a pixel proposal decides it (others draw over it as usual). */
const PROPOSAL_TOOLS = new Set(['select', 'redaction']);

const editable = (t: EventTarget | null) =>
  t instanceof HTMLTextAreaElement ||
  t instanceof HTMLInputElement ||
  t instanceof HTMLSelectElement ||
  (t instanceof HTMLElement && t.isContentEditable);

export class CanvasController {
  readonly stage: Konva.Stage;
  private readonly ui: Konva.Layer;
  private scene: FigureScene | null = null;
  private inputs: CanvasInputs | null = null;
  private unsubscribeStore: (() => void) | null = null;
  private v: View = { zoom: 2, x: 40, y: 40 };
  /** True while the view is the one Fit gives: a resize then fits again. */
  private fitted = false;
  private fitKey: string | null = null;
  /** Scene nodes by panel, then annotation id: outlines, hiding, the marquee. */
  private nodeIndex = new Map<string, ReadonlyMap<string, Konva.Node[]>>();
  /** Scene layer draws for the next frame: the rectangles (page mm) to redraw, or null = whole. */
  private pendingDraw = new Map<Konva.Layer, SceneRect[] | null>();
  /** Hit canvases still to draw for what the last frames drew (null: all of the layer). */
  private pendingHit = new Map<Konva.Layer, SceneRect[] | null>();
  private hitTimer: ReturnType<typeof setTimeout> | null = null;
  private drawFrame: number | null = null;
  /** How scene layers were drawn by requestDraw (the test hook reads it). */
  readonly drawCounts = { whole: 0, regions: 0 };
  private hidden: { key: string; nodes: Konva.Node[] } = { key: '', nodes: [] };
  /** The panel a gesture started in: tools keep drawing there when the pointer leaves it. */
  private gesturePanel: string | null = null;
  private panning: { x: number; y: number; vx: number; vy: number } | null = null;
  private space = false;
  private cursorFrame: number | null = null;
  private lastPointer: PointerInfo | null = null;
  private panelDrag = createPanelDrag();
  private textEdit: { resolve(v: Run[] | null): void } | null = null;
  private previews = new Map<string, { preview: DisplayPreview; node: Konva.Image; original: CanvasImageSource }>();
  private pendingPreview = new Map<string, Display>();
  private previewFrame: number | null = null;
  private listeners = new Set<() => void>();
  /** Pixel proposals as last drawn (page mm), and the one under the pointer. */
  private proposalHits: ProposalHit[] = [];
  private hoveredProposal: ShownProposal | null = null;
  /** Bumped on every view or scene change (the React view subscribes to it). */
  private version = 0;
  private readonly ro: ResizeObserver;
  private readonly cleanup: (() => void)[] = [];

  constructor(
    private readonly container: HTMLDivElement,
    private readonly events: CanvasEvents,
  ) {
    // The controller draws what it changes (requestDraw): Konva's automatic whole-layer redraw on
    // every node change would undo drawing only the changed part of a layer.
    Konva.autoDrawEnabled = false;
    this.stage = new Konva.Stage({ container, width: container.clientWidth || 800, height: container.clientHeight || 600 });
    this.ui = new Konva.Layer({ name: 'interactive', listening: false });
    this.stage.add(this.ui);
    this.ro = new ResizeObserver(() => this.resize());
    this.ro.observe(container);
    this.bindPointer();
    this.bindKeys();
    // The proposals' store (a reading finished, one dismissed): only the interactive layer changes.
    this.cleanup.push(onProposals(() => this.drawInteractive()));
    // A reference line waiting for its length is the calibrate tool's preview; it goes when the
    // prompt (a React view) applies or cancels it.
    this.cleanup.push(referenceLine.subscribe(() => this.drawInteractive()));
  }

  destroy(): void {
    this.ro.disconnect();
    this.unsubscribeStore?.();
    this.cleanup.forEach((f) => f());
    if (this.cursorFrame !== null) cancelAnimationFrame(this.cursorFrame);
    if (this.previewFrame !== null) cancelAnimationFrame(this.previewFrame);
    if (this.drawFrame !== null) cancelAnimationFrame(this.drawFrame);
    if (this.hitTimer !== null) clearTimeout(this.hitTimer);
    this.stage.destroy();
    this.listeners.clear();
  }

  // ---- subscription (for React) ----------------------------------------------------------

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getVersion = (): number => this.version;
  private changed(): void {
    this.version++;
    this.listeners.forEach((l) => l());
  }

  // ---- inputs ----------------------------------------------------------------------------

  /** New document/UI state from the app; updates only what differs from the last inputs. */
  setInputs(given: CanvasInputs): void {
    const prev = this.inputs;
    const next = { ...given, figure: freshest(given.store, given.figure) };
    this.inputs = next;
    if (!prev || prev.store !== next.store) {
      this.unsubscribeStore?.();
      this.unsubscribeStore = next.store.subscribe(() => this.onStore());
    }
    if (prev && prev.tool !== next.tool) {
      // A tool switched mid-gesture drops its gesture (and any live preview it showed).
      prev.tool.cancel();
      this.gesturePanel = null;
      this.clearDisplayPreviews();
    }
    const sceneChanged =
      !prev ||
      prev.figure !== next.figure ||
      prev.pageSelection !== next.pageSelection ||
      prev.images !== next.images ||
      prev.sizes !== next.sizes ||
      prev.missing !== next.missing ||
      prev.showLabels !== next.showLabels;
    if (sceneChanged) this.updateScene();
    else if (prev.selection !== next.selection || prev.tool !== next.tool || prev.activePanelId !== next.activePanelId)
      this.drawInteractive();
    if (!prev || prev.activePanelId !== next.activePanelId) this.changed();
  }

  /**
   * A document edit paints from the store at once, without waiting for the app to render it
   * (the app shows it a frame later: after-paint.ts), when it keeps the figure's panels and
   * sources (the pixels and sizes the app loaded still fit it).
   */
  private onStore(): void {
    const inp = this.inputs;
    if (!inp) return;
    const figure = freshest(inp.store, inp.figure);
    if (figure !== inp.figure) this.setInputs({ ...inp, figure });
  }

  private updateScene(): void {
    const inp = this.inputs!;
    const fig = inp.figure;
    const first = !this.scene;
    const { scene, dirty, regions } = updateFigureScene(this.scene, fig, {
      images: inp.images,
      sizes: inp.sizes,
      missing: inp.missing,
      showLabels: inp.showLabels,
      screen: true,
    });
    this.scene = scene;
    // The page's own layer (headers, lines, brackets) can be hidden on screen; exports choose separately.
    scene.layers.find((l) => l.name() === 'page')?.visible(!fig.hiddenLayers.includes('page'));
    if (first) {
      for (const l of scene.layers) this.stage.add(l);
      this.ui.moveToTop();
    }
    // Previews live on image nodes: a rebuilt images group dropped them (the committed display arrived).
    for (const [id, p] of this.previews) if (!p.node.getLayer()) this.previews.delete(id);
    this.nodeIndex = annotationIndex(scene);
    // Nodes hidden for a gesture that were rebuilt are gone; the rest show again until the next sync.
    for (const n of this.hidden.nodes) {
      n.visible(true);
      const l = n.getLayer();
      if (l) this.requestDraw(l, [paintBounds(n)]);
    }
    this.hidden = { key: '', nodes: [] };
    this.applySmoothing();
    this.raiseMoving();
    // Fit when a figure is first shown and whenever its page changes shape (a crop, a rotation,
    // a panel added): otherwise part of the figure could sit outside the view.
    const fitKey = `${fig.id}|${scene.layout.pageWidthMm.toFixed(1)}x${scene.layout.pageHeightMm.toFixed(1)}|${fig.panels.length}`;
    // Mid-gesture (a panel dragged below the page grows it) the view stays put under the pointer.
    if (this.fitKey !== fitKey && inp.tool.state !== 'idle') this.fitKey = fitKey;
    if (this.fitKey !== fitKey && fig.panels.length) {
      this.fitKey = fitKey;
      this.fit();
    } else {
      dirty.forEach((l) => this.requestDraw(l, regions.get(l)));
      this.drawInteractive();
      this.changed();
    }
  }

  /**
   * Panels the arrange tool is dragging are drawn on top of the others meanwhile (panel order is
   * drawing order, and a panel dragged across a later one would vanish under it). The next
   * scene update restores the document's order.
   */
  private raiseMoving(): void {
    const t = this.inputs?.tool;
    if (!this.scene || t?.id !== 'arrange') return;
    for (const id of (t as ArrangeTool).moving())
      for (const layer of this.scene.layers) {
        const node = layer.findOne(`#${layer.name()}-${id}`);
        if (node && node.zIndex() !== layer.children.length - 1) {
          node.moveToTop();
          layer.batchDraw();
        }
      }
  }

  /** Whether scene layer draws are waiting for the next frame (ours, or Konva's batchDraw), or hit canvases for theirs. */
  drawPending(): boolean {
    return (
      this.drawFrame !== null ||
      this.pendingHit.size > 0 ||
      this.stage.getLayers().some((l) => (l as unknown as { _waitingForDraw?: boolean })._waitingForDraw)
    );
  }

  /**
   * Draws a scene layer in the next frame: only `rects` (page mm) of it, or all of it. The frame
   * draws what is seen; the hit canvas (what a click reads) follows once the frame is painted,
   * or at once when a click needs it first (flushHits).
   */
  private requestDraw(layer: Konva.Layer, rects?: SceneRect[]): void {
    const have = this.pendingDraw.get(layer);
    if (have !== null) this.pendingDraw.set(layer, rects ? [...(have ?? []), ...rects] : null);
    this.drawFrame ??= requestAnimationFrame(() => {
      this.drawFrame = null;
      const draws = [...this.pendingDraw];
      this.pendingDraw.clear();
      for (const [layer, rects] of draws) {
        if (!layer.getStage()) continue;
        // A whole draw Konva already has scheduled for this frame (stage.batchDraw) covers it.
        if ((layer as unknown as { _waitingForDraw?: boolean })._waitingForDraw) continue;
        const how = drawLayerRegions(layer, rects ?? [], { scene: true, hit: false }, !rects);
        if (how !== 'none') this.drawCounts[how]++;
        if (layer.isListening()) {
          const hit = this.pendingHit.get(layer);
          if (hit !== null) this.pendingHit.set(layer, rects ? [...(hit ?? []), ...rects] : null);
        }
      }
      if (this.pendingHit.size && this.hitTimer === null) this.hitTimer = setTimeout(() => this.flushHits(false), 0);
    });
  }

  /**
   * Brings the hit canvases up to date with what was drawn; `forClick`, with what is about to be
   * drawn as well (before a click reads them).
   */
  private flushHits(forClick: boolean): void {
    if (this.hitTimer !== null) clearTimeout(this.hitTimer);
    this.hitTimer = null;
    const draws = new Map(this.pendingHit);
    this.pendingHit.clear();
    // An edit not painted yet (its scene draw waits for the frame) has already replaced nodes, and a
    // hit canvas still holding the old ones' colours finds nothing there: the click would miss.
    // Its hit canvas is brought up to date now; the frame still paints the scene.
    const add = (layer: Konva.Layer, rects: SceneRect[] | null) => {
      if (!layer.isListening()) return;
      const have = draws.get(layer);
      if (have !== null) draws.set(layer, rects ? [...(have ?? []), ...rects] : null);
    };
    if (forClick) {
      for (const [layer, rects] of this.pendingDraw) add(layer, rects);
      for (const layer of this.stage.getLayers()) if ((layer as unknown as { _waitingForDraw?: boolean })._waitingForDraw) add(layer, null);
    }
    for (const [layer, rects] of draws) if (layer.getStage()) drawLayerRegions(layer, rects ?? [], { scene: false, hit: true }, !rects);
  }

  private nodesOf(annotationId: string): Konva.Node[] | undefined {
    for (const m of this.nodeIndex.values()) {
      const n = m.get(annotationId);
      if (n) return n;
    }
    return undefined;
  }

  // ---- view ------------------------------------------------------------------------------

  view(): View {
    return this.v;
  }

  private stageSize() {
    return { width: this.stage.width(), height: this.stage.height() };
  }

  private pageSize() {
    const l = this.scene?.layout;
    return l ? { width: l.pageWidthMm, height: l.pageHeightMm } : null;
  }

  /** Sets the view (pan-limited so the page never leaves the screen) and redraws. */
  setView(next: View, fitted = false): void {
    const page = this.pageSize();
    const v = page && !fitted ? clampPan(next, page, this.stageSize()) : next;
    this.fitted = fitted;
    if (sameView(v, this.v)) return;
    this.v = v;
    this.applyView();
  }

  private applyView(): void {
    this.stage.scale({ x: this.v.zoom, y: this.v.zoom });
    this.stage.position({ x: this.v.x, y: this.v.y });
    this.applySmoothing();
    this.drawInteractive();
    this.stage.batchDraw();
    this.changed();
  }

  private applySmoothing(): void {
    // Pixel-accurate at high zoom: no smoothing once a source pixel is bigger than a screen pixel.
    const smooth = this.v.zoom < 8;
    for (const layer of this.scene?.layers ?? []) layer.imageSmoothingEnabled(smooth);
  }

  private resize(): void {
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    if (!w || !h || (w === this.stage.width() && h === this.stage.height())) return;
    this.stage.size({ width: w, height: h });
    if (this.fitted) this.fit();
    else this.stage.batchDraw();
    this.changed();
  }

  /** The whole page in view (Fit, Ctrl+0, and on first show): one function, one result. */
  fit(): void {
    const page = this.pageSize();
    if (!page) return;
    this.fitted = false;
    this.v = { zoom: -1, x: 0, y: 0 };
    this.setView(fitView(page, this.stageSize()), true);
  }

  /** 100 %: one source pixel of the active panel on one screen pixel (viewport.ts), centred. */
  actual(): void {
    const mm = this.activeMmPerPx();
    if (mm === null) return;
    const s = this.stageSize();
    this.setView(zoomAt(this.v, actualZoom(mm) / this.v.zoom, { x: s.width / 2, y: s.height / 2 }));
  }

  zoomBy(f: number): void {
    const s = this.stageSize();
    this.setView(zoomAt(this.v, f, { x: s.width / 2, y: s.height / 2 }));
  }

  panBy(dx: number, dy: number): void {
    this.setView({ ...this.v, x: this.v.x + dx, y: this.v.y + dy });
  }

  /** Zoom to the selected annotations, else to the given panel. */
  zoomToSelection(panelId: string | null): void {
    const scene = this.scene;
    const inp = this.inputs;
    if (!scene || !inp) return;
    const rects: Rect[] = [];
    for (const id of inp.selection)
      for (const n of this.nodesOf(id) ?? []) rects.push(n.getClientRect({ relativeTo: this.stage as unknown as Konva.Container }));
    const box = unionRects(rects);
    if (box) return this.setView(fitRectView(selectionFrame(box), this.stageSize()));
    const idx = Math.max(
      0,
      inp.figure.panels.findIndex((p) => p.id === panelId),
    );
    const r = scene.layout.panels[idx];
    if (r) this.setView(fitRectView({ x: r.xMm, y: r.yMm, width: r.wMm, height: r.hMm }, this.stageSize()));
  }

  private activeMmPerPx(): number | null {
    const scene = this.scene;
    const inp = this.inputs;
    if (!scene || !inp || !inp.figure.panels.length) return null;
    const id = inp.activePanelId && scene.mmPerViewPx.has(inp.activePanelId) ? inp.activePanelId : inp.figure.panels[0].id;
    return scene.mmPerViewPx.get(id) ?? null;
  }

  /** The zoom as the label shows it (percent of the active panel's source px per screen px). */
  zoomPercent(): number {
    const mm = this.activeMmPerPx();
    return mm === null ? 100 : zoomPercent(this.v.zoom, mm);
  }

  /** The page's rectangle on screen, CSS px relative to the canvas. */
  pageRect(): Rect | null {
    const page = this.pageSize();
    return page ? pageOnScreen(this.v, page) : null;
  }

  /** The figure's layout as shown (page mm). */
  layout(): FigureLayout | null {
    return this.scene?.layout ?? null;
  }

  /** A panel's visible frame (its crop) in source px. */
  frameOf(panelId: string): { x: number; y: number; w: number; h: number } | null {
    const t = this.scene?.transforms.get(panelId);
    return t ? { ...t.crop } : null;
  }

  // ---- live display preview (window/level, brightness drags) --------------------------------

  /**
   * Shows `display` on the panel without a document change; null restores the document's.
   * Pointer moves come faster than frames: the newest display is drawn once per frame.
   */
  previewDisplay(panelId: string, display: Display | null): void {
    if (!display) {
      this.pendingPreview.delete(panelId);
      return this.drawPreview(panelId, null);
    }
    this.pendingPreview.set(panelId, display);
    if (this.previewFrame !== null) return;
    this.previewFrame = requestAnimationFrame(() => {
      this.previewFrame = null;
      const pending = [...this.pendingPreview];
      this.pendingPreview.clear();
      for (const [id, d] of pending) this.drawPreview(id, d);
    });
  }

  private drawPreview(panelId: string, display: Display | null): void {
    const inp = this.inputs;
    const panel = inp?.figure.panels.find((p) => p.id === panelId);
    const group = panelGroup(this.stage, 'images', panelId);
    const node = group?.findOne('.panel-image') as Konva.Image | undefined;
    let p = this.previews.get(panelId);
    if (!display) {
      if (p && p.node.getLayer()) {
        p.node.image(p.original as HTMLCanvasElement);
        p.node.getLayer()!.batchDraw();
      }
      this.previews.delete(panelId);
      return;
    }
    if (!panel || !node) return;
    if (!p || p.node !== node) {
      p = { preview: new DisplayPreview(), node, original: node.image() as CanvasImageSource };
      this.previews.set(panelId, p);
    }
    // No more pixels than the panel covers on the device.
    const r = node.getClientRect();
    const maxSide = Math.ceil(Math.max(r.width, r.height) * (window.devicePixelRatio || 1));
    if (!p.preview.render(panel, display, maxSide)) return;
    if (node.image() !== p.preview.canvas) node.image(p.preview.canvas);
    node.getLayer()?.batchDraw();
  }

  private clearDisplayPreviews(): void {
    this.pendingPreview.clear();
    for (const id of [...this.previews.keys()]) this.drawPreview(id, null);
  }

  // ---- the interactive layer -------------------------------------------------------------

  /** Hides the document nodes a gesture replaces; only redraws the layers concerned, once. */
  private syncHidden(ids: ReadonlySet<string>): void {
    const key = [...ids].sort().join(',');
    if (key === this.hidden.key) return;
    const nodes = [...ids].flatMap((id) => this.nodesOf(id) ?? []);
    // Only where the nodes shown again or hidden paint is redrawn.
    for (const [n, visible] of [...this.hidden.nodes.map((x) => [x, true] as const), ...nodes.map((x) => [x, false] as const)]) {
      n.visible(visible);
      const l = n.getLayer();
      if (l) this.requestDraw(l, [paintBounds(n)]);
    }
    this.hidden = { key, nodes };
  }

  drawInteractive(): void {
    const layer = this.ui;
    const scene = this.scene;
    const inp = this.inputs;
    if (!scene || !inp) return;
    const { figure, selection, tool: t } = inp;
    const zoom = this.v.zoom;
    layer.destroyChildren();
    this.drawProposals();
    const preview: Preview | null = previewOf(t);
    this.syncHidden(preview?.hide ?? new Set());
    const previewNodes = preview ? drawPreview(layer, scene, figure, preview) : new Map<string, Konva.Node[]>();
    for (const id of selection) {
      const nodes = previewNodes.get(id) ?? (preview?.hide.has(id) ? [] : this.nodesOf(id));
      if (nodes?.length) drawOutline(layer, this.stage, nodes, zoom);
    }
    const pageLayer = scene.layers.find((l) => l.name() === 'page');
    if (inp.pageSelection?.size && pageLayer?.isVisible()) {
      const nodes = pageLayer.find('.page-item').filter((n) => inp.pageSelection!.has(n.getAttr('pageItemId') as string));
      if (nodes.length) drawOutline(layer, this.stage, nodes, zoom);
    }
    if (t.id === 'select') {
      const override = preview?.annotations.length === 1 ? preview.annotations[0] : undefined;
      const h = selectionHandles(figure, selection, this.sourcePerScreenPx, override);
      const frame = h ? panelFrame(scene, figure, h.panelId) : null;
      if (h && frame) drawHandles(layer, h.handles, frame.toPage, zoom);
    }
    if (t.id === 'arrange') {
      const ids = new Set(selectedPanelIds(inp.store));
      const sel = figure.panels.flatMap((p, i) => (ids.has(p.id) ? [i] : []));
      const primary = figure.panels.findIndex((p) => p.id === inp.store.get().ui.panelId);
      drawArrange(layer, scene.layout, sel, primary < 0 ? null : primary, t as ArrangeTool, zoom, this.accent());
    }
    const drop = this.panelDrag.current();
    const m = drop ? null : t.marquee?.();
    if (m) drawMarquee(layer, m, zoom);
    if (drop) drawPanelDrop(layer, scene.layout, drop, zoom, this.accent());
    layer.batchDraw();
  }

  private accent(): string | undefined {
    return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || undefined;
  }

  // ---- pixel de-identification proposals ----------------------------------------------------

  private drawProposals(): void {
    const scene = this.scene;
    const inp = this.inputs;
    if (!scene || !inp || !proposalsShown()) {
      this.proposalHits = [];
      this.hoveredProposal = null;
      return;
    }
    const src = { stateOf: proposalsOf, dismissed: isDismissed };
    const crops = new Map([...scene.transforms].map(([id, t]) => [id, t.crop]));
    const shown = shownProposals(inp.figure, src, crops);
    const h = this.hoveredProposal;
    this.hoveredProposal = h ? (shown.find((p) => p.panelId === h.panelId && p.s === h.s) ?? null) : null;
    this.proposalHits = drawProposals(this.ui, scene, inp.figure, shown, readingPanels(inp.figure, src), this.v.zoom, this.hoveredProposal);
  }

  /** Accept a proposal as a redaction (one undoable command; faces blurred, text black) or dismiss it. */
  decideProposal(p: ShownProposal, dismiss: boolean): void {
    const inp = this.inputs;
    if (!inp) return;
    this.hoveredProposal = null;
    if (dismiss) return dismissProposal(p.sourceId, p.frame, p.s);
    inp.store.dispatch(addAnnotations(inp.figure.id, p.panelId, redactionsFrom([redactionOf(p.s)], inp.toolContext.newId)));
  }

  /** The proposals as drawn, in CSS px relative to the canvas (for tests and tooltips). */
  proposalRects(): { panelId: string; n: number; kind: string; text: string | null; box: Rect; dismiss: Rect }[] {
    const toScreen = (r: { x: number; y: number; w: number; h: number }): Rect => {
      const [x, y] = pageToScreen(this.v, [r.x, r.y]);
      return { x, y, width: r.w * this.v.zoom, height: r.h * this.v.zoom };
    };
    return this.proposalHits.map((h) => ({
      panelId: h.p.panelId,
      n: h.p.n,
      kind: h.p.s.kind,
      text: h.p.s.text ?? null,
      box: toScreen(h.box),
      dismiss: toScreen(h.close),
    }));
  }

  private proposalUnder(p: PointerInfo): { hit: ProposalHit; dismiss: boolean } | null {
    const t = this.inputs?.tool;
    if (!this.proposalHits.length || !t || t.state !== 'idle' || !PROPOSAL_TOOLS.has(t.id)) return null;
    return proposalAt(this.proposalHits, p.pageMm);
  }

  private hoverProposal(p: PointerInfo): void {
    const under = this.proposalUnder(p);
    const next = under?.hit.p ?? null;
    this.container.style.cursor = under ? 'pointer' : '';
    if (next === this.hoveredProposal || (next && this.hoveredProposal && next.s === this.hoveredProposal.s)) return;
    this.hoveredProposal = next;
    this.drawInteractive();
  }

  // ---- pointer mapping and tool dispatch ---------------------------------------------------

  private sourcePerScreenPx = (panelId: string): number => sourcePerScreenPx(this.v, this.scene?.mmPerViewPx.get(panelId) ?? 1);

  private placement(index: number, panelId: string): PanelPlacement | null {
    const scene = this.scene!;
    const rect = scene.layout.panels[index];
    const t = scene.transforms.get(panelId);
    const mm = scene.mmPerViewPx.get(panelId);
    if (!rect || !t || !mm) return null;
    return { rect, mmPerViewPx: mm, toView: (p) => t.toView(p) as Point, fromView: (p) => t.fromView(p) as Point };
  }

  private pointerInfo(e: { evt: MouseEvent }, withHit: boolean): PointerInfo | null {
    const scene = this.scene;
    const inp = this.inputs;
    if (!scene || !inp) return null;
    const pos = this.stage.getPointerPosition();
    if (!pos) return null;
    const pageMm = screenToPage(this.v, [pos.x, pos.y]);
    const panels = inp.figure.panels;
    const locked = this.gesturePanel;
    let idx: number | null = locked ? panels.findIndex((p) => p.id === locked) : hitTestPanel(scene.layout, pageMm[0], pageMm[1]);
    if (idx !== null && idx < 0) idx = null;
    const panel = idx !== null ? panels[idx] : null;
    const pl = panel && idx !== null ? this.placement(idx, panel.id) : null;
    const source = pl ? pageToSource(pl, pageMm) : null;
    let hit: PointerInfo['hit'] = null;
    let pageItem: string | null = null;
    if (withHit) {
      this.flushHits(true);
      const node = this.stage.getIntersection(pos);
      pageItem = (node?.getAttr('pageItemId') as string | undefined) ?? null;
      for (let n: Konva.Node | null = node; n; n = n.getParent()) {
        const aid = n.getAttr('annotationId');
        if (aid) {
          const owner = panels.find((p) => p.annotations.some((a) => a.id === aid));
          if (owner) hit = { panelId: owner.id, annotationId: aid };
          break;
        }
      }
    }
    return { panelId: panel?.id ?? null, source, pageMm, shift: e.evt.shiftKey, alt: e.evt.altKey, hit, pageItem };
  }

  private ctx(): ToolContext {
    const inp = this.inputs!;
    return {
      ...inp.toolContext,
      sourcePerScreenPx: this.sourcePerScreenPx,
      previewDisplay: (panelId, display) => this.previewDisplay(panelId, display),
      arrangeInfo: () =>
        this.scene
          ? { layout: this.scene.layout, mmPerScreenPx: 1 / this.v.zoom, transforms: this.scene.transforms, sizes: inp.sizes }
          : null,
      annotationsInPageRect: (r) => {
        const out: string[] = [];
        for (const m of this.nodeIndex.values())
          for (const [id, nodes] of m) {
            const hit = nodes.some((n) => {
              if (!n.isVisible()) return false;
              const b = n.getClientRect({ relativeTo: this.stage as unknown as Konva.Container });
              return b.x < r.x + r.w && b.x + b.width > r.x && b.y < r.y + r.h && b.y + b.height > r.y;
            });
            if (hit) out.push(id);
          }
        return out;
      },
      pageItemsInPageRect: (r) => {
        const layer = this.scene?.layers.find((l) => l.name() === 'page');
        if (!layer?.isVisible()) return [];
        return layer.find('.page-item').flatMap((n) => {
          const b = n.getClientRect({ relativeTo: this.stage as unknown as Konva.Container });
          const inside = b.x < r.x + r.w && b.x + b.width > r.x && b.y < r.y + r.h && b.y + b.height > r.y;
          return inside ? [n.getAttr('pageItemId') as string] : [];
        });
      },
      screenOf: (panelId, at) => this.screenOf(panelId, at),
      editText: (panelId, at, initial) =>
        this.edit({ panelId, at }, [{ text: initial }], true).then((runs) => (runs ? plainText(runs) : null)),
      editRuns: (where, initial) => this.edit(where, initial, false),
    };
  }

  /** A panel point (source px) on the page (mm), or null when the panel is not laid out. */
  private pageOf(panelId: string, at: Point): Point | null {
    const idx = this.inputs?.figure.panels.findIndex((p) => p.id === panelId) ?? -1;
    const pl = idx < 0 ? null : this.placement(idx, panelId);
    if (!pl) return null;
    const v = pl.toView(at);
    return [pl.rect.xMm + v[0] * pl.mmPerViewPx, pl.rect.yMm + v[1] * pl.mmPerViewPx];
  }

  /** A panel point (source px) on screen, CSS px in the canvas (where in-place prompts open). */
  private screenOf(panelId: string, at: Point): { x: number; y: number } | null {
    const pageMm = this.pageOf(panelId, at);
    if (!pageMm) return null;
    const [x, y] = pageToScreen(this.v, pageMm);
    return { x, y };
  }

  /** Opens the in-place editor at a point of a panel (source px) or of the page (mm). */
  private edit(
    where: { panelId: string; at: Point } | { pageMm: Point; fontPt: number },
    initial: Run[],
    plain: boolean,
  ): Promise<Run[] | null> {
    return new Promise((resolve) => {
      const inp = this.inputs!;
      let pageMm: Point;
      let fontPt = inp.toolContext.style.fontPt;
      let panelId: string | null = null;
      if ('panelId' in where) {
        const at = this.pageOf(where.panelId, where.at);
        if (!at) return resolve(null);
        pageMm = at;
        panelId = where.panelId;
      } else {
        pageMm = where.pageMm;
        fontPt = where.fontPt;
      }
      const [x, y] = pageToScreen(this.v, pageMm);
      this.textEdit = { resolve };
      this.events.onTextEdit({ panelId, screen: { x, y }, fontPx: ptToMm(fontPt) * this.v.zoom, initial, plain });
    });
  }

  /** The view's text box closed: `value` null = cancelled. */
  finishTextEdit(value: Run[] | null): void {
    const te = this.textEdit;
    if (!te) return;
    this.textEdit = null;
    this.events.onTextEdit(null);
    te.resolve(value);
    // The tool leaves its editing state when the promise settles: redraw after it.
    queueMicrotask(() => this.afterToolEvent(null));
  }

  /** After every tool event: lock or release the gesture's panel, redraw the interactive layer. */
  private afterToolEvent(p: PointerInfo | null): void {
    const t = this.inputs?.tool;
    if (!t) return;
    if (t.state === 'idle') this.gesturePanel = null;
    else if (!this.gesturePanel && p?.panelId) this.gesturePanel = p.panelId;
    this.drawInteractive();
  }

  /** Moves the selection by a screen-space step, converted to each panel's source px. */
  private nudge(dxScreen: number, dyScreen: number): void {
    const inp = this.inputs;
    const scene = this.scene;
    if (!inp || !scene || !inp.selection.size) return;
    const { figure, selection, store } = inp;
    const cmds: Command[] = [];
    for (const panel of figure.panels) {
      const ids = new Set(panel.annotations.filter((a) => selection.has(a.id)).map((a) => a.id));
      const t = scene.transforms.get(panel.id);
      if (!ids.size || !t) continue;
      const k = this.sourcePerScreenPx(panel.id);
      const [dx, dy] = viewDeltaToSource(t.fromView, dxScreen * k, dyScreen * k);
      cmds.push(updateAnnotations(figure.id, ids, (a) => translateAnnotation(a, dx, dy)));
    }
    // One key press, one undo step, whatever the number of panels.
    if (cmds.length) store.dispatch((p) => cmds.reduce((acc, c) => c(acc), p));
  }

  /** Moves the selected page items by (dx, dy) mm, one undo step per key press. */
  private nudgePageItems(dx: number, dy: number): boolean {
    const inp = this.inputs;
    const sel = inp?.pageSelection;
    if (!inp || !sel?.size) return false;
    const ids = new Set(inp.figure.pageItems.filter((i) => sel.has(i.id)).map((i) => i.id));
    if (!ids.size) return false;
    inp.store.dispatch(movePageItems(inp.figure.id, ids, dx, dy));
    return true;
  }

  /** Arrange tool: moves the selected panels by (dx, dy) mm, one undo step per key press. */
  private nudgePanels(dx: number, dy: number): boolean {
    const inp = this.inputs;
    const layout = this.scene?.layout;
    if (!inp || !layout) return false;
    const f = inp.figure;
    const current = layoutBoxes(f, layout);
    const ids = selectedPanelIds(inp.store).filter((id) => current.has(id));
    if (!ids.length) return false;
    inp.store.dispatch(placePanels(f.id, current, new Map(ids.map((id) => [id, nudgeBox(current.get(id)!, dx, dy)]))));
    return true;
  }

  private bindPointer(): void {
    const stage = this.stage;
    // Konva reads the hit canvas for a press or release before our handlers run (its click and
    // double-click need the same shape under both): bring it up to date first, in the capture
    // phase. Moves don't: a drag would pay a hit draw per step.
    const content = stage.container();
    const flush = () => this.flushHits(true);
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'] as const) content.addEventListener(type, flush, true);
    this.cleanup.push(() => {
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'] as const) content.removeEventListener(type, flush, true);
    });
    stage.on('mousedown', (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (e.evt.button === 1 || (e.evt.button === 0 && this.space)) {
        this.panning = { x: e.evt.clientX, y: e.evt.clientY, vx: this.v.x, vy: this.v.y };
        e.evt.preventDefault();
        return;
      }
      if (e.evt.button !== 0 || !this.inputs) return;
      const p = this.pointerInfo(e, true);
      if (!p) return;
      // A click on a proposal decides it (its × dismisses, anywhere else accepts), unless it lands on a shape.
      const proposal = this.proposalUnder(p);
      if (proposal && (proposal.dismiss || !p.hit)) {
        this.decideProposal(proposal.hit.p, proposal.dismiss);
        this.drawInteractive();
        return;
      }
      this.inputs.tool.down(p, this.ctx());
      // Reordering by drag is the grid's; in free layout the arrange tool moves panels.
      if (this.scene && this.inputs.figure.layoutMode !== 'free') this.panelDrag.down(p, this.inputs.tool, this.scene.layout);
      this.afterToolEvent(p);
    });
    stage.on('mousemove', (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (this.panning) {
        const pn = this.panning;
        this.setView({ ...this.v, x: pn.vx + e.evt.clientX - pn.x, y: pn.vy + e.evt.clientY - pn.y });
        return;
      }
      const p = this.pointerInfo(e, false);
      if (!p || !this.inputs) return;
      this.lastPointer = p;
      // The status bar follows the pointer once a frame, not once an event.
      if (this.cursorFrame === null) {
        this.cursorFrame = requestAnimationFrame(() => {
          this.cursorFrame = null;
          this.events.onCursor({ panelId: p.panelId, source: p.source });
        });
      }
      const t = this.inputs.tool;
      if (t.state === 'idle') this.hoverProposal(p);
      if (t.state !== 'idle') {
        t.move(p, this.ctx());
        const drop = this.scene ? this.panelDrag.move(p, t, this.scene.layout) : null;
        const fig = this.inputs.figure;
        this.events.onDropHint(drop ? `Move panel ${letterFor(fig, drop.from)} to position ${drop.to + 1}` : null);
        this.afterToolEvent(p);
      }
    });
    stage.on('mouseup', (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (this.panning) {
        this.panning = null;
        return;
      }
      if (!this.inputs) return;
      const p = this.pointerInfo(e, true);
      const drop = this.panelDrag.up(this.inputs.tool);
      this.events.onDropHint(null);
      if (drop) {
        // The drop replaces the marquee's selection: one command, one undo step.
        const { store, figure } = this.inputs;
        this.inputs.tool.cancel();
        store.dispatch(movePanel(figure.id, figure.panels[drop.from].id, drop.to));
        this.afterToolEvent(null);
        return;
      }
      if (!p) return;
      this.inputs.tool.up(p, this.ctx());
      this.afterToolEvent(p);
    });
    stage.on('dblclick', (e: Konva.KonvaEventObject<MouseEvent>) => {
      // Konva calls any two quick clicks a double click; the browser's click count also
      // requires them to be at one spot.
      if (e.evt.detail < 2 || !this.inputs) return;
      const p = this.pointerInfo(e, true);
      if (!p) return;
      this.inputs.tool.dblclick?.(p, this.ctx());
      this.afterToolEvent(p);
    });
    stage.on('wheel', (e: Konva.KonvaEventObject<WheelEvent>) => {
      e.evt.preventDefault();
      const pos = stage.getPointerPosition() ?? { x: stage.width() / 2, y: stage.height() / 2 };
      this.setView(zoomAt(this.v, Math.pow(WHEEL_ZOOM, -e.evt.deltaY), pos));
    });
    // A button released outside the canvas (over a toast, a panel, another window) still ends the
    // gesture, at the last point the canvas saw; otherwise the tool would stay mid-drag.
    const outsideUp = (ev: MouseEvent) => {
      if (stage.container().contains(ev.target as Node)) return;
      if (this.panning) this.panning = null;
      const t = this.inputs?.tool;
      if (!t || t.state === 'idle') return;
      this.panelDrag.up(t);
      this.events.onDropHint(null);
      if (this.lastPointer) t.up(this.lastPointer, this.ctx());
      else t.cancel();
      this.afterToolEvent(null);
    };
    window.addEventListener('mouseup', outsideUp);
    this.cleanup.push(() => window.removeEventListener('mouseup', outsideUp));
  }

  private bindKeys(): void {
    // Capture phase: a busy tool (a polygon being drawn) gets Enter/Backspace before the app's
    // shortcuts do (Backspace would otherwise delete the selection).
    const kd = (ev: KeyboardEvent) => {
      if (editable(ev.target) || !this.inputs) return;
      if (ev.code === 'Space') this.space = true;
      const t = this.inputs.tool;
      if (t.state !== 'idle' && !ev.ctrlKey && !ev.metaKey && t.keyDown?.(ev.key, this.ctx())) {
        ev.preventDefault();
        ev.stopImmediatePropagation();
        this.afterToolEvent(null);
        return;
      }
      // The proposal under the pointer: Enter accepts it, Delete/Backspace dismisses it (when nothing is selected to delete).
      const hp = this.hoveredProposal;
      if (hp && t.state === 'idle' && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        const dismiss = (ev.key === 'Delete' || ev.key === 'Backspace') && this.inputs.selection.size === 0;
        if (ev.key === 'Enter' || dismiss) {
          ev.preventDefault();
          ev.stopImmediatePropagation();
          this.decideProposal(hp, dismiss);
          this.drawInteractive();
          return;
        }
      }
      const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const dir = arrows[ev.key];
      if (dir && t.id === 'arrange' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && t.state === 'idle') {
        // Panels move in print units: 0.5 mm, Shift 5 mm.
        const mm = ev.shiftKey ? PANEL_NUDGE_SHIFT_MM : PANEL_NUDGE_MM;
        if (this.nudgePanels(dir[0] * mm, dir[1] * mm)) ev.preventDefault();
        return;
      }
      if (
        dir &&
        (t.id === 'select' || t.id === 'page') &&
        !ev.ctrlKey &&
        !ev.metaKey &&
        !ev.altKey &&
        t.state === 'idle' &&
        !this.inputs.selection.size
      ) {
        // Page items move in print units, as panels do: 0.5 mm, Shift 5 mm.
        const mm = ev.shiftKey ? PANEL_NUDGE_SHIFT_MM : PANEL_NUDGE_MM;
        if (this.nudgePageItems(dir[0] * mm, dir[1] * mm)) ev.preventDefault();
        return;
      }
      if (dir && this.inputs.selection.size && !ev.ctrlKey && !ev.metaKey && !ev.altKey && t.state === 'idle') {
        ev.preventDefault();
        const step = NUDGE_PX * (ev.shiftKey ? 10 : 1);
        this.nudge(dir[0] * step, dir[1] * step);
      }
    };
    const ku = (ev: KeyboardEvent) => {
      if (ev.code === 'Space') this.space = false;
    };
    window.addEventListener('keydown', kd, true);
    window.addEventListener('keyup', ku);
    this.cleanup.push(() => {
      window.removeEventListener('keydown', kd, true);
      window.removeEventListener('keyup', ku);
    });
  }
}

/**
 * The store's version of `figure` when it has the same panels on the same sources (an edit of
 * annotations, displays, crops or layout), else `figure` (panels added, removed or relinked
 * wait for the app, which loads their pixels).
 */
export function freshest(store: Pick<EditorStore, 'figure'>, figure: Figure): Figure {
  const cur = store.figure();
  if (cur === figure || cur.id !== figure.id || cur.panels.length !== figure.panels.length) return figure;
  return cur.panels.every((p, i) => p.id === figure.panels[i].id && p.sourceId === figure.panels[i].sourceId) ? cur : figure;
}
