import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, Figure, type Annotation } from '../../src/shared/figure/schema';
import {
  describeObjective,
  legendCalibrationNote,
  draftLegend,
  figureLegend,
  panelLegend,
  writeLegend,
} from '../../src/shared/figure/legend';
import { chooseScaleBar } from '../../src/shared/calibration/scalebar';
import { migrate } from '../../src/shared/figure/migrations';
import { readFileSync } from 'node:fs';

const base = { layer: 'labels' as const, style: DEFAULT_STYLE };
const arrow = (id: string): Annotation => ({
  ...base,
  id,
  type: 'arrow',
  points: [
    [0, 0],
    [50, 50],
  ],
  head: 'filled',
  tail: 'none',
});
const marker = (id: string, shape: 'asterisk' | 'star' | 'arrowhead'): Annotation => ({
  ...base,
  id,
  type: 'marker',
  at: [5, 5],
  shape,
  sizePt: 10,
  rotation: 0,
});
const num = (id: string, n: number): Annotation => ({ ...base, id, type: 'number', at: [5, 5], n });

// The calcinosis cutis case from DESIGN.md: photo, radiograph, CT, H&E.
const figure = Figure.parse({
  id: 'f',
  name: 'Figure 1',
  page: { widthMm: 183 },
  rows: [2, 2],
  panels: [
    {
      id: 'p0',
      sourceId: 'photo',
      caption: { description: 'Firm nodules on the buttocks.' },
      annotations: [arrow('a1'), arrow('a2'), marker('m1', 'asterisk'), marker('m2', 'asterisk'), marker('m3', 'asterisk')],
    },
    {
      id: 'p1',
      sourceId: 'xr',
      calibration: { source: 'ImagerPixelSpacing', mmPerPxX: 0.143, mmPerPxY: 0.143, note: 'detector plane' },
      annotations: [
        {
          ...base,
          id: 'ml',
          type: 'measure-length',
          points: [
            [0, 0],
            [100, 0],
          ],
        },
        num('n1', 1),
        num('n2', 2),
        num('n3', 3),
      ],
      display: { window: { center: 2048, width: 4096 } },
    },
    { id: 'p2', sourceId: 'ct', display: { window: { center: 40, width: 400 } } },
    {
      id: 'p3',
      sourceId: 'he',
      calibration: { source: 'profile', mmPerPxX: 0.00025, mmPerPxY: 0.00025, note: 'Olympus 40x / 0.25 µm/px' },
      scaleBar: { lengthMm: null },
      caption: { stain: 'H&E', objective: '40x', description: 'Skin biopsy with dermal calcium deposits' },
      display: { gamma: 0.8 },
    },
  ],
});

const ctx = {
  sourceKinds: { photo: 'clinical-photo', xr: 'dicom', ct: 'dicom', he: 'raster' },
  infoBySource: new Map([
    ['xr', { modality: 'DX', width: 2000, height: 2500, windows: [] }],
    ['ct', { modality: 'CT', width: 512, height: 512, windows: [{ center: 50, width: 350 }] }],
    ['he', { modality: null, width: 2000, height: 1500, windows: [] }],
  ]),
};

