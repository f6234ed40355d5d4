/**
 * Scene → pixels with Konva's own draw code on @napi-rs/canvas, in horizontal
 * strips so a 1200 dpi page never needs one 70-megapixel canvas.
 */
import { createCanvas } from '@napi-rs/canvas';
import { drawLayers, layersOf, sceneCanvasFor, type BuildLayers } from './draw-layers';

export interface RasterOptions {
  /** Scene extent in scene units; default widthPx × heightPx (ratio 1). */
  sceneWidth?: number;
  sceneHeight?: number;
  /** Rows per strip; default keeps a strip's canvas near 32 MB. */
  stripRows?: number;
  /** Fill painted under the layers (CSS colour); default none (transparent). */
  background?: string;
  signal?: AbortSignal;
  /** Fraction 0–1 after each strip. */
  onProgress?: (fraction: number) => void;
}

// 32 MB of RGBA a strip: the 1200 dpi peak is dominated by the flat RGB image
// (bench/export-bench.ts); larger strips only add their own size to it.
const STRIP_BYTES = 32 * 1024 * 1024;

export function defaultStripRows(widthPx: number): number {
  return Math.max(1, Math.floor(STRIP_BYTES / (widthPx * 4)));
}

function checkSize(widthPx: number, heightPx: number): void {
  for (const v of [widthPx, heightPx]) {
    // Skia's raster surfaces stop at 32767 px a side.
    if (!(Number.isInteger(v) && v > 0 && v <= 32767)) throw new Error(`invalid output size ${widthPx}×${heightPx}`);
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new DOMException('Export cancelled', 'AbortError');
  }
}

/**
 * Render the scene strip by strip; `onStrip` gets straight RGBA rows
 * [y0, y0 + rows) of the full image. The strip buffer is reused: copy it.
 */
export async function renderStrips(
  build: BuildLayers,
  widthPx: number,
  heightPx: number,
  opts: RasterOptions,
  onStrip: (rgba: Uint8ClampedArray, y0: number, rows: number) => void | Promise<void>,
): Promise<void> {
  checkSize(widthPx, heightPx);
  const sceneW = opts.sceneWidth ?? widthPx;
  const sceneH = opts.sceneHeight ?? heightPx;
  // Separate x/y scales so the page fills the pixel grid exactly despite
  // rounding to whole pixels (the anisotropy is below one pixel per page).
  const sx = widthPx / sceneW;
  const sy = heightPx / sceneH;
  const layers = layersOf(build(sx));
  const stripRows = Math.min(heightPx, Math.max(1, Math.floor(opts.stripRows ?? defaultStripRows(widthPx))));
  const canvas = createCanvas(widthPx, stripRows);
  const ctx = canvas.getContext('2d');
  const target = sceneCanvasFor(ctx, widthPx, stripRows);
  for (let y0 = 0; y0 < heightPx; y0 += stripRows) {
    throwIfAborted(opts.signal);
    const rows = Math.min(stripRows, heightPx - y0);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, widthPx, stripRows);
    if (opts.background) {
      ctx.fillStyle = opts.background;
      ctx.fillRect(0, 0, widthPx, stripRows);
    }
    ctx.restore();
    // Integer offsets only, so strips match a single-canvas render exactly.
    drawLayers(layers, target, [sx, 0, 0, sy, 0, -y0]);
    const { data } = ctx.getImageData(0, 0, widthPx, rows);
    await onStrip(data, y0, rows);
    opts.onProgress?.((y0 + rows) / heightPx);
    // Let an abort from the caller's event loop land between strips.
    await new Promise<void>((r) => setImmediate(r));
  }
}

/** The whole scene as straight RGBA, widthPx × heightPx × 4 bytes. */
export async function renderLayersToRaster(
  build: BuildLayers,
  widthPx: number,
  heightPx: number,
  opts: RasterOptions = {},
): Promise<Buffer> {
  const out = Buffer.alloc(widthPx * heightPx * 4);
  await renderStrips(build, widthPx, heightPx, opts, (rgba, y0, rows) => {
    out.set(rgba.subarray(0, widthPx * rows * 4), y0 * widthPx * 4);
  });
  return out;
}
