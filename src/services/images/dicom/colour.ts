// Colour models → interleaved RGB, as dcmtk's dcmimage renders them (DiYBRPixelTemplate, DiPalettePixelTemplate).
import type { DataSet } from 'dicom-parser';
import { ImageError } from '../../../shared/imaging/types';

type Samples = Uint8Array | Uint16Array;

/** Planar (RRR…GGG…BBB…) → interleaved (RGBRGB…). */
export function interleave(planar: Samples, pixels: number): Samples {
  const out = new (planar.constructor as new (n: number) => Samples)(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    out[3 * i] = planar[i];
    out[3 * i + 1] = planar[pixels + i];
    out[3 * i + 2] = planar[2 * pixels + i];
  }
  return out;
}

/** YBR_FULL_422 stores Y1 Y2 Cb Cr for each horizontal pair: repeat the chroma for both pixels. */
export function expand422(packed: Samples, columns: number, rows: number): Samples {
  const out = new (packed.constructor as new (n: number) => Samples)(columns * rows * 3);
  let i = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x += 2) {
      const y1 = packed[i++],
        y2 = packed[i++],
        cb = packed[i++],
        cr = packed[i++];
      const o = 3 * (y * columns + x);
      out[o] = y1;
      out[o + 1] = cb;
      out[o + 2] = cr;
      if (x + 1 < columns) {
        out[o + 3] = y2;
        out[o + 4] = cb;
        out[o + 5] = cr;
      }
    }
  }
  return out;
}

/**
 * Full-range YCbCr (PS3.3 C.7.6.3.1.2, ITU-R BT.601 coefficients) → RGB in place. Same arithmetic as
 * dcmtk's DiYBRPixelTemplate: doubles, clamped, truncated toward zero.
 */
export function ybrFullToRgb(data: Samples, maxValue: number): void {
  for (let i = 0; i < data.length; i += 3) {
    const y = data[i],
      cb = data[i + 1],
      cr = data[i + 2];
    const r = y + 1.402 * cr - 0.701 * maxValue;
    const g = y - 0.3441 * cb - 0.7141 * cr + 0.5291 * maxValue;
    const b = y + 1.772 * cb - 0.8859 * maxValue;
    data[i] = r < 0 ? 0 : r > maxValue ? maxValue : Math.trunc(r);
    data[i + 1] = g < 0 ? 0 : g > maxValue ? maxValue : Math.trunc(g);
    data[i + 2] = b < 0 ? 0 : b > maxValue ? maxValue : Math.trunc(b);
  }
}

interface Lut {
  entries: number;
  first: number;
  bits: number;
  data: Uint16Array | Uint8Array;
}

function readLut(ds: DataSet, descriptorTag: string, dataTag: string, name: string): Lut {
  const desc = ds.elements[descriptorTag];
  const el = ds.elements[dataTag];
  if (!desc || desc.length < 6 || !el) throw new ImageError(`PALETTE COLOR image lacks its ${name} palette LUT`, 'corrupt');
  const entries = ds.uint16(descriptorTag, 0) || 65536;
  // First mapped value is US or SS depending on PixelRepresentation; read it as the pixel would be.
  const first = ds.uint16(descriptorTag, 1) ?? 0;
  const bits = ds.uint16(descriptorTag, 2) ?? 16;
  const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  let data: Uint16Array | Uint8Array;
  if (bits <= 8 && el.length === entries)
    data = new Uint8Array(bytes); // a copy (Buffer.slice would share memory)
  else {
    if (el.length < entries * 2) throw new ImageError(`${name} palette LUT has ${el.length} bytes for ${entries} entries`, 'corrupt');
    data = new Uint16Array(entries);
    for (let i = 0; i < entries; i++) data[i] = ds.byteArrayParser.readUint16(ds.byteArray, el.dataOffset + 2 * i);
    // 8-bit entries stored in 16-bit words: the value is in the low byte.
    if (bits <= 8) data = Uint8Array.from(data, (v) => v & 0xff);
  }
  return { entries, first, bits, data };
}

/** PALETTE COLOR indices → RGB through the Red/Green/Blue Palette Color LUTs (PS3.3 C.7.6.3.1.5). */
export function paletteToRgb(ds: DataSet, indices: ArrayLike<number>): { data: Samples; bits: number } {
  const luts = [
    readLut(ds, 'x00281101', 'x00281201', 'red'),
    readLut(ds, 'x00281102', 'x00281202', 'green'),
    readLut(ds, 'x00281103', 'x00281203', 'blue'),
  ];
  const bits = Math.max(...luts.map((l) => (l.bits <= 8 ? 8 : 16)));
  const out = bits === 8 ? new Uint8Array(indices.length * 3) : new Uint16Array(indices.length * 3);
  for (let c = 0; c < 3; c++) {
    const { entries, first, data } = luts[c];
    const last = entries - 1;
    for (let i = 0; i < indices.length; i++) {
      let k = indices[i] - first;
      k = k < 0 ? 0 : k > last ? last : k;
      out[3 * i + c] = data[k];
    }
  }
  return { data: out, bits };
}
