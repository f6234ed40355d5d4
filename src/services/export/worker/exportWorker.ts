// Export worker body: renders a figure to its file's bytes (render-figure.ts) and posts them back
// transferred, with progress on the way. It decodes with its own image cache (a decode pool of its
// own), kept between jobs so exporting again does not decode again.
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import { ImageError } from '../../../shared/imaging/types';
import { createImageCache, type ImageCache } from '../../images/cache';
import { renderProjectFigure } from '../render-figure';
import type { FromWorker, ToWorker } from './protocol';

let images: ImageCache | null = null;

function post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(msg, transfer);
}

async function run({ id, job }: ToWorker): Promise<void> {
  try {
    images ??= createImageCache();
    const { buf, result } = await renderProjectFigure({
      ...job,
      images,
      resolveSource: (sourceId) => job.sources[sourceId] ?? null,
      onProgress: (fraction) => post({ type: 'progress', id, fraction }),
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
