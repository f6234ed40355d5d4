/**
 * PowerPoint decks (pptxgenjs): one slide per figure at the figure's print size. Each panel is a
 * picture rendered by the scene (crop, display and burned-in redactions; only the panel's own
 * region travels), and everything drawn over it — arrows, lines, shapes, labels, callouts,
 * measurements, scale bars, letters — is a native PowerPoint shape or text box a teacher can
 * edit. Arrowheads are line ends, text is text runs. Speaker notes carry the legend. A quiz deck
 * shows each figure first unlabelled (pictures, letters and redactions only), then labelled.
 */
import { plainText, type Run } from '../../shared/figure/rich-text';
import { bracketPolyline } from '../../shared/figure/page-items';
import PptxGenJS from 'pptxgenjs';
import type { Annotation, Figure, Point, Project } from '../../shared/figure/schema';
import type { LayoutPanel } from '../../shared/figure/layout';
import type { PanelTransform } from '../../shared/geometry/transform';
import { writeLegend } from '../../shared/figure/legend';
import { bareLetter } from '../../shared/figure/letters';
import { altTextOf, pictureAltText } from '../../shared/figure/alt-text';
import { measure } from '../../shared/calibration/measure';
import { ApiError } from '../../shared/api';
import { buildFigureScene, type FigureScene } from '../../scene/figure-scene';
import { annotationNodes, type ShapeContext } from '../../scene/shapes';
import { MM_PER_PT } from '../../scene/units';
import { loadPanelImages, prepareHeadless } from './render-figure';
import { Konva } from './konva-node';
import { renderLayersToRaster, throwIfAborted } from './raster';
import { encodeRaster } from './encode';
import { pixelsFor } from './export-figure';
import { writeFileAtomic } from './write-atomic';
import { legendContext, openFigureSources, type SourceResolver } from './teaching-context';

type Xy = [number, number];
type LineEnd = 'none' | 'triangle' | 'arrow' | 'oval';

/** One thing on a slide, in slide millimetres (the intermediate form; tests read it too). */
export type SlideItem =
  | {
      kind: 'picture';
      name: string;
      xMm: number;
      yMm: number;
      wMm: number;
      hMm: number;
      png: Buffer;
      widthPx: number;
      heightPx: number;
      alt: string;
    }
  | {
      kind: 'line';
      name: string;
      from: Xy;
      to: Xy;
      color: string;
      widthPt: number;
      opacity: number;
      head: LineEnd;
      tail: LineEnd;
      halo: string | null;
    }
  | {
      kind: 'path';
      name: string;
      points: Xy[];
      closed: boolean;
      color: string | null;
      widthPt: number;
      fill: string | null;
      opacity: number;
      halo: string | null;
    }
  | {
      kind: 'box';
      name: string;
      shape: 'rect' | 'ellipse';
      center: Xy;
      wMm: number;
      hMm: number;
      rotation: number;
      color: string | null;
      widthPt: number;
      fill: string | null;
      opacity: number;
      halo: string | null;
    }
  | {
      kind: 'text';
      name: string;
      xMm: number;
      yMm: number;
      wMm: number;
      hMm: number;
      lines: string[];
      /** A rich label's formatted runs ('\n' breaks lines); when present, `lines` is their plain text. */
      runs?: Run[];
      fontPt: number;
      bold: boolean;
      color: string;
      opacity: number;
      halo: string | null;
      align: 'left' | 'center' | 'right';
    };

export interface SlideSpec {
  figureId: string;
  labelled: boolean;
  widthMm: number;
  heightMm: number;
  background: string;
  items: SlideItem[];
  notes: string;
}

export interface DeckOptions extends SourceResolver {
  project: Project;
  /** Figures in slide order (ids). */
  figureIds: string[];
  /** Each figure twice: unlabelled, then labelled. */
  quiz?: boolean;
  /** Only the unlabelled slides (pictures, letters, redactions). */
  unlabelled?: boolean;
  /** Resolution of the panel pictures; default 300. */
  dpi?: number;
  signal?: AbortSignal;
  onProgress?: (f: number) => void;
}

