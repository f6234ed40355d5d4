// The decode worker pool: same result as in-process, transferred buffers, time limit, bad input, close.
import { afterAll, describe, expect, it } from 'vitest';
import { createDecodePool } from '../../src/services/images/worker';
import { decodeDicom, readDicomInfo } from '../../src/services/images/dicom';
import { ImageError } from '../../src/shared/imaging/types';
import { arithmeticJpeg, fixture, greyModule, read, writeDicom, writeTmp } from '../fixtures/dicom/reference';

const pool = createDecodePool({ size: 2, timeoutMs: 20_000 });
afterAll(() => pool.close());

describe('decode pool', () => {
  it('decodes by path and by bytes exactly as in-process, with a buffer of its own', async () => {
    const file = 'ct/ct_chest_ge_jpegls_lossless.dcm';
    const direct = await decodeDicom(read(file));
    const [byPath, byBytes] = await Promise.all([pool.decode(fixture(file), 0), pool.decode(read(file), 0)]);
    for (const f of [byPath, byBytes]) {
      expect(f.data).toBeInstanceOf(Int16Array);
      expect(f.data.buffer.byteLength).toBe(f.data.byteLength); // transferred whole, not a view
      expect(Array.from(f.data.subarray(0, 2000))).toEqual(Array.from(direct.data.subarray(0, 2000)));
      expect(f.data.every((v, i) => v === direct.data[i])).toBe(true);
    }
  });

  it('hands over an uncompressed frame without copying it, and copies one frame out of many', async () => {
    // Single frame, native 16-bit: the frame is the file's own bytes past its header.
    const file = 'ct/ct_chest_ge_explicit_le.dcm';
    const direct = await decodeDicom(read(file));
    const one = await pool.decode(fixture(file), 0);
    expect(one.data.every((v, i) => v === direct.data[i])).toBe(true);
    expect([one.minStored, one.maxStored]).toEqual([direct.minStored, direct.maxStored]);
    const header = one.data.buffer.byteLength - one.data.byteLength;
    expect(header).toBeGreaterThan(0);
    expect(header).toBeLessThan(64 * 1024);
    // Four frames of 256² 16-bit: frame 2 alone comes back, not the whole file under it.
    const px = new Uint16Array(4 * 256 * 256).map((_, i) => (i * 7) & 0xfff);
    const multi = writeTmp(
      'pool-multiframe.dcm',
      writeDicom([...greyModule({ rows: 256, cols: 256, ba: 16, bs: 16, pr: 0, frames: 4 }), { tag: 0x7fe00010, vr: 'OW', value: px }]),
    );
    const f2 = await pool.decode(multi, 2);
    expect(f2.data.buffer.byteLength).toBe(f2.data.byteLength);
    expect(Array.from(f2.data.subarray(0, 5))).toEqual(Array.from(px.subarray(2 * 65536, 2 * 65536 + 5)));
  });

  it('reads info', async () => {
    const info = await pool.info(fixture('radiograph/cr_mono1_6154.dcm'));
    expect(info).toEqual(readDicomInfo(read('radiograph/cr_mono1_6154.dcm')));
  });

  it('runs many jobs over few workers', async () => {
    const files = [
      'ct-series/ct2_slice_17106.dcm',
      'ct-series/ct2_slice_17136.dcm',
      'ct-series/ct2_slice_17166.dcm',
      'ct-series/ct2_slice_17196.dcm',
      'color/sc_rgb_rle.dcm',
    ];
    const frames = await Promise.all(files.map((f) => pool.decode(fixture(f), 0)));
    expect(frames.map((f) => f.width)).toEqual([16, 16, 16, 16, 100]);
  });

  it('turns failures into ImageError with their code', async () => {
    await expect(pool.decode(fixture('non-image/sr_test.dcm'), 0)).rejects.toMatchObject({ name: 'ImageError', code: 'no-pixels' });
    await expect(pool.decode('/no/such/file.dcm', 0)).rejects.toMatchObject({ code: 'not-found' });
    const e = await pool.decode(writeTmp('arithmetic.dcm', arithmeticJpeg()), 0).catch((x) => x);
    expect(e).toBeInstanceOf(ImageError);
    expect(e.message).toContain('1.2.840.10008.1.2.4.52');
  });

  it('stops a job past its time limit and keeps working afterwards', async () => {
    const quick = createDecodePool({ size: 1, timeoutMs: 5 });
    try {
      const e = await quick.decode(fixture('ct/ct1_j2k_lossless.dcm'), 0).catch((x) => x);
      expect(e).toBeInstanceOf(ImageError);
      expect(e.code).toBe('too-large');
      expect(e.message).toMatch(/longer than/);
    } finally {
      await quick.close();
    }
    // The shared pool is unaffected.
    expect((await pool.decode(fixture('ct-series/ct2_slice_17106.dcm'), 0)).width).toBe(16);
  });

  it('rejects work after close', async () => {
    const p = createDecodePool({ size: 1 });
    await p.close();
    await expect(p.decode(fixture('ct-series/ct2_slice_17106.dcm'), 0)).rejects.toThrow(/closed/);
  });
});
