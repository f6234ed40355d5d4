// The shared window function: PS3.3 C.11.2.1.2.1 linear VOI, MONOCHROME1, LUT = direct path, presets.
import { describe, expect, it } from 'vitest';
import { buildVoiLut, defaultWindow, minMaxWindow, toRGBA8, voi, windowToGrey8 } from '../../src/shared/imaging/window';
import { CT_WINDOW_PRESETS, ctPreset } from '../../src/shared/imaging/presets';
import type { DecodedFrame } from '../../src/shared/imaging/types';

function grey(values: number[], o: Partial<DecodedFrame> = {}): DecodedFrame {
  const data = Int16Array.from(values);
  return {
    width: values.length,
    height: 1,
    channels: 1,
    data,
    bitsStored: 16,
    slope: 1,
    intercept: 0,
    photometric: 'MONOCHROME2',
    minStored: Math.min(...values),
    maxStored: Math.max(...values),
    ...o,
  };
}

describe('voi (C.11.2.1.2.1)', () => {
  const w = { center: 40, width: 400 };
  it('clips below and above the window', () => {
    // lower edge c − 0.5 − (w−1)/2 = −160 (inclusive → 0); upper edge c − 0.5 + (w−1)/2 = 239 (exclusive).
    expect(voi(-160, w)).toBe(0);
    expect(voi(-1000, w)).toBe(0);
    expect(voi(240, w)).toBe(255);
    expect(voi(239.5, w)).toBe(255);
  });
  it('is linear inside, truncated', () => {
    // ((x − 39.5)/399 + 0.5)·255 at x = 40 → 127.82 → 127
    expect(voi(40, w)).toBe(127);
    expect(voi(-159, w)).toBe(Math.floor(((-159 - 39.5) / 399 + 0.5) * 255));
    for (let x = -159; x < 239; x++) expect(voi(x + 1, w)).toBeGreaterThanOrEqual(voi(x, w));
  });
  it('inverts before truncation', () => {
    expect(voi(40, w, true)).toBe(Math.floor(255 - ((40 - 39.5) / 399 + 0.5) * 255));
    expect(voi(-1000, w, true)).toBe(255);
  });
  it('width 1 is a threshold', () => {
    expect(voi(9, { center: 10, width: 1 })).toBe(0);
    expect(voi(10, { center: 10, width: 1 })).toBe(255);
  });
});

