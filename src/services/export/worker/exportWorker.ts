// Export worker body: renders a figure to its file's bytes (render-figure.ts), or builds a teaching
// export (slides, cine loop, submission package), and posts the bytes back transferred, with
// progress on the way. It decodes with its own image cache (a decode pool of its own), kept
// between jobs so exporting again does not decode again. The host writes the file.
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import { ImageError } from '../../../shared/imaging/types';
import { createImageCache, type ImageCache } from '../../images/cache';
import { renderProjectFigure } from '../render-figure';
import type { FromWorker, TeachingJob, TeachingResult, ToWorker } from './protocol';

let images: ImageCache | null = null;

function post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(msg, transfer);
}

/** Each teaching export's own module, loaded on first use (a figure export never loads pptxgenjs). */
async function teaching(
  job: TeachingJob,
  cache: ImageCache,
  onProgress: (f: number) => void,
): Promise<{ buf: Uint8Array; result: TeachingResult }> {
  const resolveSource = (sources: Record<string, string | null>) => (id: string) => sources[id] ?? null;
  if (job.kind === 'slides') {
    const { buildDeck } = await import('../pptx');
    const { buffer, slides } = await buildDeck({ ...job, images: cache, resolveSource: resolveSource(job.sources), onProgress });
    return { buf: buffer, result: { kind: 'slides', slides: slides.length } };
  }
  if (job.kind === 'cine') {
    const { renderCine } = await import('../cine');
    const r = await renderCine({ ...job, images: cache, onProgress });
    return { buf: r.bytes, result: { kind: 'cine', frames: r.frames, width: r.width, height: r.height } };
  }
  const { buildPackage } = await import('../package');
  const r = await buildPackage({ ...job, images: cache, resolveSource: resolveSource(job.sources), onProgress });
  return { buf: r.zip, result: { kind: 'package', entries: r.entries } };
}

async function run(msg: ToWorker): Promise<void> {
  const { id } = msg;
  try {
    images ??= createImageCache();
    const onProgress = (fraction: number) => post({ type: 'progress', id, fraction });
    const { buf, result } =
      msg.type === 'teaching'
        ? await teaching(msg.job, images, onProgress)
        : await renderProjectFigure({
            ...msg.job,
            images,
            resolveSource: (sourceId) => msg.job.sources[sourceId] ?? null,
            onProgress,
          });
    // Transfer, not copy: an own buffer (Buffer.allocUnsafe may hand out a slice of a shared pool).
    const own = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer) : new Uint8Array(buf);
    post({ type: 'done', id, buf: own, result }, [own.buffer as ArrayBuffer]);
  } catch (e) {
    const err = e as Error & { code?: string };
    const code = e instanceof ApiError || e instanceof ImageError ? err.code : undefined;
    post({ type: 'error', id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), code } });
  }
}

parentPort?.on('message', (msg: ToWorker) => void run(msg));
