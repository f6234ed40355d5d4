import { describe, expect, it } from 'vitest';
import { matchSettings } from '../../src/renderer/app/setting-targets';

type T = { label: string; where: string; kind: 'section' | 'control' | 'button' };
const targets: T[] = [
  { label: 'Journal', where: 'Figure · Page', kind: 'control' },
  { label: 'Letters', where: 'Figure', kind: 'section' },
  { label: 'Letter', where: 'Figure · Panels', kind: 'control' },
  { label: 'Soft tissue', where: 'Inspector · Display', kind: 'button' },
  { label: 'Bone', where: 'Inspector · Display', kind: 'button' },
  { label: 'Show scale bar', where: 'Inspector · Scale bar', kind: 'control' },
  { label: 'Scale bar', where: 'Inspector', kind: 'section' },
  { label: 'Microscope profile', where: 'Inspector · Calibration', kind: 'control' },
  { label: 'New profile…', where: 'Inspector · Calibration', kind: 'button' },
  { label: 'Bone', where: 'Inspector · Display', kind: 'button' },
];
const labels = (q: string) => matchSettings(targets, q).map((t) => t.label);

describe('matchSettings: the palette finds settings by the words on screen', () => {
  it('every word of the query starts a word of the label', () => {
    expect(labels('prof')).toEqual(['Microscope profile', 'New profile…']);
    expect(labels('soft tis')).toEqual(['Soft tissue']);
    expect(labels('tissue soft')).toEqual(['Soft tissue']);
    expect(labels('issue')).toEqual([]);
  });
  it('a label that starts with the query comes first, then sections, then screen order', () => {
    expect(labels('scale')).toEqual(['Scale bar', 'Show scale bar']);
    expect(labels('lett')).toEqual(['Letters', 'Letter']);
  });
  it('one entry per label and place, case and accents ignored', () => {
    expect(labels('BONE')).toEqual(['Bone']);
    expect(matchSettings([{ label: 'Échelle', where: 'x', kind: 'control' }], 'echelle')).toHaveLength(1);
  });
  it('a query of one character, or of no words, lists nothing', () => {
    expect(labels('b')).toEqual([]);
    expect(labels('  ')).toEqual([]);
    expect(labels('…')).toEqual([]);
  });
  it('at most the limit', () => {
    expect(
      matchSettings(
        Array.from({ length: 20 }, (_, i) => ({ label: `Layer ${i}`, where: 'x', kind: 'control' as const })),
        'layer',
      ),
    ).toHaveLength(8);
  });
});
