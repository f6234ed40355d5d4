// Document → Konva layers: the only code that draws a figure. The renderer puts these layers
// on its stage; the headless export draws the very same layers at the export's pixel ratio.
// Units: the scene is in millimetres of the printed page. Imports Konva and src/shared only.
import Konva from 'konva';
import type { Annotation, Figure, Panel, Point } from '../shared/figure/schema';
import { panelTransform, type PanelTransform } from '../shared/geometry/transform';
import { layoutFigure, type FigureLayout } from '../shared/figure/layout';
import { letterFor, letterBox } from '../shared/figure/letters';
import { chooseScaleBar } from '../shared/calibration/scalebar';
import { measure } from '../shared/calibration/measure';
import { annotationNodes } from './shapes';
import { drawPanelMarks, hasPanelMarks } from './panel-marks';
import { FONT_FAMILY, ptToMm } from './units';

/** A panel's displayed pixels (already windowed/adjusted), as something Konva can draw. */
export interface PanelImage {
  image: CanvasImageSource;
  /** Source size in px (the image may be a downsampled preview of it). */
  width: number;
  height: number;
  /**
   * The source rectangle the pixels cover, when they are only a part of the source (an export
   * carries only the cropped region, so nothing cropped away travels inside a PDF or SVG).
   * Default: the whole source.
   */
  region?: { x: number; y: number; w: number; h: number };
}

export interface SceneOptions {
  /** Keyed by panel id; a missing entry draws a placeholder with `missing` reason. */
  images: Map<string, PanelImage>;
  /** Source size per panel even when pixels are missing (keeps the layout stable). */
  sizes: Map<string, { width: number; height: number }>;
  missing?: Map<string, string>;
  /** false = unlabelled teaching copy (labels and scale bars hidden; redactions always drawn). */
  showLabels: boolean;
  /** Draw panel outlines for empty/missing panels (screen only). */
  screen?: boolean;
}

export interface FigureScene {
  layout: FigureLayout;
  /** Named layers, bottom to top: images, labels, scalebars, letters, redactions. */
  layers: Konva.Layer[];
  transforms: Map<string, PanelTransform>;
  /** Print mm per view px of each panel. */
  mmPerViewPx: Map<string, number>;
}

export const LAYER_NAMES = ['images', 'labels', 'scalebars', 'letters', 'redactions'] as const;

/** Stroke of an inset's outline box (on the parent) and of its frame (around the inset), pt. */
export const INSET_OUTLINE_PT = 1;
/** Outline colour of insets: the letters' colour, so the figure uses one label colour. */
const insetColour = (figure: Figure): string => figure.letters.color;

/**
 * The region of `inset` in its parent's source pixels, or null when it cannot be shown there
 * (no parent in this figure, or a different source/frame: the box would point at other pixels).
 */
export function insetRegion(
  figure: Figure,
  inset: Panel,
  sizes: Map<string, { width: number; height: number }>,
): { parent: Panel; rect: { x: number; y: number; w: number; h: number } } | null {
  if (!inset.insetOf || inset.insetOf === inset.id) return null;
  const parent = figure.panels.find((p) => p.id === inset.insetOf);
  if (!parent || parent.sourceId !== inset.sourceId || parent.frame !== inset.frame) return null;
  const s = sizes.get(inset.id) ?? sizes.get(parent.id);
  const rect = inset.crop ?? (s ? { x: 0, y: 0, w: s.width, h: s.height } : null);
  return rect ? { parent, rect } : null;
}

function sizeOf(panel: Panel, o: SceneOptions): { width: number; height: number } {
  return o.sizes.get(panel.id) ?? { width: 1000, height: 750 };
}

