// Worker thread body: read the file (when given a path; hashing it as it is read when opening), run decode.ts, post the result back with
// the pixel buffer transferred, not copied. Built as its own entry (out/main/decodeWorker.js).
import { parentPort } from 'node:worker_threads';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { ImageError } from '../../../shared/imaging/types';
import { decodeFrame, dicomDecoder, rasterDecoder, readInfo } from '../decode';
import { readPreview, readRegion } from '../region';
import { readFault, readImageBytes } from '../read-file';
import type { Job, OpenResult, Reply, Source } from './protocol';

function bytesOf(source: Source): Promise<Uint8Array> {
  return 'bytes' in source ? Promise.resolve(source.bytes) : readImageBytes(source.path);
}

/** 4 MiB reads: few syscalls, and the hash keeps up with the disk. */
const CHUNK = 4 * 1024 * 1024;

/**
 * One pass over the file: each chunk is hashed as it lands in the buffer the decoder then parses,
 * so a file is read once (not once to hash and once to decode) and never crosses to the host.
 */
async function openFile(path: string): Promise<OpenResult> {
  let bytes: Uint8Array;
  const hash = createHash('sha256');
  try {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      bytes = new Uint8Array(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await fh.read(bytes, at, Math.min(CHUNK, size - at), at);
        if (bytesRead === 0) break; // the file shrank while being read
        hash.update(bytes.subarray(at, at + bytesRead));
        at += bytesRead;
      }
      if (at < size) bytes = bytes.subarray(0, at);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw readFault(e, path);
  }
  return { sha256: hash.digest('hex'), size: bytes.byteLength, info: await readInfo(bytes) };
}

async function run(job: Job): Promise<{ reply: Reply; transfer: ArrayBuffer[] }> {
  try {
    if (job.kind === 'warm') {
      await Promise.all([dicomDecoder(), rasterDecoder()]);
      return { reply: { id: job.id, ok: true, warm: true }, transfer: [] };
    }
    if (job.kind === 'open') return { reply: { id: job.id, ok: true, opened: await openFile(job.source.path) }, transfer: [] };
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
          : // The bytes were read for this job alone: an uncompressed frame can be a view into them.
            await decodeFrame(bytes, job.frame, { shareBytes: true });
    let data = frame.data;
    // Transfer the buffer under the frame when it is little more than the frame (a single-frame
    // file's header); a view into a multi-frame file would drag every other frame along: copy it.
    const extra = data.buffer.byteLength - data.byteLength;
    // A small one is copied too: it could sit in Node's shared Buffer pool, which must never move.
    if (!(data.buffer instanceof ArrayBuffer) || data.byteLength < 64 * 1024 || extra > Math.max(64 * 1024, data.byteLength / 8)) {
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
