// A minimap for a zoomed-in view of a panel: the panel's preview (its crop) with the viewport drawn
// on it; click or drag to bring that point to the centre of the canvas. Shown only while the view
// shows part of a panel, for the panel that fills most of the view. Works from the stage's own
// nodes (the images layer's panel-source group), so it follows crop, rotation and flips.
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import type Konva from 'konva';
import type { Figure } from '../../shared/figure/schema';
import { panelGroup, type PanelImage } from '../../scene/figure-scene';

interface Props {
  stageRef: MutableRefObject<Konva.Stage | null>;
  figure: Figure;
  images: Map<string, PanelImage>;
  /** The canvas's view: a new object on every zoom/pan, which redraws the minimap. */
  view: unknown;
  /** Move the view by a screen-px delta. */
  onPanBy(dx: number, dy: number): void;
}

/** Longest side of the minimap, CSS px. */
const SIZE = 180;
/** Shown when less than this fraction of the panel is in view. */
const ZOOMED = 0.8;

interface Target {
  panelId: string;
  group: Konva.Group;
  crop: { x: number; y: number; w: number; h: number };
  image: PanelImage;
  /** Viewport corners in source px. */
  viewport: { x: number; y: number }[];
}

function pickTarget(stage: Konva.Stage, figure: Figure, images: Map<string, PanelImage>): Target | null {
  let best: { t: Target; visible: number } | null = null;
  const sw = stage.width(),
    sh = stage.height();
  for (const panel of figure.panels) {
    const image = images.get(panel.id);
    const group = panelGroup(stage, 'images', panel.id)?.findOne('.panel-source') as Konva.Group | undefined;
    if (!image || !group) continue;
    const crop = panel.crop ?? { x: 0, y: 0, w: image.width, h: image.height };
    const abs = group.getAbsoluteTransform();
    const pts = [
      { x: crop.x, y: crop.y },
      { x: crop.x + crop.w, y: crop.y },
      { x: crop.x + crop.w, y: crop.y + crop.h },
      { x: crop.x, y: crop.y + crop.h },
    ].map((p) => abs.point(p));
    const x0 = Math.min(...pts.map((p) => p.x)),
      x1 = Math.max(...pts.map((p) => p.x));
    const y0 = Math.min(...pts.map((p) => p.y)),
      y1 = Math.max(...pts.map((p) => p.y));
    const area = (x1 - x0) * (y1 - y0);
    const visible = Math.max(0, Math.min(x1, sw) - Math.max(x0, 0)) * Math.max(0, Math.min(y1, sh) - Math.max(y0, 0));
    if (area <= 0 || visible <= 0 || visible / area >= ZOOMED) continue;
    if (best && best.visible >= visible) continue;
    const inv = abs.copy().invert();
    const viewport = [
      { x: 0, y: 0 },
      { x: sw, y: 0 },
      { x: sw, y: sh },
      { x: 0, y: sh },
    ].map((p) => inv.point(p));
    best = { t: { panelId: panel.id, group, crop, image, viewport }, visible };
  }
  return best?.t ?? null;
}

export function Minimap({ stageRef, figure, images, view, onPanBy }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [target, setTarget] = useState<Target | null>(null);
  const targetRef = useRef(target);
  targetRef.current = target;
  const dragging = useRef(false);

  // After the canvas has applied the view (its effects run after this child's): next frame.
  useEffect(() => {
    const raf = requestAnimationFrame(() => {
      const stage = stageRef.current;
      setTarget(stage ? pickTarget(stage, figure, images) : null);
    });
    return () => cancelAnimationFrame(raf);
  }, [stageRef, figure, images, view]);

  const scale = target ? SIZE / Math.max(target.crop.w, target.crop.h) : 1;
  const w = target ? Math.max(1, Math.round(target.crop.w * scale)) : 0;
  const h = target ? Math.max(1, Math.round(target.crop.h * scale)) : 0;

  useEffect(() => {
    const c = canvas.current;
    if (!c || !target) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale, -target.crop.x * dpr * scale, -target.crop.y * dpr * scale);
    // The preview canvas stands for the full source size (PanelImage.width/height).
    const img = target.image.image as HTMLCanvasElement;
    const iw = (img as { width: number }).width,
      ih = (img as { height: number }).height;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(img, 0, 0, iw, ih, 0, 0, target.image.width, target.image.height);
    ctx.beginPath();
    target.viewport.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.closePath();
    ctx.lineWidth = 2 / scale;
    ctx.strokeStyle = '#ffd54a';
    ctx.fillStyle = 'rgba(255, 213, 74, 0.15)';
    ctx.fill();
    ctx.stroke();
  }, [target, w, h, scale]);

  if (!target) return null;

  /** Bring the source point under the minimap pointer to the centre of the stage. */
  const goTo = (ev: React.PointerEvent<HTMLCanvasElement>) => {
    const t = targetRef.current;
    const stage = stageRef.current;
    if (!t || !stage) return;
    const r = ev.currentTarget.getBoundingClientRect();
    const src = { x: t.crop.x + (ev.clientX - r.left) / scale, y: t.crop.y + (ev.clientY - r.top) / scale };
    const at = t.group.getAbsoluteTransform().point(src);
    onPanBy(stage.width() / 2 - at.x, stage.height() / 2 - at.y);
  };

  return (
    <div
      className="minimap"
      data-testid="minimap"
      data-panel-id={target.panelId}
      onMouseDown={(e) => e.stopPropagation()}
      onWheel={(e) => e.stopPropagation()}
    >
      <canvas
        ref={canvas}
        data-testid="minimap-canvas"
        aria-label="Minimap: click or drag to move the view"
        style={{ width: w, height: h }}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          goTo(e);
        }}
        onPointerMove={(e) => {
          if (dragging.current) goTo(e);
        }}
        onPointerUp={(e) => {
          dragging.current = false;
          e.currentTarget.releasePointerCapture(e.pointerId);
        }}
      />
    </div>
  );
}
