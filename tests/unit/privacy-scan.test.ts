// Privacy scan and OCR-free redaction suggestions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fileNameFindings, scanPrivacy, suggestRedactions } from '../../src/services/images/privacy';
import { readRasterInfo } from '../../src/services/images/raster';
import type { ImageInfo } from '../../src/shared/imaging/types';

const FONT = join(__dirname, '../../resources/fonts/LiberationSans-Regular.ttf');
const FIX = join(__dirname, '../fixtures/images');

function info(over: Partial<ImageInfo>): ImageInfo {
  return {
    format: 'jpeg',
    width: 10,
    height: 10,
    frames: 1,
    channels: 3,
    bitsAllocated: 8,
    bitsStored: 8,
    photometric: 'RGB',
    transferSyntax: null,
    modality: null,
    studyDate: null,
    pixelSpacing: null,
    warnings: [],
    windows: [],
    rescale: null,
    burnedInAnnotation: null,
    phi: [],
    orientation: null,
    densityDpi: null,
    imagePositionPatient: null,
    imageOrientationPatient: null,
    instanceNumber: null,
    seriesInstanceUid: null,
    sliceThickness: null,
    ...over,
  };
}

describe('scanPrivacy', () => {
  it('GPS on a real photo is danger', async () => {
    const i = await readRasterInfo(new Uint8Array(readFileSync(join(FIX, 'exif/nikon_d2h_gps.jpg'))));
    const r = scanPrivacy(i, 'knee.jpg');
    expect(r.level).toBe('danger');
    expect(r.findings.filter((f) => f.kind === 'gps').map((f) => f.field)).toEqual(expect.arrayContaining(['GPSLatitude', 'GPSLongitude']));
  });

  it('serials are a warning, personal EXIF a warning, nothing is ok', () => {
    const r = scanPrivacy(info({ phi: ['BodySerialNumber', 'Artist'] }), 'figure1.jpg');
    expect(r.level).toBe('warning');
    expect(r.findings.map((f) => f.kind)).toEqual(['camera-serial', 'exif-personal']);
    expect(scanPrivacy(info({}), 'figure1.jpg')).toEqual({ level: 'ok', findings: [] });
  });

  it('DICOM: a patient name is danger, an institution a warning', () => {
    const r = scanPrivacy(info({ format: 'dicom', phi: ['PatientName', 'InstitutionName'] }), 'IM0001.dcm');
    expect(r.level).toBe('danger');
    expect(r.findings.map((f) => [f.kind, f.field, f.level])).toEqual([
      ['dicom-phi', 'PatientName', 'danger'],
      ['dicom-phi', 'InstitutionName', 'warning'],
    ]);
  });

  it('burned-in annotation YES is danger; US warns; CR warns unless the header says NO', () => {
    expect(scanPrivacy(info({ format: 'dicom', burnedInAnnotation: true }), 'a.dcm').level).toBe('danger');
    const us = scanPrivacy(info({ format: 'dicom', modality: 'US', burnedInAnnotation: false }), 'a.dcm');
    expect([us.level, us.findings[0].kind]).toEqual(['warning', 'burned-in-modality']);
    expect(scanPrivacy(info({ format: 'dicom', modality: 'CR', burnedInAnnotation: null }), 'a.dcm').level).toBe('warning');
    expect(scanPrivacy(info({ format: 'dicom', modality: 'DX', burnedInAnnotation: false }), 'a.dcm').level).toBe('ok');
    expect(scanPrivacy(info({ format: 'dicom', modality: 'CT', burnedInAnnotation: null }), 'a.dcm').level).toBe('ok');
  });

  it('flags file names that look like patients, not camera names', () => {
    expect(fileNameFindings('DOE^JOHN.dcm').join()).toMatch(/DICOM patient name/);
    const smith = fileNameFindings('Smith_John_1970-01-01.jpg').join(' ');
    expect(smith).toMatch(/person's name/);
    expect(smith).toMatch(/1970-01-01/);
    expect(fileNameFindings('scan_00123456.png').join()).toMatch(/8-digit number/);
    expect(fileNameFindings('biopsy 12.03.1961.tif').join()).toMatch(/12\.03\.1961/);
    expect(fileNameFindings('IMG_20240315_142233.jpg')).toEqual([]);
    expect(fileNameFindings('figure2_panel_b.png')).toEqual([]);
    expect(fileNameFindings('IMG_1234.JPG')).toEqual([]);
    expect(scanPrivacy(info({}), 'Smith_John_1970-01-01.jpg').findings.every((f) => f.kind === 'file-name')).toBe(true);
  });
});

describe('suggestRedactions', () => {
  const W = 512,
    H = 400;

  /** A dark gradient with a soft grey "anatomy" ellipse, like a radiograph's background. */
  function background(): Uint8Array {
    const g = new Uint8Array(W * H);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const e = ((x - 256) / 150) ** 2 + ((y - 200) / 110) ** 2;
        g[y * W + x] = Math.round(15 + (x / W) * 50 + (y / H) * 25 + (e < 1 ? 110 * (1 - e) : 0));
      }
    return g;
  }

  async function withText(text: string, left: number, top: number) {
    const { data, info: t } = await sharp({ text: { text, fontfile: FONT, font: 'Liberation Sans', dpi: 110 } })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const g = background();
    let x0 = W,
      y0 = H,
      x1 = -1,
      y1 = -1;
    for (let y = 0; y < t.height; y++)
      for (let x = 0; x < t.width; x++) {
        const v = data[y * t.width + x];
        const p = (top + y) * W + left + x;
        g[p] = Math.max(g[p], v);
        if (v > 128) {
          x0 = Math.min(x0, left + x);
          x1 = Math.max(x1, left + x);
          y0 = Math.min(y0, top + y);
          y1 = Math.max(y1, top + y);
        }
      }
    return { grey: g, text: { x0, y0, x1, y1 } };
  }

  it('finds burned-in text in the top-left corner and covers it', async () => {
    const { grey, text } = await withText('DOE^JOHN  MRN 4471902\n1970-01-01  L KNEE', 10, 8);
    const boxes = suggestRedactions(grey, W, H);
    expect(boxes).toHaveLength(1);
    const b = boxes[0];
    expect(b.reason).toMatch(/top-left/);
    expect(b.x).toBeLessThanOrEqual(text.x0);
    expect(b.y).toBeLessThanOrEqual(text.y0);
    expect(b.x + b.w).toBeGreaterThan(text.x1);
    expect(b.y + b.h).toBeGreaterThan(text.y1);
    expect(b.w * b.h).toBeLessThan(2 * (text.x1 - text.x0 + 1) * (text.y1 - text.y0 + 1)); // tight, not the whole corner
  });

  it('finds text in the bottom-right corner too', async () => {
    const { grey, text } = await withText('ACC 99812 03/04/2023', W - 200, H - 30);
    const boxes = suggestRedactions(grey, W, H);
    expect(boxes.map((b) => b.reason.match(/bottom-right/) !== null)).toEqual([true]);
    expect(boxes[0].x).toBeLessThanOrEqual(text.x0);
  });

  it('suggests nothing on the plain gradient and anatomy', () => {
    expect(suggestRedactions(background(), W, H)).toEqual([]);
  });

  it('suggests nothing on a real histology image', async () => {
    const { data, info: i } = await sharp(readFileSync(join(FIX, 'histology/ihc.png')))
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(suggestRedactions(new Uint8Array(data), i.width, i.height)).toEqual([]);
  });
});
