// Decoded frame + a panel's display settings → 8-bit RGBA: the one function the screen,
// every export and `medfig render` use, so they give the same bytes.
import type { Display } from '../figure/schema';
import type { DecodedFrame, Window } from './types';
import { toRGBA8, defaultWindow } from './window';

/** The window a panel uses: its own, else its display range (16-bit rasters), else the file's default. */
export function effectiveWindow(
  frame: DecodedFrame,
  display: Pick<Display, 'window' | 'range'>,
  fileWindows: Window[] = [],
): Window | null {
  if (frame.channels !== 1 && frame.bitsStored <= 8) return null;
  if (display.window) return display.window;
  if (display.range && display.range.max > display.range.min) {
    // Same convention as the min–max window: min maps to 0 and max to 255 exactly.
    return { center: (display.range.min + display.range.max + 1) / 2, width: display.range.max - display.range.min + 1 };
  }
  return defaultWindow(frame, fileWindows);
}

/** A 256-entry tone curve for brightness/contrast/gamma (identity at defaults). */
export function toneLut(d: Pick<Display, 'brightness' | 'contrast' | 'gamma'>): Uint8Array | null {
  if (d.brightness === 0 && d.contrast === 0 && d.gamma === 1) return null;
  const lut = new Uint8Array(256);
  // Contrast as a slope about mid-grey (−1…1 → 0…∞), brightness as an offset, then gamma.
  const slope = d.contrast >= 0 ? 1 / Math.max(1e-3, 1 - d.contrast) : 1 + d.contrast;
  for (let i = 0; i < 256; i++) {
    let v = i / 255;
    v = (v - 0.5) * slope + 0.5 + d.brightness;
    v = Math.min(1, Math.max(0, v));
    v = Math.pow(v, 1 / d.gamma);
    lut[i] = Math.round(v * 255);
  }
  return lut;
}

export function renderDisplay(frame: DecodedFrame, display: Display, fileWindows: Window[] = []): Uint8ClampedArray {
  const win = effectiveWindow(frame, display, fileWindows);
  const rgba = toRGBA8(frame, win, display.invert);
  const lut = toneLut(display);
  const sat = display.grayscale ? 0 : display.saturation;
  if (!lut && sat === 1) return rgba;
  for (let i = 0; i < rgba.length; i += 4) {
    let r = rgba[i],
      g = rgba[i + 1],
      b = rgba[i + 2];
    if (lut) {
      r = lut[r];
      g = lut[g];
      b = lut[b];
    }
    if (sat !== 1) {
      // Rec. 709 luma keeps perceived brightness when desaturating.
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      r = y + (r - y) * sat;
      g = y + (g - y) * sat;
      b = y + (b - y) * sat;
    }
    rgba[i] = r;
    rgba[i + 1] = g;
    rgba[i + 2] = b;
  }
  return rgba;
}