/** View px of one panel → slide mm, and source px → slide mm (through crop, rotation, flips). */
interface Mapper {
  view(v: Xy): Xy;
  src(p: Point): Xy;
  mmPerPx: number;
  shapeCtx: ShapeContext;
}

function mapperFor(rect: LayoutPanel, t: PanelTransform, mmPerPx: number, measureLabel: (a: Annotation) => string): Mapper {
  const view = (v: Xy): Xy => [rect.xMm + v[0] * mmPerPx, rect.yMm + v[1] * mmPerPx];
  return {
    view,
    src: (p) => view(t.toView(p) as Xy),
    mmPerPx,
    shapeCtx: { pxPerMm: 1 / mmPerPx, toView: (p) => t.toView(p) as Point, measureLabel },
  };
}

const hex = (c: string): string => c.replace('#', '').toUpperCase();

/** A Konva text node (or a rich label, rich-text-node.ts) in panel view px → a text box in slide mm (same font metrics as the scene). */
function textItem(node: Konva.Text | Konva.Shape, toMm: (v: Xy) => Xy, mmPerPx: number, name: string, halo: string | null): SlideItem {
  const [x, y] = toMm([node.x() - node.offsetX(), node.y() - node.offsetY()]);
  const attr = (k: string): unknown => (node as Konva.Node).getAttr(k);
  const runs = attr('richRuns') as Run[] | undefined;
  if (!(node instanceof Konva.Text) || runs)
    return {
      kind: 'text',
      name,
      xMm: x,
      yMm: y,
      wMm: node.width() * mmPerPx,
      hMm: node.height() * mmPerPx,
      lines: plainText(runs ?? []).split('\n'),
      runs: runs ?? [],
      fontPt: ((attr('fontPx') as number) * mmPerPx) / MM_PER_PT,
      bold: false,
      color: String(attr('textColor')),
      opacity: node.opacity(),
      halo,
      align: attr('align') as 'left' | 'center' | 'right',
    };
  return {
    kind: 'text',
    name,
    xMm: x,
    yMm: y,
    wMm: node.width() * mmPerPx,
    hMm: node.height() * mmPerPx,
    lines: node.text().split('\n'),
    fontPt: (node.fontSize() * mmPerPx) / MM_PER_PT,
    bold: /bold/.test(node.fontStyle()),
    color: String(node.fill()),
    opacity: node.opacity(),
    halo,
    align: node.align() === 'center' ? 'center' : 'left',
  };
}

/** The box of a rect/ellipse after the panel's rotation and flips: centre, size and angle in slide mm. */
function boxOf(a: Extract<Annotation, { type: 'rect' | 'ellipse' }>, m: Mapper) {
  const [w, h] = [Math.abs(a.size[0]), Math.abs(a.size[1])];
  const cx = a.at[0] + a.size[0] / 2;
  const cy = a.at[1] + a.size[1] / 2;
  const r = (a.rotation * Math.PI) / 180;
  const corner = (dx: number, dy: number): Xy =>
    m.src([cx + dx * Math.cos(r) - dy * Math.sin(r), cy + dx * Math.sin(r) + dy * Math.cos(r)]);
  const c0 = corner(-w / 2, -h / 2);
  const c1 = corner(w / 2, -h / 2);
  const c3 = corner(-w / 2, h / 2);
  const center = m.src([cx, cy]);
  const rotation = (Math.atan2(c1[1] - c0[1], c1[0] - c0[0]) * 180) / Math.PI;
  return { center, wMm: Math.hypot(c1[0] - c0[0], c1[1] - c0[1]), hMm: Math.hypot(c3[0] - c0[0], c3[1] - c0[1]), rotation };
}

