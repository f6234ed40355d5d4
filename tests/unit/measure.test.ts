import { describe, expect, it } from 'vitest';
import { angle, length, measure, measurementsCsv, polygonArea, polylineLength } from '../../src/shared/calibration/measure';
import { DEFAULT_STYLE, type Annotation, type Calibration } from '../../src/shared/figure/schema';

const nonSquare: Calibration = { source: 'PixelSpacing', mmPerPxX: 0.1, mmPerPxY: 0.2, note: '' };
const base = { layer: 'labels' as const, style: DEFAULT_STYLE };

describe('measurements', () => {
  it('measures lengths with non-square pixels', () => {
    expect(length([0, 0], [10, 0], nonSquare)).toBeCloseTo(1, 12);
    expect(length([0, 0], [0, 10], nonSquare)).toBeCloseTo(2, 12);
    expect(length([0, 0], [3, 4])).toBe(5);
    expect(length([0, 0], [30, 20], nonSquare)).toBeCloseTo(5, 12); // 3 mm × 4 mm
  });

  it('sums a polyline', () => {
    expect(
      polylineLength(
        [
          [0, 0],
          [10, 0],
          [10, 10],
        ],
        nonSquare,
      ),
    ).toBeCloseTo(3, 12);
    expect(polylineLength([[0, 0]])).toBe(0);
  });

  it('measures angles in physical space', () => {
    expect(angle([10, 0], [0, 0], [0, 10])).toBeCloseTo(90, 12);
    expect(angle([1, 0], [0, 0], [1, 1])).toBeCloseTo(45, 12);
    // Pixels twice as tall: (1,1) px is (1,2) in mm-ish units → atan(2) = 63.43°.
    const tall: Calibration = { ...nonSquare, mmPerPxX: 1, mmPerPxY: 2 };
    expect(angle([1, 0], [0, 0], [1, 1], tall)).toBeCloseTo((Math.atan(2) * 180) / Math.PI, 10);
    expect(angle([-5, 0], [0, 0], [5, 0])).toBeCloseTo(180, 12);
    expect(angle([0, 0], [0, 0], [5, 0])).toBeNaN();
  });

  it('takes shoelace areas, whatever the winding', () => {
    const sq: [number, number][] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(polygonArea(sq)).toBe(100);
    expect(polygonArea([...sq].reverse())).toBe(100);
    expect(polygonArea(sq, nonSquare)).toBeCloseTo(2, 12);
    expect(
      polygonArea([
        [0, 0],
        [4, 0],
        [0, 3],
      ]),
    ).toBe(6);
  });

  it('labels in calibrated units, or px when uncalibrated', () => {
    const ann: Annotation = {
      ...base,
      id: 'm1',
      type: 'measure-length',
      points: [
        [0, 0],
        [10, 0],
      ],
    };
    expect(measure(ann, nonSquare)).toMatchObject({ kind: 'length', unit: 'mm', label: '1 mm', calibrated: true });
    expect(measure(ann, null)).toMatchObject({ kind: 'length', unit: 'px', label: '10 px', calibrated: false });
    const area: Annotation = {
      ...base,
      id: 'a1',
      type: 'measure-area',
      points: [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ],
    };
    expect(measure(area, nonSquare)!.label).toBe('2 mm²');
    expect(measure(area, null)!.label).toBe('100 px²');
    const ang: Annotation = {
      ...base,
      id: 'g1',
      type: 'measure-angle',
      points: [
        [10, 0],
        [0, 0],
        [0, 10],
      ],
    };
    expect(measure(ang, null)!.label).toBe('90°');
    const arrow: Annotation = {
      ...base,
      id: 'x',
      type: 'arrow',
      points: [
        [0, 0],
        [1, 1],
      ],
      head: 'filled',
      tail: 'none',
    };
    expect(measure(arrow, nonSquare)).toBeNull();
  });

  it('exports a CSV table of a panel’s measurements', () => {
    const csv = measurementsCsv({
      calibration: { ...nonSquare, note: 'patient plane, "axial"' },
      annotations: [
        {
          ...base,
          id: 'm1',
          type: 'measure-length',
          points: [
            [0, 0],
            [10, 0],
            [10, 10],
          ],
        },
        {
          ...base,
          id: 'arrow',
          type: 'arrow',
          points: [
            [0, 0],
            [1, 1],
          ],
          head: 'filled',
          tail: 'none',
        },
        {
          ...base,
          id: 'a1',
          type: 'measure-area',
          points: [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 10],
          ],
        },
      ],
    });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('n,id,type,value,unit,label,calibration');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('1,m1,length,3,mm,3 mm,"PixelSpacing (patient plane, ""axial"")"');
    expect(lines[2]).toMatch(/^2,a1,area,2,mm²,2 mm²,/);
    const raw = measurementsCsv({
      calibration: null,
      annotations: [
        {
          ...base,
          id: 'm',
          type: 'measure-length',
          points: [
            [0, 0],
            [3, 4],
          ],
        },
      ],
    });
    expect(raw.trim().split('\n')[1]).toBe('1,m,length,5,px,5 px,uncalibrated');
  });
});
