import { describe, expect, it } from 'vitest';
import { Figure, LetterStyle } from '../../src/shared/figure/schema';
import {
  bareLetter,
  contrastRatio,
  LETTER_GAP_MM,
  LETTER_INSET_MM,
  letterBox,
  letterFor,
  letterSequence,
  pageInk,
  panelLetter,
  withPlacement,
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

describe('withPlacement: the ink follows the letters onto the page', () => {
  const imageStyle = LetterStyle.parse({});
  it('white outlined letters moved outside on a white page become black, without outline', () => {
    expect(imageStyle).toMatchObject({ color: '#ffffff', halo: true });
    expect(withPlacement(imageStyle, 'outside-top-left', '#ffffff')).toMatchObject({
      placement: 'outside-top-left',
      color: '#000000',
      halo: false,
    });
  });
  it('on a dark page they stay white, and lose the outline only when it is needed for contrast', () => {
    expect(withPlacement(imageStyle, 'outside-top-left', '#101010')).toMatchObject({ color: '#ffffff', halo: true });
    const yellow = { ...imageStyle, color: '#ffff00' };
    expect(withPlacement(yellow, 'outside-top-left', '#101010')).toMatchObject({ color: '#ffff00', halo: true });
    expect(withPlacement(yellow, 'outside-top-left', '#ffffff')).toMatchObject({ color: '#000000', halo: false });
  });
  it('a colour the user chose that reads on the page is kept', () => {
    const red = { ...imageStyle, color: '#b00000' };
    expect(withPlacement(red, 'outside-top-left', '#ffffff')).toMatchObject({ color: '#b00000', halo: true });
  });
  it('moved back inside, letters still in the page ink get the image style back; others keep theirs', () => {
    const out = withPlacement(imageStyle, 'outside-top-left', '#ffffff');
    expect(withPlacement(out, 'inside-top-right', '#ffffff')).toMatchObject({
      placement: 'inside-top-right',
      color: '#ffffff',
      halo: true,
    });
    const red = { ...out, color: '#b00000' };
    expect(withPlacement(red, 'inside-top-left', '#ffffff')).toMatchObject({ color: '#b00000', halo: false });
  });
  it('a move between inside placements changes nothing else', () => {
    expect(withPlacement(imageStyle, 'inside-bottom-left', '#ffffff')).toEqual({ ...imageStyle, placement: 'inside-bottom-left' });
  });
  it('contrast ratios are WCAG 2 values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(pageInk('#f0f0f0')).toBe('#000000');
    expect(pageInk('#202020')).toBe('#ffffff');
  });
});
