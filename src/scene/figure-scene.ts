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
import { annotationNodes, type ShapeContext } from './shapes';
import { blurPatch } from './redaction-blur';
import { paintBounds, type SceneRect } from './paint-bounds';
import { drawPanelMarks, hasPanelMarks } from './panel-marks';
import { FONT_FAMILY, ptToMm } from './units';
import { pageItemNodes } from './page-items';

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
  /** The redactions are burned into these pixels already (exports): a blur needs no patch on top. */
  redactionsBurned?: boolean;
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
  /** Per-panel node cache for incremental updates (updateFigureScene). */
  cache?: SceneCache;
}

export const LAYER_NAMES = ['images', 'labels', 'scalebars', 'letters', 'redactions'] as const;
/** Every layer of a scene in paint order: the panels' layers, then the page's own text and shapes. */
export const SCENE_LAYER_NAMES = [...LAYER_NAMES, 'page'] as const;

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

/** What one layer of one panel was built from: equal keys (element by element) reuse the group. */
type Key = readonly unknown[];
const sameKey = (a: Key | undefined, b: Key): boolean => !!a && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

type LayerName = (typeof LAYER_NAMES)[number];

interface PanelEntry {
  keys: Partial<Record<LayerName, Key>>;
  nodes: Partial<Record<LayerName, Konva.Group | Konva.Text>>;
  /** The annotation layers' nodes, per annotation object (present while those groups exist). */
  ann?: AnnotationNodes;
}

/** A panel's frame on one layer: view group (mm → view px) holding the source group (source px). */
interface Frame {
  view: Konva.Group;
  source: Konva.Group;
}

/** The nodes one annotation drew. */
interface AnnotationRecord {
  geometry: Konva.Node[];
  overlay: Konva.Node[];
  /** On the redactions layer (else the labels layer). */
  redaction: boolean;
}

/**
 * One panel's annotation nodes, keyed by annotation object: the document is immutable, so an
 * annotation that is the same object as last time keeps its nodes, and an edit of one
 * annotation rebuilds that annotation's nodes only.
 */
interface AnnotationNodes {
  labels: Frame | null;
  redactions: Frame;
  /** The annotations array the nodes were made from. */
  list: readonly Annotation[];
  /** The records in document order (the same object twice in a list gets two). */
  records: { a: Annotation; r: AnnotationRecord }[];
  /** Nodes by annotation id (outlines, hiding during a gesture, hit tests, the marquee). */
  byId: Map<string, Konva.Node[]>;
}

/** The incremental state a screen scene keeps between updates (absent on a one-shot build). */
export interface SceneCache {
  panels: Map<string, PanelEntry>;
  pageKey: Key;
  /** What the page layer (page-items.ts) was built from. */
  pageItemsKey?: Key;
}

export interface SceneUpdate {
  scene: FigureScene;
  /** Layers whose content changed: only these need drawing. */
  dirty: Set<Konva.Layer>;
  /**
   * Where a dirty layer changed, in page mm (painted bounds of the nodes removed and added), when
   * the change is local; a dirty layer without an entry changed as a whole.
   */
  regions: Map<Konva.Layer, SceneRect[]>;
  /** Panels whose groups were (re)built, with the layers concerned. */
  rebuilt: Map<string, Set<LayerName>>;
  /** Panels whose annotation nodes were patched in place (some annotations rebuilt, not the groups). */
  patched: Set<string>;
}

/**
 * A panel's group on one layer of a stage showing the scene (the layers' top nodes, by id):
 * without walking every node of the stage, which a figure with hundreds of annotations makes slow.
 */
export function panelGroup(stage: Konva.Stage, layer: LayerName, panelId: string): Konva.Group | undefined {
  const l = stage.getLayers().find((x) => x.name() === layer);
  const id = `${layer}-${panelId}`;
  return l?.getChildren().find((n) => n.id() === id) as Konva.Group | undefined;
}

/** Every annotation node of the scene by panel, then annotation id. */
export function annotationIndex(scene: FigureScene): Map<string, ReadonlyMap<string, Konva.Node[]>> {
  const out = new Map<string, ReadonlyMap<string, Konva.Node[]>>();
  for (const [id, entry] of scene.cache?.panels ?? []) if (entry.ann) out.set(id, entry.ann.byId);
  return out;
}

/** One-shot build (export, CLI): every node is new. */
export function buildFigureScene(figure: Figure, o: SceneOptions): FigureScene {
  return updateFigureScene(null, figure, o).scene;
}