const ANN_NAMES: Record<string, string> = {
  arrow: 'Arrow',
  line: 'Line',
  text: 'Label',
  callout: 'Callout',
  rect: 'Rectangle',
  ellipse: 'Ellipse',
  polygon: 'Polygon',
  freehand: 'Freehand line',
  marker: 'Marker',
  number: 'Number',
  'measure-length': 'Length measurement',
  'measure-angle': 'Angle measurement',
  'measure-area': 'Area measurement',
};

/** Native shapes for one annotation (redactions are burned into the picture, never a shape). */
export function annotationItems(a: Annotation, m: Mapper, letter: string): SlideItem[] {
  if (a.type === 'redaction' || a.layer === 'redactions') return [];
  const s = a.style;
  const halo = s.halo ? s.haloColor : null;
  const name = `${letter} ${ANN_NAMES[a.type] ?? a.type}`;
  const stroke = { color: s.color, widthPt: s.strokePt, opacity: s.opacity, halo };
  const overlay = annotationNodes(a, m.shapeCtx).overlay;
  const texts = overlay.filter((n): n is Konva.Text | Konva.Shape => n instanceof Konva.Text || !!n.getAttr('richRuns'));
  const textItems = texts.map((n) => textItem(n, m.view, m.mmPerPx, `${name} text`, halo));
  switch (a.type) {
    case 'arrow':
      return [
        {
          kind: 'line',
          name,
          from: m.src(a.points[0]),
          to: m.src(a.points[1]),
          ...stroke,
          head: a.head === 'filled' ? 'triangle' : a.head === 'open' ? 'arrow' : 'none',
          tail: a.tail === 'none' ? 'none' : 'oval',
        },
      ];
    case 'line':
      return [{ kind: 'line', name, from: m.src(a.points[0]), to: m.src(a.points[1]), ...stroke, head: 'none', tail: 'none' }];
    case 'polygon':
    case 'freehand':
      return [
        {
          kind: 'path',
          name,
          points: a.points.map(m.src),
          closed: a.type === 'polygon' && a.closed,
          fill: a.type === 'polygon' ? s.fill : null,
          ...stroke,
        },
      ];
    case 'rect':
    case 'ellipse':
      return [{ kind: 'box', name, shape: a.type, ...boxOf(a, m), fill: s.fill, ...stroke }];
    case 'text':
    case 'number':
      return textItems;
    case 'callout': {
      // The leader as the scene draws it (from the label edge nearest the target); the last arrow is the main one, not its halo.
      const leader = overlay.filter((n): n is Konva.Arrow => n instanceof Konva.Arrow).pop();
      const pts = leader?.points() ?? [];
      const items: SlideItem[] = [];
      if (pts.length >= 4)
        items.push({
          kind: 'line',
          name: `${name} leader`,
          from: m.view([pts[0], pts[1]]),
          to: m.view([pts[2], pts[3]]),
          ...stroke,
          head: 'triangle',
          tail: 'none',
        });
      return [...items, ...textItems];
    }
    case 'marker': {
      if (a.shape === 'asterisk') return textItems;
      const node = overlay.find((n): n is Konva.Line => n instanceof Konva.Line);
      if (!node) return [];
      const tr = node.getTransform();
      const raw = node.points();
      const points: Xy[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const p = tr.point({ x: raw[i], y: raw[i + 1] });
        points.push(m.view([p.x, p.y]));
      }
      return [
        { kind: 'path', name, points, closed: true, color: halo, widthPt: halo ? 0.5 : 0, fill: s.color, opacity: s.opacity, halo: null },
      ];
    }
    case 'measure-length':
    case 'measure-angle':
    case 'measure-area': {
      const geo: SlideItem =
        a.points.length === 2 && a.type === 'measure-length'
          ? { kind: 'line', name, from: m.src(a.points[0]), to: m.src(a.points[1]), ...stroke, head: 'none', tail: 'none' }
          : { kind: 'path', name, points: a.points.map(m.src), closed: a.type === 'measure-area', fill: null, ...stroke };
      return [geo, ...textItems];
    }
  }
}

