// One module per annotation type: every type of the schema has one, and each answers for its
// own geometry, handles and measurement.
import { describe, expect, it } from 'vitest';
import { Annotation, DEFAULT_STYLE } from '../../src/shared/figure/schema';
import { ANNOTATION_UTILS, utilOf } from '../../src/shared/annotations';

const schemaTypes = Annotation.options.map((o) => o.shape.type.value).sort();

describe('annotation type registry', () => {
  it('has exactly one util per schema type, keyed by its own type', () => {
    expect(Object.keys(ANNOTATION_UTILS).sort()).toEqual(schemaTypes);
    for (const [k, u] of Object.entries(ANNOTATION_UTILS)) expect(u.type).toBe(k);
  });

  it('only the measure-* types measure, each in its unit', () => {
    const style = { ...DEFAULT_STYLE };
    const cal = { source: 'PixelSpacing' as const, mmPerPxX: 0.5, mmPerPxY: 0.5, note: '' };
    const len = Annotation.parse({
      id: 'l',
      type: 'measure-length',
      layer: 'labels',
      style,
      points: [
        [0, 0],
        [30, 40],
      ],
    });
    expect(utilOf(len).measure!(len, cal)).toMatchObject({ kind: 'length', value: 25, unit: 'mm' });
    const area = Annotation.parse({
      id: 'a',
      type: 'measure-area',
      layer: 'labels',
      style,
      points: [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ],
    });
    expect(utilOf(area).measure!(area, null)).toMatchObject({ kind: 'area', value: 100, unit: 'px²' });
    const arrow = Annotation.parse({
      id: 'r',
      type: 'arrow',
      layer: 'labels',
      style,
      points: [
        [0, 0],
        [1, 1],
      ],
    });
    expect(utilOf(arrow).measure).toBeUndefined();
  });

  it('a rotated rectangle has a rotate handle; a redaction never rotates', () => {
    const style = { ...DEFAULT_STYLE };
    const rect = Annotation.parse({ id: 'r', type: 'rect', layer: 'labels', style, at: [0, 0], size: [10, 20], rotation: 30 });
    const red = Annotation.parse({ id: 'x', type: 'redaction', layer: 'redactions', style, at: [0, 0], size: [10, 20] });
    expect(
      utilOf(rect)
        .handles(rect, 5)
        .some((h) => h.kind === 'rotate'),
    ).toBe(true);
    expect(
      utilOf(red)
        .handles(red, 5)
        .some((h) => h.kind === 'rotate'),
    ).toBe(false);
    expect(utilOf(red).dragHandle(red, 'rotate', [50, 50], false)).toBe(red);
  });
});