export function buildFigureScene(figure: Figure, o: SceneOptions): FigureScene {
  const transforms = new Map<string, PanelTransform>();
  for (const p of figure.panels) {
    const s = sizeOf(p, o);
    transforms.set(p.id, panelTransform(p, s.width, s.height));
  }
  const layout = layoutFigure(
    figure,
    figure.panels.map((p) => {
      const t = transforms.get(p.id)!;
      return t.viewWidth / t.viewHeight;
    }),
  );
  const layers = Object.fromEntries(LAYER_NAMES.map((n) => [n, new Konva.Layer({ name: n, id: `layer-${n}` })])) as Record<
    (typeof LAYER_NAMES)[number],
    Konva.Layer
  >;
  layers.images.add(
    new Konva.Rect({
      x: 0,
      y: 0,
      width: layout.pageWidthMm,
      height: layout.pageHeightMm,
      fill: figure.page.background,
      name: 'page',
      listening: false,
    }),
  );

  const mmPerViewPx = new Map<string, number>();
  figure.panels.forEach((panel, index) => {
    const rect = layout.panels[index];
    if (!rect) return;
    const t = transforms.get(panel.id)!;
    const mmPerPx = rect.wMm / t.viewWidth;
    mmPerViewPx.set(panel.id, mmPerPx);
    const pxPerMm = 1 / mmPerPx;

    // Each layer gets its own copy of the panel's frame: a view group (mm → view px) clipped
    // to the panel, and inside it a source group (source px → view px) clipped to the crop.
    const frame = (layer: Konva.Layer) => {
      const view = new Konva.Group({
        x: rect.xMm,
        y: rect.yMm,
        scaleX: mmPerPx,
        scaleY: mmPerPx,
        clip: { x: 0, y: 0, width: t.viewWidth, height: t.viewHeight },
        name: 'panel',
        id: `${layer.name()}-${panel.id}`,
      });
      view.setAttr('panelId', panel.id);
      const [a, b, c, d, e, f] = t.matrix;
      const source = new Konva.Group({ name: 'panel-source' });
      source.setAttr('panelId', panel.id);
      // Konva has no setter for a full matrix: decompose it (no skew for rotation + flips).
      source.setAttrs(decompose(a, b, c, d, e, f));
      // The clip is drawn in the group's own (source) space, so at any angle it is exactly the
      // crop polygon in view: pixels outside the crop never show in the bounding-box corners.
      source.clipFunc((ctx) => {
        ctx.rect(t.crop.x, t.crop.y, t.crop.w, t.crop.h);
      });
      source.setAttr('cropPolygon', t.cropPolygon);
      view.add(source);
      layer.add(view);
      return { view, source };
    };

    const img = frame(layers.images);
    const pix = o.images.get(panel.id);
    const size = sizeOf(panel, o);
    if (pix) {
      const r = pix.region ?? { x: 0, y: 0, w: size.width, h: size.height };
      img.source.add(
        new Konva.Image({
          image: pix.image as HTMLImageElement,
          x: r.x,
          y: r.y,
          width: r.w,
          height: r.h,
          name: 'panel-image',
          listening: true,
        }),
      );
    } else {
      const reason = o.missing?.get(panel.id) ?? 'image not loaded';
      img.view.add(new Konva.Rect({ x: 0, y: 0, width: t.viewWidth, height: t.viewHeight, fill: '#3a3f47' }));
      img.view.add(
        new Konva.Text({
          x: t.viewWidth * 0.05,
          y: t.viewHeight * 0.42,
          width: t.viewWidth * 0.9,
          // Neutral: the reason says whether the file is missing or present but cannot be decoded.
          text: `Image not shown\n${reason}`,
          align: 'center',
          fontFamily: FONT_FAMILY,
          fontSize: ptToMm(9) * pxPerMm,
          fill: '#f0c040',
        }),
      );
    }

    const calibration = panel.calibration;
    const shapeCtx = {
      pxPerMm,
      toView: (p: Point) => t.toView(p) as Point,
      measureLabel: (a: Annotation) => measure(a, calibration)?.label ?? '',
    };
    const labels = o.showLabels ? frame(layers.labels) : null;
    const red = frame(layers.redactions);
    for (const a of panel.annotations) {
      // A redaction is always drawn, whatever layer the data names: hiding labels never uncovers it.
      const isRedaction = a.type === 'redaction' || a.layer === 'redactions';
      if (!isRedaction && !labels) continue;
      const nodes = annotationNodes(a, shapeCtx);
      const target = isRedaction ? red : labels!;
      nodes.geometry.forEach((n) => target.source.add(n as Konva.Shape));
      nodes.overlay.forEach((n) => target.view.add(n as Konva.Shape));
    }

    const marks = o.showLabels && (hasPanelMarks(panel) || (panel.scaleBar && calibration)) ? frame(layers.scalebars) : null;
    if (marks && panel.scaleBar && calibration) drawScaleBar(marks.view, panel, t, pxPerMm);
    // Orientation markers, laterality, value bar (src/scene/panel-marks.ts).
    if (marks) drawPanelMarks(marks.view, panel, t, pxPerMm);

    // Insets: a frame around the inset and the matching box on its parent. Both sit on the
    // images layer: they are part of the picture, so an unlabelled copy keeps them.
    const colour = insetColour(figure);
    const halo = colour.toLowerCase() === '#000000' ? '#ffffff' : '#000000';
    const strokePx = ptToMm(INSET_OUTLINE_PT) * pxPerMm;
    const region = insetRegion(figure, panel, o.sizes);
    if (region) {
      const g = new Konva.Group({ name: 'inset-frame', listening: false });
      g.setAttr('panelId', panel.id);
      // Inside the panel's clip: half the stroke would be cut away on a centred rectangle.
      const r = { x: strokePx / 2, y: strokePx / 2, width: t.viewWidth - strokePx, height: t.viewHeight - strokePx };
      g.add(new Konva.Rect({ ...r, stroke: colour, strokeWidth: strokePx }));
      img.view.add(g);
    }
    for (const child of figure.panels) {
      const reg = child.insetOf === panel.id ? insetRegion(figure, child, o.sizes) : null;
      if (!reg) continue;
      const g = new Konva.Group({ name: 'inset-outline', listening: false });
      g.setAttr('panelId', panel.id);
      g.setAttr('insetId', child.id);
      const r = { x: reg.rect.x, y: reg.rect.y, width: reg.rect.w, height: reg.rect.h };
      g.add(new Konva.Rect({ ...r, stroke: halo, strokeWidth: strokePx * 2, opacity: 0.6 }));
      g.add(new Konva.Rect({ ...r, stroke: colour, strokeWidth: strokePx }));
      img.source.add(g);
    }
  });

  if (figure.letters.enabled && o.showLabels) {
    figure.panels.forEach((panel, index) => {
      const rect = layout.panels[index];
      if (!rect) return;
      // letterFor: an empty override means "automatic", as in the legend and preflight.
      const letter = letterFor(figure, index);
      const L = figure.letters;
      const fontMm = ptToMm(L.fontPt);
      const node = new Konva.Text({
        text: letter,
        fontFamily: FONT_FAMILY,
        fontSize: fontMm,
        fontStyle: L.bold ? 'bold' : 'normal',
        fill: L.color,
        name: 'panel-letter',
      });
      if (L.halo) {
        node.stroke(L.color.toLowerCase() === '#000000' ? '#ffffff' : '#000000');
        node.strokeWidth(fontMm * 0.14);
        node.fillAfterStrokeEnabled(true);
        node.lineJoin('round');
      }
      const box = letterBox(rect, L, node.width(), node.height());
      node.position({ x: box.xMm, y: box.yMm });
      node.setAttr('panelId', panel.id);
      node.setAttr('letter', letter);
      layers.letters.add(node);
    });
  }

  return { layout, layers: LAYER_NAMES.map((n) => layers[n]), transforms, mmPerViewPx };
}

