// Turn any decoded frame into the 8-bit grey image OCR reads (windowed as displayed, MONOCHROME1
// inverted) or the RGB image the face detector reads, at a working scale: small images are enlarged
// (Tesseract reads glyphs of 20–30 px best) and huge ones reduced, so time stays bounded.
import type { DecodedFrame, ImageInfo } from '../../shared/imaging/types';
import { defaultWindow, windowToGrey8 } from '../../shared/imaging/window';

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Grey as the screen shows it by default (DICOM window, else min–max); colour by Rec. 601 luma. */
export function toGrey(frame: DecodedFrame, info?: Pick<ImageInfo, 'windows'> | null): GreyImage {
  const { width, height } = frame;
  if (frame.channels === 1) return { data: windowToGrey8(frame, defaultWindow(frame, info ?? null)), width, height };
  const n = width * height;
  const c = frame.channels;
  const div = frame.bitsStored > 8 ? 257 : 1;
  const out = new Uint8Array(n);
  const d = frame.data;
  for (let i = 0; i < n; i++) out[i] = Math.round((0.299 * d[i * c] + 0.587 * d[i * c + 1] + 0.114 * d[i * c + 2]) / div);
  return { data: out, width, height };
}

/** 8-bit RGB (3 channels) of a colour frame, or null for grey frames. */
export function toRgb8(frame: DecodedFrame): GreyImage | null {
  if (frame.channels === 1) return null;
  const n = frame.width * frame.height;
  const c = frame.channels;
  const div = frame.bitsStored > 8 ? 257 : 1;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = frame.data[i * c] / div;
    out[i * 3 + 1] = frame.data[i * c + 1] / div;
    out[i * 3 + 2] = frame.data[i * c + 2] / div;
  }
  return { data: out, width: frame.width, height: frame.height };
}

/**
 * The scale OCR works at: ×2 for images up to 1024 px (overlay text on a 512² CT is ~10–14 px
 * high, too small for Tesseract's LSTM), 1 up to `maxSide`, and down to `maxSide` beyond.
 */
export function ocrScale(width: number, height: number, maxSide = 2048): number {
  const side = Math.max(width, height);
  if (side <= 1024) return 2;
  if (side <= maxSide) return 1;
  return maxSide / side;
}

/** Nearest-neighbour enlargement or area-average reduction of a grey image (one channel). */
export function resample(img: GreyImage, scale: number): GreyImage {
  if (scale === 1) return img;
  const W = Math.max(1, Math.round(img.width * scale));
  const H = Math.max(1, Math.round(img.height * scale));
  const out = new Uint8Array(W * H);
  const sx = img.width / W;
  const sy = img.height / H;
  if (scale > 1) {
    for (let y = 0; y < H; y++) {
      const row = Math.min(img.height - 1, Math.floor(y * sy)) * img.width;
      for (let x = 0; x < W; x++) out[y * W + x] = img.data[row + Math.min(img.width - 1, Math.floor(x * sx))];
    }
    return { data: out, width: W, height: H };
  }
  // Area average: every source pixel counts, so thin strokes survive the reduction as grey.
  for (let y = 0; y < H; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.min(img.height, Math.floor((y + 1) * sy)));
    for (let x = 0; x < W; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.min(img.width, Math.floor((x + 1) * sx)));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += img.data[yy * img.width + xx];
      out[y * W + x] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { data: out, width: W, height: H };
}

export function invert(img: GreyImage): GreyImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - img.data[i];
  return { ...img, data: out };
}

/**
 * Contrast stretch between the 60th and 99.5th percentiles, inverted: text that is only a little
 * brighter than the anatomy under it (white on light grey, labels over bone) becomes dark on white.
 */
export function stretchBright(img: GreyImage): GreyImage {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]++;
  const at = (q: number) => {
    let acc = 0;
    const target = q * img.data.length;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]) >= target) return v;
    return 255;
  };
  const lo = at(0.6);
  const hi = Math.max(lo + 1, at(0.995));
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const t = Math.min(1, Math.max(0, (img.data[i] - lo) / (hi - lo)));
    out[i] = 255 - Math.round(t * 255);
  }
  return { ...img, data: out };
}

/** Binary PGM (P5): Tesseract's Leptonica reads it without any encoding cost. */
export function toPgm(img: GreyImage): Buffer {
  return Buffer.concat([
    Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1'),
    Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength),
  ]);
}
