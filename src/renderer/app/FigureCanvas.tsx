// The centre canvas: a Konva stage showing the figure through the shared scene code, with
// zoom/pan, the active tool's pointer handling, selection outlines and in-place text editing.
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import Konva from 'konva';
import type { Figure, Point } from '../../shared/figure/schema';
import { buildFigureScene, type FigureScene, type PanelImage } from '../../scene/figure-scene';
import { hitTestPanel } from '../../shared/figure/layout';
import { ptToMm, FONT_FAMILY } from '../../scene/units';
import type { EditorStore } from '../editor/store';
import type { PointerInfo, Tool, ToolContext } from '../tools';

export interface CanvasHandle {
  fit(): void;
  actual(): void;
  zoomBy(f: number): void;
  stage(): Konva.Stage | null;
  zoom(): number;
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
  resolve(v: string | null): void;
}

export const FigureCanvas = forwardRef<CanvasHandle, Props>(function FigureCanvas(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage | null>(null);
  const sceneRef = useRef<FigureScene | null>(null);
  const ui = useRef<Konva.Layer | null>(null);
  const [view, setView] = useState({ zoom: 2, x: 40, y: 40 });
  const viewRef = useRef(view);
  viewRef.current = view;
  const [draftTick, setDraftTick] = useState(0);
  const [edit, setEdit] = useState<TextEdit | null>(null);
  const fitted = useRef<string | null>(null);
  const panning = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const space = useRef(false);
  const propsRef = useRef(props);
  propsRef.current = props;

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
    return () => {
      ro.disconnect();
      stage.destroy();
      stageRef.current = null;
    };
  }, []);

  // Rebuild the scene when the document, images or draft change.
  const tool = props.tool;
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const draft = tool.draft();
    const fig: Figure = draft
      ? { ...props.figure, panels: props.figure.panels.map((p) => (p.id === draft.panelId ? { ...p, annotations: [...p.annotations, draft.annotation] } : p)) }
      : props.figure;
    sceneRef.current?.layers.forEach((l) => l.destroy());
    const scene = buildFigureScene(fig, { images: props.images, sizes: props.sizes, missing: props.missing, showLabels: props.showLabels, screen: true });
    sceneRef.current = scene;
    for (const l of scene.layers) stage.add(l);
    ui.current!.remove();
    stage.add(ui.current!);
    applyView(view);
    drawSelection();
    // Fit the page the first time a figure is shown.
    if (fitted.current !== fig.id && fig.panels.length) {
      fitted.current = fig.id;
      fitTo(scene);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.figure, props.images, props.sizes, props.missing, props.showLabels, draftTick, tool]);

  useEffect(() => {
    applyView(view);
    drawSelection();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, props.selection]);

  function applyView(v: { zoom: number; x: number; y: number }) {
    const stage = stageRef.current;
    if (!stage) return;
    stage.scale({ x: v.zoom, y: v.zoom });
    stage.position({ x: v.x, y: v.y });
    // Pixel-accurate at high zoom: no smoothing once a source pixel is bigger than a screen pixel.
    const smooth = v.zoom < 8;
    for (const layer of sceneRef.current?.layers ?? []) layer.imageSmoothingEnabled(smooth);
    stage.batchDraw();
  }

  function drawSelection() {
    const layer = ui.current;
    const stage = stageRef.current;
    if (!layer || !stage) return;
    layer.destroyChildren();
    const sel = propsRef.current.selection;
    if (sel.size) {
      for (const l of sceneRef.current?.layers ?? []) {
        l.find('.annotation').forEach((n) => {
          if (!sel.has(n.getAttr('annotationId'))) return;
          const r = n.getClientRect({ relativeTo: stage as unknown as Konva.Container });
          const pad = 1.5 / viewRef.current.zoom;
          layer.add(new Konva.Rect({ x: r.x - pad, y: r.y - pad, width: r.width + 2 * pad, height: r.height + 2 * pad, stroke: '#4da3ff', strokeWidth: 1.5 / viewRef.current.zoom, dash: [4 / viewRef.current.zoom, 3 / viewRef.current.zoom], name: 'selection-outline' }));
        });
      }
    }
    layer.batchDraw();
  }

  function fitTo(scene: FigureScene | null = sceneRef.current) {
    const stage = stageRef.current;
    if (!stage || !scene) return;
    const pad = 24;
    const zoom = Math.max(0.05, Math.min((stage.width() - 2 * pad) / scene.layout.pageWidthMm, (stage.height() - 2 * pad) / scene.layout.pageHeightMm));
    const x = (stage.width() - scene.layout.pageWidthMm * zoom) / 2;
    const y = (stage.height() - scene.layout.pageHeightMm * zoom) / 2;
    setView({ zoom, x, y });
  }

  function zoomAt(factor: number, at: { x: number; y: number }) {
    const v = viewRef.current;
    const zoom = Math.min(2000, Math.max(0.05, v.zoom * factor));
    const mx = (at.x - v.x) / v.zoom;
    const my = (at.y - v.y) / v.zoom;
    setView({ zoom, x: at.x - mx * zoom, y: at.y - my * zoom });
  }

  useImperativeHandle(ref, () => ({
    fit: () => fitTo(),
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
  }));

  function pointerInfo(e: { evt: MouseEvent }): PointerInfo | null {
    const stage = stageRef.current;
    const scene = sceneRef.current;
    if (!stage || !scene) return null;
    const pos = stage.getPointerPosition();
    if (!pos) return null;
    const v = viewRef.current;
    const pageMm: Point = [(pos.x - v.x) / v.zoom, (pos.y - v.y) / v.zoom];
    const draft = propsRef.current.tool.draft();
    // Keep drawing in the panel a gesture started in, even when the pointer leaves it.
    let idx: number | null = draft ? propsRef.current.figure.panels.findIndex((p) => p.id === draft.panelId) : hitTestPanel(scene.layout, pageMm[0], pageMm[1]);
    if (idx !== null && idx < 0) idx = null;
    const panel = idx !== null ? propsRef.current.figure.panels[idx] : null;
    let source: Point | null = null;
    if (panel && idx !== null) {
      const rect = scene.layout.panels[idx];
      const t = scene.transforms.get(panel.id)!;
      const mmPer = scene.mmPerViewPx.get(panel.id)!;
      source = t.fromView([(pageMm[0] - rect.xMm) / mmPer, (pageMm[1] - rect.yMm) / mmPer]) as Point;
    }
    let hit: PointerInfo['hit'] = null;
    const node = stage.getIntersection(pos);
    for (let n: Konva.Node | null = node; n; n = n.getParent()) {
      const aid = n.getAttr('annotationId');
      if (aid) {
        const owner = propsRef.current.figure.panels.find((p) => p.annotations.some((a) => a.id === aid));
        if (owner) hit = { panelId: owner.id, annotationId: aid };
        break;
      }
    }
    return { panelId: panel?.id ?? null, source, pageMm, shift: e.evt.shiftKey, hit };
  }

  const ctx = (): ToolContext => ({
    ...propsRef.current.toolContext,
    sourcePerScreenPx: (panelId) => {
      const mmPer = sceneRef.current?.mmPerViewPx.get(panelId) ?? 1;
      return 1 / (viewRef.current.zoom * mmPer);
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
        setEdit({ panelId, at, screen, fontPx: ptToMm(propsRef.current.toolContext.style.fontPt) * v.zoom, resolve });
        void initial;
      }),
  });

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
      const p = pointerInfo(e);
      if (!p) return;
      propsRef.current.tool.down(p, ctx());
      setDraftTick((t) => t + 1);
    };
    const onMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (panning.current) {
        const pnl = panning.current;
        setView((v) => ({ ...v, x: pnl.vx + e.evt.clientX - pnl.x, y: pnl.vy + e.evt.clientY - pnl.y }));
        return;
      }
      const p = pointerInfo(e);
      if (!p) return;
      propsRef.current.onCursor({ panelId: p.panelId, source: p.source, zoom: viewRef.current.zoom });
      if (propsRef.current.tool.state !== 'idle') {
        propsRef.current.tool.move(p, ctx());
        setDraftTick((t) => t + 1);
      }
    };
    const onUp = (e: Konva.KonvaEventObject<MouseEvent>) => {
      if (panning.current) {
        panning.current = null;
        return;
      }
      const p = pointerInfo(e);
      if (!p) return;
      propsRef.current.tool.up(p, ctx());
      setDraftTick((t) => t + 1);
    };
    const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
      e.evt.preventDefault();
      const pos = stage.getPointerPosition() ?? { x: stage.width() / 2, y: stage.height() / 2 };
      zoomAt(Math.pow(1.0015, -e.evt.deltaY), pos);
    };
    stage.on('mousedown', onDown);
    stage.on('mousemove', onMove);
    stage.on('mouseup', onUp);
    stage.on('wheel', onWheel);
    const kd = (ev: KeyboardEvent) => {
      if (ev.code === 'Space' && !(ev.target instanceof HTMLTextAreaElement || ev.target instanceof HTMLInputElement)) space.current = true;
    };
    const ku = (ev: KeyboardEvent) => {
      if (ev.code === 'Space') space.current = false;
    };
    window.addEventListener('keydown', kd);
    window.addEventListener('keyup', ku);
    return () => {
      stage.off('mousedown mousemove mouseup wheel');
      window.removeEventListener('keydown', kd);
      window.removeEventListener('keyup', ku);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="canvas-host" ref={host} data-testid="canvas" style={{ cursor: props.tool.cursor }}>
      {edit && (
        <textarea
          className="text-edit"
          aria-label="Label text"
          autoFocus
          style={{ left: edit.screen.x, top: edit.screen.y, fontSize: Math.max(10, edit.fontPx), fontFamily: FONT_FAMILY }}
          onKeyDown={(ev) => {
            ev.stopPropagation();
            if (ev.key === 'Enter' && !ev.shiftKey) {
              ev.preventDefault();
              edit.resolve((ev.target as HTMLTextAreaElement).value);
              setEdit(null);
            } else if (ev.key === 'Escape') {
              edit.resolve(null);
              setEdit(null);
            }
          }}
          onBlur={(ev) => {
            edit.resolve(ev.target.value);
            setEdit(null);
          }}
        />
      )}
    </div>
  );
});
