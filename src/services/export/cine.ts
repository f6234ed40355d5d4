/**
 * Cine loops: a CT/MR series (slices in the order the app shows them: position along the slice
 * normal) or the frames of a multi-frame object, as an animated GIF (gifenc) or an MP4 (H.264
 * Baseline, yuv420p — plays on phones and in PowerPoint; h264-mp4-encoder, a WebAssembly build
 * of x264-class encoding shipped in the npm package, so nothing is downloaded or installed).
 * Each frame is drawn by the scene like a one-panel figure: the panel's crop, rotation, window,
 * burned-in redactions, annotations and scale bar, plus an optional frame counter. The files
 * carry no identifiers: GIF has no text blocks, and the MP4's creation times are zeroed.
 */
import { whyFolderUnreadable } from '../folder-errors';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import * as gifencModule from 'gifenc';
import type { Palette } from 'gifenc';
import * as h264Module from 'h264-mp4-encoder';
import { Figure, Panel, type Display } from '../../shared/figure/schema';
import type { Window } from '../../shared/imaging/types';
import { effectiveWindow, renderDisplay } from '../../shared/imaging/display';
import { ApiError } from '../../shared/api';
import { buildFigureScene, type PanelImage } from '../../scene/figure-scene';
import { FONT_FAMILY } from '../../scene/units';
import { burnRedactions, cropRegion, prepareHeadless } from './render-figure';
import { sortSeries } from '../images/dicom';
import type { ImageCache } from '../images/cache';
import { Konva } from './konva-node';
import { renderLayersToRaster, throwIfAborted } from './raster';
import { writeFileAtomic } from './write-atomic';

export interface CineFrameRef {
  path: string;
  /** 0-based frame within the file. */
  frame: number;
}

export interface CineSource {
  frames: CineFrameRef[];
  /** Set when files were left out (other series, not DICOM, unreadable). */
  note: string | null;
}

export type CineFormat = 'gif' | 'mp4';

export interface CineOptions {
  frames: CineFrameRef[];
  format: CineFormat;
  /** Frames per second, 1–60. */
  fps: number;
  /** Output width in px; default the panel's width in view px, at most 1024. */
  widthPx?: number | null;
  /** 1-based, inclusive, over `frames`. */
  range?: [number, number] | null;
  /** Window in modality units; default the panel's, else the first frame's own (the same for every frame). */
  window?: Window | null;
  /** The panel whose crop, rotation, display, redactions, annotations and scale bar apply; default the whole image. */
  panel?: Panel | null;
  /** Printed width the panel's labels are sized for (mm); default 100. */
  printWidthMm?: number;
  frameCounter?: boolean;
  images: ImageCache;
  signal?: AbortSignal;
  onProgress?: (f: number) => void;
}

export interface CineResult {
  bytes: Uint8Array;
  frames: number;
  width: number;
  height: number;
}

const MAX_SIDE = 4096;

/** Frames of one image: every frame of a multi-frame object (one frame for a plain image). */
async function framesOfFile(path: string, images: ImageCache): Promise<CineFrameRef[]> {
  const info = (await images.open(path)).info;
  return Array.from({ length: Math.max(1, info.frames) }, (_, frame) => ({ path, frame }));
}

/** DICOM files among `paths`, sorted as the app sorts a series; the largest series when several are mixed. */
async function sortedSeries(paths: string[], images: ImageCache, onlySeries?: string | null): Promise<CineSource> {
  const opened: { path: string; info: Awaited<ReturnType<ImageCache['open']>>['info'] }[] = [];
  // Files that are not DICOM images count only when the user named the folder (a panel's
  // neighbours of other series or kinds are none of the loop's business).
  let skipped = 0;
  const counts = onlySeries === undefined;
  for (const p of paths) {
    try {
      const e = await images.open(p);
      if (e.info.format === 'dicom' && (counts || e.info.seriesInstanceUid === onlySeries)) opened.push({ path: p, info: e.info });
      else if (counts) skipped++;
    } catch {
      if (counts) skipped++;
    }
  }
  const sorted = sortSeries(opened);
  let items = sorted.sorted;
  let note: string | null = null;
  if (sorted.groups) {
    const main = sorted.groups.reduce((a, g) => (g.items.length > a.items.length ? g : a));
    items = main.items;
    note = `the folder mixes ${sorted.groups.length} series; using the one with ${main.items.length} image(s)`;
  }
  if (skipped) note = [note, `${skipped} file(s) that are not DICOM images were left out`].filter(Boolean).join('; ');
  const frames = items.flatMap((o) => Array.from({ length: Math.max(1, o.info.frames) }, (_, frame) => ({ path: o.path, frame })));
  return { frames, note };
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
    throw new ApiError('io', whyFolderUnreadable(e));
  });
  const names = entries.filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name);
  return names.sort().map((n) => join(dir, n));
}

