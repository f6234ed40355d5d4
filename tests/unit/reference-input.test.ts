import { describe, expect, it } from 'vitest';
import { defaultReferenceUnit, imageKind, parseKnownLength } from '../../src/shared/calibration/reference-input';
import type { Calibration } from '../../src/shared/figure/schema';

const raster = (format: 'png' | 'jpeg' | 'tiff', spacingMm?: number) => ({
  format,
  modality: null,
  pixelSpacing: spacingMm ? { row: spacingMm, column: spacingMm, source: 'TIFFResolution' as const } : null,
});
const cal = (mmPerPx: number, source: Calibration['source'] = 'reference'): Calibration => ({
  source,
  mmPerPxX: mmPerPx,
  mmPerPxY: mmPerPx,
  note: '',
});
const caption = (stain = '', objective = '') => ({ stain, objective });

describe('imageKind: which unit world an image lives in', () => {
  it('DICOM: slide microscopy is a micrograph, other modalities radiographs', () => {
    expect(imageKind({ info: { format: 'dicom', modality: 'SM', pixelSpacing: null }, calibration: null })).toBe('micrograph');
    expect(imageKind({ info: { format: 'dicom', modality: 'CR', pixelSpacing: null }, calibration: null })).toBe('radiograph');
    expect(imageKind({ info: { format: 'dicom', modality: null, pixelSpacing: null }, calibration: null })).toBe('radiograph');
  });
  it('a known pixel size decides: under 10 µm/px a micrograph', () => {
    expect(imageKind({ info: raster('jpeg'), calibration: cal(0.0001625, 'profile') })).toBe('micrograph');
    expect(imageKind({ info: raster('png'), calibration: cal(0.1) })).toBe('photo');
    expect(imageKind({ info: raster('tiff', 0.0005), calibration: null })).toBe('micrograph');
    expect(imageKind({ info: raster('tiff', 0.0847), calibration: null })).toBe('photo');
    // The panel's own calibration wins over the file's spacing.
    expect(imageKind({ info: raster('tiff', 0.0847), calibration: cal(0.0002) })).toBe('micrograph');
  });
  it('a stain or an objective in the caption makes a JPEG a micrograph', () => {
    expect(imageKind({ info: raster('jpeg'), calibration: null, caption: caption('H&E') })).toBe('micrograph');
    expect(imageKind({ info: raster('jpeg'), calibration: null, caption: caption('', '40×') })).toBe('micrograph');
    expect(imageKind({ info: raster('jpeg'), calibration: null, caption: caption(' ', '') })).toBe('photo');
  });
  it('without signals: a JPEG is a photograph, another raster a micrograph', () => {
    expect(imageKind({ info: raster('jpeg'), calibration: null })).toBe('photo');
    expect(imageKind({ info: raster('png'), calibration: null })).toBe('micrograph');
    expect(imageKind({ info: raster('tiff'), calibration: null })).toBe('micrograph');
  });
});

describe('defaultReferenceUnit', () => {
  it('µm for micrographs, mm for radiographs and photographs', () => {
    expect(defaultReferenceUnit('micrograph')).toBe('µm');
    expect(defaultReferenceUnit('radiograph')).toBe('mm');
    expect(defaultReferenceUnit('photo')).toBe('mm');
  });
  it('the unit last used for that kind of image wins, and only for that kind', () => {
    const last = { photo: 'cm' as const };
    expect(defaultReferenceUnit('photo', last)).toBe('cm');
    expect(defaultReferenceUnit('micrograph', last)).toBe('µm');
    expect(defaultReferenceUnit('radiograph', null)).toBe('mm');
  });
});

describe('parseKnownLength', () => {
  it.each([
    ['40', 40, 'µm', false],
    ['40 µm', 40, 'µm', true],
    ['40um', 40, 'µm', true],
    ['40 μm', 40, 'µm', true], // Greek mu
    ['40 microns', 40, 'µm', true],
    ['0.04 mm', 0.04, 'mm', true],
    ['0,04 mm', 0.04, 'mm', true],
    ['.5mm', 0.5, 'mm', true],
    ['  2 cm ', 2, 'cm', true],
    ['500 nm', 500, 'nm', true],
    ['1.000 mm', 1, 'mm', true],
    ['0,040', 0.04, 'µm', false],
  ])('%s', (text, value, unit, typed) => {
    expect(parseKnownLength(text, 'µm')).toEqual({ ok: true, value, unit, unitTyped: typed });
  });
  it('without a unit, the offered one', () => {
    expect(parseKnownLength('10', 'mm')).toMatchObject({ ok: true, value: 10, unit: 'mm' });
  });
  it.each([
    ['', 'Type the length of the line, for example 50 µm.'],
    ['   ', 'Type the length of the line, for example 50 µm.'],
    ['abc', '“abc” is not a length; type a number and a unit, for example 50 µm.'],
    ['40 ft', '“ft” is not a unit Medfig knows; use nm, µm, mm or cm.'],
    ['0', 'The length must be more than zero.'],
    ['-5 µm', 'The length must be more than zero.'],
    ['1.2.3', '“1.2.3” is not a length; type a number and a unit, for example 50 µm.'],
    ['1,000 µm', '“1,000” could be read two ways; type it without the comma (1000 or 1.000).'],
  ])('refuses %j in one sentence', (text, error) => {
    expect(parseKnownLength(text, 'µm')).toEqual({ ok: false, error });
  });
});
