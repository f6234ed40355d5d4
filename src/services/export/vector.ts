/**
 * Scene → PDF or SVG through Skia's vector back ends: shapes stay paths, text
 * stays text in the bundled font, images are embedded at their own pixel size.
 * The PDF embeds its fonts itself; an exported SVG gets the faces its text uses
 * embedded afterwards (renderVectorFile, svg-font.ts).
 */
import { createCanvas, PDFDocument, SvgExportFlag, type SKRSContext2D } from '@napi-rs/canvas';
import type { Konva } from './konva-node';
import { drawLayers, layersOf, preferVectors, sceneCanvasFor, type Affine, type SceneRoot } from './draw-layers';
import { mergeSvg } from './svg-merge';
import { setPdfPageSize } from './pdf-mediabox';
import { strokeTextAsPaths } from './stroke-text';
import { logFillText, mergeTextRuns } from './svg-text';
import { embedSvgFonts } from './svg-font';

export const PT_PER_MM = 72 / 25.4;

export interface VectorOptions {
  format: 'pdf' | 'svg';
  widthMm: number;
  heightMm: number;
  /** SVG group ids, one per layer; default each layer's name(), id(), or "layer-N". */
  layerNames?: string[];
  /** Scene extent in scene units; default the page in mm (as src/scene draws). */
  sceneWidth?: number;
  sceneHeight?: number;
  /** PDF: resolution for anything Skia must rasterise (filters, some blends). Default 300. */
  rasterDpi?: number;
  /** Accessible title and alt text: SVG <title>/<desc>; PDF document Title and Subject. */
  title?: string;
  description?: string;
  /** Called after each layer is drawn (0…1). */
  onProgress?: (fraction: number) => void;
}

function layerName(layer: Konva.Layer, i: number, names?: string[]): string {
  return names?.[i] || layer.name() || layer.id() || `layer-${i + 1}`;
}

/**
 * The file's bytes: renderVector, and for SVG the used faces of the bundled fonts embedded as
 * subsets (@font-face), so the text keeps its face and width where the font is not installed.
 */
export async function renderVectorFile(build: (pixelRatio: number) => SceneRoot, opts: VectorOptions): Promise<Buffer> {
  const buf = renderVector(build, opts);
  if (opts.format !== 'svg') return buf;
  return Buffer.from(await embedSvgFonts(buf.toString('utf8')), 'utf8');
}

/**
 * SVG here names its fonts but does not embed them (renderVectorFile does).
 * `build` receives pixel ratio 1: a vector page has no pixel grid, and image
 * nodes should carry their source at native resolution.
 */
export function renderVector(build: (pixelRatio: number) => SceneRoot, opts: VectorOptions): Buffer {
  const { widthMm, heightMm } = opts;
  if (!(widthMm > 0 && heightMm > 0)) throw new Error(`invalid page size ${widthMm}×${heightMm} mm`);
  const wPt = widthMm * PT_PER_MM;
  const hPt = heightMm * PT_PER_MM;
  const sx = wPt / (opts.sceneWidth ?? widthMm);
  const sy = hPt / (opts.sceneHeight ?? heightMm);
  const base: Affine = [sx, 0, 0, sy, 0, 0];
  const layers = layersOf(build(1));
  const restore = preferVectors(layers);
  try {
    if (opts.format === 'pdf') {
      // Producer/Creator fixed so nothing identifies the machine or user; Skia
      // writes no creation date unless asked.
      const doc = new PDFDocument({
        producer: 'Medfig',
        creator: 'Medfig',
        rasterDPI: opts.rasterDpi ?? 300,
        ...(opts.title ? { title: opts.title } : {}),
        // Skia writes no tagged structure (no /Alt on the figure): the alt text goes in Subject.
        ...(opts.description ? { subject: opts.description } : {}),
      });
      const ctx = doc.beginPage(wPt, hPt);
      strokeTextAsPaths(ctx as unknown as SKRSContext2D);
      const target = sceneCanvasFor(ctx as never, Math.ceil(wPt), Math.ceil(hPt));
      // Layer by layer (the same drawing as all at once) to report progress between them.
      layers.forEach((layer, i) => {
        drawLayers([layer], target, base);
        opts.onProgress?.(((i + 1) / layers.length) * 0.9);
      });
      doc.endPage();
      return setPdfPageSize(doc.close(), wPt, hPt);
    }
    if (opts.format === 'svg') {
      const parts = layers.map((layer, i) => {
        const svg = createCanvas(Math.ceil(wPt), Math.ceil(hPt), SvgExportFlag.NoPrettyXML);
        const ctx = svg.getContext('2d');
        strokeTextAsPaths(ctx);
        // Rich labels: one <text> per label with a <tspan> per run (svg-text.ts).
        const text = logFillText(ctx);
        drawLayers([layer], sceneCanvasFor(ctx, Math.ceil(wPt), Math.ceil(hPt)), base);
        text.restore();
        opts.onProgress?.(((i + 1) / layers.length) * 0.9);
        return { name: layerName(layer, i, opts.layerNames), svg: mergeTextRuns(svg.getContent().toString('utf8'), text.log) };
      });
      return Buffer.from(mergeSvg(parts, widthMm, heightMm, { title: opts.title, description: opts.description }), 'utf8');
    }
    throw new Error(`unknown vector format: ${String(opts.format)}`);
  } finally {
    restore();
  }
}