/**
 * What `medfig cine` plays: a folder is a series (sorted by position), a file is its own frames.
 * Throws an ApiError saying why nothing can be played (the caller names the file or folder).
 */
export async function cineSource(path: string, images: ImageCache): Promise<CineSource> {
  const st = await fs.stat(path).catch(() => null);
  if (!st) throw new ApiError('not-found', 'file or folder not found');
  if (st.isDirectory()) {
    const src = await sortedSeries(await filesIn(path), images);
    if (!src.frames.length) throw new ApiError('no-pixels', 'no DICOM images in this folder');
    return src;
  }
  return { frames: await framesOfFile(path, images), note: null };
}

/**
 * The loop of a panel in the app: the frames of its multi-frame source, else the slices of its
 * series — files beside the source (and any other open slices) with the same SeriesInstanceUID,
 * in position order. A single image gives a single frame.
 */
export async function panelCineSource(sourcePath: string, images: ImageCache, openSlices: string[] = []): Promise<CineSource> {
  const info = (await images.open(sourcePath)).info;
  if (info.frames > 1 || info.format !== 'dicom' || !info.seriesInstanceUid)
    return { frames: await framesOfFile(sourcePath, images), note: null };
  const near = await filesIn(dirname(sourcePath)).catch(() => [] as string[]);
  const paths = [...new Set([sourcePath, ...near, ...openSlices])];
  return sortedSeries(paths, images, info.seriesInstanceUid);
}

/** Pick the 1-based inclusive range, with a sentence when it does not fit. */
export function selectRange<T>(frames: T[], range: [number, number] | null | undefined): T[] {
  if (!range) return frames;
  const [a, b] = range;
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 1 && b >= a))
    throw new ApiError('bad-request', `frames ${a}-${b}: give a range like 1-20 (first ≤ last, from 1)`);
  if (b > frames.length) throw new ApiError('bad-request', `frames ${a}-${b} asked for, but there are only ${frames.length}`);
  return frames.slice(a - 1, b);
}

function onePanelFigure(panel: Panel, printWidthMm: number): Figure {
  return Figure.parse({
    id: 'cine',
    name: 'Cine',
    page: { widthMm: printWidthMm, marginMm: 0, gutterMm: 0, background: '#000000' },
    rows: [1],
    letters: { enabled: false },
    panels: [panel],
  });
}

function counterLayer(text: string, pageW: number, pageH: number): Konva.Layer {
  const layer = new Konva.Layer({ name: 'frame-counter' });
  const size = Math.max(pageH, pageW * 0.5) * 0.045;
  const node = new Konva.Text({
    text,
    fontFamily: FONT_FAMILY,
    fontSize: size,
    fontStyle: 'bold',
    fill: '#ffffff',
    stroke: '#000000',
    strokeWidth: size * 0.15,
    lineJoin: 'round',
  });
  node.fillAfterStrokeEnabled(true);
  node.position({ x: pageW - node.width() - size * 0.5, y: pageH - node.height() - size * 0.4 });
  layer.add(node);
  return layer;
}

const even = (n: number): number => Math.max(2, n - (n % 2));

