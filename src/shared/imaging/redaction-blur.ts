// The blur a redaction can be instead of a black box (a face, mostly): strong enough that what is
// under it cannot be recognised or recovered. The region is reduced to a coarse grid of block
// means (BLUR_CELLS blocks along its longer side) and drawn back with bilinear interpolation
// between the block centres: it looks like a blur, yet every output pixel depends only on those
// few means, so no deconvolution can bring the detail back (a Gaussian of the same look could be
// partly inverted). Pure: the export burns it into the source pixels, the screen draws the same
// function's result over the panel (src/scene/figure-scene.ts).

/** Blocks along the longer side of the region: about eight across a face leaves it unrecognisable. */
export const BLUR_CELLS = 8;

export interface BlurBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Whole pixels of a box (any sign of w/h) inside a width × height image; null when empty. */
export function clipBox(b: BlurBox, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const x0 = Math.max(0, Math.floor(Math.min(b.x, b.x + b.w)));
  const y0 = Math.max(0, Math.floor(Math.min(b.y, b.y + b.h)));
  const x1 = Math.min(width, Math.ceil(Math.max(b.x, b.x + b.w)));
  const y1 = Math.min(height, Math.ceil(Math.max(b.y, b.y + b.h)));
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
}

/**
 * Blurs `box` of an RGBA image in place (alpha set opaque). `cellPx`: the block size in this
 * image's pixels; default: the region's longer side / BLUR_CELLS (at least 2 px).
 */
export function blurRegion(rgba: Uint8ClampedArray, width: number, height: number, box: BlurBox, cellPx?: number): void {
  const r = clipBox(box, width, height);
  if (!r) return;
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  const cell = Math.max(2, cellPx ?? Math.ceil(Math.max(Math.abs(box.w), Math.abs(box.h)) / BLUR_CELLS));
  const cols = Math.max(1, Math.ceil(w / cell));
  const rows = Math.max(1, Math.ceil(h / cell));
  // Block means (RGB) and their centres.
  const mean = new Float64Array(cols * rows * 3);
  for (let by = 0; by < rows; by++)
    for (let bx = 0; bx < cols; bx++) {
      const ys = by * cell;
      const ye = Math.min(h, ys + cell);
      const xs = bx * cell;
      const xe = Math.min(w, xs + cell);
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let y = ys; y < ye; y++)
        for (let x = xs; x < xe; x++) {
          const i = ((r.y0 + y) * width + r.x0 + x) * 4;
          sr += rgba[i];
          sg += rgba[i + 1];
          sb += rgba[i + 2];
        }
      const n = (ye - ys) * (xe - xs);
      const k = (by * cols + bx) * 3;
      mean[k] = sr / n;
      mean[k + 1] = sg / n;
      mean[k + 2] = sb / n;
    }
  const centre = (i: number, len: number) => (i * cell + Math.min(len, (i + 1) * cell)) / 2 - 0.5;
  // Bilinear between block centres (clamped at the region's edges).
  const colAt = new Int32Array(w);
  const colT = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    let c = Math.min(cols - 1, Math.floor(x / cell));
    if (x < centre(c, w) && c > 0) c--;
    const c1 = Math.min(cols - 1, c + 1);
    const a = centre(c, w);
    const b = centre(c1, w);
    colAt[x] = c;
    colT[x] = c1 === c ? 0 : Math.min(1, Math.max(0, (x - a) / (b - a)));
  }
  for (let y = 0; y < h; y++) {
    let rr = Math.min(rows - 1, Math.floor(y / cell));
    if (y < centre(rr, h) && rr > 0) rr--;
    const r1 = Math.min(rows - 1, rr + 1);
    const a = centre(rr, h);
    const b = centre(r1, h);
    const ty = r1 === rr ? 0 : Math.min(1, Math.max(0, (y - a) / (b - a)));
    for (let x = 0; x < w; x++) {
      const c = colAt[x];
      const c1 = Math.min(cols - 1, c + 1);
      const tx = colT[x];
      const i = ((r.y0 + y) * width + r.x0 + x) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const top = mean[(rr * cols + c) * 3 + ch] * (1 - tx) + mean[(rr * cols + c1) * 3 + ch] * tx;
        const bot = mean[(r1 * cols + c) * 3 + ch] * (1 - tx) + mean[(r1 * cols + c1) * 3 + ch] * tx;
        rgba[i + ch] = Math.round(top * (1 - ty) + bot * ty);
      }
      rgba[i + 3] = 255;
    }
  }
}
