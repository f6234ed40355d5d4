// cornerstone-core on screen: a `medfig:` image loader takes the pixels the services decoded
// (through the API) and gives cornerstone its Image objects; cornerstone caches and draws them.
// The window is handed to cornerstone as a VOI LUT built by the shared window function, so the
// screen shows exactly the bytes the export and `medfig render` produce.
import * as cornerstone from 'cornerstone-core';
import type { DecodedFrame, Window } from '../../shared/imaging/types';
import { buildVoiLut } from '../../shared/imaging/window';
import { loadFrame } from './panel-images';
import { idsAhead } from './decode-ahead';

let registered = false;
const frames = new Map<string, DecodedFrame>();

export function imageIdFor(sourceId: string, frame = 0): string {
  return `medfig:${sourceId}#${frame}`;
}

function toCornerstoneImage(imageId: string, f: DecodedFrame, rowMm: number | null, colMm: number | null) {
  const colour = f.channels !== 1;
  let pixels: ArrayLike<number> = f.data;
  if (colour) {
    // cornerstone-core draws colour images from RGBA bytes.
    const n = f.width * f.height;
    const rgba = new Uint8Array(n * 4);
    const scale = f.bitsStored > 8 ? 1 / 257 : 1;
    for (let i = 0; i < n; i++) {
      rgba[i * 4] = f.data[i * f.channels] * scale;
      rgba[i * 4 + 1] = f.data[i * f.channels + 1] * scale;
      rgba[i * 4 + 2] = f.data[i * f.channels + 2] * scale;
      rgba[i * 4 + 3] = f.channels === 4 ? f.data[i * 4 + 3] * scale : 255;
    }
    pixels = rgba;
  }
  return {
    imageId,
    minPixelValue: colour ? 0 : f.minStored,
    maxPixelValue: colour ? 255 : f.maxStored,
    // The modality LUT is folded into our VOI LUT (over stored values), so cornerstone's is identity.
    slope: 1,
    intercept: 0,
    windowCenter: colour ? 127.5 : (f.minStored + f.maxStored) / 2,
    windowWidth: colour ? 256 : Math.max(1, f.maxStored - f.minStored),
    getPixelData: () => pixels,
    rows: f.height,
    columns: f.width,
    height: f.height,
    width: f.width,
    color: colour,
    rgba: colour,
    columnPixelSpacing: colMm ?? undefined,
    rowPixelSpacing: rowMm ?? undefined,
    invert: false,
    sizeInBytes: (pixels as Uint8Array).byteLength ?? f.data.byteLength,
  };
}

export function registerMedfigLoader(spacing: (sourceId: string) => { row: number; column: number } | null): void {
  if (registered) return;
  registered = true;
  cornerstone.registerImageLoader('medfig', (imageId: string) => {
    const [sourceId, frameStr] = imageId.slice('medfig:'.length).split('#');
    const frame = Number(frameStr ?? 0);
    const promise = loadFrame(sourceId, frame).then((f) => {
      frames.set(imageId, f);
      const ps = spacing(sourceId);
      return toCornerstoneImage(imageId, f, ps?.row ?? null, ps?.column ?? null);
    });
    return { promise } as unknown as ReturnType<Parameters<typeof cornerstone.registerImageLoader>[1]>;
  });
}

type CornerstoneVoiLut = { id: string; firstValueMapped: number; numBitsPerEntry: number; lut: number[] };
const voiLuts = new Map<string, CornerstoneVoiLut>();
const VOI_LUTS_KEPT = 16;

/** The VOI LUT cornerstone applies for a window (our shared function over stored values). */
export function voiLutFor(imageId: string, window: Window | null, invert: boolean) {
  const f = frames.get(imageId);
  if (!f || f.channels !== 1) return undefined;
  // The LUT depends only on the stored range, the rescale, the photometric and the window: the
  // slices of a series mostly share them, so scrolling reuses one LUT instead of building one
  // (and a plain array of it) per slice on the thread that draws.
  const key = window
    ? `${f.minStored}|${f.maxStored}|${f.slope}|${f.intercept}|${f.photometric}|${JSON.stringify(window)}|${invert}`
    : null;
  const kept = key === null ? undefined : voiLuts.get(key);
  if (kept) return kept;
  const v = buildVoiLut(f, window, invert);
  // cornerstone-core guesses the entry width from the LUT's largest value and shifts by (bits − 8):
  // a window whose brightest output is below 128 would be shifted by a negative amount (→ black).
  // A trailing 255 pins the guess at 8 bits; it sits one past the largest stored value, so no pixel maps to it.
  const lut = Array.from(v.lut);
  lut.push(255);
  const out = { id: key ?? `${imageId}|default|${invert}`, firstValueMapped: v.firstValue, numBitsPerEntry: 8, lut };
  if (key !== null) {
    voiLuts.set(key, out);
    for (const k of voiLuts.keys()) {
      if (voiLuts.size <= VOI_LUTS_KEPT) break;
      voiLuts.delete(k);
    }
  }
  return out;
}

let lastAt = -1;

/**
 * Decode ahead: while slice `at` is on screen, the next ones in the direction of scrolling are
 * already requested (the services' worker pool decodes them while this thread draws), and
 * cornerstone's cache holds them when the user gets there. Requests already made are not repeated
 * (loadAndCacheImage returns the cached promise).
 */
export function decodeAhead(imageIds: readonly string[], at: number): void {
  const ids = idsAhead(imageIds, at, lastAt);
  lastAt = at;
  // A slice that fails is reported when it is shown, not here.
  for (const id of ids) cornerstone.loadAndCacheImage(id).catch(() => undefined);
}

export function frameOf(imageId: string): DecodedFrame | undefined {
  return frames.get(imageId);
}

export { cornerstone };
