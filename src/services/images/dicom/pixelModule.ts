// The Image Pixel module (PS3.3 C.7.6.3) as numbers, checked before any pixel is touched.
import type { DataSet } from 'dicom-parser';
import { ImageError } from '../../../shared/imaging/types';
import { frameRescale } from './functionalGroups';

export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  signed: boolean;
  planarConfiguration: number;
  photometric: string;
  frames: number;
  slope: number;
  intercept: number;
}

/** A US value (the parser knows the byte order; implicit VR gives no VR, so callers pick the reader). */
export function us(ds: DataSet, tag: string, index = 0): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2 * (index + 1)) return undefined;
  return ds.uint16(tag, index);
}

/** A DS or IS value: decimal string, one of a backslash-separated list. */
export function decimal(ds: DataSet, tag: string, index = 0): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length === 0) return undefined;
  const text = ds.string(tag, index);
  if (text === undefined || text.trim() === '') return undefined;
  const v = Number(text.trim());
  return Number.isFinite(v) ? v : Number.NaN;
}

/**
 * All values of a multi-valued DS/IS (NaN for unreadable ones). The text is split once: reading
 * value i with ds.string(tag, i) re-splits it each time, quadratic for 30,000 window values.
 */
export function decimals(ds: DataSet, tag: string): number[] {
  const el = ds.elements[tag];
  if (!el || el.length === 0) return [];
  const text = ds.string(tag) ?? '';
  return text.split('\\').map((t) => {
    const s = t.trim();
    if (s === '') return Number.NaN;
    const v = Number(s);
    return Number.isFinite(v) ? v : Number.NaN;
  });
}

/** All values of a multi-valued string, split once (see decimals). */
export function stringValues(ds: DataSet, tag: string): string[] {
  const text = ds.string(tag);
  return text === undefined ? [] : text.split('\\').map((t) => t.trim());
}

export function str(ds: DataSet, tag: string): string | undefined {
  const v = ds.string(tag);
  return v === undefined || v === '' ? undefined : v;
}

export function readPixelModule(ds: DataSet): PixelModule {
  const rows = us(ds, 'x00280010');
  const columns = us(ds, 'x00280011');
  const bitsAllocated = us(ds, 'x00280100');
  if (rows === undefined || columns === undefined || bitsAllocated === undefined) {
    const missing = [
      rows === undefined && 'Rows',
      columns === undefined && 'Columns',
      bitsAllocated === undefined && 'BitsAllocated',
    ].filter(Boolean);
    throw new ImageError(`the DICOM image pixel module is incomplete: ${missing.join(', ')} missing`, 'corrupt');
  }
  if (rows === 0 || columns === 0) throw new ImageError(`the DICOM image has zero size (${columns}×${rows})`, 'corrupt');
  if (![1, 8, 16, 32].includes(bitsAllocated)) {
    throw new ImageError(`BitsAllocated ${bitsAllocated} is not supported (1, 8, 16 or 32)`, 'unsupported');
  }
  const bitsStored = us(ds, 'x00280101') ?? bitsAllocated;
  const highBit = us(ds, 'x00280102') ?? bitsStored - 1;
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit >= bitsAllocated || highBit + 1 < bitsStored) {
    throw new ImageError(`inconsistent bit depth: BitsAllocated ${bitsAllocated}, BitsStored ${bitsStored}, HighBit ${highBit}`, 'corrupt');
  }
  const samplesPerPixel = us(ds, 'x00280002') ?? 1;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw new ImageError(`SamplesPerPixel ${samplesPerPixel} is not supported (1 or 3)`, 'unsupported');
  }
  const framesRaw = decimal(ds, 'x00280008');
  const frames = framesRaw === undefined ? 1 : Math.trunc(framesRaw);
  if (!(frames >= 1) || Number.isNaN(frames)) {
    // Quote the value as found ("1A"), not what parsing made of it (NaN).
    const found = (ds.string('x00280008') ?? '').trim();
    throw new ImageError(
      Number.isNaN(framesRaw) ? `NumberOfFrames "${found}" is not a number` : `NumberOfFrames "${found}" is not a positive number`,
      'corrupt',
    );
  }
  const photometric = (str(ds, 'x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase();
  // Enhanced objects keep the rescale in the Pixel Value Transformation functional group.
  const { slope, intercept } = frameRescale(ds, 0);
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    signed: us(ds, 'x00280103') === 1,
    planarConfiguration: us(ds, 'x00280006') ?? 0,
    photometric,
    frames,
    slope,
    intercept,
  };
}