const layerOf = (scene: FigureScene, name: string) => scene.layers.find((l) => l.name() === name);

/** Panel letters, read from the labelled scene (the letters layer is in page mm). */
function letterItems(scene: FigureScene, figure: Figure): SlideItem[] {
  const nodes = (layerOf(scene, 'letters')?.find('.panel-letter') ?? []) as Konva.Text[];
  return nodes.map((node) =>
    textItem(
      node,
      (v) => v,
      1,
      `Letter ${String(node.getAttr('letter'))}`,
      figure.letters.halo ? String(node.stroke() || '#000000') : null,
    ),
  );
}

/** Scale bars as the scene draws them (same length, label and corner). */
function scaleBarItems(scene: FigureScene, figure: Figure): SlideItem[] {
  const items: SlideItem[] = [];
  const bars = layerOf(scene, 'scalebars');
  if (!bars) return items;
  for (const g of bars.find('.scale-bar') as Konva.Group[]) {
    const panel = figure.panels.find((p) => p.id === g.getAttr('panelId'));
    const bar = panel?.scaleBar;
    if (!panel || !bar) continue;
    const box = (n: Konva.Node) => n.getClientRect({ relativeTo: bars, skipStroke: true, skipShadow: true });
    const children = g.getChildren();
    const haloRect = children.find((n) => n instanceof Konva.Rect && !n.name());
    if (haloRect) {
      const r = box(haloRect);
      items.push(rectItem('Scale bar halo', r, String((haloRect as Konva.Rect).fill()), haloRect.opacity()));
    }
    const rect = children.find((n) => n.name() === 'scale-bar-rect');
    const label = children.find((n) => n.name() === 'scale-bar-label') as Konva.Text | undefined;
    if (rect) items.push(rectItem(`Scale bar${label ? ` ${label.text()}` : ''}`, box(rect), bar.color, 1));
    if (label) {
      const r = box(label);
      items.push({
        kind: 'text',
        name: 'Scale bar label',
        xMm: r.x,
        yMm: r.y,
        wMm: r.width,
        hMm: r.height,
        lines: [label.text()],
        fontPt: bar.fontPt,
        bold: true,
        color: bar.color,
        opacity: 1,
        halo: bar.halo ? String(label.stroke()) : null,
        align: 'left',
      });
    }
  }
  return items;
}

function rectItem(name: string, r: { x: number; y: number; width: number; height: number }, fill: string, opacity: number): SlideItem {
  return {
    kind: 'box',
    name,
    shape: 'rect',
    center: [r.x + r.width / 2, r.y + r.height / 2],
    wMm: r.width,
    hMm: r.height,
    rotation: 0,
    color: null,
    widthPt: 0,
    fill,
    opacity,
    halo: null,
  };
}

