// Full, region and preview decodes. All pixel coordinates are of the upright image (orientation applied).
import sharp from 'sharp';
import type { DecodedFrame } from '../../../shared/imaging/types';
import { greyValuesFrame, toFrame } from './frame';
import { isOwnSampleTiff, readSampleTiff } from './tiff-samples';
import { resampleNearest } from '../region';
import { checkOutputSize } from '../limits';
import { MAX_DECODE_PIXELS, MAX_STREAM_PIXELS } from './limits';
import { openRaster } from './open';
import { swapsAxes, uprightRectToStored, type Rect } from './orientation';
import { levelFor, pyramidLevels } from './pyramid';

/** float64 and signed 8/16-bit TIFFs, which libvips refuses or clips, decode whole through tiff-samples.ts. */
function ownSampleFrame(bytes: Uint8Array): DecodedFrame {
  const f = readSampleTiff(bytes);
  return { ...greyValuesFrame(f.data, f.width, f.height, f.bits), minStored: f.min, maxStored: f.max };
}

export async function decodeRaster(bytes: Uint8Array, page = 0): Promise<DecodedFrame> {
  if (isOwnSampleTiff(bytes)) return ownSampleFrame(bytes);
  const src = await openRaster(bytes, page, MAX_DECODE_PIXELS, 'a full decode');
  return toFrame(src, bytes, (s) => s.autoOrient());
}

/**
 * A region of the upright image, resampled to `outWidth` pixels wide (height keeps the aspect).
 * The region is cut from the stored grid first and only that piece is rotated, so a corner of a
 * 100+ MP tiled TIFF costs the tiles under it, not the whole image.
 */
export async function readRasterRegion(bytes: Uint8Array, region: Rect, outWidth: number, page = 0): Promise<DecodedFrame> {
  if (isOwnSampleTiff(bytes)) {
    const f = ownSampleFrame(bytes);
    const r = clampRect(region, f.width, f.height);
    if (!(Number.isFinite(outWidth) && outWidth >= 1)) throw new RangeError(`outWidth must be ≥ 1, got ${outWidth}`);
    return resampleNearest(f, r, Math.round(outWidth));
  }
  const src = await openRaster(bytes, page, MAX_STREAM_PIXELS, 'a region read');
  const [uw, uh] = swapsAxes(src.orientation) ? [src.height, src.width] : [src.width, src.height];
  const r = clampRect(region, uw, uh);
  if (!(Number.isFinite(outWidth) && outWidth >= 1)) throw new RangeError(`outWidth must be ≥ 1, got ${outWidth}`);
  const outW = Math.round(outWidth);
  const outH = Math.max(1, Math.round((r.h * outW) / r.w));
  checkOutputSize('a region output', outW, outH);
  // A reduced read of a pyramid comes from the smallest level that still has the pixels asked for.
  const levels =
    page === 0 && src.orientation === 1 && outW < r.w ? await pyramidLevels(bytes, src.format, src.pages, src.width, src.height) : null;
  const level = levels ? levelFor(levels, outW / r.w) : null;
  if (level && level.page !== 0) {
    const lv = await openRaster(bytes, level.page, MAX_STREAM_PIXELS, 'a region read');
    const fx = level.width / src.width,
      fy = level.height / src.height;
    const x0 = Math.floor(r.x * fx),
      y0 = Math.floor(r.y * fy);
    const x1 = Math.min(level.width, Math.max(x0 + 1, Math.ceil((r.x + r.w) * fx))),
      y1 = Math.min(level.height, Math.max(y0 + 1, Math.ceil((r.y + r.h) * fy)));
    return toFrame(lv, bytes, (s) => {
      const p = s.extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 });
      return x1 - x0 === outW && y1 - y0 === outH ? p : p.resize(outW, outH, { fit: 'fill', kernel: 'lanczos3' });
    });
  }
  const stored = uprightRectToStored(src.orientation, r, src.width, src.height);
  return toFrame(src, bytes, (s) => {
    let p = s.extract({ left: stored.x, top: stored.y, width: stored.w, height: stored.h });
    // Sizes given to resize are upright ones: sharp applies the orientation before resizing.
    if (outW !== r.w || outH !== r.h) p = p.resize(outW, outH, { fit: 'fill', kernel: outW > r.w ? 'nearest' : 'lanczos3' });
    return p.autoOrient();
  });
}