/** Render every selected frame as straight RGBA at the output size. */
async function* renderFrames(o: CineOptions, frames: CineFrameRef[]): AsyncGenerator<{ rgba: Buffer; width: number; height: number }> {
  prepareHeadless();
  const first = frames[0];
  const firstInfo = (await o.images.open(first.path)).info;
  const firstFrame = await o.images.frame(first.path, first.frame);
  const base: Panel = o.panel
    ? Panel.parse({ ...o.panel, sourceId: 'cine', id: 'cine-panel' })
    : Panel.parse({ id: 'cine-panel', sourceId: 'cine' });
  // One window for the whole loop: a window that followed each slice's own range would flicker.
  const win = o.window ?? effectiveWindow(firstFrame, base.display, firstInfo.windows);
  const display: Display = { ...base.display, window: win, range: null };
  const panel: Panel = { ...base, display };
  const figure = onePanelFigure(panel, o.printWidthMm ?? 100);
  let size: { width: number; height: number } | null = null;
  for (const [k, ref] of frames.entries()) {
    throwIfAborted(o.signal);
    const info = (await o.images.open(ref.path)).info;
    const frame = await o.images.frame(ref.path, ref.frame);
    const rgba = renderDisplay(frame, display, info.windows);
    burnRedactions(rgba, frame.width, frame.height, panel);
    const region = cropRegion(panel, frame.width, frame.height);
    const canvas = Konva.Util.createCanvasElement();
    canvas.width = region.w;
    canvas.height = region.h;
    const ctx = canvas.getContext('2d')!;
    const data = ctx.createImageData(region.w, region.h);
    for (let y = 0; y < region.h; y++) {
      const from = ((region.y + y) * frame.width + region.x) * 4;
      data.data.set(rgba.subarray(from, from + region.w * 4), y * region.w * 4);
    }
    ctx.putImageData(data, 0, 0);
    const images = new Map<string, PanelImage>([
      [panel.id, { image: canvas, width: frame.width, height: frame.height, region, redactionsBurned: true }],
    ]);
    const sizes = new Map([[panel.id, { width: frame.width, height: frame.height }]]);
    const scene = buildFigureScene(figure, { images, sizes, showLabels: true });
    const { pageWidthMm: pw, pageHeightMm: ph } = scene.layout;
    if (!size) {
      const t = scene.transforms.get(panel.id)!;
      let w = Math.round(o.widthPx ?? Math.min(1024, t.viewWidth));
      let h = Math.round((w * ph) / pw);
      if (Math.max(w, h) > MAX_SIDE) {
        const k = MAX_SIDE / Math.max(w, h);
        w = Math.round(w * k);
        h = Math.round(h * k);
      }
      // H.264 in yuv420p needs even sides; the GIF keeps the same size so both formats match.
      size = { width: even(w), height: even(h) };
    }
    const layers = [...scene.layers];
    if (o.frameCounter) layers.push(counterLayer(`${k + 1}/${frames.length}`, pw, ph));
    const out = await renderLayersToRaster(() => layers, size.width, size.height, {
      sceneWidth: pw,
      sceneHeight: ph,
      background: '#000000',
    });
    layers.forEach((l) => l.destroy());
    yield { rgba: out, ...size };
    o.onProgress?.(((k + 1) / frames.length) * 0.95);
  }
}

// CommonJS bundles: Node's ESM loader shows their exports only as `default`, bundlers as named exports.
const interop = <T extends object>(m: T, key: string): T => (key in m ? m : (m as unknown as { default: T }).default);
const { GIFEncoder, applyPalette, quantize } = interop(gifencModule, 'GIFEncoder');
const h264 = interop(h264Module, 'createH264MP4Encoder');

const GREYS: Palette = Array.from({ length: 256 }, (_, i) => [i, i, i]);

function isGrey(rgba: Uint8Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
}

async function encodeGif(o: CineOptions, frames: CineFrameRef[]): Promise<CineResult> {
  const gif = GIFEncoder();
  let dims = { width: 0, height: 0 };
  let n = 0;
  for await (const f of renderFrames(o, frames)) {
    dims = { width: f.width, height: f.height };
    let palette: Palette;
    let index: Uint8Array;
    if (isGrey(f.rgba)) {
      // Exact: a grey frame is its own 256-level palette.
      palette = GREYS;
      index = new Uint8Array(f.width * f.height);
      for (let i = 0; i < index.length; i++) index[i] = f.rgba[i * 4];
    } else {
      palette = quantize(f.rgba, 256);
      index = applyPalette(f.rgba, palette);
    }
    gif.writeFrame(index, f.width, f.height, { palette, delay: 1000 / o.fps, repeat: 0 });
    n++;
  }
  gif.finish();
  return { bytes: gif.bytes(), frames: n, ...dims };
}

