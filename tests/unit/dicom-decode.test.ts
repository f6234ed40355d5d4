// Decoded values, header info, series order and bad input for the DICOM decoder.
import { describe, expect, it } from 'vitest';
import { decodeDicom, isDicom, readDicomInfo, sortSeries } from '../../src/services/images/dicom';
import { ImageError, type DecodedFrame } from '../../src/shared/imaging/types';
import { arithmeticJpeg, greyModule, read, writeDicom } from '../fixtures/dicom/reference';

const same = (a: DecodedFrame, b: DecodedFrame) =>
  a.width === b.width && a.height === b.height && a.data.length === b.data.length && a.data.every((v, i) => v === b.data[i]);

/** Stored value at (x, y) read straight from the implicit-LE file's bytes, without any DICOM library. */
function rawInt16(bytes: Uint8Array, x: number, y: number): number {
  let tag = -1;
  for (let i = bytes.length - 8; i >= 0; i--) {
    if (bytes[i] === 0xe0 && bytes[i + 1] === 0x7f && bytes[i + 2] === 0x10 && bytes[i + 3] === 0x00) {
      tag = i;
      break;
    }
  }
  const start = tag + 8; // implicit VR: tag (4) + length (4)
  return new DataView(bytes.buffer, bytes.byteOffset).getInt16(start + 2 * (y * 512 + x), true);
}

async function fault(p: Promise<unknown> | (() => unknown)): Promise<ImageError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return e as ImageError;
  }
  throw new Error('expected an ImageError');
}

describe('decoded stored values', () => {
  it('every lossless encoding of the GE CT slice decodes pixel-identical to the implicit-LE file', async () => {
    const ref = await decodeDicom(read('ct/ct_chest_ge_implicit_le.dcm'));
    for (const f of ['explicit_le', 'explicit_be', 'deflate', 'rle', 'jpeg_lossless_sv1', 'jpegls_lossless']) {
      const d = await decodeDicom(read(`ct/ct_chest_ge_${f}.dcm`));
      expect(same(d, ref), f).toBe(true);
      expect([d.slope, d.intercept]).toEqual([1, -1024]);
    }
  });

  it('gives the HU the file holds at a pixel (raw − 1024)', async () => {
    const bytes = read('ct/ct_chest_ge_implicit_le.dcm');
    const d = await decodeDicom(bytes);
    for (const [x, y] of [
      [256, 256],
      [100, 300],
      [0, 0],
    ]) {
      const raw = rawInt16(bytes, x, y);
      expect(d.data[y * 512 + x]).toBe(raw);
      expect(d.data[y * 512 + x] * d.slope + d.intercept).toBe(raw - 1024);
    }
    expect(d.data).toBeInstanceOf(Int16Array);
    expect(d.photometric).toBe('MONOCHROME2');
  });

  it('JPEG 2000 lossless NEMA CT1 equals its gdcm-decoded raw twin in HU range, lossy stays close', async () => {
    const lossless = await decodeDicom(read('ct/ct1_j2k_lossless.dcm'));
    const lossy = await decodeDicom(read('ct/ct1_j2k_lossy.dcm'));
    let maxErr = 0;
    for (let i = 0; i < lossless.data.length; i++) maxErr = Math.max(maxErr, Math.abs(lossless.data[i] - lossy.data[i]));
    expect(maxErr).toBeGreaterThan(0); // it really is lossy
    expect(maxErr).toBeLessThan(600);
  });

  it('MONOCHROME1 is kept as such, with its rescale', async () => {
    const d = await decodeDicom(read('radiograph/cr_mono1_6154.dcm'));
    expect(d.photometric).toBe('MONOCHROME1');
    expect([d.slope, d.intercept]).toEqual([0.684, 200]);
    expect(d.bitsStored).toBe(12);
  });
});