/**
 * The screen's incremental update: the document is immutable, so a panel whose inputs are the
 * same objects as last time keeps its Konva groups; an edit to one annotation rebuilds that
 * panel's annotation groups only, and only the layers that changed need a redraw. `prev` is
 * consumed (its layers are reused); pass null for a fresh scene.
 */
export function updateFigureScene(prev: FigureScene | null, figure: Figure, o: SceneOptions): SceneUpdate {
  const transforms = new Map<string, PanelTransform>();
  for (const p of figure.panels) {
    const s = sizeOf(p, o);
    const old = prev?.transforms.get(p.id);
    // Reuse the transform object when its inputs are unchanged: it is part of the group keys.
    const t = panelTransform(p, s.width, s.height);
    transforms.set(p.id, old && sameTransform(old, t) ? old : t);
  }
  const views = figure.panels.map((p) => {
    const t = transforms.get(p.id)!;
    return { width: t.viewWidth, height: t.viewHeight };
  });
  const layout = layoutFigure(
    figure,
    views.map((v) => v.width / v.height),
    { viewSizes: views },
  );
  const layers = prev
    ? (Object.fromEntries(prev.layers.map((l) => [l.name(), l])) as Record<LayerName | 'page', Konva.Layer>)
    : (Object.fromEntries(SCENE_LAYER_NAMES.map((n) => [n, new Konva.Layer({ name: n, id: `layer-${n}` })])) as Record<
        LayerName | 'page',
        Konva.Layer
      >);
  const cache: SceneCache = prev?.cache ?? { panels: new Map(), pageKey: [] };
  const dirty = new Set<Konva.Layer>();
  /** Local changes by layer; a layer in `whole` changed as a whole (its regions do not matter). */
  const regions = new Map<Konva.Layer, SceneRect[]>();
  const whole = new Set<Konva.Layer>();
  const rebuilt = new Map<string, Set<LayerName>>();
  const patched = new Set<string>();
  const wholeChange = (l: Konva.Layer) => {
    dirty.add(l);
    whole.add(l);
  };

  // The page: its own node at the bottom of the images layer.
  const pageKey: Key = [layout.pageWidthMm, layout.pageHeightMm, figure.page.background];
  let page = layers.images.findOne('.page') as Konva.Rect | undefined;
  if (!page || !sameKey(cache.pageKey, pageKey)) {
    page?.destroy();
    page = new Konva.Rect({
      x: 0,
      y: 0,
      width: layout.pageWidthMm,
      height: layout.pageHeightMm,
      fill: figure.page.background,
      name: 'page',
      listening: false,
    });
    cache.pageKey = pageKey;
    wholeChange(layers.images);
  }

  const mmPerViewPx = new Map<string, number>();
  const order: Record<LayerName, Konva.Node[]> = { images: [page], labels: [], scalebars: [], letters: [], redactions: [] };
  const seen = new Set<string>();
  figure.panels.forEach((panel, index) => {
    const rect = layout.panels[index];
    if (!rect) return;
    seen.add(panel.id);
    const t = transforms.get(panel.id)!;
    const mmPerPx = rect.wMm / t.viewWidth;
    mmPerViewPx.set(panel.id, mmPerPx);
    const entry: PanelEntry = cache.panels.get(panel.id) ?? { keys: {}, nodes: {} };
    cache.panels.set(panel.id, entry);
    const size = sizeOf(panel, o);
    const place: Key = [rect.xMm, rect.yMm, rect.wMm, rect.hMm, t];
    const region = insetRegion(figure, panel, o.sizes);
    const insetChildren = figure.panels.filter((c) => c.insetOf === panel.id);
    const keys: Record<LayerName, Key | null> = {
      images: [
        ...place,
        o.images.get(panel.id),
        o.missing?.get(panel.id),
        size.width,
        size.height,
        figure.letters.color,
        region?.parent,
        ...insetChildren.flatMap((c) => [c, o.sizes.get(c.id)]),
      ],
      // The annotation layers' groups depend on the place and calibration (measurement labels);
      // the annotations inside are patched one by one (patchAnnotations). A blur redaction is drawn
      // from the panel's pixels: new pixels (a display change) rebuild them.
      labels: o.showLabels ? [...place, panel.calibration] : null,
      redactions: [...place, panel.calibration, o.showLabels, hasBlur(panel) ? o.images.get(panel.id) : null],
      scalebars:
        o.showLabels && (hasPanelMarks(panel) || (panel.scaleBar && panel.calibration))
          ? [
              ...place,
              panel.scaleBar,
              panel.calibration,
              panel.rotation,
              panel.flipH,
              panel.flipV,
              panel.orientationMarkers,
              panel.laterality,
              panel.valueBar,
              panel.display,
            ]
          : null,
      letters:
        figure.letters.enabled && o.showLabels ? [rect.xMm, rect.yMm, rect.wMm, rect.hMm, figure.letters, letterFor(figure, index)] : null,
    };
    const stale = new Set(LAYER_NAMES.filter((n) => !(keys[n] && sameKey(entry.keys[n], keys[n]!) && entry.nodes[n])));
    // The two annotation layers are built together (one pass over the annotations).
    if (stale.has('labels') || stale.has('redactions') || !entry.ann) {
      stale.add('labels');
      stale.add('redactions');
    } else if (entry.ann.list !== panel.annotations) {
      const local = patchAnnotations(entry.ann, panel.annotations, shapeContext(panel, rect, t, o), o.showLabels);
      patched.add(panel.id);
      for (const name of ['labels', 'redactions'] as const) {
        const change = local[name];
        if (change === 'none') continue;
        dirty.add(layers[name]);
        if (change === 'whole') whole.add(layers[name]);
        else regions.set(layers[name], [...(regions.get(layers[name]) ?? []), ...change]);
      }
    }
    let built: PanelNodes | null = null;
    const build = () => (built ??= buildPanelNodes(figure, panel, index, rect, t, o, stale));
    for (const name of LAYER_NAMES) {
      const key = keys[name];
      if (!stale.has(name)) {
        order[name].push(entry.nodes[name]!);
        continue;
      }
      const old = entry.nodes[name];
      if (old) {
        old.destroy();
        wholeChange(layers[name]);
      }
      delete entry.nodes[name];
      delete entry.keys[name];
      if (name === 'redactions') entry.ann = undefined;
      if (!key) continue;
      const b = build();
      const node = b[name];
      if (name === 'redactions') entry.ann = b.ann;
      if (!node) continue;
      entry.nodes[name] = node;
      entry.keys[name] = key;
      order[name].push(node);
      wholeChange(layers[name]);
      const set = rebuilt.get(panel.id) ?? new Set<LayerName>();
      set.add(name);
      rebuilt.set(panel.id, set);
    }
    // Groups built but not used (a layer whose key held) are dropped.
    if (built)
      for (const name of LAYER_NAMES) {
        const n = (built as PanelNodes)[name];
        if (n && entry.nodes[name] !== n) n.destroy();
      }
  });
  for (const [id, entry] of cache.panels) {
    if (seen.has(id)) continue;
    for (const name of LAYER_NAMES) {
      if (entry.nodes[name]) {
        entry.nodes[name]!.destroy();
        wholeChange(layers[name]);
      }
    }
    cache.panels.delete(id);
  }
  // Children in figure order (panel order is z-order); only touched when it differs.
  for (const name of LAYER_NAMES) {
    const layer = layers[name];
    const want = order[name];
    const have = layer.getChildren();
    if (have.length === want.length && want.every((n, i) => have[i] === n)) continue;
    for (const n of want) n.remove();
    for (const n of want) layer.add(n as Konva.Group);
    wholeChange(layer);
  }
  for (const l of whole) regions.delete(l);

  // The page's own text and shapes (headers, lines, brackets): rebuilt when they change.
  const pageItemsKey: Key = [figure.pageItems, o.showLabels];
  if (!sameKey(cache.pageItemsKey, pageItemsKey)) {
    layers.page.destroyChildren();
    if (o.showLabels) for (const n of pageItemNodes(figure.pageItems)) layers.page.add(n as Konva.Shape);
    cache.pageItemsKey = pageItemsKey;
    wholeChange(layers.page);
  }

  const scene: FigureScene = { layout, layers: SCENE_LAYER_NAMES.map((n) => layers[n]), transforms, mmPerViewPx, cache };
  return { scene, dirty, regions, rebuilt, patched };
}

