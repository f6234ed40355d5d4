import { describe, expect, it } from 'vitest';
import {
  convertLength,
  formatArea,
  formatLength,
  fromMm,
  mmToPt,
  mmToPx,
  parseUnit,
  ppiOf,
  ptToMm,
  ptToPx,
  pxToMm,
  toMm,
} from '../../src/shared/calibration/units';
import { calibrationFromSpacing, isValidCalibration, spacingWarnings, validateSpacing } from '../../src/shared/calibration/spacing';
import { calibrationFromProfile, EXAMPLE_PROFILES, umPerPx, validateProfile } from '../../src/shared/calibration/profiles';
import { calibrationFromReference } from '../../src/shared/calibration/reference';
import { Calibration } from '../../src/shared/figure/schema';

describe('units', () => {
  it('converts lengths', () => {
    expect(toMm(1, 'µm')).toBe(0.001);
    expect(toMm(250, 'nm')).toBeCloseTo(0.00025, 15);
    expect(toMm(2, 'cm')).toBe(20);
    expect(toMm(1, 'in')).toBe(25.4);
    expect(fromMm(1, 'µm')).toBe(1000);
    expect(convertLength(1500, 'µm', 'mm')).toBeCloseTo(1.5, 12);
    expect(convertLength(3, 'cm', 'µm')).toBeCloseTo(30000, 9);
  });

  it('converts print units', () => {
    expect(ptToMm(72)).toBeCloseTo(25.4, 12);
    expect(ptToMm(1)).toBeCloseTo(0.352777, 5);
    expect(mmToPt(25.4)).toBeCloseTo(72, 12);
    expect(mmToPx(25.4, 300)).toBeCloseTo(300, 12);
    expect(pxToMm(600, 300)).toBeCloseTo(50.8, 12);
    expect(ptToPx(1.5, 600)).toBeCloseTo(12.5, 12);
    expect(ppiOf(512, 60)).toBeCloseTo(216.75, 2);
  });

  it('parses typed units, including the Greek mu and "um"', () => {
    expect(parseUnit('um')).toBe('µm');
    expect(parseUnit('\u03bcm')).toBe('µm');
    expect(parseUnit('\u00b5m')).toBe('µm');
    expect(parseUnit(' Microns ')).toBe('µm');
    expect(parseUnit('MM')).toBe('mm');
    expect(parseUnit('furlong')).toBeNull();
  });

  it('formats a length in a sensible unit with the micro sign', () => {
    expect(formatLength(1)).toBe('1 mm');
    expect(formatLength(1000 / 1000)).toBe('1 mm');
    expect(formatLength(0.1)).toBe('100 \u00b5m');
    expect(formatLength(0.001)).toBe('1 \u00b5m');
    expect(formatLength(0.0005)).toBe('500 nm');
    expect(formatLength(0.1 + 0.2)).toBe('300 \u00b5m');
    expect(formatLength(0.9999999999)).toBe('1 mm');
    expect(formatLength(2.5)).toBe('2.5 mm');
    expect(formatLength(10)).toBe('1 cm');
    expect(formatLength(50)).toBe('5 cm');
    expect(formatLength(15)).toBe('15 mm');
    expect(formatLength(1234)).toBe('1234 mm');
    expect(formatLength(2000)).toBe('2 m');
  });

  it('formats areas', () => {
    expect(formatArea(2)).toBe('2 mm²');
    expect(formatArea(0.005)).toBe('5000 \u00b5m²');
    expect(formatArea(250)).toBe('2.5 cm²');
  });
});

