// Redrawing part of a layer: an edit to one annotation changes a few square millimetres of the
// labels layer, and drawing the whole layer (every annotation of every panel, scene and hit
// canvas) costs tens of milliseconds with hundreds of annotations.
//
// For a changed rectangle R (whole device pixels), the nodes whose painted bounds meet R are
// drawn — in their usual order, with their groups' clips, and not clipped to R — on a scratch
// canvas of the layer's size, and R is copied from it into the layer's canvas. A node that does
// not meet R paints nothing in R, and every node that does is drawn exactly as a whole draw
// draws it, so R ends up with the pixels a whole draw gives, and nothing outside R changes.
// (Clipping the layer's own canvas to R would be simpler, but Chromium's rasteriser then
// antialiases the shapes R cuts, or a union of rectangles clips, a little differently; so it
// does on a scratch canvas smaller than the layer's, hence one of the layer's size.)
import Konva from 'konva';
import { HitCanvas, SceneCanvas } from 'konva/lib/Canvas';
import { intersects, paintBounds, type SceneRect } from '../../scene/paint-bounds';

/** Above this share of the canvas, a whole draw is as cheap and simpler. */
const WHOLE_SHARE = 0.5;
/** Device pixels added around every rectangle: antialiasing reaches about one pixel out. */
const AA_PX = 2;

type DrawMethod = 'drawScene' | 'drawHit';
type Cull = (node: Konva.Node) => boolean;
type LayerCanvas = SceneCanvas | HitCanvas;

// Konva draws a container's children in Container#_drawChildNodes (after applying the
// container's clip); during a region draw that loop skips the children that do not meet the
// region. Outside a region draw Konva's own loop runs unchanged.
interface ChildLoop {
  _drawChildNodes?: (this: Konva.Container, method: DrawMethod, canvas: unknown, top: unknown) => void;
}
const proto = Konva.Container.prototype as unknown as ChildLoop;
const konvaLoop = proto._drawChildNodes;
let cull: Cull | null = null;
if (konvaLoop)
  proto._drawChildNodes = function (method, canvas, top) {
    if (!cull) return konvaLoop.call(this, method, canvas, top);
    const only = cull;
    for (const child of this.getChildren()) if (only(child)) (child[method] as (c: unknown, t: unknown) => void)(canvas, top);
  };

/** Whether this Konva draws children through the loop above (else every draw is whole). */
export const regionDrawSupported = !!konvaLoop;