/** The whole upright image scaled to fit maxSide (never enlarged): what the renderer shows first. */
export async function readRasterPreview(bytes: Uint8Array, maxSide: number, page = 0): Promise<DecodedFrame> {
  if (!(Number.isFinite(maxSide) && maxSide >= 1)) throw new RangeError(`maxSide must be ≥ 1, got ${maxSide}`);
  if (isOwnSampleTiff(bytes)) {
    const f = ownSampleFrame(bytes);
    const k = Math.min(1, Math.round(maxSide) / Math.max(f.width, f.height));
    // Nearest keeps values exact; the full image's min and max stay (screen = export default window).
    const r = k >= 1 ? f : resampleNearest(f, { x: 0, y: 0, w: f.width, h: f.height }, Math.max(1, Math.round(f.width * k)));
    return { ...r, minStored: f.minStored, maxStored: f.maxStored };
  }
  const src = await openRaster(bytes, page, MAX_STREAM_PIXELS, 'a preview');
  const side = Math.round(maxSide);
  // The real output (fit inside, never enlarged) is what gets allocated, so that is what is capped.
  const [uw, uh] = swapsAxes(src.orientation) ? [src.height, src.width] : [src.width, src.height];
  const k = Math.min(1, side / Math.max(uw, uh));
  checkOutputSize('a preview', Math.max(1, Math.round(uw * k)), Math.max(1, Math.round(uh * k)));
  if (k < 1 && page === 0 && src.orientation === 1) {
    const levels = await pyramidLevels(bytes, src.format, src.pages, src.width, src.height);
    const level = levels ? levelFor(levels, k) : null;
    if (level && level.page !== 0) {
      const lv = await openRaster(bytes, level.page, MAX_STREAM_PIXELS, 'a preview');
      const w = Math.max(1, Math.round(uw * k)),
        h = Math.max(1, Math.round(uh * k));
      return fullRange(
        await toFrame(lv, bytes, (s) => (level.width === w && level.height === h ? s : s.resize(w, h, { fit: 'fill' }))),
        bytes,
        page,
        k,
      );
    }
  }
  return fullRange(
    await toFrame(src, bytes, (s) => s.autoOrient().resize(side, side, { fit: 'inside', withoutEnlargement: true })),
    bytes,
    page,
    k,
  );
}

/**
 * A reduced 16-bit preview carries the full image's min and max, not its own: its default
 * window (min–max) must be the one the export computes from the full-resolution pixels, or the
 * screen and the export would differ.
 */
async function fullRange(frame: DecodedFrame, bytes: Uint8Array, page: number, k: number): Promise<DecodedFrame> {
  if (k >= 1 || frame.bitsStored <= 8) return frame;
  const st = await sharp(bytes, { page, limitInputPixels: false }).stats();
  const chans = st.channels.slice(0, Math.min(frame.channels, 3));
  return { ...frame, minStored: Math.min(...chans.map((c) => c.min)), maxStored: Math.max(...chans.map((c) => c.max)) };
}

function clampRect(r: Rect, W: number, H: number): Rect {
  if (![r.x, r.y, r.w, r.h].every(Number.isFinite)) throw new RangeError('region has a non-finite coordinate');
  const x0 = Math.max(0, Math.floor(r.x)),
    y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(W, Math.ceil(r.x + r.w)),
    y1 = Math.min(H, Math.ceil(r.y + r.h));
  if (x1 <= x0 || y1 <= y0) throw new RangeError(`region ${JSON.stringify(r)} lies outside the ${W}×${H} image`);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