describe('spacing', () => {
  it('refuses zero, negative, NaN, infinite and absurd spacings', () => {
    for (const bad of [0, -0.1, NaN, Infinity, 1e6, 1e-12]) expect(validateSpacing(bad).ok).toBe(false);
    expect(validateSpacing(0.1).ok).toBe(true);
    expect(validateSpacing(0.00025).ok).toBe(true);
    const r = validateSpacing(-1);
    expect(!r.ok && r.warning).toMatch(/negative/);
  });

  it('keeps non-square pixels: x = column spacing, y = row spacing', () => {
    const cal = calibrationFromSpacing({ row: 0.2, column: 0.1, source: 'PixelSpacing' })!;
    expect(cal.mmPerPxX).toBe(0.1);
    expect(cal.mmPerPxY).toBe(0.2);
    expect(cal.source).toBe('PixelSpacing');
    expect(() => Calibration.parse(cal)).not.toThrow();
  });

  it('labels ImagerPixelSpacing as the detector plane unless the file says otherwise', () => {
    expect(calibrationFromSpacing({ row: 0.143, column: 0.143, source: 'ImagerPixelSpacing' })!.note).toBe('detector plane');
    expect(calibrationFromSpacing({ row: 0.13, column: 0.13, source: 'ImagerPixelSpacing', note: 'corrected by ERMF 1.1' })!.note).toBe(
      'corrected by ERMF 1.1',
    );
  });

  it('never uses an invalid spacing, and says why', () => {
    const ps = { row: 0, column: 0.1, source: 'PixelSpacing' as const };
    expect(calibrationFromSpacing(ps)).toBeNull();
    expect(spacingWarnings(ps).join(' ')).toMatch(/row spacing.*zero/);
    expect(calibrationFromSpacing(null)).toBeNull();
    expect(isValidCalibration({ source: 'reference', mmPerPxX: 0.1, mmPerPxY: 0.1, note: '' })).toBe(true);
    expect(isValidCalibration({ source: 'reference', mmPerPxX: NaN, mmPerPxY: 0.1, note: '' })).toBe(false);
  });
});

describe('microscope profiles', () => {
  it('computes µm/px = camera px × binning / (objective × relay)', () => {
    expect(umPerPx({ objective: 40, cameraPixelUm: 6.5, relay: 1 })).toBeCloseTo(0.1625, 12);
    expect(umPerPx({ objective: 20, cameraPixelUm: 3.45, relay: 0.5 })).toBeCloseTo(0.345, 12);
    expect(umPerPx({ objective: 10, cameraPixelUm: 6.5, relay: 1, binning: 2 })).toBeCloseTo(1.3, 12);
  });

  it('ships only examples, clearly marked, that validate', () => {
    expect(EXAMPLE_PROFILES.length).toBeGreaterThanOrEqual(3);
    for (const p of EXAMPLE_PROFILES) {
      expect(p.example).toBe(true);
      expect(p.name).toMatch(/^Example/);
      expect(validateProfile(p)).toEqual([]);
    }
  });

  it('turns a profile into a square-pixel calibration', () => {
    const cal = calibrationFromProfile(EXAMPLE_PROFILES[0]);
    expect(cal.source).toBe('profile');
    expect(cal.mmPerPxX).toBeCloseTo(0.0001625, 15);
    expect(cal.mmPerPxY).toBe(cal.mmPerPxX);
    expect(cal.note).toMatch(/40× objective/);
    expect(cal.note).toMatch(/example profile/);
    expect(() => Calibration.parse(cal)).not.toThrow();
  });

  it('refuses a broken profile', () => {
    const bad = { id: 'x', name: 'Bad', objective: 0, cameraPixelUm: 6.5, relay: 1 };
    expect(validateProfile(bad).join()).toMatch(/objective/);
    expect(() => calibrationFromProfile(bad)).toThrow(/objective/);
  });
});

describe('reference calibration', () => {
  it('calibrates from a horizontal line of known length', () => {
    const r = calibrationFromReference([10, 10], [110, 10], 10, 'mm');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.calibration.source).toBe('reference');
    expect(r.calibration.mmPerPxX).toBeCloseTo(0.1, 12);
    expect(r.calibration.mmPerPxY).toBeCloseTo(0.1, 12);
    expect(r.calibration.note).toMatch(/10 mm over 100 px/);
  });

  it('accepts µm and diagonal lines', () => {
    const r = calibrationFromReference([0, 0], [300, 400], 50, 'µm');
    expect(r.ok && r.calibration.mmPerPxX).toBeCloseTo(0.0001, 12);
  });

  it('honours a known pixel aspect (non-square pixels)', () => {
    // Pixels twice as tall as wide; a vertical 50 px line spans 10 mm → 0.2 mm/px in y, 0.1 in x.
    const r = calibrationFromReference([0, 0], [0, 50], 10, 'mm', { pixelAspect: 2 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.calibration.mmPerPxY).toBeCloseTo(0.2, 12);
    expect(r.calibration.mmPerPxX).toBeCloseTo(0.1, 12);
  });

  it('refuses short lines and bad lengths', () => {
    const short = calibrationFromReference([0, 0], [3, 0], 1, 'mm');
    expect(!short.ok && short.error).toMatch(/at least 10 px/);
    const zero = calibrationFromReference([0, 0], [100, 0], 0, 'mm');
    expect(!zero.ok && zero.error).toMatch(/positive/);
  });
});
