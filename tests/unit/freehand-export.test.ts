// Issue 22: a 100,000-point freehand is drawn at the output's resolution (src/scene/freehand-path.ts)
// instead of point by point. The exported pixels along the stroke must be those of the drawing
// before the change (one Konva.Line with tension over every point), within antialiasing.
import { describe, expect, it } from 'vitest';
import { flattenTensionCurve, simplifyPolyline } from '../../src/scene/freehand-path';
import * as scene from './helpers/freehand-scene';

const { freehandFigure, renderFreehand, spiral } = scene;

/** Distance from (px,py) to the segment a–b. */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const dd = dx * dx + dy * dy;
  const t = dd > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / dd)) : 0;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

describe('freehand simplification', () => {
  it('keeps every input point within the tolerance of the simplified polyline, and drops most of a dense stroke', () => {
    const pts = spiral(20_000).flat();
    const out = simplifyPolyline(pts, 0.5);
    expect(out.length / 2).toBeLessThan(pts.length / 2 / 4);
    expect([out[0], out[1], out.at(-2), out.at(-1)]).toEqual([pts[0], pts[1], pts.at(-2), pts.at(-1)]);
    // The output is a subsequence: each dropped point lies between two consecutive kept points,
    // and within the tolerance of the segment joining them.
    let j = 0;
    let worst = 0;
    for (let i = 1; i < pts.length / 2; i++) {
      const x = pts[2 * i];
      const y = pts[2 * i + 1];
      if (out[2 * (j + 1)] === x && out[2 * (j + 1) + 1] === y) {
        j++;
        continue;
      }
      worst = Math.max(worst, segDist(x, y, out[2 * j], out[2 * j + 1], out[2 * j + 2], out[2 * j + 3]));
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('a stroke that doubles back keeps its turning point (distance to the segment, not the line)', () => {
    expect(simplifyPolyline([0, 0, 10, 0, 5, 0], 0.5)).toEqual([0, 0, 10, 0, 5, 0]);
  });

  it('the flattened tension curve passes through every input point and starts and ends where the stroke does', () => {
    const pts = [0, 0, 40, 10, 80, -20, 120, 30, 160, 0];
    const flat = flattenTensionCurve(pts, 0.4, 0.05);
    for (let i = 0; i < pts.length; i += 2) {
      const hit = Array.from({ length: flat.length / 2 }, (_, k) => Math.hypot(flat[2 * k] - pts[i], flat[2 * k + 1] - pts[i + 1]));
      expect(Math.min(...hit)).toBeLessThan(1e-9);
    }
    expect(flat.length).toBeGreaterThan(pts.length * 4); // curved: more than the chords
  });

  it('the worst case for Douglas–Peucker (a zigzag keeping every point) stays bounded and never recurses', () => {
    // 100,000 points, each far from its neighbours' chord: unchunked this is 5·10⁹ distance tests.
    const zigzag = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? (i % 4 === 1 ? 0 : 1000) : i));
    const out = simplifyPolyline(zigzag, 0.25);
    expect(out.length).toBe(zigzag.length); // nothing is within tolerance: all kept, and no RangeError
  });
});

describe('exported pixels of a 100,000-point freehand', () => {
  it('match the point-by-point drawing along the stroke at 300 dpi', async () => {
    const figure = freehandFigure(spiral(100_000));
    const now = await renderFreehand(figure, 300);
    const before = await renderFreehand(figure, 300, true);
    expect(scene.swapped).toBe(2); // the halo and the stroke were drawn the old way
    expect(now.rgba.equals(before.rgba)).toBe(false);
    expect([now.width, now.height]).toEqual([before.width, before.height]);
    // Stroke pixels: where the reference is not the plain grey image (nor the white page).
    const isGrey = (b: Buffer, i: number) => Math.abs(b[i] - 100) < 3 && Math.abs(b[i + 1] - 100) < 3 && Math.abs(b[i + 2] - 100) < 3;
    let stroke = 0;
    let differ = 0;
    let sum = 0;
    let redNow = 0;
    let redBefore = 0;
    for (let i = 0; i < before.rgba.length; i += 4) {
      const red = (b: Buffer) => b[i] > 200 && b[i + 1] < 80 && b[i + 2] < 60;
      if (red(now.rgba)) redNow++;
      if (red(before.rgba)) redBefore++;
      if (isGrey(before.rgba, i) && isGrey(now.rgba, i)) continue;
      stroke++;
      const d = Math.max(
        Math.abs(now.rgba[i] - before.rgba[i]),
        Math.abs(now.rgba[i + 1] - before.rgba[i + 1]),
        Math.abs(now.rgba[i + 2] - before.rgba[i + 2]),
      );
      sum += d;
      if (d > 96) differ++;
    }
    console.log(
      `freehand 100k @300 dpi: ${stroke} stroke px, mean |Δ| ${(sum / stroke).toFixed(2)}, ${differ} px differ > 96, red px ${redNow} vs ${redBefore}`,
    );
    expect(stroke).toBeGreaterThan(20_000); // the spiral is drawn (red core, black halo)
    expect(Math.abs(redNow - redBefore) / redBefore).toBeLessThan(0.02);
    expect(sum / stroke).toBeLessThan(6); // antialiasing-level differences only
    expect(differ / stroke).toBeLessThan(0.01);
  }, 120_000);
});
