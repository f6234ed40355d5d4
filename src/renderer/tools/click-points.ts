// Tools placed point by point: polygon, area measurement (closed) and angle measurement (three
// points: arm, vertex, arm). Click adds a point, a drag adds its end too; click on the first
// point, double click or Enter finishes; Backspace removes the last point; Escape cancels.
// Shift snaps the new segment to 0/45/90°.
import { commitAnnotation } from './commit';
import type { Annotation, Point } from '../../shared/figure/schema';
import { distance } from '../editor/geometry';
import { snap45, CLICK_SLOP_PX, type Tool, type ToolContext, type Preview } from './types';

type Kind = 'polygon' | 'measure-area' | 'measure-angle';

const MIN_POINTS: Record<Kind, number> = { polygon: 3, 'measure-area': 3, 'measure-angle': 3 };
/** Screen pixels within which a click on the first point closes the shape. */
const CLOSE_PX = 8;

export function createClickPointsTool(kind: Kind, label: string, key: string, hint = ''): Tool {
  let panelId: string | null = null;
  let points: Point[] = [];
  let hover: Point | null = null;
  let pressAt: Point | null = null;
  let id = '';
  let style: ToolContext['style'] | null = null;

  const make = (pts: Point[]): Annotation | null => {
    if (!style || pts.length < 2) return null;
    const base = { id, layer: 'labels' as const, style };
    if (kind === 'polygon') return { ...base, type: 'polygon', points: pts, closed: pts.length >= 3 };
    if (kind === 'measure-angle') {
      // While the second arm is not placed, show the first as a line.
      return pts.length === 3
        ? { ...base, type: 'measure-angle', points: [pts[0], pts[1], pts[2]] }
        : ({ ...base, type: 'polygon', points: pts, closed: false } as Annotation);
    }
    return pts.length >= 3
      ? { ...base, type: 'measure-area', points: pts }
      : ({ ...base, type: 'polygon', points: pts, closed: false } as Annotation);
  };

  const snapped = (p: Point, shift: boolean): Point => (shift && points.length ? snap45(points[points.length - 1], p) : p);

  const finish = (ctx: ToolContext) => {
    const a = points.length >= MIN_POINTS[kind] ? make(points) : null;
    if (a && panelId && a.type === (kind === 'polygon' ? 'polygon' : kind)) {
      commitAnnotation(ctx, panelId, a);
    }
    tool.cancel();
  };

  const add = (p: Point, ctx: ToolContext) => {
    points.push(p);
    if (kind === 'measure-angle' && points.length === 3) finish(ctx);
  };

  const tool: Tool = {
    id: kind,
    label,
    key,
    hint,
    cursor: 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (!p.source) return;
      if (tool.state === 'idle') {
        if (!p.panelId) return;
        panelId = p.panelId;
        id = ctx.newId();
        style = ctx.style;
        points = [p.source];
        pressAt = p.source;
        tool.state = 'drawing';
        return;
      }
      const tol = CLOSE_PX * ctx.sourcePerScreenPx(panelId!);
      pressAt = p.source;
      // A click on the first point closes; a second click on the last point (double click) finishes.
      if (points.length >= 3 && distance(p.source, points[0]) < tol) return finish(ctx);
      if (distance(p.source, points[points.length - 1]) < tol) return finish(ctx);
      add(snapped(p.source, p.shift), ctx);
    },
    move(p) {
      if (tool.state === 'idle' || !p.source) return;
      hover = snapped(p.source, p.shift);
    },
    up(p, ctx) {
      if (tool.state !== 'drawing' || !p.source || !pressAt) return;
      // Press-drag-release places the press point and the release point.
      if (distance(p.source, pressAt) > CLICK_SLOP_PX * ctx.sourcePerScreenPx(panelId!)) add(snapped(p.source, p.shift), ctx);
      pressAt = null;
    },
    // No dblclick handler: Konva reports two quick clicks anywhere as a double click, and
    // placing points quickly is normal. A second press on the last point finishes instead.
    keyDown(k, ctx) {
      if (tool.state !== 'drawing') return false;
      if (k === 'Enter') finish(ctx);
      else if (k === 'Backspace') {
        points.pop();
        if (!points.length) tool.cancel();
      } else return false;
      return true;
    },
    cancel() {
      panelId = null;
      points = [];
      hover = null;
      pressAt = null;
      style = null;
      tool.state = 'idle';
    },
    preview(): Preview | null {
      if (tool.state === 'idle' || !panelId) return null;
      const a = make(hover ? [...points, hover] : points);
      return a ? { panelId, annotations: [a], hide: new Set() } : null;
    },
  };
  return tool;
}
