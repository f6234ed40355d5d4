// The figure scene built headless (Konva on @napi-rs/canvas, as exports run): odd-angle
// rotations clip to the crop polygon, insets draw their frame and the matching box on the
// parent, letters sit in their boxes and follow reordering, annotations stay on the anatomy.
import { describe, it, expect, beforeAll } from 'vitest';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { Konva, exportFigure, pixelsFor } from '../../src/services/export';
import { prepareHeadless } from '../../src/services/export/render-figure';
import { buildFigureScene, LAYER_NAMES, type PanelImage } from '../../src/scene/figure-scene';
import { Figure, Panel, type Annotation } from '../../src/shared/figure/schema';
import { panelTransform } from '../../src/shared/geometry/transform';
import { newProject } from '../../src/shared/figure/factory';
import { movePanel, makeInset } from '../../src/renderer/editor/panel-commands';

beforeAll(() => prepareHeadless());

function solid(w: number, h: number, colour: string): PanelImage {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, w, h);
  return { image: c as unknown as CanvasImageSource, width: w, height: h };
}

function figureOf(panels: Partial<Panel>[], extra: Partial<Figure> = {}): Figure {
  return Figure.parse({
    id: 'f1',
    name: 'Figure 1',
    page: { widthMm: 100, marginMm: 0, gutterMm: 2, ...(extra.page ?? {}) },
    rows: extra.rows ?? [panels.length],
    letters: extra.letters ?? {},
    panels: panels.map((p, i) => ({ id: `p${i}`, sourceId: 's1', ...p })),
  });
}

async function render(figure: Figure, images: Map<string, PanelImage>, dpi = 254) {
  const sizes = new Map([...images].map(([k, v]) => [k, { width: v.width, height: v.height }]));
  const probe = buildFigureScene(figure, { images, sizes, showLabels: true });
  const { pageWidthMm, pageHeightMm } = probe.layout;
  const png = await exportFigure({
    build: () => buildFigureScene(figure, { images, sizes, showLabels: true }).layers,
    widthMm: pageWidthMm,
    heightMm: pageHeightMm,
    dpi,
    format: 'png',
    sceneUnitsPerMm: 1,
    layerNames: [...LAYER_NAMES],
  });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pxPerMm = dpi / 25.4;
  const at = (xMm: number, yMm: number): [number, number, number] => {
    const i = (Math.floor(yMm * pxPerMm) * info.width + Math.floor(xMm * pxPerMm)) * 3;
    return [data[i], data[i + 1], data[i + 2]];
  };
  return { scene: probe, info, at };
}

describe('odd-angle rotation', () => {
  it('clips the image to the crop polygon: bounding-box corners show the page, the centre the image', async () => {
    // The image extends well beyond the crop, so a rectangular (bounding-box) clip would
    // show red in the corners; only the crop polygon keeps them white.
    const fig = figureOf([{ crop: { x: 100, y: 50, w: 200, h: 100 }, rotation: 30 }]);
    const images = new Map([['p0', solid(400, 200, '#ff0000')]]);
    const { scene, at, info } = await render(fig, images);
    const r = scene.layout.panels[0];
    const t = scene.transforms.get('p0')!;
    expect(t.viewWidth).toBeCloseTo(200 * Math.cos(Math.PI / 6) + 100 * 0.5, 6);
    expect(info.width).toBe(pixelsFor(100, 254));
    const mm = r.wMm / t.viewWidth;
    // Centre: image.
    expect(at(r.xMm + r.wMm / 2, r.yMm + r.hMm / 2)).toEqual([255, 0, 0]);
    // Each corner of the view box (2 % in from it) is outside the rotated crop: page white.
    for (const [fx, fy] of [
      [0.02, 0.02],
      [0.98, 0.02],
      [0.98, 0.98],
      [0.02, 0.98],
    ])
      expect(at(r.xMm + r.wMm * fx, r.yMm + r.hMm * fy)).toEqual([255, 255, 255]);
    // Just inside each crop corner (pulled 3 % towards the centre): image.
    const [cx, cy] = [t.viewWidth / 2, t.viewHeight / 2];
    for (const [vx, vy] of t.cropPolygon) {
      const px = vx + (cx - vx) * 0.03;
      const py = vy + (cy - vy) * 0.03;
      expect(at(r.xMm + px * mm, r.yMm + py * mm)).toEqual([255, 0, 0]);
    }
    // The clip is recorded as the crop polygon, for the screen's hit tests.
    const source = scene.layers[0].findOne('.panel-source')!;
    expect(source.getAttr('cropPolygon')).toEqual(t.cropPolygon);
  });
});