describe('readDicomInfo', () => {
  it('CT: syntax, windows, rescale, patient-plane spacing, geometry, PHI', () => {
    const info = readDicomInfo(read('ct/ct_chest_ge_rle.dcm'));
    expect(info).toMatchObject({
      format: 'dicom',
      width: 512,
      height: 512,
      frames: 1,
      channels: 1,
      bitsAllocated: 16,
      bitsStored: 16,
      photometric: 'MONOCHROME2',
      modality: 'CT',
      transferSyntax: { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless' },
      windows: [{ center: 40, width: 400 }],
      rescale: { slope: 1, intercept: -1024 },
      pixelSpacing: { row: 0.675781, column: 0.675781, source: 'PixelSpacing' },
      sliceThickness: 5,
      orientation: null,
      densityDpi: null,
      seriesInstanceUid: '1.2.840.113619.2.30.1.1762295590.1623.978668949.890',
    });
    expect(info.imagePositionPatient).toEqual([-161.399994, -148.800003, 4.7]);
    expect(info.imageOrientationPatient).toHaveLength(6);
    expect(info.phi).toEqual(expect.arrayContaining(['PatientName', 'PatientID', 'StudyDate']));
    expect(info.phi).not.toContain('PatientBirthDate'); // present but empty
    expect(info.studyDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('CR: ImagerPixelSpacing, detector plane', () => {
    const info = readDicomInfo(read('radiograph/cr_mono1_6154.dcm'));
    expect(info.modality).toBe('CR');
    expect(info.photometric).toBe('MONOCHROME1');
    expect(info.pixelSpacing).toMatchObject({ row: 0.1, column: 0.1, source: 'ImagerPixelSpacing' });
    expect(info.pixelSpacing?.note).toContain('detector plane');
  });

  it('CR with EstimatedRadiographicMagnificationFactor: divided, and said so', () => {
    const bytes = writeDicom([
      { tag: 0x00080060, vr: 'CS', value: 'DX' },
      { tag: 0x00181114, vr: 'DS', value: '1.25' },
      { tag: 0x00181164, vr: 'DS', value: '0.15\\0.15' },
      { tag: 0x00280301, vr: 'CS', value: 'YES' },
      ...greyModule({ rows: 2, cols: 2, ba: 8, bs: 8, pr: 0 }).filter((e) => e.tag !== 0x00080060),
      { tag: 0x7fe00010, vr: 'OB', value: new Uint8Array(4) },
    ]);
    const info = readDicomInfo(bytes);
    expect(info.pixelSpacing?.row).toBeCloseTo(0.12, 10);
    expect(info.pixelSpacing?.note).toMatch(/EstimatedRadiographicMagnificationFactor 1\.25/);
    expect(info.burnedInAnnotation).toBe(true);
  });

  it('zero / absurd spacing is refused with a warning', () => {
    for (const bad of ['0\\0', '-1\\-1', '250\\250', 'abc\\def']) {
      const info = readDicomInfo(
        writeDicom([
          ...greyModule({ rows: 2, cols: 2, ba: 8, bs: 8, pr: 0 }),
          { tag: 0x00280030, vr: 'DS', value: bad },
          { tag: 0x7fe00010, vr: 'OB', value: new Uint8Array(4) },
        ]),
      );
      expect(info.pixelSpacing, bad).toBeNull();
      expect(info.warnings.join(' '), bad).toContain('PixelSpacing');
    }
  });

  it('a 0/0 window (MR) is not offered as a window', () => {
    const info = readDicomInfo(read('mr-series/brain_002.dcm'));
    expect(info.windows).toEqual([]);
    expect(info.burnedInAnnotation).toBeNull();
  });

  it('multi-valued windows are all listed', () => {
    const info = readDicomInfo(
      writeDicom([
        ...greyModule({ rows: 2, cols: 2, ba: 16, bs: 16, pr: 1 }),
        { tag: 0x00281050, vr: 'DS', value: '40\\-600' },
        { tag: 0x00281051, vr: 'DS', value: '400\\1500' },
        { tag: 0x7fe00010, vr: 'OW', value: new Int16Array(4) },
      ]),
    );
    expect(info.windows).toEqual([
      { center: 40, width: 400 },
      { center: -600, width: 1500 },
    ]);
  });
});

describe('sortSeries', () => {
  const files = ['mr-series/brain_004.dcm', 'mr-series/brain_002.dcm', 'mr-series/brain_005.dcm', 'mr-series/brain_003.dcm'];
  it('orders slices along the normal, whatever the input order', () => {
    const items = files.map((f) => ({ f, info: readDicomInfo(read(f)) }));
    const { sorted, groups, by } = sortSeries(items);
    expect(groups).toBeUndefined();
    expect(by).toBe('position');
    const z = sorted.map((i) => i.f);
    // Ascending along the normal: either 002→005 or the reverse, but monotone and complete.
    const asc = ['mr-series/brain_002.dcm', 'mr-series/brain_003.dcm', 'mr-series/brain_004.dcm', 'mr-series/brain_005.dcm'];
    expect([asc, [...asc].reverse()]).toContainEqual(z);
  });
  it('falls back to InstanceNumber', () => {
    const items = [3, 1, 2].map((n) => ({ n, info: { ...readDicomInfo(read(files[0])), imagePositionPatient: null, instanceNumber: n } }));
    const r = sortSeries(items);
    expect(r.sorted.map((i) => i.n)).toEqual([1, 2, 3]);
    expect(r.by).toBe('instance');
  });
  it('detects mixed series and groups them', () => {
    const ct = ['ct-series/ct2_slice_17166.dcm', 'ct-series/ct2_slice_17106.dcm'];
    const items = [...files.slice(0, 2), ...ct].map((f) => ({ f, info: readDicomInfo(read(f)) }));
    const r = sortSeries(items);
    expect(r.groups).toHaveLength(2);
    expect(r.groups?.[1].items.map((i) => i.f)).toEqual(['ct-series/ct2_slice_17106.dcm', 'ct-series/ct2_slice_17166.dcm']);
    expect(r.sorted).toHaveLength(4);
  });
});

describe('bad input: a clear ImageError, never a crash or hang', () => {
  const ct = read('ct/ct_chest_ge_implicit_le.dcm');

  it('zero bytes', async () => {
    expect((await fault(decodeDicom(new Uint8Array()))).code).toBe('empty');
    expect((await fault(() => readDicomInfo(new Uint8Array()))).code).toBe('empty');
  });

  it('truncated at many points (in meta, in header, in pixels)', async () => {
    for (const n of [10, 131, 140, 400, 3000, 6000, 6360, 100000, ct.length - 1]) {
      const e = await fault(decodeDicom(ct.subarray(0, n)));
      expect(['truncated', 'corrupt', 'not-an-image'], `${n}: ${e.message}`).toContain(e.code);
    }
    const big = await fault(decodeDicom(ct.subarray(0, 300000)));
    expect(big.code).toBe('truncated');
  });

  it('the fixture MR_truncated.dcm', async () => {
    const e = await fault(decodeDicom(read('bad/MR_truncated.dcm')));
    expect(e.code).toBe('truncated');
  });

  it('no_meta.dcm: not a data set dcmtk can read either (it starts one byte off) → not DICOM', async () => {
    const bytes = read('bad/no_meta.dcm');
    expect(isDicom(bytes)).toBe(false);
    const e = await fault(decodeDicom(bytes));
    expect(e.code).toBe('not-an-image');
    expect(e.message).toMatch(/DICM/);
  });

  it('meta header without TransferSyntaxUID', async () => {
    const e = await fault(decodeDicom(read('bad/meta_missing_tsyntax.dcm')));
    expect(e.message).toMatch(/Transfer Syntax/);
  });

  it('corrupt JPEG 2000 codestream', async () => {
    const e = await fault(decodeDicom(read('bad/j2k_embedded_sequence_delimiter.dcm')));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/JPEG 2000/);
  });

  it('SR: no pixel data', async () => {
    const e = await fault(decodeDicom(read('non-image/sr_test.dcm')));
    expect(e.code).toBe('no-pixels');
    expect(e.message).toMatch(/structured report/);
    expect((await fault(() => readDicomInfo(read('non-image/sr_test.dcm')))).code).toBe('no-pixels');
  });

  it('DICOMDIR', async () => {
    const bytes = writeDicom([
      { tag: 0x00041130, vr: 'CS', value: 'MEDFIG' },
      { tag: 0x00041220, vr: 'SQ', value: new Uint8Array() },
    ]);
    const e = await fault(decodeDicom(bytes));
    expect(e.code).toBe('not-an-image');
    expect(e.message).toMatch(/DICOMDIR/);
  });

  it('PixelData shorter than the pixel module needs', async () => {
    const bytes = writeDicom([
      ...greyModule({ rows: 4, cols: 4, ba: 16, bs: 16, pr: 0 }),
      { tag: 0x7fe00010, vr: 'OW', value: new Uint16Array(5) },
    ]);
    const e = await fault(decodeDicom(bytes));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/PixelData holds 10 bytes but 32/);
  });

  it('an arithmetic-coded JPEG process is refused, naming the syntax', async () => {
    const e = await fault(decodeDicom(arithmeticJpeg()));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('JPEG Extended (Process 3 & 5)');
    expect(e.message).toContain('1.2.840.10008.1.2.4.52');
    // Its header still reads.
    expect(readDicomInfo(arithmeticJpeg()).width).toBe(512);
  });

  it('a frame that does not exist', async () => {
    expect((await fault(decodeDicom(ct, 1))).code).toBe('not-found');
  });

  it('flipped bytes in compressed pixel data never crash', async () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const f of [
      'ct/ct_chest_ge_rle.dcm',
      'ct/ct_chest_ge_jpeg_extended_12bit.dcm',
      'ct/ct_chest_ge_jpeg_lossless_sv1.dcm',
      'ct/ct_chest_ge_jpeg_baseline_8bit.dcm',
      'ct/ct_chest_ge_jpegls_lossless.dcm',
      'ct/ct1_j2k_lossy.dcm',
    ]) {
      const src = read(f);
      for (let k = 0; k < 6; k++) {
        const b = new Uint8Array(src);
        for (let j = 0; j < 20; j++) {
          const at = 7500 + Math.floor(rand() * (b.length - 7500));
          b[at] = Math.floor(rand() * 256);
        }
        try {
          const d = await decodeDicom(b);
          expect(d.data.length).toBe(d.width * d.height);
        } catch (e) {
          expect(e, `${f} #${k}: ${String(e)}`).toBeInstanceOf(ImageError);
        }
      }
    }
  });
});
