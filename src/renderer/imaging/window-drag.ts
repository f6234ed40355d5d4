// Window/level by dragging, as OHIF/Weasis do: horizontal = width, vertical = centre. One
// function for the series viewer and the figure canvas's Window tool, so both feel the same.
import type { DecodedFrame, Window } from '../../shared/imaging/types';
import { modalityFn } from '../../shared/imaging/window';

/** Modality units per screen pixel: ~4 HU/px for a 12-bit CT, finer for narrow-range images. */
export function dragSensitivity(frame: Pick<DecodedFrame, 'minStored' | 'maxStored' | 'slope' | 'intercept'> | undefined): number {
  if (!frame) return 1;
  const m = modalityFn(frame as DecodedFrame);
  const span = Math.abs(m(frame.maxStored) - m(frame.minStored));
  return Math.max(span / 1024, 0.05);
}

export function dragWindow(start: Window, dxPx: number, dyPx: number, perPx: number): Window {
  return {
    center: round(start.center + dyPx * perPx),
    width: Math.max(1, round(start.width + dxPx * perPx)),
  };
}

// Whole numbers for integer-valued images (what a reader of the legend expects); 2 decimals otherwise.
function round(v: number): number {
  return Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 100) / 100;
}
