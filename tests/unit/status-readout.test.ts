// The status bar's pointer and zoom wording: the position is read with the hovered panel's own
// calibration (the audit's bug: the selected panel's mm shown for a micrograph's µm).
import { describe, expect, it } from 'vitest';
import type { Calibration } from '../../src/shared/figure/schema';
import { calibrationFromProfile, EXAMPLE_PROFILES } from '../../src/shared/calibration/profiles';
import { length } from '../../src/shared/calibration/measure';
import { pointerReadout, positionUnit, zoomReadout } from '../../src/renderer/app/status-readout';

const radiograph: Calibration = { source: 'ImagerPixelSpacing', mmPerPxX: 0.1, mmPerPxY: 0.1, note: '' };
const ct: Calibration = { source: 'PixelSpacing', mmPerPxX: 0.703125, mmPerPxY: 0.703125, note: '' };
const micro: Calibration = { source: 'profile', mmPerPxX: 0.00025, mmPerPxY: 0.00025, note: '40x' };

describe('pointerReadout', () => {
  it('reads a micrograph in µm from its own pixel size, not another panel’s mm', () => {
    // The audit's case: ~164 px into a 0.25 µm/px micrograph is ~41 µm, not 16 mm.
    const r = pointerReadout({ letter: 'D', source: [164.4, 40.2], calibration: micro, size: { width: 2000, height: 1500 } })!;
    expect(r.pixel).toBe('D · x 164, y 40 px');
    expect(r.physical).toBe('x 41.1, y 10.1 µm');
    expect(r.calibrated).toBe(true);
    expect(r.title).toContain('panel D');
    expect(r.title).toContain('0.25 µm/px from microscope profile');
  });

  it('reads a CT slice in mm with decimals that resolve one pixel', () => {
    const r = pointerReadout({ letter: 'C', source: [256, 100.5], calibration: ct })!;
    expect(r.pixel).toBe('C · x 256, y 100 px');
    expect(r.physical).toBe('x 180.0, y 70.7 mm');
    expect(r.title).toContain('DICOM Pixel Spacing (patient plane)');
  });

  it('says a radiograph’s Imager Pixel Spacing is in the detector plane', () => {
    expect(pointerReadout({ letter: 'B', source: [10, 20], calibration: radiograph })!.physical).toBe('x 1.0, y 2.0 mm (detector plane)');
  });

  it('honours non-square pixels, as measurements do', () => {
    const cal: Calibration = { source: 'reference', mmPerPxX: 0.1, mmPerPxY: 0.2, note: '' };
    const r = pointerReadout({ letter: 'A', source: [30, 40], calibration: cal })!;
    expect(r.physical).toBe('x 3.0, y 8.0 mm');
    // The same conversion as a length measured from the image origin along each axis.
    expect(length([0, 0], [0, 40], cal)).toBeCloseTo(8);
  });

  it('uses µm for a real microscope profile and more decimals for a fine mm grid', () => {
    const profile = calibrationFromProfile(EXAMPLE_PROFILES[0]);
    expect(positionUnit(profile)).toBe('µm');
    const r = pointerReadout({ letter: 'A', source: [1000, 0], calibration: profile })!;
    expect(r.physical).toMatch(/^x [\d.]+, y 0(\.0+)? µm$/);
    expect(Number(/x ([\d.]+)/.exec(r.physical)![1])).toBeCloseTo(1000 * profile.mmPerPxX * 1000, 0);
    const fine: Calibration = { source: 'TIFFResolution', mmPerPxX: 0.02, mmPerPxY: 0.02, note: '' };
    expect(pointerReadout({ letter: 'A', source: [123, 4], calibration: fine })!.physical).toBe('x 2.46, y 0.08 mm');
  });

  it('gives only pixels for an uncalibrated panel, and says it is not calibrated', () => {
    const r = pointerReadout({ letter: 'A', source: [412.7, 233.2], calibration: null })!;
    expect(r.pixel).toBe('A · x 412, y 233 px');
    expect(r.physical).toBe('not calibrated');
    expect(r.physical).not.toMatch(/mm|µm/);
    expect(r.calibrated).toBe(false);
  });

  it('treats an invalid calibration as none rather than printing a nonsense length', () => {
    const bad = { source: 'reference', mmPerPxX: 0, mmPerPxY: 0, note: '' } as Calibration;
    expect(pointerReadout({ letter: 'A', source: [1, 1], calibration: bad })!.calibrated).toBe(false);
  });

  it('says nothing off a panel or beyond the image’s edge', () => {
    expect(pointerReadout({ letter: 'A', source: null, calibration: ct })).toBeNull();
    const size = { width: 512, height: 512 };
    expect(pointerReadout({ letter: 'A', source: [-0.5, 10], calibration: ct, size })).toBeNull();
    expect(pointerReadout({ letter: 'A', source: [10, 512], calibration: ct, size })).toBeNull();
    expect(pointerReadout({ letter: 'A', source: [511.9, 0], calibration: ct, size })).not.toBeNull();
  });
});

describe('zoomReadout', () => {
  it('names the panel whose pixels the percent counts, keeping "zoom N %"', () => {
    const z = zoomReadout(2329.4, 'B');
    expect(z.text).toBe('zoom 2329 % (panel B)');
    expect(/zoom (\d+) %/.exec(z.text)![1]).toBe('2329');
    expect(z.title).toContain('one image pixel of panel B, the selected panel,');
    expect(z.title).toContain('not the view');
  });

  it('says which panel it measures when none is selected', () => {
    expect(zoomReadout(73, 'A', false).title).toContain('panel A (no panel is selected)');
    expect(zoomReadout(100, null).text).toBe('zoom 100 %');
  });
});
