import { describe, expect, it } from 'vitest';
import { Figure } from '../../src/shared/figure/schema';
import {
  bareLetter,
  LETTER_GAP_MM,
  LETTER_INSET_MM,
  letterBox,
  letterFor,
  letterSequence,
  panelLetter,
} from '../../src/shared/figure/letters';
import { layoutFigure } from '../../src/shared/figure/layout';
import { ptToMm } from '../../src/shared/calibration/units';

describe('panel letters', () => {
  it('runs A…Z then AA, AB … ZZ, AAA', () => {
    expect([0, 1, 25].map((i) => letterSequence(i))).toEqual(['A', 'B', 'Z']);
    expect(letterSequence(26)).toBe('AA');
    expect(letterSequence(27)).toBe('AB');
    expect(letterSequence(51)).toBe('AZ');
    expect(letterSequence(52)).toBe('BA');
    expect(letterSequence(701)).toBe('ZZ');
    expect(letterSequence(702)).toBe('AAA');
    expect(() => letterSequence(-1)).toThrow();
  });

  it('applies each format', () => {
    expect(panelLetter(2, 'A')).toBe('C');
    expect(panelLetter(2, 'a')).toBe('c');
    expect(panelLetter(2, '(A)')).toBe('(C)');
    expect(panelLetter(2, '(a)')).toBe('(c)');
    expect(panelLetter(2, 'A.')).toBe('C.');
    expect(panelLetter(2, 'a)')).toBe('c)');
    expect(panelLetter(27, '(a)')).toBe('(ab)');
  });

  it('lets a panel override win', () => {
    const f = Figure.parse({
      id: 'f',
      name: 'F',
      page: { widthMm: 183 },
      rows: [3],
      letters: { format: '(a)' },
      panels: [
        { id: 'p0', sourceId: 's' },
        { id: 'p1', sourceId: 's', letter: 'B′' },
        { id: 'p2', sourceId: 's' },
      ],
    });
    expect([0, 1, 2].map((i) => letterFor(f, i))).toEqual(['(a)', 'B′', '(c)']);
    expect(bareLetter(f, 0)).toBe('a');
  });
});

describe('letterBox', () => {
  const panel = { xMm: 10, yMm: 20, wMm: 50, hMm: 40 };
  it('places a box for each placement', () => {
    expect(letterBox(panel, { placement: 'inside-top-left' }, 3, 4)).toEqual({
      xMm: 10 + LETTER_INSET_MM,
      yMm: 20 + LETTER_INSET_MM,
      wMm: 3,
      hMm: 4,
    });
    expect(letterBox(panel, { placement: 'inside-top-right' }, 3, 4)).toEqual({
      xMm: 60 - LETTER_INSET_MM - 3,
      yMm: 20 + LETTER_INSET_MM,
      wMm: 3,
      hMm: 4,
    });
    expect(letterBox(panel, { placement: 'inside-bottom-left' }, 3, 4)).toEqual({
      xMm: 10 + LETTER_INSET_MM,
      yMm: 60 - LETTER_INSET_MM - 4,
      wMm: 3,
      hMm: 4,
    });
    expect(letterBox(panel, { placement: 'outside-top-left' }, 3, 4)).toEqual({ xMm: 10, yMm: 20 - LETTER_GAP_MM - 4, wMm: 3, hMm: 4 });
  });

  it('keeps outside letters inside the band the layout reserves', () => {
    const f = Figure.parse({
      id: 'f',
      name: 'F',
      page: { widthMm: 89, gutterMm: 2 },
      rows: [1, 1],
      letters: { placement: 'outside-top-left', fontPt: 12 },
      panels: [
        { id: 'p0', sourceId: 's' },
        { id: 'p1', sourceId: 's' },
      ],
    });
    const l = layoutFigure(f, [1, 1]);
    const textH = ptToMm(12) * 1.2;
    const top = letterBox(l.panels[0], f.letters, 4, textH);
    expect(top.yMm).toBeGreaterThanOrEqual(-1e-9);
    const second = letterBox(l.panels[1], f.letters, 4, textH);
    // Below the first panel's bottom edge plus the gutter: never overlaps the panel above.
    expect(second.yMm).toBeGreaterThanOrEqual(l.panels[0].yMm + l.panels[0].hMm + 2 - 1e-9);
  });
});
