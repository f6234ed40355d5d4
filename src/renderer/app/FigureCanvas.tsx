// The centre canvas: a Konva stage showing the figure through the shared scene code, with
// zoom/pan, the active tool's pointer handling, selection outlines, handles, nudging and
// in-place text editing. The scene layers are static: they are rebuilt only when the document
// changes. Everything a gesture shows (previews, outlines, handles, marquee) is drawn on one
// interactive layer on top, the only layer redrawn while the pointer moves.
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import Konva from 'konva';
import type { Figure, Point } from '../../shared/figure/schema';
import { buildFigureScene, type FigureScene, type PanelImage } from '../../scene/figure-scene';
import { hitTestPanel } from '../../shared/figure/layout';
import { ptToMm, FONT_FAMILY } from '../../scene/units';
import type { EditorStore } from '../editor/store';
import { useDetailLayer } from '../imaging/detail-layer';
import { Minimap } from './Minimap';
import { updateAnnotations, type Command } from '../editor/commands';
import { translateAnnotation, viewDeltaToSource } from '../editor/geometry';
import type { PointerInfo, Tool, ToolContext, Preview } from '../tools';
import { previewOf } from '../tools/types';
import { drawHandles, drawMarquee, drawOutline, drawPreview, panelFrame } from '../tools/interactive-layer';
import { selectionHandles } from '../tools/select';
import { OptionsBar } from '../tools/OptionsBar';
import { createPanelDrag, drawPanelDrop } from './CanvasPanelDrag';
import { movePanel } from '../editor/panel-commands';
import { letterFor } from '../../shared/figure/letters';

export interface CanvasHandle {
  fit(): void;
  actual(): void;
  zoomBy(f: number): void;
  /** Selected annotations, else the given panel. */
  zoomToSelection(panelId: string | null): void;
  stage(): Konva.Stage | null;
  zoom(): number;
  /** A panel's visible frame (its crop) in source px. */
  frameOf(panelId: string): { x: number; y: number; w: number; h: number } | null;
}

interface Props {
  store: EditorStore;
  figure: Figure;
  images: Map<string, PanelImage>;
  sizes: Map<string, { width: number; height: number }>;
  missing: Map<string, string>;
  showLabels: boolean;
  selection: ReadonlySet<string>;
  tool: Tool;
  toolContext: Omit<ToolContext, 'editText' | 'sourcePerScreenPx'>;
  onCursor(info: { panelId: string | null; source: Point | null; zoom: number }): void;
}

interface TextEdit {
  panelId: string;
  at: Point;
  screen: { x: number; y: number };
  fontPx: number;
  initial: string;
  resolve(v: string | null): void;
}

/** Arrow-key nudge in screen px (Shift = ×10), along the screen axes whatever the panel's rotation. */
const NUDGE_PX = 1;

