import { describe, expect, it } from 'vitest';
import { describeCalibration } from '../../src/shared/calibration/describe';
import type { Calibration } from '../../src/shared/figure/schema';

const cal = (source: Calibration['source'], note: string, x = 0.0001625, y = x): Calibration =>
  ({ source, mmPerPxX: x, mmPerPxY: y, note }) as Calibration;

describe('describeCalibration: no words said twice', () => {
  it('a note that repeats the source is left out', () => {
    expect(describeCalibration(cal('ImagerPixelSpacing', 'detector plane', 0.143))).toBe(
      '143 µm/px · DICOM Imager Pixel Spacing (detector plane)',
    );
  });
  it('a note that starts with the source replaces it', () => {
    expect(describeCalibration(cal('reference', 'reference line 50 µm over 205.1 px', 0.0002438))).toBe(
      '0.2438 µm/px · reference line 50 µm over 205.1 px',
    );
  });
  it('any other note follows the source', () => {
    expect(describeCalibration(cal('profile', 'Olympus BX53: 40× objective, 0.1625 µm/px'))).toBe(
      '0.1625 µm/px · microscope profile · Olympus BX53: 40× objective, 0.1625 µm/px',
    );
  });
  it('non-square pixels show both sizes; no note, the source alone', () => {
    expect(describeCalibration(cal('PixelSpacing', '', 0.5, 0.6))).toBe('500 × 600 µm/px · DICOM Pixel Spacing (patient plane)');
  });
});
