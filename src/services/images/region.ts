// Region and preview reads for every format. Rasters stream through libvips (a corner of a 100+ MP
// tiled TIFF costs the tiles under it); a DICOM frame is small enough (≤ 65535² by its header,
// capped by the decode budget) to decode whole and cut/scale here. Runs inside the decode worker.
import { ImageError, type DecodedFrame, type PixelArray } from '../../shared/imaging/types';
import { dicomDecoder, rasterDecoder, sniff } from './decode';
import { checkOutputSize } from './limits';
import { inUserWords } from './errors';
import type { Rect } from './raster';

export async function readPreview(bytes: Uint8Array, frame: number, maxSide: number): Promise<DecodedFrame> {
  return inUserWords(() => preview(bytes, frame, maxSide));
}

export async function readRegion(bytes: Uint8Array, frame: number, region: Rect, outWidth: number): Promise<DecodedFrame> {
  return inUserWords(() => regionOf(bytes, frame, region, outWidth));
}

async function preview(bytes: Uint8Array, frame: number, maxSide: number): Promise<DecodedFrame> {
  if (sniff(bytes) === 'raster') return (await rasterDecoder()).readRasterPreview(bytes, maxSide, frame);
  const f = await (await dicomDecoder()).decodeDicom(bytes, frame);
  const k = Math.min(1, maxSide / Math.max(f.width, f.height));
  if (k >= 1) return f;
  return resampleNearest(f, { x: 0, y: 0, w: f.width, h: f.height }, Math.max(1, Math.round(f.width * k)));
}

async function regionOf(bytes: Uint8Array, frame: number, region: Rect, outWidth: number): Promise<DecodedFrame> {
  if (sniff(bytes) === 'raster') return (await rasterDecoder()).readRasterRegion(bytes, region, outWidth, frame);
  const f = await (await dicomDecoder()).decodeDicom(bytes, frame);
  const x0 = Math.max(0, Math.floor(region.x)),
    y0 = Math.max(0, Math.floor(region.y));
  const x1 = Math.min(f.width, Math.ceil(region.x + region.w)),
    y1 = Math.min(f.height, Math.ceil(region.y + region.h));
  if (x1 <= x0 || y1 <= y0)
    throw new ImageError(`region ${JSON.stringify(region)} lies outside the ${f.width}×${f.height} image`, 'no-pixels');
  return resampleNearest(f, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, Math.max(1, Math.round(outWidth)));
}

/**
 * Nearest-neighbour crop + scale of a decoded frame. Nearest keeps stored values exact (a window
 * or HU readout on the region means the same as on the full frame).
 */
export function resampleNearest(f: DecodedFrame, r: Rect, outW: number): DecodedFrame {
  const outH = Math.max(1, Math.round((r.h * outW) / r.w));
  checkOutputSize('a region output', outW, outH);
  const c = f.channels;
  const Ctor = f.data.constructor as new (n: number) => PixelArray;
  const data = new Ctor(outW * outH * c);
  let min = Infinity,
    max = -Infinity;
  for (let j = 0; j < outH; j++) {
    const sy = r.y + Math.min(r.h - 1, Math.floor(((j + 0.5) * r.h) / outH));
    for (let i = 0; i < outW; i++) {
      const sx = r.x + Math.min(r.w - 1, Math.floor(((i + 0.5) * r.w) / outW));
      const s = (sy * f.width + sx) * c,
        o = (j * outW + i) * c;
      for (let k = 0; k < c; k++) {
        const v = f.data[s + k];
        data[o + k] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return { ...f, width: outW, height: outH, data, minStored: min === Infinity ? 0 : min, maxStored: max === -Infinity ? 0 : max };
}
