// The host's side of the export worker: one worker thread, started on first use and kept (idle,
// unreferenced) for the next export; jobs run one at a time. Cancel terminates it, wherever the
// export is (mid-strip, mid-PDF): the host then writes nothing, and the next export starts afresh.
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import { ImageError } from '../../../shared/imaging/types';
import { workerEntry } from '../../images/worker/entry';
import type { FigureExportResult } from '../../figure-export';
import type { ExportJob, FromWorker, TeachingJob, TeachingResult, ToWorker } from './protocol';

export type { ExportJob, TeachingJob, TeachingResult } from './protocol';

let worker: Worker | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

function spawn(): Worker {
  // exportWorker.ts beside this file (exportWorker.js beside the bundle when built).
  const entry = workerEntry(import.meta.url, 'exportWorker');
  const w = new Worker(entry.script, { eval: entry.eval });
  w.unref();
  return w;
}

function toError(e: { name: string; message: string; code?: string }): Error {
  if (e.name === 'ApiError' && e.code) return new ApiError(e.code, e.message);
  if (e.name === 'ImageError' && e.code) return new ImageError(e.message, e.code as ImageError['code']);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

function cancelled(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new ApiError('cancelled', 'export cancelled; nothing was written');
}

type Result = FigureExportResult | TeachingResult;

function runOne(message: Omit<ToWorker, 'id'>, opts: { signal?: AbortSignal; onProgress?: (f: number) => void }) {
  return new Promise<{ buf: Buffer; result: Result }>((resolve, reject) => {
    const { signal, onProgress } = opts;
    if (signal?.aborted) return reject(cancelled(signal));
    const w = (worker ??= spawn());
    const id = nextId++;
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
      w.unref();
    };
    const drop = () => {
      if (worker === w) worker = null;
    };
    const onMessage = (m: FromWorker) => {
      if (m.id !== id) return;
      if (m.type === 'progress') return onProgress?.(m.fraction);
      done();
      if (m.type === 'done') resolve({ buf: Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength), result: m.result });
      else reject(toError(m.error));
    };
    const onError = (e: Error & { code?: string }) => {
      done();
      drop();
      reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error('the export needs more memory than is available') : e);
    };
    const onExit = () => {
      done();
      drop();
      reject(signal?.aborted ? cancelled(signal) : new Error('the export stopped unexpectedly'));
    };
    const onAbort = () => {
      // Wherever the worker is (a long PDF page is one synchronous call), stop it now.
      drop();
      void w.terminate();
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    w.ref(); // keep the process alive while an export is in flight
    w.postMessage({ ...message, id } as ToWorker);
  });
}

/** Runs one export in the worker: the file's bytes and its sizes. Queued behind any export in flight. */
export function runExportJob(
  job: ExportJob,
  opts: { signal?: AbortSignal; onProgress?: (f: number) => void } = {},
): Promise<{ buf: Buffer; result: FigureExportResult }> {
  return enqueue({ type: 'export', job }, opts) as Promise<{ buf: Buffer; result: FigureExportResult }>;
}

/**
 * Runs one teaching export (slides, cine loop, package) in the worker: the file's bytes and what
 * it holds; the host writes the file. Cancel stops the worker mid-way, so nothing is written.
 */
export function runTeachingJob<K extends TeachingJob['kind']>(
  job: Extract<TeachingJob, { kind: K }>,
  opts: { signal?: AbortSignal; onProgress?: (f: number) => void } = {},
): Promise<{ buf: Buffer; result: Extract<TeachingResult, { kind: K }> }> {
  return enqueue({ type: 'teaching', job }, opts) as Promise<{ buf: Buffer; result: Extract<TeachingResult, { kind: K }> }>;
}

function enqueue(message: Omit<ToWorker, 'id'>, opts: { signal?: AbortSignal; onProgress?: (f: number) => void }) {
  const run = queue.then(() => runOne(message, opts));
  queue = run.catch(() => undefined);
  return run;
}

/** Stops the export worker (a CLI run ends; a test tears down). */
export async function closeExportWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
