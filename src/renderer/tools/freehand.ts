// Freehand: drag to draw; the stroke is smoothed and simplified on release, so the stored
// path is short and the hand's tremor does not show at print size.
import { commitAnnotation } from './commit';
import type { Point } from '../../shared/figure/schema';
import { distance } from '../editor/geometry';
import { type Tool, type Preview } from './types';

/** Moving average over a small window (ends kept), then Ramer–Douglas–Peucker simplification. */
export function smoothStroke(points: readonly Point[], tolerance: number, window = 2): Point[] {
  if (points.length < 3) return points.map((p) => [p[0], p[1]] as Point);
  const smooth: Point[] = points.map((p, i) => {
    if (i === 0 || i === points.length - 1) return [p[0], p[1]];
    let sx = 0,
      sy = 0,
      n = 0;
    for (let j = Math.max(0, i - window); j <= Math.min(points.length - 1, i + window); j++) {
      sx += points[j][0];
      sy += points[j][1];
      n++;
    }
    return [sx / n, sy / n];
  });
  return simplify(smooth, tolerance);
}

function segDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (!len2) return distance(p, a);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return distance(p, [a[0] + t * dx, a[1] + t * dy]);
}

export function simplify(points: readonly Point[], tolerance: number): Point[] {
  if (points.length < 3) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    let worst = -1,
      at = -1;
    for (let k = i + 1; k < j; k++) {
      const d = segDistance(points[k], points[i], points[j]);
      if (d > worst) [worst, at] = [d, k];
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([i, at], [at, j]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** Screen pixels between recorded samples, and the simplification tolerance. */
const SAMPLE_PX = 2;
const TOLERANCE_PX = 0.75;

export function createFreehandTool(): Tool {
  let panelId: string | null = null;
  let points: Point[] = [];
  let id = '';
  let style: Parameters<Tool['down']>[1]['style'] | null = null;

  const tool: Tool = {
    id: 'freehand',
    label: 'Freehand',
    key: 'F',
    hint: 'Drag to draw; smoothed on release',
    cursor: 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (!p.panelId || !p.source) return;
      panelId = p.panelId;
      points = [p.source];
      id = ctx.newId();
      style = ctx.style;
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if (tool.state === 'idle' || !p.source || !panelId) return;
      if (distance(p.source, points[points.length - 1]) < SAMPLE_PX * ctx.sourcePerScreenPx(panelId)) return;
      points.push(p.source);
      tool.state = 'dragging';
    },
    up(_p, ctx) {
      if (tool.state === 'dragging' && panelId && style && points.length >= 2) {
        const pts = smoothStroke(points, TOLERANCE_PX * ctx.sourcePerScreenPx(panelId));
        commitAnnotation(ctx, panelId, { id, type: 'freehand', layer: 'labels', style, points: pts });
      }
      tool.cancel();
    },
    cancel() {
      panelId = null;
      points = [];
      style = null;
      tool.state = 'idle';
    },
    preview(): Preview | null {
      if (tool.state !== 'dragging' || !panelId || !style || points.length < 2) return null;
      return { panelId, annotations: [{ id, type: 'freehand', layer: 'labels', style, points: [...points] }], hide: new Set() };
    },
  };
  return tool;
}
