import { describe, expect, it } from 'vitest';
import { getJournal, isAcceptedWidth, journalWidths, JOURNALS, nearestWidth } from '../../src/shared/figure/journals';

describe('journal rules', () => {
  it('covers the required journals with sane values', () => {
    const ids = JOURNALS.map((j) => j.id);
    for (const id of ['nature', 'cell', 'elsevier', 'plos', 'jama', 'nejm', 'radiology', 'custom']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const j of JOURNALS) {
      expect(j.minDpi.photo).toBeGreaterThanOrEqual(300);
      expect(j.minDpi.combination).toBeGreaterThanOrEqual(j.minDpi.photo);
      expect(j.minDpi.lineArt).toBeGreaterThanOrEqual(j.minDpi.combination);
      expect(j.minFontPt).toBeGreaterThan(0);
      expect(j.minLineWidthPt).toBeGreaterThan(0);
      expect(j.formats.length).toBeGreaterThan(0);
      expect(j.source).not.toBe('');
      if (j.widths) expect(j.widths.single).toBeLessThan(j.widths.double);
    }
  });

  it('holds the published numbers', () => {
    const nature = getJournal('nature');
    expect(nature.widths).toMatchObject({ single: 89, double: 183 });
    expect(nature.minFontPt).toBe(5);
    expect(nature.minDpi.photo).toBe(300);
    const plos = getJournal('plos');
    expect(plos.widths).toMatchObject({ single: 132, double: 190.5 });
    expect(plos.maxHeightMm).toBe(222.25);
    expect([...plos.formats].sort()).toEqual(['eps', 'tiff']);
    expect(getJournal('elsevier').minDpi).toEqual({ photo: 300, combination: 500, lineArt: 1000 });
    expect(getJournal('elsevier').widths).toEqual({ single: 90, onePointFive: 140, double: 190 });
    expect(getJournal('cell').widths).toEqual({ single: 85, onePointFive: 114, double: 174 });
  });

  it('falls back to custom for an unknown id', () => {
    expect(getJournal('no-such-journal').id).toBe('custom');
  });

  it('accepts standard widths, ranges, and finds the nearest', () => {
    const nature = getJournal('nature');
    expect(journalWidths(nature).map((w) => w.mm)).toEqual([89, 120, 183]);
    expect(isAcceptedWidth(nature, 89)).toBe(true);
    expect(isAcceptedWidth(nature, 89.3)).toBe(true);
    expect(isAcceptedWidth(nature, 130)).toBe(true);
    expect(isAcceptedWidth(nature, 100)).toBe(false);
    expect(nearestWidth(nature, 100)).toEqual({ label: 'single column', mm: 89 });
    expect(isAcceptedWidth(getJournal('plos'), 150)).toBe(true);
    expect(isAcceptedWidth(getJournal('plos'), 200)).toBe(false);
    expect(isAcceptedWidth(getJournal('custom'), 123)).toBe(true);
    expect(nearestWidth(getJournal('custom'), 123)).toBeNull();
  });
});