/** What an annotation's nodes are made from besides the annotation: the panel's place and calibration. */
function shapeContext(panel: Panel, rect: FigureLayout['panels'][number], t: PanelTransform, o: SceneOptions): ShapeContext {
  const calibration = panel.calibration;
  return {
    // As the panel's other layers compute it (same float, same pixels).
    pxPerMm: 1 / (rect.wMm / t.viewWidth),
    toView: (p: Point) => t.toView(p) as Point,
    measureLabel: (a: Annotation) => measure(a, calibration)?.label ?? '',
    blurPatch: (box: { x: number; y: number; w: number; h: number }) => {
      const pix = o.images.get(panel.id);
      return pix && !pix.redactionsBurned ? blurPatch(pix, box) : null;
    },
  };
}

/** A redaction is always drawn, whatever layer the data names: hiding labels never uncovers it. */
const isRedaction = (a: Annotation) => a.type === 'redaction' || a.layer === 'redactions';

function buildAnnotation(a: Annotation, k: ShapeContext): AnnotationRecord {
  const nodes = annotationNodes(a, k);
  return { geometry: nodes.geometry, overlay: nodes.overlay, redaction: isRedaction(a) };
}

/** Nodes of one annotation in document order: its frame's geometry (source group), then overlay. */
function indexRecord(byId: Map<string, Konva.Node[]>, a: Annotation, r: AnnotationRecord): void {
  const nodes = [...r.geometry, ...r.overlay];
  const list = byId.get(a.id);
  if (list) list.push(...nodes);
  else byId.set(a.id, nodes);
}

