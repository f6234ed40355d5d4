// Float and signed-integer grey TIFFs (scientific and microscopy exports) open with their values
// intact and a min–max default window the user can change, like 16-bit. float64 is read by the
// hand-written reader (libvips refuses it: "samples out of range"); the rest go through libvips.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { decodeFrame, readInfo } from '../../src/services/images/decode';
import { readPreview, readRegion } from '../../src/services/images/region';
import { effectiveWindow } from '../../src/shared/imaging/display';
import { windowToGrey8 } from '../../src/shared/imaging/window';
import { greyTiff, type SampleKind } from '../fixtures/images/tiff-samples';
import { tmp } from '../fixtures/dicom/reference';

const W = 40,
  H = 30;
/** A ramp with negative values and fractions, clipped to what each kind can hold. */
function values(kind: SampleKind): number[] {
  return Array.from({ length: W * H }, (_, i) => {
    const v = (i % W) * 37.5 - 500 + Math.floor(i / W) * 0.25;
    if (kind === 'int8') return Math.max(-128, Math.min(127, Math.round(v / 8)));
    if (kind === 'uint32') return Math.round(v) + 100000;
    if (kind.startsWith('int')) return Math.round(v);
    return v;
  });
}

describe('float and signed-integer TIFF samples', () => {
  for (const kind of ['float32', 'float64', 'int16', 'int32', 'uint32', 'int8'] as SampleKind[]) {
    it(`${kind}: values as stored, min–max window by default`, async () => {
      const v = values(kind);
      const bytes = greyTiff(kind, W, H, v);
      const info = await readInfo(bytes);
      expect(info).toMatchObject({ format: 'tiff', width: W, height: H, channels: 1, photometric: 'MONOCHROME2' });
      const f = await decodeFrame(bytes);
      expect([f.width, f.height, f.channels]).toEqual([W, H, 1]);
      for (const i of [0, 1, W + 3, W * H - 1]) expect(f.data[i]).toBeCloseTo(v[i], 3);
      expect(f.minStored).toBeCloseTo(Math.min(...v), 3);
      expect(f.maxStored).toBeCloseTo(Math.max(...v), 3);
      // The default window is min–max: the lowest value is black, the highest white.
      const win = effectiveWindow(f, { window: null, range: null }, info.windows);
      const grey = windowToGrey8(f, win);
      expect(grey[v.indexOf(Math.min(...v))]).toBe(0);
      expect(grey[v.indexOf(Math.max(...v))]).toBe(255);
      // …and the user's own range changes it, as for 16-bit.
      const mid = (f.minStored + f.maxStored) / 2;
      const narrowed = windowToGrey8(f, effectiveWindow(f, { window: null, range: { min: mid, max: f.maxStored } }, []));
      expect(narrowed[v.indexOf(Math.min(...v))]).toBe(0);
      expect(narrowed.filter((g) => g === 0).length).toBeGreaterThan(grey.filter((g) => g === 0).length);
    });
  }

  it('float64: preview and region keep the values (nearest) and the full range', async () => {
    const v = values('float64');
    const bytes = greyTiff('float64', W, H, v);
    const p = await readPreview(bytes, 0, 20);
    expect(p.width).toBe(20);
    expect([p.minStored, p.maxStored]).toEqual([Math.min(...v), Math.max(...v)]);
    const r = await readRegion(bytes, 0, { x: 10, y: 5, w: 10, h: 10 }, 10);
    expect(r.data[0]).toBeCloseTo(v[5 * W + 10], 5);
  });

  it('a float32 TIFF written by ImageMagick opens with its 0…1 values', async () => {
    const path = tmp('im-float.tif');
    // ImageMagick warns about its own predictor tag (317) but writes the file.
    execFileSync('sh', [
      '-c',
      `convert -size 64x48 gradient:black-white -define quantum:format=floating-point -depth 32 ${path} 2>/dev/null; true`,
    ]);
    const bytes = new Uint8Array(readFileSync(path));
    const f = await decodeFrame(bytes);
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(f.minStored).toBeGreaterThanOrEqual(0);
    expect(f.maxStored).toBeLessThanOrEqual(1.0001);
    expect(f.maxStored - f.minStored).toBeGreaterThan(0.9);
  });

  it('a damaged float64 TIFF is refused in one plain sentence', async () => {
    const bytes = greyTiff('float64', W, H, values('float64')).slice(0, 200);
    const e = await decodeFrame(bytes).catch((x: unknown) => x as Error);
    expect(e).toMatchObject({ name: 'ImageError', code: 'truncated' });
    expect((e as Error).message).not.toMatch(/vips|samples out of range/);
  });
});