/** Affine (no skew) → Konva x/y/rotation/scale. Flips show up as a negative scaleY. */
function decompose(a: number, b: number, c: number, d: number, e: number, f: number) {
  const scaleX = Math.hypot(a, b);
  const det = a * d - b * c;
  const scaleY = det / scaleX;
  const rotation = (Math.atan2(b, a) * 180) / Math.PI;
  return { x: e, y: f, rotation, scaleX, scaleY };
}

/** The scale bar stays horizontal in the panel's view, whatever the image rotation. */
function drawScaleBar(view: Konva.Group, panel: Panel, t: PanelTransform, pxPerMm: number): void {
  const bar = panel.scaleBar!;
  const cal = panel.calibration!;
  const choice = chooseScaleBar(cal, t.viewWidth, {
    lengthMm: bar.lengthMm,
    targetFraction: bar.targetFraction,
    rotationDeg: panel.rotation,
  });
  if (!choice.ok) return;
  const lenPx = choice.lengthSourcePx;
  const thick = ptToMm(bar.thicknessPt) * pxPerMm;
  const margin = bar.marginMm * pxPerMm;
  const fontPx = ptToMm(bar.fontPt) * pxPerMm;
  const right = bar.corner.endsWith('right');
  const bottom = bar.corner.startsWith('bottom');
  const labelH = bar.label === 'none' ? 0 : fontPx * 1.25;
  const x = right ? t.viewWidth - margin - lenPx : margin;
  const yBar = bottom
    ? t.viewHeight - margin - thick - (bar.label === 'below' ? labelH : 0)
    : margin + (bar.label === 'above' ? labelH : 0);
  const haloColor = bar.color.toLowerCase() === '#000000' ? '#ffffff' : '#000000';
  const g = new Konva.Group({ name: 'scale-bar' });
  g.setAttr('panelId', panel.id);
  g.setAttr('lengthMm', choice.lengthMm);
  g.setAttr('barPx', lenPx);
  if (bar.halo)
    g.add(
      new Konva.Rect({
        x: x - thick * 0.4,
        y: yBar - thick * 0.4,
        width: lenPx + thick * 0.8,
        height: thick * 1.8,
        fill: haloColor,
        opacity: 0.6,
      }),
    );
  g.add(new Konva.Rect({ x, y: yBar, width: lenPx, height: thick, fill: bar.color, name: 'scale-bar-rect' }));
  if (bar.label !== 'none') {
    const label = new Konva.Text({
      text: choice.label,
      fontFamily: FONT_FAMILY,
      fontSize: fontPx,
      fill: bar.color,
      fontStyle: 'bold',
      name: 'scale-bar-label',
    });
    if (bar.halo) {
      label.stroke(haloColor);
      label.strokeWidth(fontPx * 0.14);
      label.fillAfterStrokeEnabled(true);
    }
    label.x(x + lenPx / 2 - label.width() / 2);
    label.y(bar.label === 'above' ? yBar - labelH : yBar + thick + fontPx * 0.15);
    g.add(label);
  }
  view.add(g);
}
