// Export of one figure of a project, for every host (app, web host, CLI). The whole of it —
// decoding, display, redaction burn-in, Konva on the canvas backend, encoders, PDF/SVG — runs in
// the export worker, so the host thread stays free; the host only writes the finished file,
// atomically. Cancelling terminates the worker wherever it is (mid-PDF too): nothing is written.
import type { Project } from '../shared/figure/schema';
import type { ImageCache } from './images/cache';
import { writeFileAtomic } from './export/write-atomic';
import { runExportJob } from './export/worker';

export interface FigureExportRequest {
  project: Project;
  figureId: string;
  format: 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg';
  dpi: number;
  widthMm: number | null;
  unlabelled: boolean;
  quality: number;
  outPath: string;
  /** The host's cache; the export worker decodes with its own (a worker cannot share the host's frames). */
  images?: ImageCache;
  resolveSource(sourceId: string): string | null;
  grayscale?: boolean;
  signal?: AbortSignal;
  onProgress?: (f: number) => void;
}

export interface FigureExportResult {
  bytes: number;
  widthPx: number | null;
  heightPx: number | null;
  widthMm: number;
  heightMm: number;
}

export async function exportProjectFigure(req: FigureExportRequest): Promise<FigureExportResult> {
  const figure = req.project.figures.find((f) => f.id === req.figureId);
  // Source paths are resolved here, by the host's own rules (the worker opens only these).
  const sources: Record<string, string | null> = {};
  for (const p of figure?.panels ?? []) sources[p.sourceId] = req.resolveSource(p.sourceId);
  const { buf, result } = await runExportJob(
    {
      project: req.project,
      figureId: req.figureId,
      format: req.format,
      dpi: req.dpi,
      widthMm: req.widthMm,
      unlabelled: req.unlabelled,
      quality: req.quality,
      grayscale: req.grayscale,
      sources,
    },
    { signal: req.signal, onProgress: req.onProgress },
  );
  if (req.signal?.aborted) throw req.signal.reason ?? new Error('export cancelled');
  await writeFileAtomic(req.outPath, buf);
  return result;
}
