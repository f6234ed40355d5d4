import { describe, expect, it } from 'vitest';
import { chooseScaleBar, niceLength } from '../../src/shared/calibration/scalebar';

const cal = (x: number, y = x) => ({ source: 'reference' as const, mmPerPxX: x, mmPerPxY: y, note: '' });

describe('niceLength', () => {
  it('picks the largest 1–2–5 × 10ⁿ not above the target, from 1e-4 to 1e4 mm', () => {
    const decades = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000, 10000];
    for (const d of decades) {
      expect(niceLength(d * 1.5)).toBeCloseTo(d, 12);
      expect(niceLength(d * 3)).toBeCloseTo(2 * d, 12);
      expect(niceLength(d * 7.9)).toBeCloseTo(5 * d, 12);
      expect(niceLength(d)).toBeCloseTo(d, 12);
      expect(niceLength(d * 9.999)).toBeCloseTo(5 * d, 12);
    }
  });

  it('has no float noise in small values', () => {
    expect(niceLength(0.00051)).toBe(0.0005);
    expect(niceLength(0.0021)).toBe(0.002);
    expect(niceLength(0.1)).toBe(0.1);
  });

  it('throws on a non-positive target', () => {
    expect(() => niceLength(0)).toThrow();
    expect(() => niceLength(-1)).toThrow();
    expect(() => niceLength(NaN)).toThrow();
  });
});

describe('chooseScaleBar', () => {
  it('refuses an uncalibrated panel and says how to calibrate', () => {
    const r = chooseScaleBar(null, 1000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/reference line/);
    expect(!r.ok && r.error).toMatch(/profile/);
  });

  it('chooses an automatic bar near 20 % of the width (micrograph, 0.25 µm/px)', () => {
    // 2000 px × 0.00025 mm = 0.5 mm wide → target 0.1 mm → 100 µm = 400 px.
    const r = chooseScaleBar(cal(0.00025), 2000);
    expect(r).toEqual({ ok: true, lengthMm: 0.1, label: '100 \u00b5m', lengthSourcePx: 400 });
  });

  it('keeps a fixed length and converts it to px', () => {
    const r = chooseScaleBar(cal(0.00025), 2000, { lengthMm: 0.05 });
    expect(r.ok && r.lengthSourcePx).toBeCloseTo(200, 9);
    expect(r.ok && r.label).toBe('50 \u00b5m');
  });

  it('refuses a fixed bar longer than the panel', () => {
    const r = chooseScaleBar(cal(0.1), 100, { lengthMm: 20 });
    expect(!r.ok && r.error).toMatch(/longer than the panel/);
  });

  it('uses the horizontal pixel size after rotation on non-square pixels', () => {
    // Rotated 90°, the view's x runs along source y (0.2 mm/px): 1000 px = 200 mm → 40 → 20 mm.
    const r = chooseScaleBar(cal(0.1, 0.2), 1000, { rotationDeg: 90 });
    expect(r.ok && r.lengthMm).toBe(20);
    expect(r.ok && r.label).toBe('2 cm');
    expect(r.ok && r.lengthSourcePx).toBeCloseTo(100, 9);
    const flat = chooseScaleBar(cal(0.1, 0.2), 1000);
    expect(flat.ok && flat.lengthMm).toBe(20);
    expect(flat.ok && flat.lengthSourcePx).toBeCloseTo(200, 9);
  });

  it('honours the target fraction', () => {
    const r = chooseScaleBar(cal(0.01), 1000, { targetFraction: 0.5 });
    expect(r.ok && r.lengthMm).toBe(5);
  });

  it('refuses an invalid calibration', () => {
    expect(chooseScaleBar(cal(-1), 1000).ok).toBe(false);
  });
});
