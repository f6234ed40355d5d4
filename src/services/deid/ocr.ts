// Offline OCR with tesseract.js: a small pool of Tesseract workers (worker threads, one per core at
// most), each request run as several passes over differently prepared copies of the image (as is,
// inverted, contrast-stretched) so white-on-grey text and text over bright anatomy are read too.
// Every request has a time cap and can be cancelled: the workers running it are terminated and the
// pool starts fresh ones when next needed. Nothing is fetched: every path is a local file.
import { availableParallelism } from 'node:os';
import { createWorker, OEM, PSM, type Worker as TessWorker } from 'tesseract.js';
import { ocrAssets } from './assets';
import { toPgm, type GreyImage } from './prepare';

export interface OcrLine {
  text: string;
  /** 0…1 */
  confidence: number;
  /** In the pixels of the image given. */
  box: { x: number; y: number; w: number; h: number };
}

export interface OcrPass {
  image: GreyImage;
  /** Tesseract's thresholding_method: 0 Otsu, 1 adaptive (tiled) Otsu, 2 Sauvola. */
  thresholding: 0 | 1 | 2;
}

export interface OcrOptions {
  signal?: AbortSignal;
  /** Whole request (all passes); past it the workers are stopped and an error names the limit. */
  timeoutMs?: number;
}

export class OcrStopped extends Error {
  constructor(
    message: string,
    readonly reason: 'cancelled' | 'timeout',
  ) {
    super(message);
    this.name = 'OcrStopped';
  }
}

export interface OcrEngine {
  /** Run the passes (in parallel across the pool) and return every line of each, in pass order. */
  recognize(passes: OcrPass[], options?: OcrOptions): Promise<OcrLine[][]>;
  /** Start the workers now (loading the language data takes a few seconds). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export function createOcrEngine(opts: { size?: number; timeoutMs?: number } = {}): OcrEngine {
  const size = Math.max(1, opts.size ?? Math.min(2, availableParallelism()));
  const defaultTimeout = opts.timeoutMs ?? 30_000;
  const idle: TessWorker[] = [];
  let alive = 0;
  const waiting: ((w: TessWorker) => void)[] = [];
  let closed = false;

  async function spawn(): Promise<TessWorker> {
    const a = ocrAssets();
    const w = await createWorker('eng', OEM.LSTM_ONLY, {
      langPath: a.langPath,
      workerPath: a.workerPath,
      corePath: a.corePath,
      gzip: true,
      // 'none': never write a cached copy of the language data into the working folder.
      cacheMethod: 'none',
    });
    // debug_file: Tesseract's notes ("Estimating resolution as …") would go to the host's stderr.
    await w.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, debug_file: '/dev/null' } as Record<string, string>);
    return w;
  }

  async function acquire(): Promise<TessWorker> {
    if (closed) throw new Error('the OCR engine is closed');
    const w = idle.pop();
    if (w) return w;
    if (alive < size) {
      alive++;
      try {
        return await spawn();
      } catch (e) {
        alive--;
        throw e;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(w: TessWorker): void {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  }

  function discard(w: TessWorker): void {
    alive--;
    void w.terminate().catch(() => undefined);
    // A waiter gets a fresh worker in place of the one stopped.
    const next = waiting.shift();
    if (next) {
      alive++;
      spawn().then(next, () => {
        alive--;
      });
    }
  }

  async function warm(n: number): Promise<void> {
    const spawned = await Promise.all(Array.from({ length: Math.max(0, n - alive) }, () => acquire()));
    spawned.forEach(release);
  }

  async function runPass(pass: OcrPass, holders: Set<TessWorker>, stopped: () => boolean): Promise<OcrLine[]> {
    const w = await acquire();
    if (stopped()) {
      release(w);
      return [];
    }
    holders.add(w);
    let r: Awaited<ReturnType<TessWorker['recognize']>>;
    try {
      await w.setParameters({ thresholding_method: String(pass.thresholding) } as Record<string, string>);
      // Halted meanwhile: the worker is stopped; a job sent to it would fail inside tesseract.js.
      if (!holders.has(w)) return [];
      r = await w.recognize(toPgm(pass.image), {}, { blocks: true, text: false });
    } catch (e) {
      if (holders.delete(w)) discard(w);
      throw e;
    }
    // Halted meanwhile: the worker was already stopped and must not go back to the pool.
    if (!holders.delete(w)) return [];
    release(w);
    const lines: OcrLine[] = [];
    for (const b of r.data.blocks ?? [])
      for (const p of b.paragraphs)
        for (const l of p.lines) {
          const text = l.text.trim();
          if (!text) continue;
          const { x0, y0, x1, y1 } = l.bbox;
          lines.push({ text, confidence: l.confidence / 100, box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } });
        }
    return lines;
  }

  return {
    async recognize(passes, options = {}) {
      const timeoutMs = options.timeoutMs ?? defaultTimeout;
      // Starting the workers (loading the language data) is a one-time cost, outside the cap.
      if (alive < Math.min(size, passes.length) && !options.signal?.aborted) await warm(Math.min(size, passes.length));
      const holders = new Set<TessWorker>();
      let stop: OcrStopped | null = null;
      let fail: (e: Error) => void = () => undefined;
      const failed = new Promise<never>((_, reject) => (fail = reject));
      failed.catch(() => undefined);
      const halt = (e: OcrStopped) => {
        if (stop) return;
        stop = e;
        for (const w of holders) discard(w);
        holders.clear();
        fail(e);
      };
      const timer = setTimeout(
        () => halt(new OcrStopped(`reading text took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`, 'timeout')),
        timeoutMs,
      );
      const onAbort = () => halt(new OcrStopped('reading text was cancelled', 'cancelled'));
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort);
      try {
        const all = Promise.all(passes.map((p) => runPass(p, holders, () => stop !== null)));
        // After a halt the passes on stopped workers reject too; the halt's error is the one reported.
        all.catch(() => undefined);
        return await Promise.race([all, failed]);
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
    warm: () => warm(size),
    async close() {
      closed = true;
      const all = idle.splice(0);
      alive -= all.length;
      await Promise.all(all.map((w) => w.terminate().catch(() => undefined)));
    },
  };
}
