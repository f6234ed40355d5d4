// The Image Pixel module (PS3.3 C.7.6.3) as numbers, checked before any pixel is touched.
import type { DataSet } from 'dicom-parser';
import { ImageError } from '../../../shared/imaging/types';

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

/** All values of a multi-valued DS/IS (NaN for unreadable ones). */
export function decimals(ds: DataSet, tag: string): number[] {
  const n = ds.elements[tag] ? (ds.numStringValues(tag) ?? 0) : 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(decimal(ds, tag, i) ?? Number.NaN);
  return out;
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
  if (!(frames >= 1) || Number.isNaN(frames)) throw new ImageError(`NumberOfFrames ${framesRaw} is not a positive number`, 'corrupt');
  const photometric = (str(ds, 'x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase();
  const slope = decimal(ds, 'x00281053');
  const intercept = decimal(ds, 'x00281052');
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
    // A zero slope would flatten the image; dcmtk ignores it too.
    slope: slope === undefined || slope === 0 || Number.isNaN(slope) ? 1 : slope,
    intercept: intercept === undefined || Number.isNaN(intercept) ? 0 : intercept,
  };
}