describe('insets', () => {
  it('draws the inset region as a box on the parent and a frame around the inset, in the letter colour', async () => {
    const project = newProject(figureOf([{ id: 'p0' }], { letters: { color: '#00ff00', enabled: false } as Figure['letters'] }));
    const region = { x: 150, y: 50, w: 100, h: 100 };
    const next = makeInset('f1', 'p0', { width: 400, height: 200 }, () => 'inset', region)(project);
    const fig = next.figures[0];
    expect(fig.panels.map((p) => p.id)).toEqual(['p0', 'inset']);
    expect(fig.panels[1]).toMatchObject({ insetOf: 'p0', sourceId: 's1', crop: region });
    expect(fig.rows).toEqual([2]);
    const images = new Map([
      ['p0', solid(400, 200, '#ff0000')],
      ['inset', solid(400, 200, '#ff0000')],
    ]);
    const { scene, at } = await render(fig, images, 600);
    const outline = scene.layers[0].find('.inset-outline');
    expect(outline).toHaveLength(1);
    expect(outline[0].getAttr('insetId')).toBe('inset');
    // The box on the parent: source (150..250, 50..150) → page mm through the parent's transform.
    const parent = scene.layout.panels[0];
    const mm = scene.mmPerViewPx.get('p0')!;
    const left = parent.xMm + 150 * mm;
    const top = parent.yMm + 50 * mm;
    const mid = parent.yMm + 100 * mm;
    expect(at(left, mid)).toEqual([0, 255, 0]);
    expect(at(parent.xMm + 250 * mm, mid)).toEqual([0, 255, 0]);
    expect(at(parent.xMm + 200 * mm, top)).toEqual([0, 255, 0]);
    // Inside the box and outside it: the image.
    expect(at(parent.xMm + 200 * mm, mid)).toEqual([255, 0, 0]);
    expect(at(parent.xMm + 50 * mm, mid)).toEqual([255, 0, 0]);
    // The inset panel: square (its crop is square), framed in green at its edges, red inside.
    const ins = scene.layout.panels[1];
    expect(ins.wMm).toBeCloseTo(ins.hMm, 6);
    expect(at(ins.xMm + 0.1, ins.yMm + ins.hMm / 2)).toEqual([0, 255, 0]);
    expect(at(ins.xMm + ins.wMm - 0.1, ins.yMm + ins.hMm / 2)).toEqual([0, 255, 0]);
    expect(at(ins.xMm + ins.wMm / 2, ins.yMm + ins.hMm / 2)).toEqual([255, 0, 0]);
  });

  it('draws no box when the inset shows another source (the box would point at other pixels)', () => {
    const fig = figureOf([{ id: 'p0' }, { id: 'p1', sourceId: 's2', insetOf: 'p0', crop: { x: 0, y: 0, w: 10, h: 10 } }]);
    const images = new Map([
      ['p0', solid(40, 20, '#ff0000')],
      ['p1', solid(40, 20, '#ff0000')],
    ]);
    const sizes = new Map([...images].map(([k, v]) => [k, { width: v.width, height: v.height }]));
    const scene = buildFigureScene(fig, { images, sizes, showLabels: true });
    expect(scene.layers[0].find('.inset-outline')).toHaveLength(0);
    expect(scene.layers[0].find('.inset-frame')).toHaveLength(0);
  });
});