let mp4Job = 0;

async function encodeMp4(o: CineOptions, frames: CineFrameRef[]): Promise<CineResult> {
  let enc: Awaited<ReturnType<typeof h264.createH264MP4Encoder>> | null = null;
  let dims = { width: 0, height: 0 };
  let n = 0;
  // The encoders share one in-memory file system: each job writes its own file name.
  const name = `medfig-cine-${process.pid}-${++mp4Job}.mp4`;
  try {
    for await (const f of renderFrames(o, frames)) {
      if (!enc) {
        enc = await h264.createH264MP4Encoder();
        enc.outputFilename = name;
        enc.width = f.width;
        enc.height = f.height;
        enc.frameRate = o.fps;
        enc.quantizationParameter = 20;
        enc.speed = 5;
        enc.groupOfPictures = Math.max(1, Math.round(o.fps * 2));
        enc.initialize();
        dims = { width: f.width, height: f.height };
      }
      enc.addFrameRgba(f.rgba);
      n++;
    }
    if (!enc) throw new ApiError('no-pixels', 'no frames to encode');
    enc.finalize();
    const bytes = enc.FS.readFile(name);
    enc.FS.unlink(name);
    return { bytes: zeroMp4Times(bytes), frames: n, ...dims };
  } finally {
    enc?.delete();
  }
}

/**
 * Zero the creation and modification times in the movie, track and media headers (mvhd, tkhd,
 * mdhd): the encoder writes the wall clock, which says when (and so, with a clinic's schedule,
 * of whom) the loop was made. A hand-written box walk: the boxes are fixed ISO/IEC 14496-12 layouts.
 */
export function zeroMp4Times(mp4: Uint8Array): Uint8Array {
  const out = new Uint8Array(mp4);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const walk = (start: number, end: number): void => {
    let p = start;
    while (p + 8 <= end) {
      let size = dv.getUint32(p);
      const type = String.fromCharCode(out[p + 4], out[p + 5], out[p + 6], out[p + 7]);
      let header = 8;
      if (size === 1) {
        size = Number(dv.getBigUint64(p + 8));
        header = 16;
      } else if (size === 0) size = end - p;
      if (size < header || p + size > end) return;
      if (type === 'moov' || type === 'trak' || type === 'mdia') walk(p + header, p + size);
      else if (type === 'mvhd' || type === 'tkhd' || type === 'mdhd') {
        const v = out[p + header];
        const at = p + header + 4;
        const bytes = v === 1 ? 16 : 8;
        if (at + bytes <= p + size) out.fill(0, at, at + bytes);
      }
      p += size;
    }
  };
  walk(0, out.length);
  return out;
}

/** Encode the loop in memory. */
export async function renderCine(o: CineOptions): Promise<CineResult> {
  if (!(Number.isFinite(o.fps) && o.fps >= 1 && o.fps <= 60))
    throw new ApiError('bad-request', `frame rate ${o.fps}: give 1 to 60 frames per second`);
  if (o.widthPx != null && !(Number.isInteger(o.widthPx) && o.widthPx >= 16 && o.widthPx <= MAX_SIDE))
    throw new ApiError('bad-request', `width ${o.widthPx}: give 16 to ${MAX_SIDE} px`);
  const frames = selectRange(o.frames, o.range);
  if (!frames.length) throw new ApiError('no-pixels', 'no frames to put in the loop');
  const r = o.format === 'gif' ? await encodeGif(o, frames) : await encodeMp4(o, frames);
  o.onProgress?.(1);
  return r;
}

/** Encode and write atomically. */
export async function exportCine(o: CineOptions & { outPath: string }): Promise<Omit<CineResult, 'bytes'> & { bytes: number }> {
  const r = await renderCine(o);
  await writeFileAtomic(o.outPath, r.bytes);
  return { bytes: r.bytes.byteLength, frames: r.frames, width: r.width, height: r.height };
}