export const FigureCanvas = forwardRef<CanvasHandle, Props>(function FigureCanvas(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage | null>(null);
  const sceneRef = useRef<FigureScene | null>(null);
  const ui = useRef<Konva.Layer | null>(null);
  /** Scene nodes by annotation id, for outlines, hiding and the marquee. */
  const nodeIndex = useRef(new Map<string, Konva.Node[]>());
  const hidden = useRef<{ key: string; nodes: Konva.Node[] }>({ key: '', nodes: [] });
  /** The panel a gesture started in: tools keep drawing there when the pointer leaves it. */
  const gesturePanel = useRef<string | null>(null);
  const [view, setView] = useState({ zoom: 2, x: 40, y: 40 });
  const viewRef = useRef(view);
  viewRef.current = view;
  const [edit, setEdit] = useState<TextEdit | null>(null);
  const fitted = useRef<string | null>(null);
  const panning = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const space = useRef(false);
  const cursorFrame = useRef<number | null>(null);
  const propsRef = useRef(props);
  const lastPointer = useRef<PointerInfo | null>(null);
  propsRef.current = props;
  /** Select-tool drags of a panel's image onto another place: reorder (CanvasPanelDrag). */
  const panelDrag = useRef(createPanelDrag());
  const [dropHint, setDropHint] = useState<string | null>(null);

  // The stage lives as long as the component.
  useLayoutEffect(() => {
    const el = host.current!;
    const stage = new Konva.Stage({ container: el, width: el.clientWidth || 800, height: el.clientHeight || 600 });
    stageRef.current = stage;
    ui.current = new Konva.Layer({ name: 'interactive', listening: false });
    const ro = new ResizeObserver(() => {
      stage.size({ width: el.clientWidth, height: el.clientHeight });
    });
    ro.observe(el);
    // The e2e tests and the bench drive the document through this (the same store the UI uses).
    (window as unknown as { medfigEditor?: EditorStore }).medfigEditor = propsRef.current.store;
    return () => {
      ro.disconnect();
      stage.destroy();
      stageRef.current = null;
    };
  }, []);

  // A tool switched mid-gesture drops its gesture.
  const tool = props.tool;
  useEffect(() => {
    return () => {
      tool.cancel();
      gesturePanel.current = null;
    };
  }, [tool]);

  // Rebuild the static scene when the document or the images change (never per pointer move).
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const fig = props.figure;
    sceneRef.current?.layers.forEach((l) => l.destroy());
    const scene = buildFigureScene(fig, {
      images: props.images,
      sizes: props.sizes,
      missing: props.missing,
      showLabels: props.showLabels,
      screen: true,
    });
    sceneRef.current = scene;
    const index = new Map<string, Konva.Node[]>();
    for (const l of scene.layers) {
      l.find('.annotation').forEach((n) => {
        const id = n.getAttr('annotationId') as string;
        const list = index.get(id);
        if (list) list.push(n);
        else index.set(id, [n]);
      });
      stage.add(l);
    }
    nodeIndex.current = index;
    hidden.current = { key: '', nodes: [] };
    ui.current!.remove();
    stage.add(ui.current!);
    applyView(viewRef.current);
    // Fit the page when a figure is first shown and whenever its page changes shape (a crop, a
    // rotation, a panel added): otherwise part of the figure could sit outside the view.
    const fitKey = `${fig.id}|${scene.layout.pageWidthMm.toFixed(1)}x${scene.layout.pageHeightMm.toFixed(1)}|${fig.panels.length}`;
    if (fitted.current !== fitKey && fig.panels.length) {
      fitted.current = fitKey;
      fitTo(scene);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.figure, props.images, props.sizes, props.missing, props.showLabels]);

  useEffect(() => {
    applyView(view);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, props.selection, props.figure, tool]);

  // Deep zoom: full-resolution pixels of the visible part of large rasters, after the scene/view effects above.
  useDetailLayer({
    stageRef,
    figure: props.figure,
    deps: [view, props.figure, props.images, props.sizes, props.missing, props.showLabels],
  });

  function applyView(v: { zoom: number; x: number; y: number }) {
    const stage = stageRef.current;
    if (!stage) return;
    stage.scale({ x: v.zoom, y: v.zoom });
    stage.position({ x: v.x, y: v.y });
    // Pixel-accurate at high zoom: no smoothing once a source pixel is bigger than a screen pixel.
    const smooth = v.zoom < 8;
    for (const layer of sceneRef.current?.layers ?? []) layer.imageSmoothingEnabled(smooth);
    drawInteractive();
    stage.batchDraw();
  }

  /** Hides the document nodes a gesture replaces; only redraws the layers concerned, once. */
  function syncHidden(ids: ReadonlySet<string>) {
    const key = [...ids].sort().join(',');
    if (key === hidden.current.key) return;
    const layers = new Set<Konva.Layer>();
    for (const n of hidden.current.nodes) {
      n.visible(true);
      const l = n.getLayer();
      if (l) layers.add(l);
    }
    const nodes = [...ids].flatMap((id) => nodeIndex.current.get(id) ?? []);
    for (const n of nodes) {
      n.visible(false);
      const l = n.getLayer();
      if (l) layers.add(l);
    }
    hidden.current = { key, nodes };
    layers.forEach((l) => l.batchDraw());
  }

  function drawInteractive() {
    const layer = ui.current;
    const stage = stageRef.current;
    const scene = sceneRef.current;
    if (!layer || !stage || !scene) return;
    const { figure, selection, tool: t } = propsRef.current;
    const zoom = viewRef.current.zoom;
    layer.destroyChildren();
    const preview: Preview | null = previewOf(t);
    syncHidden(preview?.hide ?? new Set());
    const previewNodes = preview ? drawPreview(layer, scene, figure, preview) : new Map<string, Konva.Node[]>();
    for (const id of selection) {
      const nodes = previewNodes.get(id) ?? (preview?.hide.has(id) ? [] : nodeIndex.current.get(id));
      if (nodes?.length) drawOutline(layer, stage, nodes, zoom);
    }
    if (t.id === 'select') {
      const override = preview?.annotations.length === 1 ? preview.annotations[0] : undefined;
      const h = selectionHandles(figure, selection, sourcePerScreenPx, override);
      const frame = h ? panelFrame(scene, figure, h.panelId) : null;
      if (h && frame) drawHandles(layer, h.handles, frame.toPage, zoom);
    }
    const drop = panelDrag.current.current();
    const m = drop ? null : t.marquee?.();
    if (m) drawMarquee(layer, m, zoom);
    if (drop)
      drawPanelDrop(
        layer,
        scene.layout,
        drop,
        zoom,
        getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || undefined,
      );
    layer.batchDraw();
  }

  function sourcePerScreenPx(panelId: string): number {
    const mmPer = sceneRef.current?.mmPerViewPx.get(panelId) ?? 1;
    return 1 / (viewRef.current.zoom * mmPer);
  }

  function fitTo(scene: FigureScene | null = sceneRef.current) {
    const stage = stageRef.current;
    if (!stage || !scene) return;
    const pad = 24;
    const zoom = Math.max(
      0.05,
      Math.min((stage.width() - 2 * pad) / scene.layout.pageWidthMm, (stage.height() - 2 * pad) / scene.layout.pageHeightMm),
    );
    const x = (stage.width() - scene.layout.pageWidthMm * zoom) / 2;
    const y = (stage.height() - scene.layout.pageHeightMm * zoom) / 2;
    setView({ zoom, x, y });
  }

  /** Fit a page rectangle (mm) in the view. */
  function fitRect(r: { x: number; y: number; width: number; height: number }) {
    const stage = stageRef.current;
    if (!stage || !(r.width > 0 && r.height > 0)) return;
    const pad = 32;
    const zoom = Math.min(2000, Math.max(0.05, Math.min((stage.width() - 2 * pad) / r.width, (stage.height() - 2 * pad) / r.height)));
    setView({ zoom, x: stage.width() / 2 - (r.x + r.width / 2) * zoom, y: stage.height() / 2 - (r.y + r.height / 2) * zoom });
  }

  /** Zoom to the selected annotations, else to the panel the user is working on. */
  function zoomToSelection(panelId: string | null) {
    const stage = stageRef.current;
    const scene = sceneRef.current;
    if (!stage || !scene) return;
    const sel = propsRef.current.selection;
    let box: { x1: number; y1: number; x2: number; y2: number } | null = null;
    if (sel.size) {
      for (const l of scene.layers) {
        l.find('.annotation').forEach((n) => {
          if (!sel.has(n.getAttr('annotationId'))) return;
          const r = n.getClientRect({ relativeTo: stage as unknown as Konva.Container });
          box = box
            ? {
                x1: Math.min(box.x1, r.x),
                y1: Math.min(box.y1, r.y),
                x2: Math.max(box.x2, r.x + r.width),
                y2: Math.max(box.y2, r.y + r.height),
              }
            : { x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height };
        });
      }
    }
    if (box) {
      const b = box as { x1: number; y1: number; x2: number; y2: number };
      const m = Math.max(b.x2 - b.x1, b.y2 - b.y1) * 0.15 + 1;
      return fitRect({ x: b.x1 - m, y: b.y1 - m, width: b.x2 - b.x1 + 2 * m, height: b.y2 - b.y1 + 2 * m });
    }
    const idx = Math.max(
      0,
      propsRef.current.figure.panels.findIndex((p) => p.id === panelId),
    );
    const r = scene.layout.panels[idx];
    if (r) fitRect({ x: r.xMm, y: r.yMm, width: r.wMm, height: r.hMm });
  }

  function zoomAt(factor: number, at: { x: number; y: number }) {
    const v = viewRef.current;
    const zoom = Math.min(2000, Math.max(0.05, v.zoom * factor));
    const mx = (at.x - v.x) / v.zoom;
    const my = (at.y - v.y) / v.zoom;
    setView({ zoom, x: at.x - mx * zoom, y: at.y - my * zoom });
  }

  function frameOf(panelId: string) {
    const t = sceneRef.current?.transforms.get(panelId);
    return t ? { ...t.crop } : null;
  }

  useImperativeHandle(ref, () => ({
    fit: () => fitTo(),
    zoomToSelection,
    actual: () => {
      // 100 %: one source pixel of the first (or selected) panel on one screen pixel.
      const scene = sceneRef.current;
      const p = propsRef.current.figure.panels[0];
      if (!scene || !p) return;
      const mmPerPx = scene.mmPerViewPx.get(p.id) ?? 0.1;
      const stage = stageRef.current!;
      zoomAt(1 / mmPerPx / viewRef.current.zoom, { x: stage.width() / 2, y: stage.height() / 2 });
    },
    zoomBy: (f) => {
      const stage = stageRef.current!;
      zoomAt(f, { x: stage.width() / 2, y: stage.height() / 2 });
    },
    stage: () => stageRef.current,
    zoom: () => viewRef.current.zoom,
    frameOf,
  }));

  function pointerInfo(e: { evt: MouseEvent }, withHit: boolean): PointerInfo | null {
    const stage = stageRef.current;
    const scene = sceneRef.current;
    if (!stage || !scene) return null;
    const pos = stage.getPointerPosition();
    if (!pos) return null;
    const v = viewRef.current;
    const pageMm: Point = [(pos.x - v.x) / v.zoom, (pos.y - v.y) / v.zoom];
    const panels = propsRef.current.figure.panels;
    const locked = gesturePanel.current;
    let idx: number | null = locked ? panels.findIndex((p) => p.id === locked) : hitTestPanel(scene.layout, pageMm[0], pageMm[1]);
    if (idx !== null && idx < 0) idx = null;
    const panel = idx !== null ? panels[idx] : null;
    let source: Point | null = null;
    if (panel && idx !== null) {
      const rect = scene.layout.panels[idx];
      const t = scene.transforms.get(panel.id)!;
      const mmPer = scene.mmPerViewPx.get(panel.id)!;
      source = t.fromView([(pageMm[0] - rect.xMm) / mmPer, (pageMm[1] - rect.yMm) / mmPer]) as Point;
    }
    let hit: PointerInfo['hit'] = null;
    if (withHit) {
      const node = stage.getIntersection(pos);
      for (let n: Konva.Node | null = node; n; n = n.getParent()) {
        const aid = n.getAttr('annotationId');
        if (aid) {
          const owner = panels.find((p) => p.annotations.some((a) => a.id === aid));
          if (owner) hit = { panelId: owner.id, annotationId: aid };
          break;
        }
      }
    }
    return { panelId: panel?.id ?? null, source, pageMm, shift: e.evt.shiftKey, hit };
  }

  const ctx = (): ToolContext => ({
    ...propsRef.current.toolContext,
    sourcePerScreenPx,
    annotationsInPageRect: (r) => {
      const stage = stageRef.current;
      if (!stage) return [];
      const out: string[] = [];
      for (const [id, nodes] of nodeIndex.current) {
        const hit = nodes.some((n) => {
          if (!n.isVisible()) return false;
          const b = n.getClientRect({ relativeTo: stage as unknown as Konva.Container });
          return b.x < r.x + r.w && b.x + b.width > r.x && b.y < r.y + r.h && b.y + b.height > r.y;
        });
        if (hit) out.push(id);
      }
      return out;
    },
    editText: (panelId, at, initial) =>
      new Promise((resolve) => {
        const scene = sceneRef.current!;
        const idx = propsRef.current.figure.panels.findIndex((p) => p.id === panelId);
        const rect = scene.layout.panels[idx];
        const t = scene.transforms.get(panelId)!;
        const mmPer = scene.mmPerViewPx.get(panelId)!;
        const vpt = t.toView(at);
        const v = viewRef.current;
        const screen = { x: (rect.xMm + vpt[0] * mmPer) * v.zoom + v.x, y: (rect.yMm + vpt[1] * mmPer) * v.zoom + v.y };
        setEdit({ panelId, at, screen, fontPx: ptToMm(propsRef.current.toolContext.style.fontPt) * v.zoom, initial, resolve });
      }),
  });

  /** After every tool event: lock or release the gesture's panel, redraw the interactive layer. */
  function afterToolEvent(p: PointerInfo | null) {
    const t = propsRef.current.tool;
    if (t.state === 'idle') gesturePanel.current = null;
    else if (!gesturePanel.current && p?.panelId) gesturePanel.current = p.panelId;
    drawInteractive();
  }

  /** Moves the selection by a screen-space step, converted to each panel's source px. */
  function nudge(dxScreen: number, dyScreen: number) {
    const { figure, selection, store } = propsRef.current;
    const scene = sceneRef.current;
    if (!scene || !selection.size) return;
    const cmds: Command[] = [];
    for (const panel of figure.panels) {
      const ids = new Set(panel.annotations.filter((a) => selection.has(a.id)).map((a) => a.id));
      const t = scene.transforms.get(panel.id);
      if (!ids.size || !t) continue;
      const k = sourcePerScreenPx(panel.id);
      const [dx, dy] = viewDeltaToSource(t.fromView, dxScreen * k, dyScreen * k);
      cmds.push(updateAnnotations(figure.id, ids, (a) => translateAnnotation(a, dx, dy)));
    }
    // One key press, one undo step, whatever the number of panels.
    if (cmds.length) store.dispatch((p) => cmds.reduce((acc, c) => c(acc), p));
  }

  useEffect(() => {
    const stage = stageRef.current!;
    const onDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
      const v = viewRef.current;
      if (e.evt.button === 1 || (e.evt.button === 0 && space.current)) {
        panning.current = { x: e.evt.clientX, y: e.evt.clientY, vx: v.x, vy: v.y };
        e.evt.preventDefault();
        return;
      }
      if (e.evt.button !== 0) return;
      const p = pointerInfo(e, true);
      if (!p) return;
      propsRef.current.tool.down(p, ctx());
      if (sceneRef.current) panelDrag.current.down(p, propsRef.current.tool, sceneRef.current.layout);
      afterToolEvent(p);
    };
    const onMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (panning.current) {
        const pnl = panning.current;
        setView((v) => ({ ...v, x: pnl.vx + e.evt.clientX - pnl.x, y: pnl.vy + e.evt.clientY - pnl.y }));
        return;
      }
      const p = pointerInfo(e, false);
      if (!p) return;
      lastPointer.current = p;
      // The status bar follows the pointer once a frame, not once an event.
      if (cursorFrame.current === null) {
        cursorFrame.current = requestAnimationFrame(() => {
          cursorFrame.current = null;
          propsRef.current.onCursor({ panelId: p.panelId, source: p.source, zoom: viewRef.current.zoom });
        });
      }
      const t = propsRef.current.tool;
      if (t.state !== 'idle') {
        t.move(p, ctx());
        const drop = sceneRef.current ? panelDrag.current.move(p, t, sceneRef.current.layout) : null;
        const fig = propsRef.current.figure;
        setDropHint(drop ? `Move panel ${letterFor(fig, drop.from)} to position ${drop.to + 1}` : null);
        afterToolEvent(p);
      }
    };
    const onUp = (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (panning.current) {
        panning.current = null;
        return;
      }
      const p = pointerInfo(e, true);
      const drop = panelDrag.current.up(propsRef.current.tool);
      setDropHint(null);
      if (drop) {
        // The drop replaces the marquee's selection: one command, one undo step.
        const { store, figure } = propsRef.current;
        propsRef.current.tool.cancel();
        store.dispatch(movePanel(figure.id, figure.panels[drop.from].id, drop.to));
        afterToolEvent(null);
        return;
      }
      if (!p) return;
      propsRef.current.tool.up(p, ctx());
      afterToolEvent(p);
    };
    const onDbl = (e: Konva.KonvaEventObject<MouseEvent>) => {
      // Konva calls any two quick clicks a double click; the browser's click count also
      // requires them to be at one spot.
      if (e.evt.detail < 2) return;
      const p = pointerInfo(e, true);
      if (!p) return;
      propsRef.current.tool.dblclick?.(p, ctx());
      afterToolEvent(p);
    };
    const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
      e.evt.preventDefault();
      const pos = stage.getPointerPosition() ?? { x: stage.width() / 2, y: stage.height() / 2 };
      zoomAt(Math.pow(1.0015, -e.evt.deltaY), pos);
    };
    stage.on('mousedown', onDown);
    stage.on('mousemove', onMove);
    stage.on('mouseup', onUp);
    stage.on('dblclick', onDbl);
    stage.on('wheel', onWheel);
    const editable = (t: EventTarget | null) =>
      t instanceof HTMLTextAreaElement ||
      t instanceof HTMLInputElement ||
      t instanceof HTMLSelectElement ||
      (t instanceof HTMLElement && t.isContentEditable);
    // Capture phase: a busy tool (a polygon being drawn) gets Enter/Backspace before the app's
    // shortcuts do (Backspace would otherwise delete the selection).
    const kd = (ev: KeyboardEvent) => {
      if (editable(ev.target)) return;
      if (ev.code === 'Space') space.current = true;
      const t = propsRef.current.tool;
      if (t.state !== 'idle' && !ev.ctrlKey && !ev.metaKey && t.keyDown?.(ev.key, ctx())) {
        ev.preventDefault();
        ev.stopImmediatePropagation();
        afterToolEvent(null);
        return;
      }
      const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const dir = arrows[ev.key];
      if (dir && propsRef.current.selection.size && !ev.ctrlKey && !ev.metaKey && !ev.altKey && t.state === 'idle') {
        ev.preventDefault();
        const step = NUDGE_PX * (ev.shiftKey ? 10 : 1);
        nudge(dir[0] * step, dir[1] * step);
      }
    };
    const ku = (ev: KeyboardEvent) => {
      if (ev.code === 'Space') space.current = false;
    };
    // A button released outside the canvas (over a toast, a panel, another window) still ends the
    // gesture, at the last point the canvas saw; otherwise the tool would stay mid-drag.
    const outsideUp = (ev: MouseEvent) => {
      if (stage.container().contains(ev.target as Node)) return;
      if (panning.current) panning.current = null;
      const t = propsRef.current.tool;
      if (t.state === 'idle') return;
      panelDrag.current.up(t);
      setDropHint(null);
      if (lastPointer.current) t.up(lastPointer.current, ctx());
      else t.cancel();
      afterToolEvent(null);
    };
    window.addEventListener('mouseup', outsideUp);
    window.addEventListener('keydown', kd, true);
    window.addEventListener('keyup', ku);
    return () => {
      window.removeEventListener('mouseup', outsideUp);
      stage.off('mousedown mousemove mouseup dblclick wheel');
      window.removeEventListener('keydown', kd, true);
      window.removeEventListener('keyup', ku);
      if (cursorFrame.current !== null) cancelAnimationFrame(cursorFrame.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const finishEdit = (value: string | null) => {
    if (!edit) return;
    edit.resolve(value);
    setEdit(null);
    // The tool leaves its editing state when the promise settles: redraw after it.
    queueMicrotask(() => afterToolEvent(null));
  };

  return (
    <div className="canvas-host" data-testid="canvas" style={{ cursor: props.tool.cursor }}>
      {/* Konva empties its container: the stage gets a div of its own, the overlays are siblings. */}
      <div ref={host} style={{ position: 'absolute', inset: 0 }} />
      {dropHint && (
        <div className="canvas-drop-hint" role="status" data-testid="canvas-drop-hint">
          {dropHint}
        </div>
      )}
      <OptionsBar
        store={props.store}
        figure={props.figure}
        selection={props.selection}
        tool={props.tool}
        frameOf={frameOf}
        newId={props.toolContext.newId}
      />
      {edit && (
        <textarea
          className="text-edit"
          aria-label="Label text"
          autoFocus
          defaultValue={edit.initial}
          style={{ left: edit.screen.x, top: edit.screen.y, fontSize: Math.max(10, edit.fontPx), fontFamily: FONT_FAMILY }}
          onKeyDown={(ev) => {
            ev.stopPropagation();
            if (ev.key === 'Enter' && !ev.shiftKey) {
              ev.preventDefault();
              finishEdit((ev.target as HTMLTextAreaElement).value);
            } else if (ev.key === 'Escape') {
              finishEdit(null);
            }
          }}
          onBlur={(ev) => finishEdit(ev.target.value)}
        />
      )}
      <Minimap
        stageRef={stageRef}
        figure={props.figure}
        images={props.images}
        view={view}
        onPanBy={(dx, dy) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }))}
      />
    </div>
  );
});
