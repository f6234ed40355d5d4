import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, Figure, type Annotation } from '../../src/shared/figure/schema';
import { calibrationSentence, describeObjective, panelLegend, writeLegend } from '../../src/shared/figure/legend';
import { chooseScaleBar } from '../../src/shared/calibration/scalebar';

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
    expect(text).toContain('(B) Radiograph, window 2048/4096.');
    expect(text).toContain('(C) CT, window 40/400 HU.');
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
    expect(writeLegend(f, ctx)).toBe('(A) Clinical photograph. Arrow, […]; star, […].');
  });

  it('counts arrows, asterisks and numbered markers', () => {
    expect(text).toContain('Arrows (2), […]; asterisks (3), […].');
    expect(text).toContain('Numbers 1–3, […].');
  });

  it('quotes the scale bar the scene draws, and where the calibration came from', () => {
    const drawn = chooseScaleBar(figure.panels[3].calibration, 2000, { targetFraction: 0.2 });
    expect(drawn.ok && drawn.label).toBe('100 \u00b5m');
    expect(text).toContain('Scale bar, 100 \u00b5m.');
    expect(text).toContain('Pixel size from a microscope calibration profile (Olympus 40x / 0.25 µm/px).');
    expect(text).toContain('Measurement: 14.3 mm.');
    expect(text).toContain('Pixel spacing from DICOM ImagerPixelSpacing (detector plane).');
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
    expect(t).toBe('(A) CT, window 50/350 HU.');
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

  it('describes every calibration source', () => {
    expect(calibrationSentence({ source: 'ImagerPixelSpacing', mmPerPxX: 1, mmPerPxY: 1, note: '' })).toBe(
      'Pixel spacing from DICOM ImagerPixelSpacing (detector plane).',
    );
    expect(calibrationSentence({ source: 'PixelSpacing', mmPerPxX: 1, mmPerPxY: 1, note: 'patient plane' })).toBe(
      'Pixel spacing from DICOM PixelSpacing.',
    );
    expect(calibrationSentence({ source: 'reference', mmPerPxX: 1, mmPerPxY: 1, note: 'reference line 10 mm over 100 px' })).toBe(
      'Calibrated against a reference of known length (reference line 10 mm over 100 px).',
    );
    expect(calibrationSentence({ source: 'TIFFResolution', mmPerPxX: 1, mmPerPxY: 1, note: '' })).toBe(
      'Pixel size from the TIFF resolution tags.',
    );
  });
});
