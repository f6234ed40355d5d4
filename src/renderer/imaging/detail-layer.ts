// Deep zoom on screen. A raster larger than the 4096 px screen preview is shown from that preview
// until the view enlarges it past its own pixels; then the visible part is fetched at screen
// resolution (getRegion, decoded in the services' worker pool), debounced while the view moves,
// and drawn over the preview inside the panel's own source group of the images layer — so it is
// clipped by the panel and crop, transformed exactly like the preview, and stays under every
// annotation layer. The last detail stays in place (it is in source px) until the next one arrives.
import { useEffect, useRef, type MutableRefObject } from 'react';
import Konva from 'konva';
import type { Figure, Panel } from '../../shared/figure/schema';
import type { DecodedFrame } from '../../shared/imaging/types';
import { effectiveWindow, renderDisplay } from '../../shared/imaging/display';
import { api } from '../api-client';
import { infoOf, loadedFrame } from './panel-images';
import { panelGroup } from '../../scene/figure-scene';

/** Wait this long after the last view change before asking for pixels (pan/zoom stays smooth). */
export const DETAIL_DEBOUNCE_MS = 120;
/** Ask for detail once the preview is enlarged past this many screen px per preview px. */
const ENLARGED = 1.15;
/** Fetch a little beyond the viewport so a small pan does not show the blurry preview at once. */
const MARGIN = 0.15;
/** The contract's ceiling for outWidth. */
const MAX_OUT = 8192;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Detail {
  sourceId: string;
  frame: number;
  region: Rect;
  outWidth: number;
  decoded: DecodedFrame;
  displayKey: string;
  canvas: HTMLCanvasElement;
}

interface PanelState {
  detail: Detail | null;
  /** The request in flight (its key), so the same one is not sent twice. */
  pending: string | null;
  error: string | null;
}

/** What the e2e tests can read in a test build: window.medfigDetail.state(). */
export interface DetailStatus {
  panelId: string;
  wanted: boolean;
  pending: boolean;
  region: Rect | null;
  outWidth: number | null;
  /** Screen px per source px when the detail was last placed. */
  screenPerSource: number;
  error: string | null;
}

interface Args {
  stageRef: MutableRefObject<Konva.Stage | null>;
  figure: Figure;
  /** Anything that changes when the view or the scene does (the hook re-runs after those effects). */
  deps: unknown[];
}

/**
 * Mount from FigureCanvas after its scene and view effects: `useDetailLayer({ stageRef, figure, deps: [...] })`.
 * Finds each panel's source group in the images layer by id, so it needs nothing else from the canvas.
 */
export function useDetailLayer({ stageRef, figure, deps }: Args): void {
  const states = useRef(new Map<string, PanelState>());
  const timer = useRef<number | null>(null);
  const status = useRef<DetailStatus[]>([]);
  const figureRef = useRef(figure);
  figureRef.current = figure;

  useEffect(() => {
    // A test hook (tests/e2e/deepzoom.spec.ts): only in the test build, like window.medfigEditor.
    if (import.meta.env.MODE === 'test')
      (window as unknown as { medfigDetail?: { state(): DetailStatus[] } }).medfigDetail = { state: () => status.current };
    return () => {
      if (timer.current !== null) clearTimeout(timer.current);
    };
  }, []);

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    // Re-place what we already have at once (a rebuilt scene dropped our nodes), then fetch later.
    place(stage, figureRef.current, states.current, status);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      const s = stageRef.current;
      if (s)
        request(
          s,
          figureRef.current,
          states.current,
          () => stageRef.current && place(stageRef.current, figureRef.current, states.current, status),
        );
    }, DETAIL_DEBOUNCE_MS);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a hook whose caller passes its dependency list; the refs above carry the latest values
  }, deps);
}

/** The images layer's source group of a panel (source px → screen via its absolute transform). */
function sourceGroup(stage: Konva.Stage, panelId: string): Konva.Group | null {
  const view = panelGroup(stage, 'images', panelId);
  if (!view) return null;
  return (view.findOne('.panel-source') as Konva.Group | undefined) ?? null;
}

/** Device px per source px of the group (rotation-free magnitude of its absolute transform). */
function screenPerSource(stage: Konva.Stage, g: Konva.Group): number {
  const m = g.getAbsoluteTransform().getMatrix();
  const ratio = stage.getLayers()[0]?.getCanvas().getPixelRatio() ?? window.devicePixelRatio ?? 1;
  return Math.hypot(m[0], m[1]) * ratio;
}

