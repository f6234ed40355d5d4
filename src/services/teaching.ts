// The teaching exports behind the typed API: slide decks, cine loops and submission packages,
// with the same source rules as a figure export (only files this session issued or opened),
// progress by job id and cancel. Where the file goes is the host's (save dialog or export folder).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type ApiParsed, type ApiResponses } from '../shared/api';
import type { Workspace } from './workspace';
import { exportDeck } from './export/pptx';
import { exportCine, panelCineSource } from './export/cine';
import { exportPackage } from './export/package';

export interface TeachingService {
  exportSlides(req: ApiParsed<'exportSlides'>, target?: string): Promise<ApiResponses['exportSlides']>;
  exportCine(req: ApiParsed<'exportCine'>, target?: string): Promise<ApiResponses['exportCine']>;
  exportPackage(req: ApiParsed<'exportPackage'>, target?: string): Promise<ApiResponses['exportPackage']>;
  progress(jobId: string): number | null;
  cancel(jobId: string): boolean;
}

export function createTeachingService(ws: Workspace): TeachingService {
  const jobs = new Map<string, { fraction: number; abort: AbortController }>();

  async function run<T>(
    req: { fileName: string; jobId?: string },
    target: string | undefined,
    work: (out: string, signal: AbortSignal, onProgress: (f: number) => void) => Promise<T>,
  ): Promise<T & { path: string; fileId: string }> {
    const out = target ?? join(ws.options.exportDir, req.fileName);
    if (!target) await fs.mkdir(ws.options.exportDir, { recursive: true });
    const job = { fraction: 0, abort: new AbortController() };
    if (req.jobId) jobs.set(req.jobId, job);
    try {
      const r = await work(out, job.abort.signal, (f) => (job.fraction = f));
      return { ...r, path: out, fileId: ws.issue(out, 'file').id };
    } catch (e) {
      if (job.abort.signal.aborted) throw new ApiError('cancelled', 'export cancelled; nothing was written');
      throw e;
    } finally {
      if (req.jobId) jobs.delete(req.jobId);
    }
  }

  return {
    exportSlides: (req, target) =>
      run(req, target, async (outPath, signal, onProgress) => {
        const r = await exportDeck({
          project: req.project,
          figureIds: req.figureIds,
          quiz: req.quiz,
          unlabelled: req.unlabelled,
          dpi: req.dpi,
          images: ws.images,
          resolveSource: ws.resolveSourceFor(req.project, req.projectPath),
          outPath,
          signal,
          onProgress,
        });
        return { bytes: r.bytes, slides: r.slides };
      }),

    exportCine: (req, target) =>
      run(req, target, async (outPath, signal, onProgress) => {
        const figure = req.project.figures.find((f) => f.id === req.figureId);
        const panel = figure?.panels.find((p) => p.id === req.panelId);
        if (!figure || !panel) throw new ApiError('bad-request', 'that panel is not in the project');
        const path = ws.resolveSourceFor(req.project, req.projectPath)(panel.sourceId);
        if (!path) throw new ApiError('missing-image', "the panel's image is not open in this session: open the project again");
        const src = await panelCineSource(path, ws.images);
        // Labels at the size they print: the panel's width in the figure's layout is not known
        // here without its neighbours' images, so the page width stands in for a one-panel figure.
        const printWidthMm = figure.page.widthMm / Math.max(1, ...figure.rows);
        const r = await exportCine({
          frames: src.frames,
          format: req.format,
          fps: req.fps,
          widthPx: req.widthPx,
          range: req.range,
          window: req.window,
          panel: req.labels
            ? panel
            : {
                ...panel,
                annotations: panel.annotations.filter((a) => a.type === 'redaction' || a.layer === 'redactions'),
                scaleBar: null,
              },
          printWidthMm,
          frameCounter: req.frameCounter,
          images: ws.images,
          outPath,
          signal,
          onProgress,
        });
        return { ...r, note: src.note };
      }),

    exportPackage: (req, target) =>
      run(req, target, async (outPath, signal, onProgress) => {
        const r = await exportPackage({
          project: req.project,
          figureIds: req.figureIds,
          formats: req.formats,
          dpi: req.dpi,
          images: ws.images,
          resolveSource: ws.resolveSourceFor(req.project, req.projectPath),
          outPath,
          signal,
          onProgress,
        });
        return { bytes: r.bytes, entries: r.entries };
      }),

    progress: (id) => jobs.get(id)?.fraction ?? null,
    cancel: (id) => {
      const j = jobs.get(id);
      j?.abort.abort();
      return !!j;
    },
  };
}