/** Slides of one figure: [labelled], [unlabelled], or [unlabelled, labelled] for a quiz. */
export async function figureSlides(figure: Figure, o: DeckOptions): Promise<SlideSpec[]> {
  prepareHeadless();
  if (!figure.panels.length) throw new ApiError('empty-figure', `${figure.name} has no panels to put on a slide`);
  const dpi = o.dpi ?? 300;
  const { images, sizes, problems } = await loadPanelImages(figure, o);
  if (problems.length) throw new ApiError('missing-image', `cannot export ${figure.name}: ${problems.join('; ')}`);
  const opened = await openFigureSources(figure, o);
  const ctx = legendContext(o.project, opened);
  const scene = buildFigureScene(figure, { images, sizes, showLabels: true });
  const { layout } = scene;

  // Pictures: the images and redactions layers of the unlabelled scene, one panel's rectangle at a time.
  const bare = buildFigureScene(figure, { images, sizes, showLabels: false });
  const pictureLayers = bare.layers.filter((l) => l.name() === 'images' || l.name() === 'redactions');
  const pictures: SlideItem[] = [];
  const barePictures: SlideItem[] = [];
  for (const rect of layout.panels) {
    throwIfAborted(o.signal);
    const widthPx = Math.max(1, pixelsFor(rect.wMm, dpi));
    const heightPx = Math.max(1, pixelsFor(rect.hMm, dpi));
    for (const l of pictureLayers) l.position({ x: -rect.xMm, y: -rect.yMm });
    const rgba = await renderLayersToRaster(() => pictureLayers, widthPx, heightPx, {
      sceneWidth: rect.wMm,
      sceneHeight: rect.hMm,
      background: figure.page.background,
      signal: o.signal,
    });
    const png = await encodeRaster(rgba, widthPx, heightPx, { format: 'png', dpi });
    const name = `Panel ${bareLetter(figure, rect.index)} picture`;
    const picture = { kind: 'picture' as const, name, xMm: rect.xMm, yMm: rect.yMm, wMm: rect.wMm, hMm: rect.hMm, png, widthPx, heightPx };
    pictures.push({ ...picture, alt: pictureAltText(figure, rect.index, ctx) });
    barePictures.push({ ...picture, alt: pictureAltText(figure, rect.index, ctx, false) });
  }
  bare.layers.forEach((l) => l.destroy());

  const letters = letterItems(scene, figure);
  const labels: SlideItem[] = [];
  for (const rect of layout.panels) {
    const panel = figure.panels[rect.index];
    const t = scene.transforms.get(panel.id)!;
    const mmPerPx = scene.mmPerViewPx.get(panel.id)!;
    const m = mapperFor(rect, t, mmPerPx, (a) => measure(a, panel.calibration)?.label ?? '');
    for (const a of panel.annotations) labels.push(...annotationItems(a, m, `Panel ${bareLetter(figure, rect.index)}`));
  }
  const scaleBars = scaleBarItems(scene, figure);
  const page = pageItems(scene, figure);
  scene.layers.forEach((l) => l.destroy());

  const legend = `${figure.name}. ${writeLegend(figure, ctx)}`;
  const alt = altTextOf(figure, ctx);
  const base = { figureId: figure.id, widthMm: layout.pageWidthMm, heightMm: layout.pageHeightMm, background: figure.page.background };
  const unlabelled: SlideSpec = {
    ...base,
    labelled: false,
    items: [...barePictures, ...letters],
    notes: `${o.quiz ? 'Quiz: what do the images show? The labelled figure follows.\n\n' : ''}Legend: ${legend}\n\nAlt text: ${alt}`,
  };
  const labelled: SlideSpec = {
    ...base,
    labelled: true,
    items: [...pictures, ...labels, ...scaleBars, ...letters, ...page],
    notes: `Legend: ${legend}\n\nAlt text: ${alt}`,
  };
  if (o.quiz) return [unlabelled, labelled];
  return o.unlabelled ? [unlabelled] : [labelled];
}

const IN = (mm: number): number => mm / 25.4;
const transparency = (opacity: number): number => Math.round((1 - Math.max(0, Math.min(1, opacity))) * 100);

/** A soft halo under a shape: an outer shadow with no offset (one shape, so it moves with it). */
function haloShadow(halo: string | null, widthPt: number): PptxGenJS.ShadowProps | undefined {
  return halo ? { type: 'outer', color: hex(halo), blur: Math.max(1, widthPt * 1.2), offset: 0.01, angle: 0, opacity: 0.85 } : undefined;
}

