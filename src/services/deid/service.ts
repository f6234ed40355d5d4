// The de-identification service the hosts call: proposals for one frame of a file, computed once per
// file content (SHA-256) and frame, cancellable by job id. OCR runs in the Tesseract pool, faces in
// the decode pool; the frame is decoded in the pool too (a huge raster at ≤ 4096 px: OCR works at
// 2048 at most), and boxes come back in the file's own pixels.
import { readFile } from 'node:fs/promises';
import type { ImageCache } from '../images/cache';
import { headerFacts } from './header-terms';
import { createOcrEngine, OcrStopped, type OcrEngine } from './ocr';
import { needsCare, proposeRedactions } from './propose';
import type { Suggestion } from './types';

export interface DeidResult {
  suggestions: Suggestion[];
  /** The file's header makes burned-in text likely (the OCR took extra care). */
  careful: boolean;
  /** What could not be checked (the user should look): e.g. face detection did not finish. */
  notes: string[];
}

export interface DeidService {
  suggest(path: string, frame: number, opts?: { jobId?: string; faces?: boolean }): Promise<DeidResult>;
  cancel(jobId: string): boolean;
  close(): Promise<void>;
}

const DECODE_MAX_SIDE = 4096;

export function createDeidService(images: ImageCache, opts: { ocr?: OcrEngine; timeoutMs?: number } = {}): DeidService {
  const ocr = opts.ocr ?? createOcrEngine();
  const done = new Map<string, Promise<DeidResult>>();
  const jobs = new Map<string, AbortController>();

  async function compute(path: string, frameIndex: number, faces: boolean, signal: AbortSignal): Promise<DeidResult> {
    const entry = await images.open(path);
    const frame = await images.frame(path, frameIndex, entry.info.format === 'dicom' ? null : DECODE_MAX_SIDE);
    const header = entry.info.format === 'dicom' ? headerFacts(new Uint8Array(await readFile(path))) : null;
    let notes: string[] = [];
    // Cancelled while the frame was decoding: the reading never starts.
    if (signal.aborted) throw new OcrStopped('reading text was cancelled', 'cancelled');
    const found = await proposeRedactions(
      { ocr, faces: faces ? images.faces : undefined },
      { frame, info: entry.info, header },
      { signal, timeoutMs: opts.timeoutMs ?? 60_000, onNote: (n) => (notes = n) },
    );
    // A reduced decode: back to the file's pixels.
    const sx = entry.info.width / frame.width;
    const sy = entry.info.height / frame.height;
    const suggestions =
      sx === 1 && sy === 1
        ? found
        : found.map((s) => ({
            ...s,
            box: { x: Math.floor(s.box.x * sx), y: Math.floor(s.box.y * sy), w: Math.ceil(s.box.w * sx), h: Math.ceil(s.box.h * sy) },
          }));
    return { suggestions, careful: needsCare(entry.info, header), notes };
  }

  return {
    async suggest(path, frame, o = {}) {
      // The job is cancellable from the moment it is asked for (a cancel during the open counts).
      const abort = new AbortController();
      if (o.jobId) jobs.set(o.jobId, abort);
      let entry;
      try {
        entry = await images.open(path);
      } catch (e) {
        if (o.jobId) jobs.delete(o.jobId);
        throw e;
      }
      const faces = o.faces ?? true;
      const key = `${entry.sha256}:${frame}:${faces ? 'f' : ''}`;
      const known = done.get(key);
      if (known) {
        if (o.jobId) jobs.delete(o.jobId);
        return known;
      }
      if (abort.signal.aborted) {
        if (o.jobId) jobs.delete(o.jobId);
        throw new OcrStopped('reading text was cancelled', 'cancelled');
      }
      const p = compute(path, frame, faces, abort.signal);
      done.set(key, p);
      // A failed or cancelled run, or one with something left unchecked, is not remembered: the next request tries again.
      p.then(
        (r) => r.notes.length && done.delete(key),
        () => done.delete(key),
      ).finally(() => {
        if (o.jobId) jobs.delete(o.jobId);
      });
      return p;
    },
    cancel(jobId) {
      const a = jobs.get(jobId);
      a?.abort();
      return !!a;
    },
    close: () => ocr.close(),
  };
}
