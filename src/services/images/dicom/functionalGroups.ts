// Enhanced multi-frame objects (Enhanced CT/MR, XA/XRF, breast tomosynthesis…) keep per-frame
// attributes in functional groups (PS3.3 C.7.6.16): each macro is a one-item sequence inside the
// Shared Functional Groups item (every frame) or the frame's Per-frame Functional Groups item
// (that frame only, overriding the shared one). Classic attributes at the top level still win, so
// one lookup serves classic and enhanced objects alike.
import type { DataSet } from 'dicom-parser';
import { decimal, decimals } from './pixelModule';

export const SHARED_FG = 'x52009229';
export const PER_FRAME_FG = 'x52009230';

/** The functional-group macro sequences Medfig reads, for implicit-VR parsing (no VR in the file). */
export const FG_SEQUENCES = [
  SHARED_FG,
  PER_FRAME_FG,
  'x00289110', // PixelMeasuresSequence
  'x00289145', // PixelValueTransformationSequence
  'x00289132', // FrameVOILUTSequence
  'x00209113', // PlanePositionSequence
  'x00209116', // PlaneOrientationSequence
  'x00209111', // FrameContentSequence
  'x00209071', // FrameAnatomySequence
  'x00189476', // XRayGeometrySequence
  'x00189401', // ProjectionPixelCalibrationSequence
];

function firstItem(ds: DataSet | undefined, tag: string, index = 0): DataSet | undefined {
  return ds?.elements[tag]?.items?.[index]?.dataSet;
}

export function isEnhanced(ds: DataSet): boolean {
  return !!ds.elements[SHARED_FG]?.items?.length || !!ds.elements[PER_FRAME_FG]?.items?.length;
}

/** A macro item holding `tag` for `frame`: per-frame first, then shared; any macro sequence is searched. */
function fgSource(ds: DataSet, tag: string, frame: number): DataSet | undefined {
  for (const group of [firstItem(ds, PER_FRAME_FG, frame), firstItem(ds, SHARED_FG)]) {
    if (!group) continue;
    for (const el of Object.values(group.elements)) {
      const item = el.items?.[0]?.dataSet;
      if (item?.elements[tag] && item.elements[tag].length > 0) return item;
    }
  }
  return undefined;
}

/**
 * Where `tag`'s value for `frame` lives: the top-level data set when present (classic objects and
 * enhanced ones that repeat it), else the functional group that holds it, else undefined.
 */
export function attrSource(ds: DataSet, tag: string, frame = 0): DataSet | undefined {
  const top = ds.elements[tag];
  if (top && top.length > 0) return ds;
  return isEnhanced(ds) ? fgSource(ds, tag, frame) : undefined;
}

export function frameDecimal(ds: DataSet, tag: string, frame = 0): number | undefined {
  const src = attrSource(ds, tag, frame);
  return src ? decimal(src, tag) : undefined;
}

export function frameDecimals(ds: DataSet, tag: string, frame = 0): number[] {
  const src = attrSource(ds, tag, frame);
  return src ? decimals(src, tag) : [];
}

export function frameString(ds: DataSet, tag: string, frame = 0): string | undefined {
  const src = attrSource(ds, tag, frame);
  const v = src?.string(tag);
  return v === undefined || v === '' ? undefined : v;
}

/** Frame's Rescale Slope/Intercept (Pixel Value Transformation), with dcmtk's zero-slope rule. */
export function frameRescale(ds: DataSet, frame: number): { slope: number; intercept: number; present: boolean } {
  const slope = frameDecimal(ds, 'x00281053', frame);
  const intercept = frameDecimal(ds, 'x00281052', frame);
  return {
    slope: slope === undefined || slope === 0 || Number.isNaN(slope) ? 1 : slope,
    intercept: intercept === undefined || Number.isNaN(intercept) ? 0 : intercept,
    present: slope !== undefined || intercept !== undefined,
  };
}

function normal(iop: number[]): [number, number, number] {
  const [rx, ry, rz, cx, cy, cz] = iop;
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

function vec(ds: DataSet, tag: string, frame: number, n: number): number[] | null {
  const v = frameDecimals(ds, tag, frame);
  return v.length === n && v.every(Number.isFinite) ? v : null;
}

/**
 * Stored frame indices in display order for an enhanced object: by position along the slice
 * normal (like a series), else by StackID/InStackPositionNumber; null when the file gives neither
 * or the order is already the stored one.
 */
export function frameOrder(ds: DataSet, frames: number): number[] | null {
  if (frames < 2 || !isEnhanced(ds)) return null;
  const idx = Array.from({ length: frames }, (_, i) => i);
  let keys: number[] | null = null;
  const iop = vec(ds, 'x00200037', 0, 6);
  if (iop) {
    const n = normal(iop);
    const k: number[] = [];
    for (const f of idx) {
      const p = vec(ds, 'x00200032', f, 3);
      if (!p) break;
      k.push(p[0] * n[0] + p[1] * n[1] + p[2] * n[2]);
    }
    if (k.length === frames && new Set(k).size > 1) keys = k;
  }
  if (!keys) {
    const k: number[] = [];
    for (const f of idx) {
      const stack = frameDecimal(ds, 'x00209057', f); // InStackPositionNumber
      if (stack === undefined || !Number.isFinite(stack)) break;
      k.push(stack);
    }
    if (k.length === frames) keys = k;
  }
  if (!keys) return null;
  const k = keys;
  idx.sort((a, b) => k[a] - k[b] || a - b);
  return idx.every((v, i) => v === i) ? null : idx;
}
