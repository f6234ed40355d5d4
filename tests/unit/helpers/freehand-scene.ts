// A figure with one long freehand stroke over a uniform grey image, drawn by the real scene
// (src/scene) through the real raster pipeline; and the same scene with each freehand stroke
// drawn the way it was before issue 22 (one Konva.Line with tension over every point), as
// the reference for pixels (tests/unit/freehand-export.test.ts) and time (bench/freehand-bench.ts).
import { createCanvas } from '@napi-rs/canvas';
import { newFigure, newPanel } from '../../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Figure } from '../../../src/shared/figure/schema';
import { buildFigureScene, type PanelImage } from '../../../src/scene/figure-scene';
import { FREEHAND_ATTR } from '../../../src/scene/freehand-path';
import { Konva, pixelsFor, renderLayersToRaster, setupKonvaNode } from '../../../src/services/export';

export const SIDE = 1400;

/** An Archimedean spiral of `n` points (dense: as a pen stroke records them), source px. */
export function spiral(n: number): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * Math.PI * 24;
    const r = 60 + (i / n) * 600;
    pts.push([SIDE / 2 + r * Math.cos(t), SIDE / 2 + r * Math.sin(t)]);
  }
  return pts;
}

export function freehandFigure(points: [number, number][]): Figure {
  const f = newFigure('Figure 1', 85);
  const panel = newPanel('src-grey');
  panel.annotations.push({ id: 'fh', layer: 'labels', style: { ...DEFAULT_STYLE, color: '#ff2000' }, type: 'freehand', points } as never);
  f.panels.push(panel);
  f.rows = [1];
  return f;
}

function greyImage(figure: Figure): { images: Map<string, PanelImage>; sizes: Map<string, { width: number; height: number }> } {
  const c = createCanvas(SIDE, SIDE);
  const ctx = c.getContext('2d');
  ctx.fillStyle = 'rgb(100,100,100)';
  ctx.fillRect(0, 0, SIDE, SIDE);
  const id = figure.panels[0].id;
  return {
    images: new Map([[id, { image: c as unknown as CanvasImageSource, width: SIDE, height: SIDE }]]),
    sizes: new Map([[id, { width: SIDE, height: SIDE }]]),
  };
}

/** Every freehand stroke swapped for the pre-issue-22 drawing: Konva.Line, tension, all points. */
function asBefore(layers: Konva.Layer[]): Konva.Layer[] {
  for (const layer of layers)
    for (const node of layer.find((n: Konva.Node) => n.getAttr(FREEHAND_ATTR) === true) as Konva.Shape[]) {
      const a = node.attrs as Record<string, unknown>;
      const line = new Konva.Line({
        points: a.points as number[],
        tension: a.tension as number,
        stroke: a.stroke as string,
        strokeWidth: a.strokeWidth as number,
        opacity: a.opacity as number,
        lineCap: 'round',
        lineJoin: 'round',
      });
      swapped++;
      const parent = node.getParent()!;
      const z = node.zIndex();
      node.remove();
      parent.add(line);
      line.zIndex(z);
    }
  return layers;
}

/** How many strokes `asBefore` swapped in the last build (a test checks it is not zero). */
export let swapped = 0;

/** RGBA of the figure at `dpi`: the scene as it is, or as it was drawn before (`before`). */
export async function renderFreehand(
  figure: Figure,
  dpi: number,
  before = false,
): Promise<{ rgba: Buffer; width: number; height: number }> {
  setupKonvaNode();
  const { images, sizes } = greyImage(figure);
  const probe = buildFigureScene(figure, { images, sizes, showLabels: true });
  const { pageWidthMm, pageHeightMm } = probe.layout;
  probe.layers.forEach((l) => l.destroy());
  const width = pixelsFor(pageWidthMm, dpi);
  const height = pixelsFor(pageHeightMm, dpi);
  swapped = 0;
  const build = () => {
    const layers = buildFigureScene(figure, { images, sizes, showLabels: true }).layers;
    return before ? asBefore(layers) : layers;
  };
  // As the export does (export-figure.ts): the scene in mm, white under it.
  const rgba = await renderLayersToRaster(build, width, height, {
    sceneWidth: pageWidthMm,
    sceneHeight: pageHeightMm,
    background: 'white',
  });
  return { rgba, width, height };
}
