/**
 * Draw Konva layers onto any 2D context (raster strip, PDF page, SVG canvas)
 * with Konva's own draw code, under a device transform chosen by the caller.
 */
import { VECTOR_OUTPUT_ATTR } from '../../scene/freehand-path';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { SceneCanvas } from 'konva/lib/Canvas';
import { Konva, setupKonvaNode } from './konva-node';

/** What a scene builder may return: bare layers, or a stage holding them. */
export type SceneRoot = Konva.Layer[] | Konva.Stage;

/** Builds the scene; `pixelRatio` = output device pixels per scene unit. */
export type BuildLayers = (pixelRatio: number) => SceneRoot;

/** Row-major 2D affine [a, b, c, d, e, f], as in setTransform. */
export type Affine = [number, number, number, number, number, number];

export function layersOf(root: SceneRoot): Konva.Layer[] {
  return Array.isArray(root) ? root : (root.getLayers() as Konva.Layer[]);
}

type Internal = {
  _canvas: unknown;
  width: number;
  height: number;
  _logicalWidth: number;
  _logicalHeight: number;
  pixelRatio: number;
  context: { _context: SKRSContext2D };
};

/**
 * A Konva SceneCanvas whose drawing goes to `ctx`. Its device space is the
 * context's own (pixel ratio 1): Konva's isolation buffers for opacity are
 * sized and placed in those units, so `deviceWidth/Height` must be the
 * target's extent in device units.
 */
export function sceneCanvasFor(ctx: SKRSContext2D, deviceWidth: number, deviceHeight: number): SceneCanvas {
  setupKonvaNode();
  const canvas = new SceneCanvas({ width: 0, height: 0, pixelRatio: 1 });
  const c = canvas as unknown as Internal;
  c.context._context = ctx;
  // Konva reads the element only for styles/toDataURL; keep a stand-in.
  c._canvas = { width: deviceWidth, height: deviceHeight, style: {} };
  c.width = deviceWidth;
  c.height = deviceHeight;
  c._logicalWidth = deviceWidth;
  c._logicalHeight = deviceHeight;
  return canvas;
}

/**
 * Draw `layers` in order onto `target` with `base` as the scene→device
 * transform. Layers are not cleared (each layer normally clears its own
 * canvas first, which would wipe the layers below it here).
 */
export function drawLayers(layers: Konva.Layer[], target: SceneCanvas, base: Affine): void {
  const ctx = (target as unknown as Internal).context._context;
  for (const layer of layers) {
    if (!layer.isVisible()) continue;
    const clear = layer.clearBeforeDraw();
    layer.clearBeforeDraw(false);
    ctx.save();
    ctx.setTransform(...base);
    try {
      layer.drawScene(target);
    } finally {
      ctx.restore();
      layer.clearBeforeDraw(clear);
    }
  }
}

/**
 * Vector targets: Konva's "perfect draw" renders a shape with fill + stroke +
 * opacity (or shadow) through a raster buffer; that would put a low-resolution
 * bitmap in a PDF/SVG. Switch it off while drawing vectors; returns an undo.
 */
export function preferVectors(layers: Konva.Layer[]): () => void {
  const undo: Array<() => void> = [];
  for (const layer of layers) {
    for (const shape of layer.find('Shape') as Konva.Shape[]) {
      const had = shape.attrs.perfectDrawEnabled as boolean | undefined;
      shape.attrs.perfectDrawEnabled = false;
      // Shapes that draw to the device resolution (freehand) judge a PDF/SVG as a fine print.
      shape.attrs[VECTOR_OUTPUT_ATTR] = true;
      undo.push(() => {
        if (had === undefined) delete shape.attrs.perfectDrawEnabled;
        else shape.attrs.perfectDrawEnabled = had;
        delete shape.attrs[VECTOR_OUTPUT_ATTR];
      });
    }
  }
  return () => undo.forEach((f) => f());
}