describe('writeLegend', () => {
  const text = writeLegend(figure, ctx);

  it('describes each panel in letter order', () => {
    const order = ['(A)', '(B)', '(C)', '(D)'].map((l) => text.indexOf(l));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('uses the caption, or the kind of image', () => {
    expect(text).toContain('(A) Firm nodules on the buttocks.');
    expect(text).toContain('(B) Radiograph, window centre 2048, width 4096.');
    expect(text).toContain('(C) CT, window centre 40 HU, width 400 HU.');
    expect(text).toContain('(D) Skin biopsy with dermal calcium deposits, H&E, original magnification ×40.');
  });

  it('writes a single marker without a count', () => {
    const f = Figure.parse({
      id: 'f',
      name: 'F',
      page: { widthMm: 89 },
      rows: [1],
      panels: [{ id: 'x', sourceId: 'photo', annotations: [arrow('a'), marker('s', 'star')] }],
    });
    expect(writeLegend(f, ctx)).toBe('(A) Clinical photograph.');
    expect(draftLegend(f, ctx).questions).toEqual([
      "What is the figure's title?",
      'What finding does panel A show?',
      'What does the arrow in panel A point at?',
      'What does the star in panel A mark?',
    ]);
    const named = Figure.parse({
      ...f,
      title: 'Calcinosis cutis',
      panels: [{ ...f.panels[0], caption: { finding: 'firm nodules', markers: { arrows: 'a nodule.', stars: 'an ulcer' } } }],
    });
    expect(figureLegend(named, ctx)).toEqual({
      text: 'Calcinosis cutis. (A) Clinical photograph. Firm nodules. Arrow, a nodule; star, an ulcer.',
      questions: [],
      edited: false,
    });
  });

  it('counts arrows, asterisks and numbered markers, and asks what they mark when unnamed', () => {
    expect(text).not.toMatch(/Arrows|asterisks|Numbers|\[|…\]/);
    const q = draftLegend(figure, ctx).questions;
    expect(q).toContain('What do the arrows (2) in panel A point at?');
    expect(q).toContain('What do the asterisks (3) in panel A mark?');
    expect(q).toContain('What do the numbers 1–3 in panel B mark?');
    const named = Figure.parse({
      ...figure,
      panels: figure.panels.map((p, i) =>
        i === 0
          ? { ...p, caption: { ...p.caption, markers: { ...p.caption.markers, arrows: 'ulcerated nodules', asterisks: 'intact nodules' } } }
          : i === 1
            ? { ...p, caption: { ...p.caption, markers: { ...p.caption.markers, numbers: 'calcified plaques' } } }
            : p,
      ),
    });
    const t = writeLegend(named, ctx);
    expect(t).toContain('Arrows (2), ulcerated nodules; asterisks (3), intact nodules.');
    expect(t).toContain('Numbers 1–3, calcified plaques.');
    expect(draftLegend(named, ctx).questions.join(' ')).not.toMatch(/arrows|asterisks|numbers/);
  });

  it('asks a micrograph for its stain and magnification, and every panel for its finding', () => {
    const q = draftLegend(figure, ctx).questions;
    expect(q.filter((x) => /finding/.test(x))).toEqual(['A', 'B', 'C', 'D'].map((l) => `What finding does panel ${l} show?`));
    expect(q.join(' ')).not.toMatch(/stain|magnification/); // D has both
    const f = Figure.parse({ ...figure, rows: [1], panels: [{ ...figure.panels[3], caption: { finding: 'dermal calcium' } }] });
    expect(draftLegend(f, ctx).questions).toEqual([
      "What is the figure's title?",
      'Which stain is used in panel A?',
      'What objective or original magnification is panel A?',
    ]);
  });

  it("uses the author's finished legend as written, and asks nothing then", () => {
    const f = Figure.parse({ ...figure, legend: '  Calcinosis cutis in SLE. (A) Nodules.  ' });
    expect(figureLegend(f, ctx)).toEqual({ text: 'Calcinosis cutis in SLE. (A) Nodules.', questions: [], edited: true });
    expect(writeLegend(f, ctx)).toBe('Calcinosis cutis in SLE. (A) Nodules.');
    // The draft is still there to regenerate from.
    expect(draftLegend(f, ctx).text).toContain('(D) Skin biopsy');
  });

  it('leaves the letter out for a single unlettered panel', () => {
    const f = Figure.parse({ ...figure, rows: [1], letters: { enabled: false }, panels: [figure.panels[2]] });
    expect(writeLegend(f, ctx)).toBe('CT, window centre 40 HU, width 400 HU.');
    expect(draftLegend(f, ctx).questions).toContain('What finding does the panel show?');
  });

  it('quotes the scale bar the scene draws, and says only what changes how a reader takes a length', () => {
    const drawn = chooseScaleBar(figure.panels[3].calibration, 2000, { targetFraction: 0.2 });
    expect(drawn.ok && drawn.label).toBe('100 \u00b5m');
    expect(panelLegend(figure, 3, ctx)).toMatch(/Scale bar, 100 \u00b5m\. Gamma adjusted/);
    // How the micrograph was calibrated is provenance (Calibration section, manifest), not legend text.
    expect(text).not.toMatch(/profile|Olympus|Pixel size|Pixel spacing|Calibrated/);
    expect(text).toContain('Measurement: 14.3 mm. Lengths in the detector plane, not corrected for radiographic magnification.');
  });

  it('says nothing of a reference-line calibration: the scale bar sentence is the whole story', () => {
    const f = Figure.parse({
      ...figure,
      rows: [1],
      panels: [
        {
          ...figure.panels[3],
          calibration: { source: 'reference', mmPerPxX: 0.00025, mmPerPxY: 0.00025, note: 'reference line 40 µm over 160 px' },
          display: {},
        },
      ],
    });
    expect(writeLegend(f, ctx)).toBe(
      '(A) Skin biopsy with dermal calcium deposits, H&E, original magnification ×40. Scale bar, 100 \u00b5m.',
    );
  });

  it('discloses non-linear adjustments', () => {
    expect(text).toContain('Gamma adjusted (γ = 0.8).');
    expect(panelLegend(figure, 0, ctx)).not.toMatch(/Gamma/);
  });

  it('falls back to the file window for CT and says nothing of calibration when no length is shown', () => {
    const f = Figure.parse({
      ...figure,
      rows: [1],
      panels: [{ id: 'c', sourceId: 'ct', calibration: { source: 'PixelSpacing', mmPerPxX: 0.7, mmPerPxY: 0.7 } }],
    });
    const t = writeLegend(f, ctx);
    expect(t).toBe('(A) CT, window centre 50 HU, width 350 HU.');
  });

  it('omits the scale bar when the size of the source is unknown or it is uncalibrated', () => {
    const t = writeLegend(figure, { sourceKinds: ctx.sourceKinds });
    expect(t).not.toContain('Scale bar');
    expect(t).toContain('(D) Skin biopsy');
  });

  it('names rasters with a stain as photomicrographs and notes insets', () => {
    const f = Figure.parse({
      id: 'f',
      name: 'F',
      page: { widthMm: 89 },
      rows: [2],
      letters: { format: '(a)' },
      panels: [
        { id: 'x', sourceId: 'r', caption: { stain: 'Von Kossa' } },
        { id: 'y', sourceId: 'r2', insetOf: 'x' },
      ],
    });
    const t = writeLegend(f, {
      sourceKinds: new Map([
        ['r', 'raster'],
        ['r2', 'raster'],
      ]),
    });
    expect(t).toBe('(a) Photomicrograph, Von Kossa. (b) Photograph. Magnified view of the region outlined in a.');
  });
});

describe('legend helpers', () => {
  it('reads objectives', () => {
    expect(describeObjective('40x')).toBe('original magnification ×40');
    expect(describeObjective('×10')).toBe('original magnification ×10');
    expect(describeObjective('40× oil, NA 1.3')).toBe('40× oil, NA 1.3');
  });

  it('notes the calibration only where it changes what a length means (radiographic magnification)', () => {
    const cal = (source: 'ImagerPixelSpacing' | 'PixelSpacing' | 'reference' | 'TIFFResolution' | 'profile' | 'ImageJ', note = '') => ({
      source,
      mmPerPxX: 1,
      mmPerPxY: 1,
      note,
    });
    expect(legendCalibrationNote(cal('ImagerPixelSpacing', 'detector plane'))).toBe(
      'Lengths in the detector plane, not corrected for radiographic magnification.',
    );
    expect(legendCalibrationNote(cal('ImagerPixelSpacing', 'corrected by EstimatedRadiographicMagnificationFactor 1.15'))).toBe(
      'Lengths corrected for an estimated radiographic magnification of 1.15.',
    );
    for (const source of ['PixelSpacing', 'reference', 'TIFFResolution', 'profile', 'ImageJ'] as const)
      expect(legendCalibrationNote(cal(source, 'reference line 10 mm over 100 px'))).toBeNull();
  });

  it('writes the window out, with HU only when the values are HU', () => {
    const one = (sourceId: string, info: Record<string, unknown>, window = { center: -600, width: 1500 }) =>
      writeLegend(
        Figure.parse({ id: 'f', name: 'F', page: { widthMm: 89 }, rows: [1], panels: [{ id: 'p', sourceId, display: { window } }] }),
        { sourceKinds: { [sourceId]: 'dicom' }, infoBySource: new Map([[sourceId, { windows: [], ...info }]]) },
      );
    expect(one('ct', { modality: 'CT', units: 'HU' })).toBe('(A) CT, window centre \u2212600 HU, width 1500 HU.');
    // A CR's modality values are optical density, a CT without a rescale has no known offset: no HU.
    expect(one('cr', { modality: 'CR', units: 'OD' }, { center: 1600, width: 2800 })).toBe(
      '(A) Radiograph, window centre 1600, width 2800.',
    );
    expect(one('ct', { modality: 'CT', units: null }, { center: 1064, width: 400 })).toBe('(A) CT, window centre 1064, width 400.');
  });
});

describe('older projects', () => {
  it('open with empty legend fields (title, finding, marker meanings, no finished legend)', () => {
    const raw = JSON.parse(readFileSync(new URL('../fixtures/projects/v1.medfig', import.meta.url), 'utf8'));
    expect(raw.figures[0].title).toBeUndefined();
    expect(raw.figures[0].panels[0].caption.finding).toBeUndefined();
    const p = migrate(raw);
    expect(p.figures[0]).toMatchObject({ title: '', legend: '' });
    expect(p.figures[0].panels[0].caption).toEqual({
      stain: '',
      objective: '',
      description: 'Firm nodules on the buttocks',
      finding: '',
      markers: { arrows: '', arrowheads: '', asterisks: '', stars: '', numbers: '' },
    });
    const d = draftLegend(p.figures[0], { sourceKinds: {} });
    expect(d.text).toMatch(/^\(A\) Firm nodules on the buttocks\./);
    expect(d.text).not.toMatch(/\[|…\]/);
    expect(d.questions).toContain('What finding does panel A show?');
  });
});

describe('legendIsStale: the figure changed after the author edited the legend', () => {
  it('only for an edited legend whose starting draft is known and differs from the draft now', async () => {
    const { legendIsStale } = await import('../../src/shared/figure/legend');
    expect(legendIsStale({ legend: '', legendBase: '' }, 'A.')).toBe(false);
    expect(legendIsStale({ legend: 'Mine.', legendBase: 'A.' }, 'A.')).toBe(false);
    expect(legendIsStale({ legend: 'Mine.', legendBase: 'A.' }, 'A. B.')).toBe(true);
    // Older files: the starting draft is not known.
    expect(legendIsStale({ legend: 'Mine.', legendBase: '' }, 'A. B.')).toBe(false);
  });
});
