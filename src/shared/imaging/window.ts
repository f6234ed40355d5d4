// Stored values → 8-bit grey/RGBA: the one windowing function the renderer (through cornerstone's
// VOI LUT), the exports and `medfig render` all call, so each gives the same bytes as dcmtk.
// Pure TypeScript: no DOM, no Node.
import type { DecodedFrame, ImageInfo, Window } from './types';

/**
 * Linear VOI, DICOM PS3.3 C.11.2.1.2.1, with x the modality value (stored × slope + intercept),
 * c the center, w the width, output range 0…255:
 *
 *   x ≤ c − 0.5 − (w−1)/2      → 0
 *   x > c − 0.5 + (w−1)/2      → 255
 *   otherwise y = ((x − (c − 0.5)) / (w − 1) + 0.5) × 255
 *
 * y is truncated to an integer, as dcmtk's DiMonoOutputPixel does (its output is our reference).
 * A width below 1 is treated as 1 (a threshold at c − 0.5).
 * MONOCHROME1 is inverted after the VOI (255 − y), and `invert` inverts once more.
 */
export function voi(x: number, win: Window, invertOutput = false): number {
  const w = Math.max(1, win.width);
  const c = win.center;
  let y: number;
  if (w === 1)
    y = x < c - 0.5 ? 0 : 255; // degenerate window: threshold (C.11.2.1.2.1 with w = 1)
  else {
    const lo = c - 0.5 - (w - 1) / 2;
    const hi = c - 0.5 + (w - 1) / 2;
    y = x <= lo ? 0 : x > hi ? 255 : ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
  }
  // Invert before truncating, as dcmtk does for MONOCHROME1 (inverse presentation LUT shape).
  // The 1e-6 absorbs binary round-off (an exact 1.0 computed as 0.99999…), far below a grey level.
  return Math.floor((invertOutput ? 255 - y : y) + 1e-6);
}

/**
 * Modality value of a stored value. dcmtk keeps modality values as integers (truncated toward zero);
 * we do the same whenever that integer grid is finer than the 256 output levels, so the bytes match
 * dcmtk's, and keep fractions otherwise (e.g. a PET slope of 0.001 would otherwise collapse).
 */
export function modalityFn(frame: DecodedFrame): (stored: number) => number {
  const { slope, intercept } = frame;
  if (slope === 1 && Number.isInteger(intercept)) return (s) => s + intercept;
  const span = Math.abs((frame.maxStored - frame.minStored) * slope);
  if (span >= 256) return (s) => Math.trunc(s * slope + intercept);
  return (s) => s * slope + intercept;
}

function inverted(frame: DecodedFrame, invert: boolean | undefined): boolean {
  return (frame.photometric === 'MONOCHROME1') !== Boolean(invert);
}

function modalityRange(frame: DecodedFrame): [number, number] {
  const modality = modalityFn(frame);
  const a = modality(frame.minStored);
  const b = modality(frame.maxStored);
  return a <= b ? [a, b] : [b, a];
}

/**
 * The window to use when the user has not chosen one: the file's first window, else for 8-bit grey the
 * full stored range (so 8-bit pictures are shown as they are), else min–max of the modality values.
 */
export function defaultWindow(frame: DecodedFrame, info?: Pick<ImageInfo, 'windows'> | Window[] | null): Window {
  const windows = Array.isArray(info) ? info : (info?.windows ?? []);
  if (windows.length > 0) return windows[0];
  if (frame.channels === 1 && frame.bitsStored <= 8 && frame.minStored >= 0) {
    const a = frame.intercept;
    const b = (2 ** frame.bitsStored - 1) * frame.slope + frame.intercept;
    return { center: (a + b + 1) / 2, width: Math.abs(b - a) + 1 };
  }
  return minMaxWindow(frame);
}

/** The window spanning the modality values actually present (dcmtk's +Wm). */
export function minMaxWindow(frame: DecodedFrame): Window {
  const [lo, hi] = modalityRange(frame);
  // The +1 makes the extreme values land exactly on 0 and 255 under the C.11.2.1.2.1 formula.
  return { center: (lo + hi + 1) / 2, width: Math.max(1, hi - lo + 1) };
}

export interface VoiLut {
  /** Stored value that lut[0] maps. */
  firstValue: number;
  /** 8-bit output for stored values firstValue … firstValue + lut.length − 1. */
  lut: Uint8Array;
}

/** Window as a lookup table over the frame's stored range (what cornerstone-core draws on screen). */
export function buildVoiLut(frame: DecodedFrame, window: Window | null, invert?: boolean): VoiLut {
  const win = window ?? defaultWindow(frame);
  const first = Math.floor(frame.minStored);
  const n = Math.max(1, Math.floor(frame.maxStored) - first + 1);
  const lut = new Uint8Array(n);
  const flip = inverted(frame, invert);
  const modality = modalityFn(frame);
  for (let i = 0; i < n; i++) lut[i] = voi(modality(first + i), win, flip);
  return { firstValue: first, lut };
}

const LUT_LIMIT = 1 << 24;

/** Grey frame → one byte per pixel (colour frames: use toRGBA8). */
export function windowToGrey8(frame: DecodedFrame, window: Window | null, invert?: boolean): Uint8Array {
  if (frame.channels !== 1) throw new Error('windowToGrey8 needs a grey frame; use toRGBA8 for colour');
  const n = frame.width * frame.height;
  const out = new Uint8Array(n);
  const data = frame.data;
  const integer = !(data instanceof Float32Array);
  if (integer && frame.maxStored - frame.minStored < LUT_LIMIT) {
    const { firstValue, lut } = buildVoiLut(frame, window, invert);
    for (let i = 0; i < n; i++) out[i] = lut[data[i] - firstValue];
    return out;
  }
  const win = window ?? defaultWindow(frame);
  const flip = inverted(frame, invert);
  const modality = modalityFn(frame);
  for (let i = 0; i < n; i++) out[i] = voi(modality(data[i]), win, flip);
  return out;
}

/**
 * Any frame → RGBA8 for a canvas. Grey: windowed as windowToGrey8. Colour: 8-bit samples as they
 * are (a window, when given, is applied per channel — used for 16-bit rasters), 16-bit ones scaled down.
 */
export function toRGBA8(frame: DecodedFrame, window: Window | null, invert?: boolean): Uint8ClampedArray {
  const n = frame.width * frame.height;
  const out = new Uint8ClampedArray(n * 4);
  if (frame.channels === 1) {
    const g = windowToGrey8(frame, window, invert);
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      out[o] = out[o + 1] = out[o + 2] = g[i];
      out[o + 3] = 255;
    }
    return out;
  }
  const ch = frame.channels;
  const data = frame.data;
  const shift = Math.max(0, frame.bitsStored - 8);
  let map: (v: number) => number;
  const flip = Boolean(invert);
  if (window) map = (v) => voi(v, window, flip);
  else if (shift > 0) map = flip ? (v) => 255 - (v >> shift) : (v) => v >> shift;
  else map = flip ? (v) => 255 - v : (v) => v;
  for (let i = 0, o = 0, s = 0; i < n; i++, o += 4, s += ch) {
    for (let c = 0; c < 3; c++) out[o + c] = map(data[s + c]);
    out[o + 3] = ch === 4 ? (shift > 0 ? data[s + 3] >> shift : data[s + 3]) : 255;
  }
  return out;
}
