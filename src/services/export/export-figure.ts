/**
 * The export pipeline: one call from a scene builder to a file's bytes, at a
 * print size and DPI, cancellable between strips.
 */
import { createStreamingEncoder, flattenInto, type RasterFormat } from './encode';
import type { BuildLayers } from './draw-layers';
import { renderStrips, throwIfAborted } from './raster';
import { PT_PER_MM, renderVector } from './vector';

export type ExportFormat = RasterFormat | 'pdf' | 'svg';

export interface ExportRequest {
  /**
   * Builds the scene. Scene units default to points at print size
   * (1 unit = 1/72 in); pixelRatio = output pixels per scene unit (1 for PDF/SVG).
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
  /** Scene units per millimetre; default 72/25.4 (points). */
  sceneUnitsPerMm?: number;
  /** SVG group ids per layer. */
  layerNames?: string[];
  /** Rows per raster strip (default: about 64 MB of RGBA a strip). */
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
  const unitsPerMm = req.sceneUnitsPerMm ?? PT_PER_MM;
  const sceneWidth = widthMm * unitsPerMm;
  const sceneHeight = heightMm * unitsPerMm;
  throwIfAborted(signal);

  if (format === 'pdf' || format === 'svg') {
    const buf = renderVector(req.build, {
      format,
      widthMm,
      heightMm,
      sceneWidth,
      sceneHeight,
      layerNames: req.layerNames,
      rasterDpi: dpi,
    });
    onProgress?.(1);
    return buf;
  }

  const width = pixelsFor(widthMm, dpi);
  const height = pixelsFor(heightMm, dpi);
  const grayscale = req.grayscale ?? false;
  const channels = grayscale ? 1 : 3;
  // Strips are flattened and streamed into the encoder as they are drawn, so
  // neither a full RGBA nor a full RGB copy of a 1200 dpi page ever exists.
  const encoder = createStreamingEncoder(width, height, channels, {
    format,
    dpi,
    quality: req.quality,
    compression: req.compression,
    grayscale,
  });
  try {
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
        // Encoding runs alongside; the last 5 % is the encoder's tail.
        onProgress: onProgress && ((f) => onProgress(f * 0.95)),
      },
      async (rgba, _y0, rows) => {
        // A fresh buffer each strip: the stream keeps it until libvips reads it.
        const flat = Buffer.allocUnsafe(width * rows * channels);
        flattenInto(rgba, width * rows, flat, 0, grayscale);
        await encoder.write(flat);
      },
    );
    throwIfAborted(signal);
  } catch (err) {
    encoder.abort(err as Error);
    throw err;
  }
  const buf = await encoder.finish();
  onProgress?.(1);
  return buf;
}
