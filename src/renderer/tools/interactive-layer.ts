// Drawing on the canvas's interactive layer: the gesture preview in its panel's frame (built
// with the scene's own shape code, so a preview looks exactly like the result), selection
// outlines, handles and the marquee. The static scene layers are not redrawn meanwhile: that
// is what keeps a drag smooth on a panel with hundreds of annotations.
import Konva from 'konva';
import type { Figure, Point } from '../../shared/figure/schema';
import type { FigureScene } from '../../scene/figure-scene';
import { annotationNodes } from '../../scene/shapes';
import { measure } from '../../shared/calibration/measure';
import type { Handle } from '../editor/geometry';
import type { Preview } from './types';

export interface PanelFrame {
  view: Konva.Group;
  source: Konva.Group;
  /** Source px → page mm. */
  toPage(p: Point): Point;
}

/** Affine (no skew) → Konva attributes; flips show as a negative scaleY (as in the scene). */
function decompose([a, b, c, d, e, f]: readonly number[]) {
  const scaleX = Math.hypot(a, b);
  return { x: e, y: f, rotation: (Math.atan2(b, a) * 180) / Math.PI, scaleX, scaleY: (a * d - b * c) / scaleX };
}

export function panelFrame(scene: FigureScene, figure: Figure, panelId: string): PanelFrame | null {
  const idx = figure.panels.findIndex((p) => p.id === panelId);
  const rect = scene.layout.panels[idx];
  const t = scene.transforms.get(panelId);
  const mmPer = scene.mmPerViewPx.get(panelId);
  if (idx < 0 || !rect || !t || !mmPer) return null;
  const view = new Konva.Group({
    x: rect.xMm,
    y: rect.yMm,
    scaleX: mmPer,
    scaleY: mmPer,
    clip: { x: 0, y: 0, width: t.viewWidth, height: t.viewHeight },
    listening: false,
  });
  const source = new Konva.Group({ ...decompose(t.matrix), listening: false });
  source.clipFunc((ctx) => ctx.rect(t.crop.x, t.crop.y, t.crop.w, t.crop.h));
  view.add(source);
  const toPage = (p: Point): Point => {
    const v = t.toView(p);
    return [rect.xMm + v[0] * mmPer, rect.yMm + v[1] * mmPer];
  };
  return { view, source, toPage };
}

/** Adds the preview's shapes to the layer; returns their nodes by annotation id (for outlines). */
export function drawPreview(layer: Konva.Layer, scene: FigureScene, figure: Figure, preview: Preview): Map<string, Konva.Node[]> {
  const out = new Map<string, Konva.Node[]>();
  const frame = panelFrame(scene, figure, preview.panelId);
  const panel = figure.panels.find((p) => p.id === preview.panelId);
  if (!frame || !panel) return out;
  const t = scene.transforms.get(panel.id)!;
  const ctx = {
    pxPerMm: 1 / scene.mmPerViewPx.get(panel.id)!,
    toView: (p: Point) => t.toView(p) as Point,
    measureLabel: (a: Parameters<typeof measure>[0]) => measure(a, panel.calibration)?.label ?? '',
  };
  for (const a of preview.annotations) {
    const nodes = annotationNodes(a, ctx);
    nodes.geometry.forEach((n) => frame.source.add(n as Konva.Shape));
    nodes.overlay.forEach((n) => frame.view.add(n as Konva.Shape));
    [...nodes.geometry, ...nodes.overlay].forEach((n) => n.listening(false));
    out.set(a.id, [...nodes.geometry, ...nodes.overlay]);
  }
  layer.add(frame.view);
  return out;
}

const ACCENT = '#4da3ff';

/** A dashed box around the nodes of one annotation, in page mm, constant on screen. */
export function drawOutline(layer: Konva.Layer, stage: Konva.Stage, nodes: Konva.Node[], zoom: number): void {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const n of nodes) {
    const r = n.getClientRect({ relativeTo: stage as unknown as Konva.Container });
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  if (!Number.isFinite(x0)) return;
  const pad = 2 / zoom;
  layer.add(
    new Konva.Rect({
      x: x0 - pad,
      y: y0 - pad,
      width: x1 - x0 + 2 * pad,
      height: y1 - y0 + 2 * pad,
      stroke: ACCENT,
      strokeWidth: 1.5 / zoom,
      dash: [4 / zoom, 3 / zoom],
      name: 'selection-outline',
      listening: false,
    }),
  );
}

export function drawHandles(layer: Konva.Layer, handles: Handle[], toPage: (p: Point) => Point, zoom: number): void {
  const s = 8 / zoom;
  for (const h of handles) {
    const [x, y] = toPage(h.at);
    const common = { fill: '#ffffff', stroke: ACCENT, strokeWidth: 1.5 / zoom, name: `handle handle-${h.id}`, listening: false };
    layer.add(
      h.kind === 'rotate' || h.kind === 'vertex'
        ? new Konva.Circle({ x, y, radius: s / 2, ...common })
        : new Konva.Rect({ x: x - s / 2, y: y - s / 2, width: s, height: s, ...common }),
    );
  }
}

export function drawMarquee(layer: Konva.Layer, r: { x: number; y: number; w: number; h: number }, zoom: number): void {
  layer.add(
    new Konva.Rect({
      x: r.x,
      y: r.y,
      width: r.w,
      height: r.h,
      fill: 'rgba(77,163,255,0.12)',
      stroke: ACCENT,
      strokeWidth: 1 / zoom,
      name: 'marquee',
      listening: false,
    }),
  );
}
