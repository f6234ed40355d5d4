// Export of one figure of a project, on the calling thread: decode each panel's source (in the
// decode pool), apply its display settings with the shared function, burn redactions in, build
// the scene with the same code that draws the screen, and encode at the requested DPI. Runs in
// the export worker (worker/); hosts call exportProjectFigure (../figure-export.ts).
import { basename, join } from 'node:path';
import { ApiError } from '../../shared/api';
import type { Figure, Panel } from '../../shared/figure/schema';
import { renderDisplay } from '../../shared/imaging/display';
import { blurRegion, clipBox } from '../../shared/imaging/redaction-blur';
import { buildFigureScene, SCENE_LAYER_NAMES, type PanelImage } from '../../scene/figure-scene';
import { setupKonvaNode, registerFonts, Konva } from './konva-node';
import { exportFigure, pixelsFor } from './export-figure';
import type { ImageCache } from '../images/cache';
import { resourcesDir } from '../paths';
import type { FigureExportRequest, FigureExportResult } from '../figure-export';
import { altTextOf } from '../../shared/figure/alt-text';
import { legendContext, openFigureSources } from './teaching-context';

export interface RenderFigureRequest extends Omit<FigureExportRequest, 'outPath'> {
  images: ImageCache;
}

/** The share of progress that decoding the panels takes; the render and encode take the rest. */
const LOAD_SHARE = 0.1;

let fontsReady = false;
export function prepareHeadless(): void {
  setupKonvaNode();
  if (!fontsReady) {
    registerFonts(join(resourcesDir(), 'fonts'));
    fontsReady = true;
  }
}

/** Whole source pixels covering the panel's crop (the crop may be fractional or reach outside). */
export function cropRegion(panel: Panel, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const c = panel.crop ?? { x: 0, y: 0, w: width, h: height };
  const x0 = Math.max(0, Math.floor(c.x));
  const y0 = Math.max(0, Math.floor(c.y));
  const x1 = Math.min(width, Math.ceil(c.x + c.w));
  const y1 = Math.min(height, Math.ceil(c.y + c.h));
  if (x1 <= x0 || y1 <= y0) return { x: 0, y: 0, w: 1, h: 1 };
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Redactions are burned into the pixels themselves (opaque black, or the irreversible blur of
 * shared/imaging/redaction-blur), not only drawn on top: in a PDF, SVG or slide a box over an
 * image can be lifted off, a burned pixel cannot.
 */
export function burnRedactions(rgba: Uint8ClampedArray, width: number, height: number, panel: Panel): void {
  for (const a of panel.annotations) {
    if (a.type !== 'redaction') continue;
    const box = { x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] };
    if (a.mode === 'blur') {
      blurRegion(rgba, width, height, box);
      continue;
    }
    const r = clipBox(box, width, height);
    if (!r) continue;
    for (let y = r.y0; y < r.y1; y++) {
      for (let x = r.x0; x < r.x1; x++) {
        const i = (y * width + x) * 4;
        rgba[i] = 0;
        rgba[i + 1] = 0;
        rgba[i + 2] = 0;
        rgba[i + 3] = 255;
      }
    }
  }
}

/** Decode every panel's pixels into canvases the scene can draw (full resolution, cropped). */
export async function loadPanelImages(
  figure: Figure,
  req: Pick<RenderFigureRequest, 'images' | 'resolveSource'>,
  onProgress?: (fraction: number) => void,
) {
  const images = new Map<string, PanelImage>();
  const sizes = new Map<string, { width: number; height: number }>();
  const problems: string[] = [];
  for (const [i, panel] of figure.panels.entries()) {
    const letter = String.fromCharCode(65 + i);
    const path = req.resolveSource(panel.sourceId);
    if (!path) {
      problems.push(`panel ${letter}: its image is not in the project`);
      continue;
    }
    try {
      const entry = await req.images.open(path);
      const frame = await req.images.frame(path, panel.frame);
      const rgba = renderDisplay(frame, panel.display, entry.info.windows);
      burnRedactions(rgba, frame.width, frame.height, panel);
      // Only the cropped region travels in the export: a PDF or SVG embeds its image whole, and
      // what was cropped away (a face, a name) must not be recoverable from the file.
      const region = cropRegion(panel, frame.width, frame.height);
      const canvas = Konva.Util.createCanvasElement();
      canvas.width = region.w;
      canvas.height = region.h;
      const ctx = canvas.getContext('2d')!;
      const data = ctx.createImageData(region.w, region.h);
      for (let y = 0; y < region.h; y++) {
        const from = ((region.y + y) * frame.width + region.x) * 4;
        data.data.set(rgba.subarray(from, from + region.w * 4), y * region.w * 4);
      }
      ctx.putImageData(data, 0, 0);
      images.set(panel.id, { image: canvas, width: frame.width, height: frame.height, region, redactionsBurned: true });
      sizes.set(panel.id, { width: frame.width, height: frame.height });
    } catch (e) {
      problems.push(`panel ${letter}: ${basename(path)}: ${(e as Error).message}`);
    }
    onProgress?.((i + 1) / figure.panels.length);
  }
  return { images, sizes, problems };
}

/**
 * Renders one figure of a project to the bytes of its file, on the calling thread (the export
 * worker runs this; hosts call exportProjectFigure, which runs it there and writes the file).
 */
export async function renderProjectFigure(req: RenderFigureRequest): Promise<{ buf: Buffer; result: FigureExportResult }> {
  prepareHeadless();
  const found = req.project.figures.find((f) => f.id === req.figureId);
  if (!found) throw new ApiError('bad-request', `no figure ${req.figureId} in the project`);
  if (!found.panels.length) throw new ApiError('empty-figure', `${found.name} has no panels to export`);
  const figure: Figure = req.widthMm ? { ...found, page: { ...found.page, widthMm: req.widthMm } } : found;
  const { images, sizes, problems } = await loadPanelImages(figure, req, (f) => req.onProgress?.(f * LOAD_SHARE));
  if (problems.length) throw new ApiError('missing-image', `cannot export ${figure.name}: ${problems.join('; ')}`);
  const showLabels = !req.unlabelled;
  // PDF/SVG carry the figure's alt text (the author's, else generated from the figure).
  const vector = req.format === 'pdf' || req.format === 'svg';
  const description = vector ? altTextOf(figure, legendContext(req.project, await openFigureSources(figure, req))) : undefined;
  // Lay out once to know the page size; the export then builds the same scene per strip.
  const probe = buildFigureScene(figure, { images, sizes, showLabels });
  const { pageWidthMm, pageHeightMm } = probe.layout;
  probe.layers.forEach((l) => l.destroy());
  const buf = await exportFigure({
    build: () => buildFigureScene(figure, { images, sizes, showLabels }).layers,
    widthMm: pageWidthMm,
    heightMm: pageHeightMm,
    dpi: req.dpi,
    format: req.format,
    quality: req.quality,
    grayscale: req.grayscale,
    sceneUnitsPerMm: 1,
    layerNames: [...SCENE_LAYER_NAMES],
    title: vector ? figure.name : undefined,
    description,
    signal: req.signal,
    onProgress: req.onProgress && ((f) => req.onProgress!(LOAD_SHARE + f * (1 - LOAD_SHARE))),
  });
  const raster = req.format !== 'pdf' && req.format !== 'svg';
  return {
    buf,
    result: {
      bytes: buf.byteLength,
      widthPx: raster ? pixelsFor(pageWidthMm, req.dpi) : null,
      heightPx: raster ? pixelsFor(pageHeightMm, req.dpi) : null,
      widthMm: pageWidthMm,
      heightMm: pageHeightMm,
    },
  };
}
