// One way to write a window, everywhere a person reads one.
//
// On screen: "C 40 / W 400". "40/400" is read centre-first by some viewers and width-first by
// others ("W/L 400/40"), so a bare pair is ambiguous; a letter on each number is not, and C and
// W match DICOM's Window Center / Window Width and the Centre / Width fields beside it. ("L" for
// level is avoided: "WL" is read both as "window level" and as "window/level".)
// In published text (legend, alt text) the words are written out, with the unit when it is known.
import type { Window } from './types';
import { formatNumber } from '../calibration/units';

/** A window value for the screen: at most two decimals, no trailing zeros, a plain minus. */
function screenNumber(v: number): string {
  const r = Math.round(v * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/** "C 40 / W 400": the window as every part of the UI shows it. */
export function formatWindow(w: Window): string {
  return `C ${screenNumber(w.center)} / W ${screenNumber(w.width)}`;
}

/** A number for typeset text: a true minus sign (U+2212), as the value bar prints it. */
function textNumber(v: number): string {
  return formatNumber(v, 6).replace(/^-/, '\u2212');
}

/**
 * The window in words for a legend or alt text: "window centre 40 HU, width 400 HU";
 * without a unit (values that are not Hounsfield units): "window centre 2048, width 4096".
 */
export function describeWindow(w: Window, unit: string | null | undefined): string {
  const u = unit ? ` ${unit}` : '';
  return `window centre ${textNumber(w.center)}${u}, width ${textNumber(w.width)}${u}`;
}