/** A clipped group's clip rectangle in layer units (its children paint nowhere else). */
function clipBounds(g: Konva.Container): SceneRect | null {
  const w = g.clipWidth();
  const h = g.clipHeight();
  if (typeof w !== 'number' || typeof h !== 'number' || g.clipFunc()) return null;
  const m = g.getAbsoluteTransform(g.getLayer() ?? undefined);
  const x0 = g.clipX() || 0;
  const y0 = g.clipY() || 0;
  const pts = [m.point({ x: x0, y: y0 }), m.point({ x: x0 + w, y: y0 }), m.point({ x: x0, y: y0 + h }), m.point({ x: x0 + w, y: y0 + h })];
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

interface DeviceRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Layer units → the canvas's device pixels, rounded outwards with the antialiasing margin. */
function toDevice(layer: Konva.Layer, r: SceneRect, ratio: number, cw: number, ch: number): DeviceRect | null {
  const m = layer.getAbsoluteTransform();
  const a = m.point({ x: r.x, y: r.y });
  const b = m.point({ x: r.x + r.width, y: r.y + r.height });
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) * ratio) - AA_PX);
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) * ratio) - AA_PX);
  const x1 = Math.min(cw, Math.ceil(Math.max(a.x, b.x) * ratio) + AA_PX);
  const y1 = Math.min(ch, Math.ceil(Math.max(a.y, b.y) * ratio) + AA_PX);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** A device rectangle in layer units (what the nodes' bounds are compared with). */
function toLayer(layer: Konva.Layer, d: DeviceRect, ratio: number): SceneRect {
  const inv = layer.getAbsoluteTransform().copy().invert();
  const a = inv.point({ x: d.x / ratio, y: d.y / ratio });
  const b = inv.point({ x: (d.x + d.w) / ratio, y: (d.y + d.h) / ratio });
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

function bbox(rects: DeviceRect[]): DeviceRect {
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.w));
  const y1 = Math.max(...rects.map((r) => r.y + r.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** One scratch canvas per kind, resized to the layer canvas it stands in for. */
const scratch: { scene?: SceneCanvas; hit?: HitCanvas } = {};
function scratchFor(canvas: LayerCanvas, hit: boolean): LayerCanvas {
  const ratio = canvas.getPixelRatio();
  let s: LayerCanvas | undefined = hit ? scratch.hit : scratch.scene;
  if (!s || s.getPixelRatio() !== ratio) {
    s = hit ? new HitCanvas({ width: 0, height: 0, pixelRatio: ratio }) : new SceneCanvas({ width: 0, height: 0, pixelRatio: ratio });
    if (hit) scratch.hit = s as HitCanvas;
    else scratch.scene = s as SceneCanvas;
  }
  const c = canvas as unknown as { _logicalWidth: number; _logicalHeight: number };
  s.setSizeIfChanged(c._logicalWidth, c._logicalHeight);
  return s;
}

function drawRegion(layer: Konva.Layer, canvas: LayerCanvas, method: DrawMethod, d: DeviceRect): void {
  const ratio = canvas.getPixelRatio();
  const hit = method === 'drawHit';
  const s = scratchFor(canvas, hit);
  if (s.getWidth() !== canvas.getWidth() || s.getHeight() !== canvas.getHeight()) {
    layer.draw();
    return;
  }
  const region = toLayer(layer, d, ratio);
  // A node meets the region when its painted bounds (or a clipped group's clip) do; one device
  // pixel of slack in layer units stands for its antialiased edge.
  const slack = 1 / (ratio * Math.abs(layer.getAbsoluteScale().x) || 1);
  const meets = (r: SceneRect) =>
    intersects({ x: r.x - slack, y: r.y - slack, width: r.width + 2 * slack, height: r.height + 2 * slack }, region);
  const from = s.getContext()._context;
  const to = canvas.getContext()._context;
  from.save();
  from.setTransform(1, 0, 0, 1, 0, 0);
  from.clearRect(d.x, d.y, d.w, d.h);
  from.restore();
  from.imageSmoothingEnabled = to.imageSmoothingEnabled;
  cull = (node) => {
    if (node instanceof Konva.Container) {
      const clip = clipBounds(node);
      return !clip || meets(clip);
    }
    return meets(paintBounds(node));
  };
  try {
    if (hit) Konva.Container.prototype.drawHit.call(layer, s as HitCanvas);
    else Konva.Container.prototype.drawScene.call(layer, s as SceneCanvas);
  } finally {
    cull = null;
  }
  // An exact copy: whole pixels, no scaling, no smoothing, onto cleared pixels.
  to.save();
  to.setTransform(1, 0, 0, 1, 0, 0);
  to.globalAlpha = 1;
  to.globalCompositeOperation = 'source-over';
  to.imageSmoothingEnabled = false;
  to.clearRect(d.x, d.y, d.w, d.h);
  to.drawImage(s._canvas, d.x, d.y, d.w, d.h, d.x, d.y, d.w, d.h);
  to.restore();
}

/** Which of a layer's canvases to draw: what is seen, and what pointer hits are read from. */
export interface LayerParts {
  scene: boolean;
  hit: boolean;
}
const BOTH: LayerParts = { scene: true, hit: true };

/** The whole of the chosen canvases of `layer` (both: Konva's own layer draw). */
function drawWhole(layer: Konva.Layer, parts: LayerParts): void {
  if (parts.scene && parts.hit) layer.draw();
  else if (parts.scene) layer.drawScene();
  else if (parts.hit) layer.drawHit();
}

/**
 * Redraws the part of `layer` under `rects` (layer units: the bounding box of them all) on its
 * scene canvas and, when it has one, its hit canvas (`parts` chooses). Draws the whole layer when
 * that is as cheap (a large region) or when a region draw is not possible.
 */
export function drawLayerRegions(
  layer: Konva.Layer,
  rects: SceneRect[],
  parts: LayerParts = BOTH,
  whole = false,
): 'whole' | 'regions' | 'none' {
  const scene = layer.getCanvas();
  const hit = layer.getHitCanvas();
  const stage = layer.getStage();
  // Canvas sizes are in device pixels.
  const sw = scene.getWidth();
  const sh = scene.getHeight();
  const hr = hit.getPixelRatio();
  // The hit canvas is sized lazily by a whole draw (Konva allocates it for listening layers).
  const hitReady = !!stage && hit.getWidth() === Math.floor(stage.width() * hr) && hit.getHeight() === Math.floor(stage.height() * hr);
  const wantsHit = layer.isListening() && layer.isVisible();
  // A hit canvas Konva has not sized yet gets both canvases drawn whole.
  if (wantsHit && !hitReady) {
    layer.draw();
    return 'whole';
  }
  if (whole || !regionDrawSupported || !stage || !layer.isVisible() || !sw || !sh) {
    drawWhole(layer, parts);
    return 'whole';
  }
  const device = rects.map((r) => toDevice(layer, r, scene.getPixelRatio(), sw, sh)).filter((d): d is DeviceRect => !!d);
  if (!device.length) return 'none';
  const box = bbox(device);
  if (box.w * box.h > WHOLE_SHARE * sw * sh) {
    drawWhole(layer, parts);
    return 'whole';
  }
  if (parts.scene) drawRegion(layer, scene, 'drawScene', box);
  if (wantsHit && parts.hit) {
    const hd = rects.map((r) => toDevice(layer, r, hr, hit.getWidth(), hit.getHeight())).filter((d): d is DeviceRect => !!d);
    if (hd.length) drawRegion(layer, hit, 'drawHit', bbox(hd));
  }
  return 'regions';
}
