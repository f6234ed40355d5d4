// The screen's incremental scene update (updateFigureScene): an edit to one annotation rebuilds
// that annotation's nodes only (the panel's groups and every other annotation keep theirs), leaves
// the images layer alone and says where the labels layer changed; the updated scene holds the
// same nodes, in the same order, as a fresh build of the same document.
import { describe, it, expect, beforeAll } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import type Konva from 'konva';
import { prepareHeadless } from '../../src/services/export/render-figure';
import { buildFigureScene, updateFigureScene, type FigureScene, type PanelImage } from '../../src/scene/figure-scene';
import { DEFAULT_STYLE, Figure, type Annotation } from '../../src/shared/figure/schema';
import { movePanel } from '../../src/renderer/editor/panel-commands';
import { newProject } from '../../src/shared/figure/factory';

beforeAll(() => prepareHeadless());

const image = (): PanelImage => ({ image: createCanvas(40, 30) as unknown as CanvasImageSource, width: 400, height: 300 });

function arrows(panel: number, n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${panel}-${i}`,
    type: 'arrow',
    layer: 'labels',
    style: DEFAULT_STYLE,
    points: [
      [10 + i, 10],
      [50 + i, 40],
    ],
  })) as unknown as Annotation[];
}

function figure(): Figure {
  return Figure.parse({
    id: 'f1',
    name: 'Figure 1',
    page: { widthMm: 183 },
    rows: [2, 2],
    panels: [0, 1, 2, 3].map((i) => ({ id: `p${i}`, sourceId: `s${i}`, annotations: arrows(i, 125) })),
  });
}

/** A scene's content as data: per layer, its top nodes' ids and the annotation ids inside. */
function shape(scene: FigureScene) {
  return scene.layers.map((l: Konva.Layer) => ({
    layer: l.name(),
    children: l.getChildren().map((n) => n.id() || n.name()),
    annotations: l.find('.annotation').map((n) => n.getAttr('annotationId') as string),
  }));
}

describe('updateFigureScene', () => {
  const images = new Map([0, 1, 2, 3].map((i) => [`p${i}`, image()]));
  const sizes = new Map([...images].map(([k, v]) => [k, { width: v.width, height: v.height }]));
  const opts = { images, sizes, showLabels: true, screen: true };

  it('rebuilds only the edited annotation, never the images layer, and matches a fresh build', () => {
    const f0 = figure();
    const first = updateFigureScene(null, f0, opts);
    expect(first.rebuilt.size).toBe(4);
    const imagesLayer = first.scene.layers.find((l) => l.name() === 'images')!;
    const imageGroups = imagesLayer.getChildren().slice();
    const labelsLayer = first.scene.layers.find((l) => l.name() === 'labels')!;
    const before = new Map(labelsLayer.find('.annotation').map((n) => [n, n.getAttr('annotationId') as string]));
    const oldArrow = labelsLayer.find('.annotation').filter((n) => n.getAttr('annotationId') === 'a2-7');
    // Move one arrow of panel C: a new panel object and annotations array, the others untouched.
    const f1: Figure = {
      ...f0,
      panels: f0.panels.map((p, i) =>
        i === 2
          ? {
              ...p,
              annotations: p.annotations.map((a, j) =>
                j === 7
                  ? ({
                      ...a,
                      points: [
                        [1, 1],
                        [90, 90],
                      ],
                    } as Annotation)
                  : a,
              ),
            }
          : p,
      ),
    };
    const next = updateFigureScene(first.scene, f1, opts);
    expect(next.rebuilt.size).toBe(0);
    expect([...next.patched]).toEqual(['p2']);
    // Only the labels layer changed (no redaction moved), and only where the arrow was and is.
    expect([...next.dirty].map((l) => l.name())).toEqual(['labels']);
    const regions = next.regions.get(labelsLayer)!;
    expect(regions).toHaveLength(4); // halo + arrow, before and after
    // The images layer kept its very nodes.
    expect(imagesLayer.getChildren().every((n, i) => n === imageGroups[i])).toBe(true);
    expect(shape(next.scene)).toEqual(shape(buildFigureScene(f1, opts)));
    // Every other annotation kept its nodes; the moved arrow has new ones, drawn where the document says.
    const after = labelsLayer.find('.annotation');
    const fresh = after.filter((n) => !before.has(n));
    expect(fresh.map((n) => n.getAttr('annotationId'))).toEqual(['a2-7', 'a2-7']);
    expect(after.length).toBe(before.size);
    expect(oldArrow.every((n) => !n.getLayer())).toBe(true);
    const moved = fresh[1] as Konva.Arrow;
    expect(moved.points()).toEqual([1, 1, 90, 90]);
    // The regions cover the old and the new arrow (page mm).
    const page = (n: Konva.Node) => n.getClientRect({ relativeTo: labelsLayer });
    const covers = (r: { x: number; y: number; width: number; height: number }) =>
      regions.some((g) => g.x <= r.x && g.y <= r.y && g.x + g.width >= r.x + r.width && g.y + g.height >= r.y + r.height);
    expect(covers(page(moved))).toBe(true);
  });

  it('adds, deletes and reorders annotations like a fresh build; a z-order change redraws the layer whole', () => {
    const f0 = figure();
    const first = updateFigureScene(null, f0, opts);
    const edit = (f: Figure, fn: (a: Annotation[]) => Annotation[]): Figure => ({
      ...f,
      panels: f.panels.map((p, i) => (i === 1 ? { ...p, annotations: fn([...p.annotations]) } : p)),
    });
    const redaction = {
      id: 'r1',
      type: 'redaction',
      layer: 'redactions',
      style: DEFAULT_STYLE,
      at: [5, 5],
      size: [30, 20],
    } as unknown as Annotation;
    // Add a redaction and delete an arrow: both layers change, locally.
    const f1 = edit(f0, (a) => [...a.filter((x) => x.id !== 'a1-3'), redaction]);
    const s1 = updateFigureScene(first.scene, f1, opts);
    expect(shape(s1.scene)).toEqual(shape(buildFigureScene(f1, opts)));
    expect([...s1.dirty].map((l) => l.name()).sort()).toEqual(['labels', 'redactions']);
    expect([...s1.regions.keys()].map((l) => l.name()).sort()).toEqual(['labels', 'redactions']);
    // Bring an arrow to the front: the same nodes in a new order, the layer drawn whole.
    const f2 = edit(f1, (a) => [...a.filter((x) => x.id !== 'a1-0'), a.find((x) => x.id === 'a1-0')!]);
    const s2 = updateFigureScene(s1.scene, f2, opts);
    expect(shape(s2.scene)).toEqual(shape(buildFigureScene(f2, opts)));
    const labels = s2.scene.layers.find((l) => l.name() === 'labels')!;
    expect(s2.dirty.has(labels)).toBe(true);
    expect(s2.regions.has(labels)).toBe(false);
    // Undo back to the first document: the very objects come back, and so does a matching scene.
    const s3 = updateFigureScene(s2.scene, f0, opts);
    expect(shape(s3.scene)).toEqual(shape(buildFigureScene(f0, opts)));
  });

  it('an unchanged document changes nothing; a reorder only reorders', () => {
    const f0 = figure();
    const first = updateFigureScene(null, f0, opts);
    const same = updateFigureScene(first.scene, f0, opts);
    expect(same.rebuilt.size).toBe(0);
    expect(same.dirty.size).toBe(0);
    const project = { ...newProject(), figures: [f0] };
    const f1 = movePanel('f1', 'p0', 3)(project).figures[0];
    const moved = updateFigureScene(same.scene, f1, opts);
    // Every panel moved place on the page: groups are rebuilt where their rectangle changed.
    expect(shape(moved.scene)).toEqual(shape(buildFigureScene(f1, opts)));
  });

  it('hiding labels drops the label layers and keeps redactions', () => {
    const f0 = figure();
    const first = updateFigureScene(null, f0, opts);
    const hidden = updateFigureScene(first.scene, f0, { ...opts, showLabels: false });
    expect(shape(hidden.scene)).toEqual(shape(buildFigureScene(f0, { ...opts, showLabels: false })));
    expect(hidden.scene.layers.find((l) => l.name() === 'labels')!.getChildren().length).toBe(0);
  });
});
