// Opened images and their decoded frames, kept in memory within a byte budget so that
// scrolling a series or exporting again does not decode twice.
import { ImageError, type DecodedFrame, type ImageInfo } from '../../shared/imaging/types';
import { checkImageFile } from './read-file';
import { createDecodePool, type DecodePool, type DecodePoolOptions, type RegionRect } from './worker';

export interface OpenEntry {
  path: string;
  sha256: string;
  size: number;
  info: ImageInfo;
}

export interface ImageCache {
  open(path: string): Promise<OpenEntry>;
  frame(path: string, frame: number, maxSide?: number | null): Promise<DecodedFrame>;
  /** A region (upright source px) at outWidth px wide, for the screen's deep zoom; not cached here. */
  region(path: string, frame: number, region: RegionRect, outWidth: number): Promise<DecodedFrame>;
  /** Face detection in the same worker pool (services/deid). */
  faces: DecodePool['faces'];
  /** Start the decode worker and load its decoders now (hosts: at start, before the first open). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export function createImageCache(budgetBytes = 1024 * 1024 * 1024, poolOptions: DecodePoolOptions = {}): ImageCache {
  const pool = createDecodePool(poolOptions);
  const entries = new Map<string, OpenEntry>();
  const frames = new Map<string, { frame: DecodedFrame; bytes: number }>();
  // Decodes under way: a second ask for the same frame (a prefetch, then the renderer) waits for
  // the first instead of decoding it again.
  const inFlight = new Map<string, Promise<DecodedFrame>>();
  let used = 0;

  async function open(path: string): Promise<OpenEntry> {
    await checkImageFile(path);
    // Read, hashed and parsed in a worker: the host thread neither holds the bytes nor hashes
    // them (a 2 GiB file would stall every window for seconds).
    const { sha256, size, info } = await pool.open(path);
    const known = entries.get(path);
    if (known && known.sha256 === sha256) return known;
    // A changed file: its decoded frames are stale.
    if (known) for (const k of [...frames.keys()]) if (k.startsWith(`${path}#`)) forget(k);
    const entry = { path, sha256, size, info };
    entries.set(path, entry);
    return entry;
  }

  function forget(key: string): void {
    const v = frames.get(key);
    if (!v) return;
    frames.delete(key);
    used -= v.bytes;
  }

  function remember(key: string, frame: DecodedFrame): void {
    const bytes = frame.data.byteLength;
    frames.set(key, { frame, bytes });
    used += bytes;
    // Evict oldest first (Map keeps insertion order).
    for (const [k, v] of frames) {
      if (used <= budgetBytes || frames.size <= 1) break;
      frames.delete(k);
      used -= v.bytes;
    }
  }

  async function frame(path: string, index: number, maxSide: number | null = null): Promise<DecodedFrame> {
    const entry = entries.get(path) ?? (await open(path));
    if (index >= entry.info.frames)
      throw new ImageError(`frame ${index + 1} requested but the image has ${entry.info.frames}`, 'no-pixels');
    const big = maxSide !== null && Math.max(entry.info.width, entry.info.height) > maxSide;
    const key = `${path}#${index}#${big ? maxSide : 'full'}`;
    const hit = frames.get(key);
    if (hit) {
      frames.delete(key);
      frames.set(key, hit);
      return hit.frame;
    }
    const pending = inFlight.get(key);
    if (pending) return pending;
    // The worker reads the file itself (no copy of a large file through postMessage), and previews
    // run there too: a hostile or huge file is stopped by the pool's time and memory limits.
    const job = (async () => {
      await checkImageFile(path);
      const decoded = big && entry.info.format !== 'dicom' ? await pool.preview(path, index, maxSide!) : await pool.decode(path, index);
      // Only if the file was not reopened as a changed file meanwhile (open() dropped its frames).
      if (entries.get(path) === entry) remember(key, decoded);
      return decoded;
    })();
    inFlight.set(key, job);
    try {
      return await job;
    } finally {
      inFlight.delete(key);
    }
  }

  async function region(path: string, index: number, r: RegionRect, outWidth: number): Promise<DecodedFrame> {
    const entry = entries.get(path) ?? (await open(path));
    if (index >= entry.info.frames)
      throw new ImageError(`frame ${index + 1} requested but the image has ${entry.info.frames}`, 'no-pixels');
    await checkImageFile(path);
    return pool.region(path, index, r, outWidth);
  }

  return {
    open,
    frame,
    region,
    faces: (rgb, w, h, min) => pool.faces(rgb, w, h, min),
    warm: () => pool.warm(),
    close: () => pool.close(),
  };
}
