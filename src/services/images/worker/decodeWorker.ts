// Worker thread body: read the file (when given a path), run decode.ts, post the result back with
// the pixel buffer transferred, not copied. Built as its own entry (out/main/decodeWorker.js).
import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { ImageError } from '../../../shared/imaging/types';
import { decodeFrame, readInfo } from '../decode';
import { readPreview, readRegion } from '../region';
import type { Job, Reply, Source } from './protocol';

async function bytesOf(source: Source): Promise<Uint8Array> {
  if ('bytes' in source) return source.bytes;
  try {
    return new Uint8Array(await readFile(source.path));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new ImageError(`file not found: ${source.path}`, 'not-found');
    if (err.code === 'EISDIR') throw new ImageError(`is a folder, not an image: ${source.path}`, 'not-an-image');
    throw new ImageError(`cannot read ${source.path}: ${err.message}`, 'io');
  }
}

async function run(job: Job): Promise<{ reply: Reply; transfer: ArrayBuffer[] }> {
  try {
    if (job.kind === 'faces') {
      // Loaded on first use only: decoding never pays for the detector's bundle.
      const { detectFaces } = await import('../../deid/faces');
      return { reply: { id: job.id, ok: true, faces: await detectFaces(job.rgb, job.width, job.height, job.minScore) }, transfer: [] };
    }
    const bytes = await bytesOf(job.source);
    if (job.kind === 'info') return { reply: { id: job.id, ok: true, info: await readInfo(bytes) }, transfer: [] };
    const frame =
      job.kind === 'preview'
        ? await readPreview(bytes, job.frame, job.maxSide)
        : job.kind === 'region'
          ? await readRegion(bytes, job.frame, job.region, job.outWidth)
          : await decodeFrame(bytes, job.frame);
    let data = frame.data;
    // Transfer only a buffer the frame owns outright (a view into the file bytes would drag them along).
    if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength || !(data.buffer instanceof ArrayBuffer)) {
      data = data.slice();
    }
    return { reply: { id: job.id, ok: true, frame: { ...frame, data } }, transfer: [data.buffer as ArrayBuffer] };
  } catch (thrown) {
    // Argument faults (a region off the image) are the caller's, reported as such, not as a crash.
    const e = thrown instanceof RangeError ? new ImageError(thrown.message, 'no-pixels') : thrown;
    const error =
      e instanceof ImageError
        ? { name: e.name, message: e.message, code: e.code }
        : { name: 'Error', message: e instanceof Error ? e.message : String(e) };
    return { reply: { id: job.id, ok: false, error }, transfer: [] };
  }
}

parentPort?.on('message', (job: Job) => {
  void run(job).then(({ reply, transfer }) => parentPort?.postMessage(reply, transfer));
});
