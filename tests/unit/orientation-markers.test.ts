// Orientation markers (L/R/A/P/H/F) follow rotation and flips; the value bar's ramp and ticks come
// from the panel's window; old projects load with neither (schema defaults).
import { describe, expect, it } from 'vitest';
import { directionLabel, oppositeLabel, sideLabels, sourceDirections } from '../../src/shared/imaging/orientation';
import { displayedWindow, valueBarModel } from '../../src/shared/imaging/value-bar';
import { Panel } from '../../src/shared/figure/schema';
import { windowToGrey8 } from '../../src/shared/imaging/window';

const AXIAL = { right: 'L', down: 'P' };

describe('orientation labels', () => {
  it('direction cosines → letters, strongest axis first', () => {
    expect(directionLabel([1, 0, 0])).toBe('L');
    expect(directionLabel([-1, 0, 0])).toBe('R');
    expect(directionLabel([0, 1, 0])).toBe('P');
    expect(directionLabel([0, 0, -1])).toBe('F');
    expect(directionLabel([0.8, 0.6, 0])).toBe('LP');
    expect(directionLabel([0, 0.99096, 0.134158])).toBe('P'); // the MR fixture's column: 7.7° off axis
    expect(oppositeLabel('LP')).toBe('RA');
  });

  it('source directions from Image Orientation (Patient), else Patient Orientation', () => {
    expect(sourceDirections({ imageOrientationPatient: [1, 0, 0, 0, 1, 0] })).toEqual(AXIAL);
    expect(sourceDirections({ imageOrientationPatient: [0, 1, 0, 0, 0, -1] })).toEqual({ right: 'P', down: 'F' }); // sagittal
    expect(sourceDirections({ imageOrientationPatient: null, patientOrientation: ['A', 'F'] })).toEqual({ right: 'A', down: 'F' });
    expect(sourceDirections({ imageOrientationPatient: null, patientOrientation: null })).toBeNull();
  });

  it('an axial CT as displayed: patient left on the image right, anterior at the top', () => {
    expect(sideLabels(AXIAL, {})).toEqual({ top: 'A', right: 'L', bottom: 'P', left: 'R' });
  });

  it('a horizontal flip swaps L and R (a flipped radiograph never keeps a wrong R)', () => {
    expect(sideLabels(AXIAL, { flipH: true })).toEqual({ top: 'A', right: 'R', bottom: 'P', left: 'L' });
    expect(sideLabels({ right: 'L', down: 'F' }, { flipH: true })).toMatchObject({ left: 'L', right: 'R' });
  });

  it('a vertical flip swaps top and bottom', () => {
    expect(sideLabels(AXIAL, { flipV: true })).toEqual({ top: 'P', right: 'L', bottom: 'A', left: 'R' });
  });

  it('rotation carries the labels round clockwise', () => {
    expect(sideLabels(AXIAL, { rotation: 90 })).toEqual({ top: 'R', right: 'A', bottom: 'L', left: 'P' });
    expect(sideLabels(AXIAL, { rotation: 180 })).toEqual({ top: 'P', right: 'R', bottom: 'A', left: 'L' });
    expect(sideLabels(AXIAL, { rotation: -90 })).toEqual(sideLabels(AXIAL, { rotation: 270 }));
    // Flip then rotate, as the panel transform applies them.
    expect(sideLabels(AXIAL, { flipH: true, rotation: 90 })).toEqual({ top: 'L', right: 'A', bottom: 'R', left: 'P' });
  });

  it('an odd angle gives both directions, strongest first', () => {
    const s = sideLabels(AXIAL, { rotation: 30 });
    expect(s.right).toBe('LA');
    expect(sideLabels(AXIAL, { rotation: 45 }).right).toMatch(/^(LA|AL)$/);
  });
});

describe('value bar', () => {
  it('a soft-tissue CT window: from −160 to 239 HU, ticks in HU, ramp as the image shows it', () => {
    const m = valueBarModel({ center: 40, width: 400 }, 'HU');
    expect([m.low, m.high]).toEqual([-160, 239]);
    expect(m.ticks.map((t) => t.value)).toEqual([-100, 0, 100, 200]);
    expect(m.ticks.map((t) => t.label)).toEqual(['\u2212100', '0', '100', '200 HU']);
    expect(m.greys[0]).toBeLessThan(5);
    expect(m.greys[m.greys.length - 1]).toBeGreaterThan(250);
    for (let i = 1; i < m.greys.length; i++) expect(m.greys[i]).toBeGreaterThanOrEqual(m.greys[i - 1]);
    // Each slice has the grey the image gets for that value (one windowing function).
    const frame = {
      width: 1,
      height: 1,
      channels: 1 as const,
      data: new Int16Array([0]),
      bitsStored: 16,
      slope: 1,
      intercept: 0,
      photometric: 'MONOCHROME2' as const,
      minStored: -1024,
      maxStored: 3071,
    };
    const mid = m.low + (32.5 / 64) * (m.high - m.low);
    frame.data[0] = Math.round(mid);
    expect(Math.abs(windowToGrey8(frame, { center: 40, width: 400 })[0] - m.greys[32])).toBeLessThanOrEqual(1);
  });

  it('MONOCHROME1 or an inverted display runs the ramp the other way', () => {
    const m = valueBarModel({ center: 1000, width: 2000 }, '', { inverted: true });
    expect(m.greys[0]).toBeGreaterThan(250);
    expect(m.ticks.at(-1)!.label).toBe('1500');
  });

  it('a 16-bit display range gives the window the image shows', () => {
    expect(displayedWindow({ window: null, range: { min: 100, max: 1099 } })).toEqual({ center: 600, width: 1000 });
    expect(displayedWindow({ window: null, range: null })).toBeNull();
  });
});

describe('schema', () => {
  it('a panel saved before markers existed loads with none', () => {
    const p = Panel.parse({ id: 'p1', sourceId: 's1' });
    expect([p.orientationMarkers, p.laterality, p.valueBar]).toEqual([null, null, null]);
  });
  it('marker letters are checked', () => {
    expect(() => Panel.parse({ id: 'p1', sourceId: 's1', orientationMarkers: { right: 'X', down: 'P' } })).toThrow();
    expect(Panel.parse({ id: 'p', sourceId: 's', orientationMarkers: AXIAL }).orientationMarkers).toMatchObject({ ...AXIAL, fontPt: 9 });
  });
});