describe('windowToGrey8 / buildVoiLut / toRGBA8', () => {
  const f = grey([-2000, -1024, 0, 40, 1000, 3000], { intercept: -1024 });
  it('applies the modality LUT before the window', () => {
    const out = windowToGrey8(f, { center: 40, width: 400 });
    expect(Array.from(out)).toEqual([-2000, -1024, 0, 40, 1000, 3000].map((s) => voi(s - 1024, { center: 40, width: 400 })));
  });
  it('MONOCHROME1 is inverted, and invert flips it back', () => {
    const m1 = { ...f, photometric: 'MONOCHROME1' as const };
    const a = windowToGrey8(f, { center: 0, width: 2000 });
    const b = windowToGrey8(m1, { center: 0, width: 2000 });
    const c = windowToGrey8(m1, { center: 0, width: 2000 }, true);
    expect(Array.from(c)).toEqual(Array.from(a));
    b.forEach((v, i) => expect(Math.abs(v - (255 - a[i]))).toBeLessThanOrEqual(1));
  });
  it('the LUT over the stored range gives the same bytes as the direct path', () => {
    const win = { center: 300, width: 1500 };
    const { firstValue, lut } = buildVoiLut(f, win);
    expect(firstValue).toBe(-2000);
    expect(lut.length).toBe(3000 - -2000 + 1);
    const direct = windowToGrey8({ ...f, data: Float32Array.from(f.data) }, win); // float data skips the LUT
    expect(Array.from(f.data, (s) => lut[s - firstValue])).toEqual(Array.from(direct));
  });
  it('non-integer rescale: integer modality values when finer than the output (as dcmtk)', () => {
    const g = grey([0, 10, 100, 1000], { slope: 0.684, intercept: 200 });
    expect(Array.from(windowToGrey8(g, { center: 400, width: 800 }))).toEqual(
      [0, 10, 100, 1000].map((s) => voi(Math.trunc(s * 0.684 + 200), { center: 400, width: 800 })),
    );
  });
  it('toRGBA8: grey replicated, opaque; colour kept; 16-bit colour scaled down', () => {
    const rgba = toRGBA8(f, { center: 40, width: 400 });
    expect(rgba.length).toBe(24);
    expect([rgba[12], rgba[13], rgba[14], rgba[15]]).toEqual([
      windowToGrey8(f, { center: 40, width: 400 })[3],
      windowToGrey8(f, { center: 40, width: 400 })[3],
      windowToGrey8(f, { center: 40, width: 400 })[3],
      255,
    ]);
    const c: DecodedFrame = {
      width: 1,
      height: 1,
      channels: 3,
      data: Uint8Array.from([10, 20, 30]),
      bitsStored: 8,
      slope: 1,
      intercept: 0,
      photometric: 'RGB',
      minStored: 10,
      maxStored: 30,
    };
    expect(Array.from(toRGBA8(c, null))).toEqual([10, 20, 30, 255]);
    expect(Array.from(toRGBA8(c, null, true))).toEqual([245, 235, 225, 255]);
    const c16 = { ...c, data: Uint16Array.from([0x1000, 0x8000, 0xffff]), bitsStored: 16 };
    expect(Array.from(toRGBA8(c16, null))).toEqual([0x10, 0x80, 0xff, 255]);
  });
});

describe('defaultWindow', () => {
  it("uses the file's first window", () => {
    const f = grey([0, 100]);
    expect(
      defaultWindow(f, {
        windows: [
          { center: 1, width: 2 },
          { center: 3, width: 4 },
        ],
      }),
    ).toEqual({ center: 1, width: 2 });
    expect(defaultWindow(f, [{ center: 5, width: 6 }])).toEqual({ center: 5, width: 6 });
  });
  it('else min–max of modality values, mapping the extremes to 0 and 255', () => {
    const f = grey([-2000, 500, 2402], { intercept: -1024 });
    const w = defaultWindow(f, { windows: [] });
    expect(w).toEqual(minMaxWindow(f));
    const out = windowToGrey8(f, w);
    expect([out[0], out[2]]).toEqual([0, 255]);
  });
  it('8-bit grey without a window is shown as stored (identity)', () => {
    const f: DecodedFrame = {
      ...grey([0]),
      data: Uint8Array.from([0, 1, 127, 128, 254, 255]),
      width: 6,
      bitsStored: 8,
      minStored: 0,
      maxStored: 255,
    };
    expect(Array.from(windowToGrey8(f, defaultWindow(f)))).toEqual([0, 1, 127, 128, 254, 255]);
  });
});

describe('CT presets', () => {
  it('has the named windows', () => {
    expect(ctPreset('soft-tissue')).toMatchObject({ center: 40, width: 400 });
    expect(ctPreset('bone')).toMatchObject({ center: 300, width: 1500 });
    expect(ctPreset('bone-wide')).toMatchObject({ center: 480, width: 2500 });
    expect(ctPreset('lung')).toMatchObject({ center: -600, width: 1500 });
    expect(ctPreset('brain')).toMatchObject({ center: 40, width: 80 });
    expect(ctPreset('mediastinum')).toMatchObject({ center: 50, width: 350 });
    expect(ctPreset('abdomen')).toMatchObject({ center: 60, width: 400 });
    expect(ctPreset('liver')).toMatchObject({ center: 60, width: 160 });
    expect(new Set(CT_WINDOW_PRESETS.map((p) => p.id)).size).toBe(CT_WINDOW_PRESETS.length);
    for (const p of CT_WINDOW_PRESETS) expect(p.name.length).toBeGreaterThan(0);
  });
});
