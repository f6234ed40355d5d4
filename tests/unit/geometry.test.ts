import { describe, expect, it } from 'vitest';
import {
  applyMatrix,
  cosSinDeg,
  invertMatrix,
  mmPerViewPxX,
  multiplyMatrix,
  panelTransform,
  type Vec,
} from '../../src/shared/geometry/transform';

const geo = (
  o: Partial<{ crop: { x: number; y: number; w: number; h: number } | null; rotation: number; flipH: boolean; flipV: boolean }> = {},
) => ({
  crop: null,
  rotation: 0,
  flipH: false,
  flipV: false,
  ...o,
});

function close(a: Vec, b: Vec, eps = 1e-9): void {
  expect(Math.abs(a[0] - b[0])).toBeLessThan(eps);
  expect(Math.abs(a[1] - b[1])).toBeLessThan(eps);
}

// Small deterministic PRNG so failures reproduce.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('panelTransform', () => {
  it('is the identity for a whole, unrotated image', () => {
    const t = panelTransform(geo(), 200, 100);
    expect([t.viewWidth, t.viewHeight]).toEqual([200, 100]);
    close(t.toView([37, 81]), [37, 81]);
    expect(t.matrix).toEqual([1, 0, -0, 1, 0, 0]);
  });

  it('moves the crop origin to the view origin', () => {
    const t = panelTransform(geo({ crop: { x: 10, y: 20, w: 100, h: 50 } }), 500, 500);
    expect([t.viewWidth, t.viewHeight]).toEqual([100, 50]);
    close(t.toView([10, 20]), [0, 0]);
    close(t.toView([110, 70]), [100, 50]);
  });

  it('rotates 90° clockwise with an exact, swapped view size', () => {
    const t = panelTransform(geo({ rotation: 90 }), 200, 100);
    expect(t.viewWidth).toBe(100);
    expect(t.viewHeight).toBe(200);
    // Top-left of the source goes to the top-right of the view; (x, y) → (H − y, x).
    close(t.toView([0, 0]), [100, 0]);
    close(t.toView([30, 10]), [90, 30]);
  });

  it('applies the flip before the rotation (rotate 90 + flipH)', () => {
    const t = panelTransform(geo({ rotation: 90, flipH: true }), 200, 100);
    // flipH: (x, y) → (W − x, y); then 90° cw: (u, v) → (H − v, u) ⇒ (H − y, W − x).
    close(t.toView([0, 0]), [100, 200]);
    close(t.toView([30, 10]), [90, 170]);
  });

  it('rotates 180 and 270 (= −90)', () => {
    const t180 = panelTransform(geo({ rotation: 180 }), 200, 100);
    close(t180.toView([30, 10]), [170, 90]);
    const t270 = panelTransform(geo({ rotation: -90 }), 200, 100);
    expect([t270.viewWidth, t270.viewHeight]).toEqual([100, 200]);
    close(t270.toView([30, 10]), [10, 170]);
  });

  it('flipV mirrors about the crop centre', () => {
    const t = panelTransform(geo({ flipV: true, crop: { x: 50, y: 50, w: 100, h: 40 } }), 400, 400);
    close(t.toView([60, 50]), [10, 40]);
  });

  it('gives the bounding box of a 45° rotation', () => {
    const t = panelTransform(geo({ rotation: 45 }), 100, 100);
    expect(t.viewWidth).toBeCloseTo(100 * Math.SQRT2, 9);
    expect(t.viewHeight).toBeCloseTo(100 * Math.SQRT2, 9);
    // Source top-left corner is rotated to the top-centre of the view.
    close(t.toView([0, 0]), [t.viewWidth / 2, 0], 1e-9);
  });

  it('round-trips source → view → source for random crops, rotations and flips', () => {
    const rnd = mulberry32(42);
    for (let i = 0; i < 500; i++) {
      const W = 10 + Math.floor(rnd() * 5000);
      const H = 10 + Math.floor(rnd() * 5000);
      const crop = rnd() < 0.2 ? null : { x: rnd() * W * 0.5, y: rnd() * H * 0.5, w: 1 + rnd() * W * 0.5, h: 1 + rnd() * H * 0.5 };
      const rotation = rnd() < 0.3 ? 90 * Math.floor(rnd() * 8 - 4) : (rnd() - 0.5) * 720;
      const t = panelTransform(geo({ crop, rotation, flipH: rnd() < 0.5, flipV: rnd() < 0.5 }), W, H);
      const p: Vec = [rnd() * W, rnd() * H];
      const back = t.fromView(t.toView(p));
      expect(Math.abs(back[0] - p[0])).toBeLessThan(1e-6);
      expect(Math.abs(back[1] - p[1])).toBeLessThan(1e-6);
      // The matrix is the same map as toView (one Konva transform for image and annotations).
      const viaMatrix = applyMatrix(t.matrix, p);
      const viaFn = t.toView(p);
      expect(Math.abs(viaMatrix[0] - viaFn[0])).toBeLessThan(1e-9);
      // The crop's corners span exactly the view box.
      const xs = t.cropPolygon.map((c) => c[0]);
      const ys = t.cropPolygon.map((c) => c[1]);
      const tol = 1e-6 * Math.max(W, H);
      expect(Math.abs(Math.min(...xs))).toBeLessThan(tol);
      expect(Math.abs(Math.max(...xs) - t.viewWidth)).toBeLessThan(tol);
      expect(Math.abs(Math.min(...ys))).toBeLessThan(tol);
      expect(Math.abs(Math.max(...ys) - t.viewHeight)).toBeLessThan(tol);
    }
  });

  it('rejects an empty crop', () => {
    expect(() => panelTransform(geo({ crop: { x: 0, y: 0, w: 0, h: 10 } }), 100, 100)).toThrow(/positive/);
  });
});

describe('matrix helpers', () => {
  it('inverts and multiplies', () => {
    const m = panelTransform(geo({ rotation: 33, flipH: true, crop: { x: 5, y: 7, w: 50, h: 80 } }), 100, 100).matrix;
    const id = multiplyMatrix(m, invertMatrix(m));
    [1, 0, 0, 1, 0, 0].forEach((v, i) => expect(id[i]).toBeCloseTo(v, 12));
  });

  it('has exact cos/sin at right angles', () => {
    expect(cosSinDeg(90)).toEqual([0, 1]);
    expect(cosSinDeg(-90)).toEqual([0, -1]);
    expect(cosSinDeg(450)).toEqual([0, 1]);
    expect(cosSinDeg(180)).toEqual([-1, 0]);
  });

  it('mm per horizontal view px follows rotation on non-square pixels', () => {
    expect(mmPerViewPxX(0, 0.1, 0.2)).toBeCloseTo(0.1, 12);
    expect(mmPerViewPxX(90, 0.1, 0.2)).toBeCloseTo(0.2, 12);
    expect(mmPerViewPxX(45, 0.1, 0.2)).toBeCloseTo(Math.hypot(0.1, 0.2) / Math.SQRT2, 12);
  });
});
