import { describe, expect, it } from 'vitest';
import {
  htmlToRuns,
  labelFields,
  layoutRuns,
  normalizeRuns,
  plainText,
  runsOf,
  runsToHtml,
  SCRIPT_SCALE,
  SUPER_RISE,
  toggleFormat,
  type MeasureRun,
} from '../../src/shared/figure/rich-text';

const cd3 = [{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' as const }];

describe('runs', () => {
  it('plain text drops formats; a label without runs is one plain run', () => {
    expect(plainText(cd3)).toBe('CD3+');
    expect(runsOf({ text: 'nodule' })).toEqual([{ text: 'nodule' }]);
    expect(runsOf({ text: 'CD3+', runs: cd3 })).toEqual(cd3);
  });

  it('normalises: empty runs dropped, equal neighbours merged, false flags left out', () => {
    expect(
      normalizeRuns([
        { text: 'T', italic: false },
        { text: '', bold: true },
        { text: '2', script: 'sub' },
        { text: '-w' },
        { text: 'eighted', bold: false },
      ]),
    ).toEqual([{ text: 'T' }, { text: '2', script: 'sub' }, { text: '-weighted' }]);
    expect(labelFields([{ text: 'a' }, { text: 'b', italic: true }])).toEqual({
      text: 'ab',
      runs: [{ text: 'a' }, { text: 'b', italic: true }],
    });
  });

  it('serialises to the editor HTML and back, unchanged', () => {
    const runs = [
      { text: 'α<β & ' },
      { text: 'CD', italic: true, bold: true },
      { text: '3' },
      { text: '+', script: 'super' as const },
      { text: '\nT' },
      { text: '2', script: 'sub' as const },
    ];
    const html = runsToHtml(runs);
    expect(html).toBe('α&lt;β &amp; <i><b>CD</b></i>3<sup>+</sup><br>T<sub>2</sub>');
    expect(htmlToRuns(html)).toEqual(normalizeRuns(runs));
  });

  it("reads what Chromium's contenteditable writes: divs per line, styled spans, entities, a trailing <br>", () => {
    expect(htmlToRuns('<span style="font-style: italic;">CD</span>3<sup>+</sup><div>T<sub>2</sub>&nbsp;w</div><div><br></div>')).toEqual([
      { text: 'CD', italic: true },
      { text: '3' },
      { text: '+', script: 'super' },
      { text: '\nT' },
      { text: '2', script: 'sub' },
      { text: ' w' },
    ]);
    expect(htmlToRuns('<em>a</em><strong>b</strong><b style="font-weight: normal">c</b>&#181;&#x3b1;')).toEqual([
      { text: 'a', italic: true },
      { text: 'b', bold: true },
      { text: 'cµα' },
    ]);
    expect(htmlToRuns('')).toEqual([]);
  });

  it('toggles a format over a range, and off again when the whole range has it', () => {
    const on = toggleFormat([{ text: 'CD3+' }], 'italic', 0, 2);
    expect(on).toEqual([{ text: 'CD', italic: true }, { text: '3+' }]);
    expect(toggleFormat(on, 'super', 3, 4)).toEqual([{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' }]);
    expect(toggleFormat(on, 'italic', 0, 2)).toEqual([{ text: 'CD3+' }]);
    // Whole label: italic everywhere unless all of it already is.
    expect(toggleFormat(on, 'italic')).toEqual([{ text: 'CD3+', italic: true }]);
  });
});

describe('layout of runs', () => {
  // A fixed-pitch metric: every character 0.5 em, italic 0.55 em (the scene passes canvas measureText).
  const measure: MeasureRun = (t, size, f) => t.length * size * (f.italic ? 0.55 : 0.5);

  it('places runs side by side, scripts smaller and raised or lowered from the baseline', () => {
    const l = layoutRuns([...cd3, { text: ' T' }, { text: '2', script: 'sub' }], 10, measure);
    const [cd, three, plus, t, two] = l.runs;
    expect(cd).toMatchObject({ x: 0, width: 11, sizePx: 10, italic: true });
    expect(three.x).toBe(11);
    expect(plus).toMatchObject({ x: 16, sizePx: 10 * SCRIPT_SCALE, shift: -10 * SUPER_RISE });
    expect(plus.y).toBeCloseTo(three.y - 10 * SUPER_RISE);
    expect(two.y).toBeGreaterThan(t.y);
    expect(l.width).toBeCloseTo(16 + 3.5 + 10 + 3.5);
    expect(l.baselines).toHaveLength(1);
  });

  it('breaks lines at \\n and aligns each within the widest', () => {
    const l = layoutRuns([{ text: 'long line\nab' }], 10, measure, 'center');
    expect(l.baselines).toHaveLength(2);
    expect(l.height).toBeCloseTo(2 * 11.5);
    const ab = l.runs.find((r) => r.text === 'ab')!;
    expect(ab.x).toBeCloseTo((45 - 10) / 2);
    expect(layoutRuns([{ text: 'long line\nab' }], 10, measure, 'right').runs[1].x).toBeCloseTo(35);
  });
});
