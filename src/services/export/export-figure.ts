/**
 * The export pipeline: one call from a scene builder to a file's bytes, at a
 * print size and DPI, cancellable between strips.
 */
import { encodeFlat, flattenInto, type RasterFormat } from './encode';
import type { BuildLayers } from './draw-layers';
import { renderStrips, throwIfAborted } from './raster';
import { renderVectorFile } from './vector';

export type ExportFormat = RasterFormat | 'pdf' | 'svg';

export interface ExportRequest {
  /**
   * Builds the scene. Scene units default to millimetres of the printed page
   * (as src/scene draws); pixelRatio = output pixels per scene unit (1 for PDF/SVG).
   */
  build: BuildLayers;
  widthMm: number;
  heightMm: number;
  /** Raster resolution; for PDF, the resolution of anything Skia must rasterise. */
  dpi: number;
  format: ExportFormat;
  quality?: number;
  compression?: 'lzw' | 'none';
  grayscale?: boolean;
  /** Scene units per millimetre; default 1 (the scene is in mm). */
  sceneUnitsPerMm?: number;
  /** SVG group ids per layer. */
  layerNames?: string[];
  /** PDF/SVG: the figure's accessible title and alt text. */
  title?: string;
  description?: string;
  /** Rows per raster strip (default: about 32 MB of RGBA a strip). */
  stripRows?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Output pixels for a print length: round(mm / 25.4 × dpi). */
export function pixelsFor(mm: number, dpi: number): number {
  return Math.round((mm / 25.4) * dpi);
}

export async function exportFigure(req: ExportRequest): Promise<Buffer> {
  const { widthMm, heightMm, dpi, format, signal, onProgress } = req;
  if (!(widthMm > 0 && heightMm > 0)) throw new Error(`invalid figure size ${widthMm}×${heightMm} mm`);
  if (!(dpi > 0)) throw new Error(`invalid DPI: ${dpi}`);
  const unitsPerMm = req.sceneUnitsPerMm ?? 1;
  const sceneWidth = widthMm * unitsPerMm;
  const sceneHeight = heightMm * unitsPerMm;
  throwIfAborted(signal);

  if (format === 'pdf' || format === 'svg') {
    const buf = await renderVectorFile(req.build, {
      format,
      widthMm,
      heightMm,
      sceneWidth,
      sceneHeight,
      layerNames: req.layerNames,
      rasterDpi: dpi,
      title: req.title,
      description: req.description,
      onProgress,
    });
    onProgress?.(1);
    return buf;
  }

  const width = pixelsFor(widthMm, dpi);
  const height = pixelsFor(heightMm, dpi);
  const grayscale = req.grayscale ?? false;
  const channels = grayscale ? 1 : 3;
  // Strips are flattened straight into the encoder's input, so peak memory is
  // this buffer plus one strip, not a full RGBA copy. (Streaming strips into
  // sharp does not help: it concatenates a stream's chunks before encoding.)
  const flat = Buffer.allocUnsafe(width * height * channels);
  await renderStrips(
    req.build,
    width,
    height,
    {
      sceneWidth,
      sceneHeight,
      stripRows: req.stripRows,
      background: 'white',
      signal,
      // Encoding reports the last 10 %.
      onProgress: onProgress && ((f) => onProgress(f * 0.9)),
    },
    (rgba, y0, rows) => flattenInto(rgba, width * rows, flat, y0 * width, grayscale),
  );
  throwIfAborted(signal);
  const buf = await encodeFlat(
    { data: flat, width, height, channels },
    { format, dpi, quality: req.quality, compression: req.compression, grayscale },
  );
  onProgress?.(1);
  return buf;
}