describe('letters', () => {
  const images = new Map([
    ['p0', solid(200, 100, '#202020')],
    ['p1', solid(100, 100, '#202020')],
    ['p2', solid(100, 200, '#202020')],
  ]);
  const sizes = new Map([...images].map(([k, v]) => [k, { width: v.width, height: v.height }]));
  const lettersOf = (fig: Figure) =>
    buildFigureScene(fig, { images, sizes, showLabels: true })
      .layers[3].find('.panel-letter')
      .map((n) => [n.getAttr('panelId'), n.getAttr('letter')]);

  it('follow layout order with the figure style; an override wins; an empty override is automatic', () => {
    const fig = figureOf([{ id: 'p0' }, { id: 'p1', letter: '' }, { id: 'p2', letter: 'D′' }], {
      letters: { format: '(a)' } as Figure['letters'],
    });
    expect(lettersOf(fig)).toEqual([
      ['p0', '(a)'],
      ['p1', '(b)'],
      ['p2', 'D′'],
    ]);
  });

  it('renumber when a panel moves', () => {
    const project = newProject(figureOf([{ id: 'p0' }, { id: 'p1' }, { id: 'p2' }]));
    const moved = movePanel('f1', 'p2', 0)(project).figures[0];
    expect(lettersOf(moved)).toEqual([
      ['p2', 'A'],
      ['p0', 'B'],
      ['p1', 'C'],
    ]);
  });

  it('are drawn inside the letter box (non-background pixels) and outside placement reserves a band', async () => {
    const fig = figureOf([{ id: 'p0' }, { id: 'p1' }], {
      letters: { placement: 'outside-top-left', color: '#000000', halo: false, fontPt: 10 } as Figure['letters'],
    });
    const imgs = new Map([
      ['p0', solid(200, 100, '#ffffff')],
      ['p1', solid(100, 100, '#ffffff')],
    ]);
    const { scene, at } = await render(fig, imgs, 600);
    expect(scene.layout.letterSpaceMm).toBeGreaterThan(3);
    for (const node of scene.layers[3].find('.panel-letter')) {
      const panel = scene.layout.panels[fig.panels.findIndex((p) => p.id === node.getAttr('panelId'))];
      // Outside: the letter's box ends above the panel.
      expect(node.y() + node.height()).toBeLessThanOrEqual(panel.yMm + 1e-6);
      let dark = 0;
      for (let y = node.y(); y < node.y() + node.height(); y += 0.05)
        for (let x = node.x(); x < node.x() + node.width(); x += 0.05) if (at(x, y)[0] < 128) dark++;
      expect(dark).toBeGreaterThan(50);
    }
  });
});

describe('annotations through crop, flip and rotation', () => {
  it('a marker on a source pixel lands where the transform puts that pixel on the page', () => {
    // Hand-computed: crop 100×50 at (20, 10), flipH, rotation 90° clockwise.
    // View box = 50 × 100. Source (40, 20) → crop-centred (−50+20, −25+10) = (−30, −15)
    // → flipH (30, −15) → rotate 90° cw (x' = −y, y' = x) = (15, 30) → + (25, 50) = (40, 80).
    const arrow: Annotation = {
      id: 'a1',
      type: 'rect',
      layer: 'labels',
      style: { color: '#ffffff', strokePt: 0, fontPt: 8, halo: false, haloColor: '#000000', opacity: 1, fill: '#ffffff', bold: false },
      at: [40, 20],
      size: [2, 2],
      rotation: 0,
    };
    const fig = figureOf([{ id: 'p0', crop: { x: 20, y: 10, w: 100, h: 50 }, flipH: true, rotation: 90, annotations: [arrow] }]);
    const images = new Map([['p0', solid(200, 100, '#000000')]]);
    const sizes = new Map([['p0', { width: 200, height: 100 }]]);
    const scene = buildFigureScene(fig, { images, sizes, showLabels: true });
    const t = panelTransform(fig.panels[0], 200, 100);
    expect([t.viewWidth, t.viewHeight]).toEqual([50, 100]);
    expect(t.toView([40, 20])).toEqual([40, 80]);
    const r = scene.layout.panels[0];
    const mm = scene.mmPerViewPx.get('p0')!;
    const node = scene.layers[1].findOne((n: Konva.Node) => n.getAttr('annotationId') === 'a1')!;
    // The node's own origin (source (40, 20)) in page mm.
    const origin = node.getAbsoluteTransform().point({ x: 0, y: 0 });
    expect(origin.x).toBeCloseTo(r.xMm + 40 * mm, 6);
    expect(origin.y).toBeCloseTo(r.yMm + 80 * mm, 6);
  });
});

describe('a panel without pixels', () => {
  const texts = (scene: ReturnType<typeof buildFigureScene>) =>
    scene.layers.flatMap((l) => l.find('Text')).map((n) => [n.name(), (n as unknown as { text(): string }).text()]);

  it('says "Loading image…" quietly while its decode runs, and why when it is missing or cannot be decoded', () => {
    const figure = figureOf([{}, {}]);
    const sizes = new Map([
      ['p0', { width: 40, height: 30 }],
      ['p1', { width: 40, height: 30 }],
    ]);
    const loading = buildFigureScene(figure, { images: new Map(), sizes, showLabels: false });
    expect(texts(loading)).toEqual([
      ['image-loading', 'Loading image…'],
      ['image-loading', 'Loading image…'],
    ]);
    const missing = buildFigureScene(figure, {
      images: new Map([['p0', solid(40, 30, '#808080')]]),
      sizes,
      showLabels: false,
      missing: new Map([['p1', 'missing: /cases/ct.dcm was moved or deleted']]),
    });
    expect(texts(missing)).toEqual([['image-problem', 'Image not shown\nmissing: /cases/ct.dcm was moved or deleted']]);
  });
});
