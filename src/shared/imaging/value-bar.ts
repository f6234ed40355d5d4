// The colour/value bar of a windowed panel: the grey ramp the window gives, with tick values in real
// units (HU for CT, the rescale type otherwise). Pure maths; the scene draws it (src/scene/value-bar.ts).
import type { Window } from './types';
import { voi } from './window';

export interface ValueBarTick {
  value: number;
  /** 0 at the low end of the bar, 1 at the high end. */
  fraction: number;
  label: string;
}

export interface ValueBarModel {
  low: number;
  high: number;
  /** Grey level (0–255) of each of `steps` equal slices of the bar, low end first. */
  greys: number[];
  ticks: ValueBarTick[];
  units: string;
}

/** The window a display shows: its own window, else its 16-bit display range (as display.ts). */
export function displayedWindow(display: { window: Window | null; range: { min: number; max: number } | null }): Window | null {
  if (display.window) return display.window;
  const r = display.range;
  if (r && r.max > r.min) return { center: (r.min + r.max + 1) / 2, width: r.max - r.min + 1 };
  return null;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

function format(v: number, step: number): string {
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  const s = v.toFixed(digits);
  // A typographic minus, as journals print it.
  return (s === '-0' ? '0' : s).replace(/^-/, '\u2212');
}

/**
 * The bar for `win` (modality units): from the value that maps to black to the one that maps to
 * white (PS3.3 C.11.2.1.2.1), `steps` slices of the grey ramp, and "nice" ticks in between.
 */
export function valueBarModel(
  win: Window,
  units: string,
  opts: { inverted?: boolean; steps?: number; ticks?: number } = {},
): ValueBarModel {
  const w = Math.max(1, win.width);
  const low = win.center - 0.5 - (w - 1) / 2;
  const high = win.center - 0.5 + (w - 1) / 2;
  const steps = opts.steps ?? 64;
  const greys: number[] = [];
  for (let i = 0; i < steps; i++) greys.push(voi(low + ((i + 0.5) / steps) * (high - low), win, opts.inverted));
  const step = niceStep(high - low, opts.ticks ?? 4);
  const ticks: ValueBarTick[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) {
    const value = Math.abs(v) < step * 1e-9 ? 0 : v;
    ticks.push({ value, fraction: (value - low) / (high - low || 1), label: format(value, step) });
  }
  if (ticks.length && units) ticks[ticks.length - 1].label += ` ${units}`;
  return { low, high, greys, ticks, units };
}