/** Sets a group's children to `want` (same nodes, in order), touching it only when they differ. */
function setChildren(group: Konva.Group, want: Konva.Node[]): boolean {
  const have = group.getChildren();
  if (have.length === want.length && want.every((n, i) => have[i] === n)) return false;
  for (const n of have.slice()) n.remove();
  for (const n of want) group.add(n as Konva.Shape);
  return true;
}

type LocalChange = 'none' | 'whole' | SceneRect[];

/**
 * Brings a panel's annotation nodes in line with `annotations`: an annotation that is the same
 * object as before keeps its nodes, a new or changed one gets new nodes, a removed one's are
 * destroyed. Per layer: 'none', the painted bounds of what was removed and added, or 'whole'
 * when annotations that kept their nodes changed order (a z-order change).
 */
function patchAnnotations(
  ann: AnnotationNodes,
  annotations: readonly Annotation[],
  k: ShapeContext,
  showLabels: boolean,
): Record<'labels' | 'redactions', LocalChange> {
  // The old records of each annotation object, in order.
  const old = new Map<Annotation, AnnotationRecord[]>();
  for (const { a, r } of ann.records) {
    const list = old.get(a);
    if (list) list.push(r);
    else old.set(a, [r]);
  }
  const records: { a: Annotation; r: AnnotationRecord }[] = [];
  const byId = new Map<string, Konva.Node[]>();
  const kept: AnnotationRecord[] = [];
  const added: AnnotationRecord[] = [];
  for (const a of annotations) {
    if (!showLabels && !isRedaction(a)) continue;
    let r = old.get(a)?.shift();
    if (r) kept.push(r);
    else {
      r = buildAnnotation(a, k);
      added.push(r);
    }
    records.push({ a, r });
    indexRecord(byId, a, r);
  }
  const order = records.map((x) => x.r);
  const keptSet = new Set(kept);
  const removed = ann.records.map((x) => x.r).filter((r) => !keptSet.has(r));
  const change: Record<'labels' | 'redactions', LocalChange> = { labels: 'none', redactions: 'none' };
  const note = (r: AnnotationRecord) => {
    const name = r.redaction ? 'redactions' : 'labels';
    const c = change[name];
    if (c === 'whole') return;
    const rects = [...r.geometry, ...r.overlay].map(paintBounds);
    change[name] = [...(c === 'none' ? [] : c), ...rects];
  };
  // Bounds of removed nodes while they are still on their layer.
  removed.forEach(note);
  // Did the kept annotations change order (per layer)? Then the layer is redrawn whole.
  const previous = ann.records.map((x) => x.r).filter((r) => keptSet.has(r));
  for (const name of ['labels', 'redactions'] as const) {
    const red = name === 'redactions';
    const before = previous.filter((r) => r.redaction === red);
    const after = kept.filter((r) => r.redaction === red);
    if (before.some((r, i) => after[i] !== r)) change[name] = 'whole';
  }
  removed.forEach((r) => [...r.geometry, ...r.overlay].forEach((n) => n.destroy()));
  for (const [frame, red] of [
    [ann.labels, false],
    [ann.redactions, true],
  ] as const) {
    if (!frame) continue;
    const mine = order.filter((r) => r.redaction === red);
    setChildren(
      frame.source,
      mine.flatMap((r) => r.geometry),
    );
    setChildren(frame.view, [frame.source, ...mine.flatMap((r) => r.overlay)]);
  }
  // New nodes' bounds once they sit in their groups.
  added.forEach(note);
  ann.list = annotations;
  ann.records = records;
  ann.byId = byId;
  return change;
}