function emit(pptx: PptxGenJS, slide: PptxGenJS.Slide, item: SlideItem, dx: number, dy: number): void {
  switch (item.kind) {
    case 'picture':
      slide.addImage({
        data: `image/png;base64,${item.png.toString('base64')}`,
        x: IN(item.xMm + dx),
        y: IN(item.yMm + dy),
        w: IN(item.wMm),
        h: IN(item.hMm),
        altText: item.alt,
        objectName: item.name,
      });
      return;
    case 'line': {
      const [x0, y0] = item.from;
      const [x1, y1] = item.to;
      slide.addShape(pptx.ShapeType.line, {
        x: IN(Math.min(x0, x1) + dx),
        y: IN(Math.min(y0, y1) + dy),
        w: IN(Math.abs(x1 - x0)),
        h: IN(Math.abs(y1 - y0)),
        flipH: x1 < x0,
        flipV: y1 < y0,
        line: {
          color: hex(item.color),
          width: item.widthPt,
          transparency: transparency(item.opacity),
          beginArrowType: item.tail,
          endArrowType: item.head,
        },
        shadow: haloShadow(item.halo, item.widthPt),
        objectName: item.name,
      });
      return;
    }
    case 'path': {
      const xs = item.points.map((p) => p[0]);
      const ys = item.points.map((p) => p[1]);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      const pts: NonNullable<PptxGenJS.ShapeProps['points']> = item.points.map(([px, py], i) => ({
        x: IN(px - x),
        y: IN(py - y),
        ...(i === 0 ? { moveTo: true } : {}),
      }));
      if (item.closed) pts.push({ close: true });
      // custGeom is in the runtime enum (SHAPE_TYPE.CUSTOM_GEOMETRY) but not in ShapeType's typings.
      slide.addShape('custGeom' as PptxGenJS.ShapeType, {
        x: IN(x + dx),
        y: IN(y + dy),
        w: IN(Math.max(0.01, Math.max(...xs) - x)),
        h: IN(Math.max(0.01, Math.max(...ys) - y)),
        points: pts,
        line:
          item.color && item.widthPt > 0
            ? { color: hex(item.color), width: item.widthPt, transparency: transparency(item.opacity) }
            : { type: 'none' },
        fill: item.fill ? { color: hex(item.fill), transparency: transparency(item.opacity) } : { type: 'none' },
        shadow: haloShadow(item.halo, item.widthPt),
        objectName: item.name,
      });
      return;
    }
    case 'box':
      slide.addShape(item.shape === 'rect' ? pptx.ShapeType.rect : pptx.ShapeType.ellipse, {
        x: IN(item.center[0] - item.wMm / 2 + dx),
        y: IN(item.center[1] - item.hMm / 2 + dy),
        w: IN(item.wMm),
        h: IN(item.hMm),
        rotate: Math.round(item.rotation * 100) / 100,
        line:
          item.color && item.widthPt > 0
            ? { color: hex(item.color), width: item.widthPt, transparency: transparency(item.opacity) }
            : { type: 'none' },
        fill: item.fill ? { color: hex(item.fill), transparency: transparency(item.opacity) } : { type: 'none' },
        shadow: haloShadow(item.halo, item.widthPt),
        objectName: item.name,
      });
      return;
    case 'text': {
      // Liberation Sans (the scene's font) is metric-compatible with Arial, which every PowerPoint has.
      const run = {
        fontFace: 'Arial',
        fontSize: round2(item.fontPt),
        bold: item.bold,
        color: hex(item.color),
        transparency: transparency(item.opacity),
      };
      const runs = item.runs
        ? slideRuns(item.runs, run)
        : item.lines.map((text, i) => ({ text, options: { ...run, breakLine: i < item.lines.length - 1 } }));
      // A little slack so PowerPoint's own line breaking never wraps a label the scene kept on one line.
      const slack = item.wMm * 0.1 + 0.5;
      slide.addText(runs, {
        x: IN(item.xMm - (item.align === 'center' ? slack / 2 : 0) + dx),
        y: IN(item.yMm + dy),
        w: IN(item.wMm + slack),
        h: IN(item.hMm),
        margin: 0,
        valign: 'top',
        align: item.align,
        wrap: false,
        fit: 'none',
        glow: item.halo ? { size: Math.max(1, item.fontPt * 0.12), opacity: 0.9, color: hex(item.halo) } : undefined,
        objectName: item.name,
      });
      return;
    }
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** A rich label's runs as PowerPoint text runs: italic, bold, superscript and subscript kept, a line break at each '\n'. */
function slideRuns(runs: readonly Run[], base: { bold: boolean } & Record<string, unknown>) {
  const out: { text: string; options: Record<string, unknown> }[] = [];
  for (const r of runs)
    r.text.split('\n').forEach((text, i) => {
      if (i > 0 && out.length) out[out.length - 1].options.breakLine = true;
      if (!text) return;
      out.push({
        text,
        options: {
          ...base,
          bold: base.bold || !!r.bold,
          italic: !!r.italic,
          ...(r.script === 'super' ? { superscript: true } : r.script === 'sub' ? { subscript: true } : {}),
        },
      });
    });
  return out;
}

/** The page's own text, lines and brackets (page mm, like the letters). */
function pageItems(scene: FigureScene, figure: Figure): SlideItem[] {
  const nodes = layerOf(scene, 'page')?.find('.page-item') ?? [];
  return figure.pageItems.flatMap((item): SlideItem[] => {
    const name = item.type === 'text' ? `Page text ${item.text}` : item.type === 'line' ? 'Page line' : 'Page bracket';
    const s = item.style;
    if (item.type === 'text') {
      const node = nodes.find((n) => n.getAttr('pageItemId') === item.id) as Konva.Shape | undefined;
      return node ? [textItem(node, (v) => v, 1, name, null)] : [];
    }
    const stroke = { color: s.color, widthPt: s.strokePt, opacity: 1, halo: null };
    if (item.type === 'line')
      return [{ kind: 'line', name, from: item.points[0], to: item.points[1], ...stroke, head: 'none', tail: 'none' }];
    return [{ kind: 'path', name, points: bracketPolyline(item), closed: false, fill: null, ...stroke }];
  });
}

/** The deck's bytes. Slides are the figures' print size; several sizes share the largest box, each figure centred. */
export async function buildDeck(o: DeckOptions): Promise<{ buffer: Buffer; slides: SlideSpec[] }> {
  const specs: SlideSpec[] = [];
  for (const [i, id] of o.figureIds.entries()) {
    const figure = o.project.figures.find((f) => f.id === id);
    if (!figure) throw new ApiError('bad-request', `no figure ${id} in the project`);
    specs.push(...(await figureSlides(figure, o)));
    o.onProgress?.(((i + 1) / o.figureIds.length) * 0.9);
  }
  if (!specs.length) throw new ApiError('bad-request', 'no figure to put on slides');
  const pptx = new PptxGenJS();
  const W = Math.max(...specs.map((s) => s.widthMm));
  const H = Math.max(...specs.map((s) => s.heightMm));
  // PowerPoint accepts slide sides from 1 to 56 inches.
  pptx.defineLayout({ name: 'MEDFIG', width: Math.min(56, Math.max(1, IN(W))), height: Math.min(56, Math.max(1, IN(H))) });
  pptx.layout = 'MEDFIG';
  // Nothing about the user or the machine: fixed properties only.
  pptx.author = 'Medfig';
  pptx.company = '';
  pptx.subject = '';
  pptx.title = specs.length === 1 ? (o.project.figures.find((f) => f.id === specs[0].figureId)?.name ?? 'Figures') : 'Figures';
  for (const spec of specs) {
    const slide = pptx.addSlide();
    slide.background = { color: hex(spec.background) };
    const dx = (W - spec.widthMm) / 2;
    const dy = (H - spec.heightMm) / 2;
    for (const item of spec.items) emit(pptx, slide, item, dx, dy);
    slide.addNotes(spec.notes);
  }
  const buffer = (await pptx.write({ outputType: 'nodebuffer', compression: true })) as Buffer;
  o.onProgress?.(1);
  return { buffer, slides: specs };
}

export async function exportDeck(o: DeckOptions & { outPath: string }): Promise<{ bytes: number; slides: number }> {
  const { buffer, slides } = await buildDeck(o);
  await writeFileAtomic(o.outPath, buffer);
  return { bytes: buffer.byteLength, slides: slides.length };
}
