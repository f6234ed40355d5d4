// The screen's incremental scene update (updateFigureScene): an edit to one annotation rebuilds
// that panel's annotation groups only and leaves the images layer alone; the updated scene holds
// the same nodes, in the same order, as a fresh build of the same document.
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

  it('rebuilds only the edited panel, never the images layer, and matches a fresh build', () => {
    const f0 = figure();
    const first = updateFigureScene(null, f0, opts);
    expect(first.rebuilt.size).toBe(4);
    const imagesLayer = first.scene.layers.find((l) => l.name() === 'images')!;
    const imageGroups = imagesLayer.getChildren().slice();
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
    expect([...next.rebuilt.keys()]).toEqual(['p2']);
    expect([...next.rebuilt.get('p2')!].sort()).toEqual(['labels', 'redactions']);
    expect([...next.dirty].map((l) => l.name()).sort()).toEqual(['labels', 'redactions']);
    // The images layer kept its very nodes.
    expect(imagesLayer.getChildren().every((n, i) => n === imageGroups[i])).toBe(true);
    expect(shape(next.scene)).toEqual(shape(buildFigureScene(f1, opts)));
    // The moved arrow is drawn where the document says.
    const moved = next.scene.layers[1].findOne((n: Konva.Node) => n.getAttr('annotationId') === 'a2-7') as Konva.Node;
    expect(moved).toBeTruthy();
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