/** The part of the panel's crop the stage shows, in source px (bounding box, with a margin). */
function visibleRegion(stage: Konva.Stage, g: Konva.Group, crop: Rect, W: number, H: number): Rect | null {
  const inv = g.getAbsoluteTransform().copy().invert();
  const corners = [
    { x: 0, y: 0 },
    { x: stage.width(), y: 0 },
    { x: 0, y: stage.height() },
    { x: stage.width(), y: stage.height() },
  ].map((p) => inv.point(p));
  let x0 = Math.min(...corners.map((c) => c.x)),
    x1 = Math.max(...corners.map((c) => c.x));
  let y0 = Math.min(...corners.map((c) => c.y)),
    y1 = Math.max(...corners.map((c) => c.y));
  const mx = (x1 - x0) * MARGIN,
    my = (y1 - y0) * MARGIN;
  x0 = Math.max(crop.x, 0, Math.floor(x0 - mx));
  y0 = Math.max(crop.y, 0, Math.floor(y0 - my));
  x1 = Math.min(crop.x + crop.w, W, Math.ceil(x1 + mx));
  y1 = Math.min(crop.y + crop.h, H, Math.ceil(y1 + my));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

interface Want {
  panel: Panel;
  region: Rect;
  outWidth: number;
  k: number;
}

/** Which panels need detail now, and which region at which width. */
function wanted(stage: Konva.Stage, figure: Figure): Map<string, Want | null> {
  const out = new Map<string, Want | null>();
  for (const panel of figure.panels) {
    const info = infoOf(panel.sourceId);
    const preview = loadedFrame(panel.sourceId, panel.frame);
    const g = sourceGroup(stage, panel.id);
    if (!info || !preview || !g || info.format === 'dicom' || preview.width >= info.width) {
      out.set(panel.id, null);
      continue;
    }
    const k = screenPerSource(stage, g);
    const previewPerSource = preview.width / info.width;
    if (k < previewPerSource * ENLARGED) {
      out.set(panel.id, null);
      continue;
    }
    const crop = panel.crop ?? { x: 0, y: 0, w: info.width, h: info.height };
    const region = visibleRegion(stage, g, crop, info.width, info.height);
    if (!region) {
      out.set(panel.id, null);
      continue;
    }
    // Screen resolution, never more than the source has (from 100 % up the pixels are the source's own).
    let outWidth = Math.max(1, Math.min(region.w, Math.ceil(region.w * k), MAX_OUT));
    // Keep the output within the services' 64 MP cap whatever the region's shape.
    const outH = (region.h * outWidth) / region.w;
    if (outWidth * outH > 60e6) outWidth = Math.max(1, Math.floor(Math.sqrt((60e6 * region.w) / region.h)));
    out.set(panel.id, { panel, region, outWidth, k });
  }
  return out;
}

const keyOf = (p: Panel, r: Rect, outWidth: number) => `${p.sourceId}#${p.frame}#${r.x},${r.y},${r.w},${r.h}@${outWidth}`;

/** Does the detail we hold already serve this want (covers the region at enough resolution)? */
function serves(d: Detail, w: Want): boolean {
  if (d.sourceId !== w.panel.sourceId || d.frame !== w.panel.frame) return false;
  const covers =
    d.region.x <= w.region.x &&
    d.region.y <= w.region.y &&
    d.region.x + d.region.w >= w.region.x + w.region.w &&
    d.region.y + d.region.h >= w.region.y + w.region.h;
  const haveRes = d.outWidth / d.region.w;
  const needRes = w.outWidth / w.region.w;
  // Enough pixels, and not wastefully many (after zooming out a lot, fetch a smaller one).
  return covers && haveRes >= needRes * 0.95 && haveRes <= needRes * 3;
}

function request(stage: Konva.Stage, figure: Figure, states: Map<string, PanelState>, redraw: () => void): void {
  for (const [panelId, w] of wanted(stage, figure)) {
    const st = states.get(panelId) ?? { detail: null, pending: null, error: null };
    states.set(panelId, st);
    if (!w) continue;
    if (st.detail && serves(st.detail, w)) continue;
    const key = keyOf(w.panel, w.region, w.outWidth);
    if (st.pending === key) continue;
    st.pending = key;
    const { panel, region, outWidth } = w;
    api
      .getRegion({ sourceId: panel.sourceId, frame: panel.frame, region, outWidth })
      .then((decoded) => {
        if (st.pending !== key) return; // a newer request replaced this one
        st.pending = null;
        st.error = null;
        st.detail = {
          sourceId: panel.sourceId,
          frame: panel.frame,
          region,
          outWidth,
          decoded,
          displayKey: '',
          canvas: document.createElement('canvas'),
        };
        redraw();
      })
      .catch((e: unknown) => {
        if (st.pending !== key) return;
        st.pending = null;
        // The preview stays; the reason is kept for the status (and the e2e test), not shown as a toast.
        st.error = e instanceof Error ? e.message : String(e);
        redraw();
      });
  }
}

/** (Re)draw the held details into the current scene; drop those no longer wanted. */
function place(stage: Konva.Stage, figure: Figure, states: Map<string, PanelState>, status: MutableRefObject<DetailStatus[]>): void {
  const want = wanted(stage, figure);
  const report: DetailStatus[] = [];
  const layers = new Set<Konva.Layer>();
  for (const panel of figure.panels) {
    const g = sourceGroup(stage, panel.id);
    const st = states.get(panel.id);
    const w = want.get(panel.id) ?? null;
    const old = g?.findOne('.panel-detail');
    if (!g) continue;
    const d = st?.detail;
    const usable = !!(w && d && d.sourceId === panel.sourceId && d.frame === panel.frame);
    if (!usable) {
      if (old) {
        old.destroy();
        layers.add(g.getLayer()!);
      }
    } else {
      const det = d!;
      const info = infoOf(panel.sourceId);
      const displayKey = JSON.stringify(panel.display) + JSON.stringify(info?.windows ?? []);
      if (det.displayKey !== displayKey) {
        // Window/level and tone settings apply to the held pixels without a new fetch.
        // The window the preview uses stands for the image's: an automatic (min–max) window must
        // not change with the region shown, or the detail would not match the preview around it.
        const preview = loadedFrame(panel.sourceId, panel.frame);
        const win = preview ? effectiveWindow(preview, panel.display, info?.windows ?? []) : null;
        const rgba = renderDisplay(det.decoded, win ? { ...panel.display, window: win } : panel.display, info?.windows ?? []);
        det.canvas.width = det.decoded.width;
        det.canvas.height = det.decoded.height;
        det.canvas
          .getContext('2d')!
          .putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, det.decoded.width, det.decoded.height), 0, 0);
        det.displayKey = displayKey;
        old?.destroy();
      }
      let node = g.findOne('.panel-detail') as Konva.Shape | undefined;
      if (!node || node.getAttr('detail') !== det) {
        node?.destroy();
        node = detailShape(det);
        // Right above the preview image, below the inset outlines drawn on the same group.
        const img = g.findOne('.panel-image');
        g.add(node);
        if (img) node.zIndex(img.zIndex() + 1);
      }
      layers.add(g.getLayer()!);
    }
    report.push({
      panelId: panel.id,
      wanted: !!w,
      pending: !!st?.pending,
      region: st?.detail?.region ?? null,
      outWidth: st?.detail?.outWidth ?? null,
      screenPerSource: w?.k ?? screenPerSource(stage, g),
      error: st?.error ?? null,
    });
  }
  status.current = report;
  layers.forEach((l) => l.batchDraw());
}

/**
 * The detail as a shape that draws its canvas over its region in source px. Its own smoothing
 * setting: once a source pixel covers a screen pixel or more, no smoothing — pixel-accurate at 100 %
 * and sharp-edged blocks beyond (the layer's setting follows the figure zoom, not this image's).
 */
function detailShape(d: Detail): Konva.Shape {
  const shape = new Konva.Shape({
    name: 'panel-detail',
    listening: false,
    perfectDrawEnabled: false,
    sceneFunc: (ctx, node) => {
      const m = node.getAbsoluteTransform().getMatrix();
      const ratio = node.getLayer()?.getCanvas().getPixelRatio() ?? 1;
      const devicePerSource = Math.hypot(m[0], m[1]) * ratio;
      const raw = ctx._context;
      const before = raw.imageSmoothingEnabled;
      raw.imageSmoothingEnabled = devicePerSource < (d.outWidth / d.region.w) * 0.999;
      raw.drawImage(d.canvas, d.region.x, d.region.y, d.region.w, d.region.h);
      raw.imageSmoothingEnabled = before;
    },
  });
  shape.setAttr('detail', d);
  return shape;
}
