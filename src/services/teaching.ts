// The teaching exports behind the typed API: slide decks, cine loops and submission packages,
// with the same source rules as a figure export (only files this session issued or opened),
// progress by job id and cancel. Where the file goes is the host's (save dialog or export folder).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type ApiParsed, type ApiResponses } from '../shared/api';
import type { Workspace } from './workspace';
import type { Project } from '../shared/figure/schema';
import { panelCineSource } from './export/cine';
import { runTeachingJob } from './export/worker';
import { writeFileAtomic } from './export/write-atomic';

export interface TeachingService {
  exportSlides(req: ApiParsed<'exportSlides'>, target?: string): Promise<ApiResponses['exportSlides']>;
  exportCine(req: ApiParsed<'exportCine'>, target?: string): Promise<ApiResponses['exportCine']>;
  exportPackage(req: ApiParsed<'exportPackage'>, target?: string): Promise<ApiResponses['exportPackage']>;
  progress(jobId: string): number | null;
  cancel(jobId: string): boolean;
}

/** Every source's path by the host's rules, resolved here: the export worker opens only these. */
function sourcesOf(project: Project, resolve: (sourceId: string) => string | null): Record<string, string | null> {
  return Object.fromEntries(project.sources.map((s) => [s.id, resolve(s.id)]));
}

/** A cancel that lands after the worker finished still writes nothing. */
async function writeUnlessCancelled(outPath: string, buf: Uint8Array, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new ApiError('cancelled', 'export cancelled; nothing was written');
  await writeFileAtomic(outPath, buf);
}

// Each export is built in the export worker (the host thread stays free; cancel stops the worker
// wherever it is) and comes back as the file's bytes, which only then are written, atomically.
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
        const { buf, result } = await runTeachingJob(
          {
            kind: 'slides',
            project: req.project,
            figureIds: req.figureIds,
            quiz: req.quiz,
            unlabelled: req.unlabelled,
            dpi: req.dpi,
            sources: sourcesOf(req.project, ws.resolveSourceFor(req.project, req.projectPath)),
          },
          { signal, onProgress },
        );
        await writeUnlessCancelled(outPath, buf, signal);
        return { bytes: buf.byteLength, slides: result.slides };
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
        const { buf, result } = await runTeachingJob(
          {
            kind: 'cine',
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
          },
          { signal, onProgress },
        );
        await writeUnlessCancelled(outPath, buf, signal);
        return { bytes: buf.byteLength, frames: result.frames, width: result.width, height: result.height, note: src.note };
      }),

    exportPackage: (req, target) =>
      run(req, target, async (outPath, signal, onProgress) => {
        const { buf, result } = await runTeachingJob(
          {
            kind: 'package',
            project: req.project,
            figureIds: req.figureIds,
            formats: req.formats,
            dpi: req.dpi,
            sources: sourcesOf(req.project, ws.resolveSourceFor(req.project, req.projectPath)),
          },
          { signal, onProgress },
        );
        await writeUnlessCancelled(outPath, buf, signal);
        return { bytes: buf.byteLength, entries: result.entries };
      }),

    progress: (id) => jobs.get(id)?.fraction ?? null,
    cancel: (id) => {
      const j = jobs.get(id);
      j?.abort.abort();
      return !!j;
    },
  };
}
