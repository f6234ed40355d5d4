// A small pool of decode workers (worker_threads): decoding never blocks the host's event loop, a
// hostile file cannot hang it (per-job time limit → the worker is terminated) or exhaust its memory
// (resourceLimits), and pixel buffers come back transferred, not copied.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ImageError, type DecodedFrame, type ImageInfo } from '../../../shared/imaging/types';
import type { FaceHitWire, Job, OpenResult, RegionRect, Reply, Source } from './protocol';
import { workerEntry } from './entry';
import { decodeLimitFromEnv } from '../decode-limit';

export type { OpenResult, RegionRect } from './protocol';

export interface DecodePoolOptions {
  /** Worker threads (default: cores − 1, at least 1, at most 4). */
  size?: number;
  /** Per-job limit; the worker is killed past it (default: decodeLimitFromEnv()). */
  timeoutMs?: number;
  /** V8 old-generation heap per worker (default 2048 MB). */
  maxOldGenerationSizeMb?: number;
}

export type ImageInput = string | Uint8Array;

export interface DecodePool {
  info(input: ImageInput): Promise<ImageInfo>;
  /** Hash (SHA-256, streamed), size and attributes of a file, all read in the worker: the caller never holds its bytes. */
  open(path: string): Promise<OpenResult>;
  decode(input: ImageInput, frame?: number): Promise<DecodedFrame>;
  /** The frame scaled to fit maxSide px (never enlarged), decoded in a worker under the same time limit. */
  preview(input: ImageInput, frame: number, maxSide: number): Promise<DecodedFrame>;
  /** A region (upright source px) resampled to outWidth px wide, in a worker under the same time limit. */
  region(input: ImageInput, frame: number, region: RegionRect, outWidth: number): Promise<DecodedFrame>;
  /** Faces in interleaved 8-bit RGB (services/deid/faces), in a worker under the same time limit. */
  faces(rgb: Uint8Array, width: number, height: number, minScore?: number): Promise<FaceHitWire[]>;
  /** Start a worker and load its decoders ahead of the first open (a host calls this at start). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  job: Job;
  /** This job's own limit (face detection is slower than any decode), else the pool's. */
  limitMs?: number;
  resolve: (v: Reply) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
}

function toError(e: { name: string; message: string; code?: string }): Error {
  if (e.name === 'ImageError' && e.code) return new ImageError(e.message, e.code as ImageError['code']);
  return new Error(e.message);
}

export function createDecodePool(options: DecodePoolOptions = {}): DecodePool {
  const size = Math.max(1, options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1)));
  const timeoutMs = options.timeoutMs ?? decodeLimitFromEnv();
  const heapMb = options.maxOldGenerationSizeMb ?? 2048;
  // The worker entry is decodeWorker.ts beside this file (decodeWorker.js when built).
  const entry = workerEntry(import.meta.url, 'decodeWorker');
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(entry.script, {
      eval: entry.eval,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const slot: Slot = { worker, busy: null, timer: null };
    worker.on('message', (reply: Reply) => {
      const p = slot.busy;
      if (!p || reply.id !== p.job.id) return;
      finish(slot);
      if (reply.ok) p.resolve(reply);
      else p.reject(toError(reply.error));
      pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const p = slot.busy;
      const fault =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ImageError(`decoding needs more memory than the ${heapMb} MB allowed`, 'too-large')
          : new ImageError(`the decoder crashed: ${err.message}`, 'corrupt');
      retire(slot);
      p?.reject(fault);
      pump();
    });
    worker.on('exit', () => {
      const p = slot.busy;
      retire(slot);
      p?.reject(new ImageError('the decoder stopped unexpectedly', 'corrupt'));
      pump();
    });
    // An idle worker must not keep the process alive (CLI exits when its work is done).
    worker.unref();
    slots.push(slot);
    return slot;
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
    slot.worker.unref();
  }

  function retire(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  }

  function pump(): void {
    while (queue.length > 0 && !closed) {
      let slot = slots.find((s) => !s.busy);
      if (!slot && slots.length < size) slot = spawn();
      if (!slot) return;
      const p = queue.shift() as Pending;
      const s = slot;
      s.busy = p;
      s.worker.ref(); // keep the process alive while a job is in flight
      const limit = p.limitMs ?? timeoutMs;
      s.timer = setTimeout(() => {
        retire(s);
        void s.worker.terminate();
        p.reject(
          p.job.kind === 'faces'
            ? new Error(`face detection took longer than ${limit / 1000} s and was stopped`)
            : new ImageError(`decoding took longer than ${limit / 1000} s and was stopped (file too large or malformed)`, 'too-large'),
        );
        pump();
      }, limit);
      s.worker.postMessage(p.job);
    }
  }

  type NewJob = Job extends infer J ? (J extends Job ? Omit<J, 'id'> : never) : never;

  function submit(job: NewJob, limitMs?: number): Promise<Reply> {
    if (closed) return Promise.reject(new Error('the decode pool is closed'));
    return new Promise<Reply>((resolve, reject) => {
      queue.push({ job: { ...job, id: nextId++ } as Job, resolve, reject, limitMs });
      pump();
    });
  }

  function source(input: ImageInput): Source {
    // Bytes are copied into the message (structured clone) so the caller's buffer stays usable.
    return typeof input === 'string' ? { path: input } : { bytes: input };
  }

  return {
    async info(input) {
      const r = await submit({ kind: 'info', source: source(input) });
      return (r as Extract<Reply, { info: ImageInfo }>).info;
    },
    async open(path) {
      const r = await submit({ kind: 'open', source: { path } });
      return (r as Extract<Reply, { opened: OpenResult }>).opened;
    },
    async decode(input, frame = 0) {
      const r = await submit({ kind: 'decode', source: source(input), frame });
      return (r as Extract<Reply, { frame: DecodedFrame }>).frame;
    },
    async preview(input, frame, maxSide) {
      const r = await submit({ kind: 'preview', source: source(input), frame, maxSide });
      return (r as Extract<Reply, { frame: DecodedFrame }>).frame;
    },
    async region(input, frame, region, outWidth) {
      const r = await submit({ kind: 'region', source: source(input), frame, region, outWidth });
      return (r as Extract<Reply, { frame: DecodedFrame }>).frame;
    },
    async faces(rgb, width, height, minScore = 0.5) {
      const r = await submit({ kind: 'faces', rgb, width, height, minScore }, Math.max(timeoutMs, 120_000));
      return (r as Extract<Reply, { faces: FaceHitWire[] }>).faces;
    },
    async warm() {
      await submit({ kind: 'warm' });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('the decode pool was closed'));
      const all = slots.splice(0);
      for (const s of all) {
        if (s.timer) clearTimeout(s.timer);
        s.busy?.reject(new Error('the decode pool was closed'));
        s.busy = null;
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