const hasBlur = (panel: Panel): boolean => panel.annotations.some((a) => a.type === 'redaction' && a.mode === 'blur');

function sameTransform(a: PanelTransform, b: PanelTransform): boolean {
  return (
    a.viewWidth === b.viewWidth &&
    a.viewHeight === b.viewHeight &&
    a.crop.x === b.crop.x &&
    a.crop.y === b.crop.y &&
    a.crop.w === b.crop.w &&
    a.crop.h === b.crop.h &&
    a.matrix.every((v, i) => v === b.matrix[i])
  );
}

type PanelNodes = Partial<Record<LayerName, Konva.Group | Konva.Text>> & { ann?: AnnotationNodes };

/** All of one panel's nodes, one top node per layer (not yet added to a layer). */
function buildPanelNodes(
  figure: Figure,
  panel: Panel,
  index: number,
  rect: FigureLayout['panels'][number],
  t: PanelTransform,
  o: SceneOptions,
  want: ReadonlySet<LayerName> = new Set(LAYER_NAMES),
): PanelNodes {
  const out: PanelNodes = {};
  const mmPerPx = rect.wMm / t.viewWidth;
  const pxPerMm = 1 / mmPerPx;

  // Each layer gets its own copy of the panel's frame: a view group (mm → view px) clipped
  // to the panel, and inside it a source group (source px → view px) clipped to the crop.
  const frame = (layer: LayerName) => {
    const view = new Konva.Group({
      x: rect.xMm,
      y: rect.yMm,
      scaleX: mmPerPx,
      scaleY: mmPerPx,
      clip: { x: 0, y: 0, width: t.viewWidth, height: t.viewHeight },
      name: 'panel',
      id: `${layer}-${panel.id}`,
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
    out[layer] = view;
    return { view, source };
  };

  if (want.has('images')) buildImage(frame('images'), figure, panel, t, o, pxPerMm);
  const calibration = panel.calibration;
  if (want.has('labels') || want.has('redactions')) {
    const shapeCtx = shapeContext(panel, rect, t, o);
    const labels = o.showLabels ? frame('labels') : null;
    const red = frame('redactions');
    const ann: AnnotationNodes = { labels, redactions: red, list: panel.annotations, records: [], byId: new Map() };
    for (const a of panel.annotations) {
      if (!isRedaction(a) && !labels) continue;
      const r = buildAnnotation(a, shapeCtx);
      const target = r.redaction ? red : labels!;
      r.geometry.forEach((n) => target.source.add(n as Konva.Shape));
      r.overlay.forEach((n) => target.view.add(n as Konva.Shape));
      ann.records.push({ a, r });
      indexRecord(ann.byId, a, r);
    }
    out.ann = ann;
  }

  if (want.has('scalebars') && o.showLabels && (hasPanelMarks(panel) || (panel.scaleBar && calibration))) {
    const bar = frame('scalebars');
    if (panel.scaleBar && calibration) drawScaleBar(bar.view, panel, t, pxPerMm);
    // Orientation markers, laterality, value bar (src/scene/panel-marks.ts).
    drawPanelMarks(bar.view, panel, t, pxPerMm);
  }

  if (want.has('letters') && figure.letters.enabled && o.showLabels) {
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
    out.letters = node;
  }
  return out;
}

/** The images layer of a panel: its pixels (or a "missing" placeholder) and inset outlines. */
function buildImage(
  img: { view: Konva.Group; source: Konva.Group },
  figure: Figure,
  panel: Panel,
  t: PanelTransform,
  o: SceneOptions,
  pxPerMm: number,
): void {
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
    // No reason: the pixels are on their way (the screen paints before a decode ends), so a quiet
    // "Loading image…", not a warning. A reason says whether the file is missing or cannot be decoded.
    const reason = o.missing?.get(panel.id);
    img.view.add(new Konva.Rect({ x: 0, y: 0, width: t.viewWidth, height: t.viewHeight, fill: '#3a3f47' }));
    img.view.add(
      new Konva.Text({
        x: t.viewWidth * 0.05,
        y: t.viewHeight * 0.42,
        width: t.viewWidth * 0.9,
        text: reason ? `Image not shown\n${reason}` : 'Loading image…',
        align: 'center',
        fontFamily: FONT_FAMILY,
        fontSize: ptToMm(9) * pxPerMm,
        fill: reason ? '#f0c040' : '#aab2bd',
        name: reason ? 'image-problem' : 'image-loading',
      }),
    );
  }

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
