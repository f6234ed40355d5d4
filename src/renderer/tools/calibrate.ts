// Reference-line calibration: drag along a ruler or a structure of known length; the
// calibration panel then asks for that length and unit (nothing enters the document until then).
import type { Point } from '../../shared/figure/schema';
import { referenceLine } from '../app/calibration-state';
import { snap45, type Draft, type Tool } from './types';

export function createCalibrateTool(): Tool {
  let start: Point | null = null;
  let current: Draft | null = null;
  const tool: Tool = {
    id: 'calibrate',
    label: 'Calibrate',
    key: 'K',
    cursor: 'crosshair',
    state: 'idle',
    down(p, ctx) {
      if (!p.panelId || !p.source) return;
      start = p.source;
      tool.state = 'pointing';
      current = {
        panelId: p.panelId,
        annotation: {
          id: ctx.newId(),
          type: 'measure-length',
          layer: 'labels',
          style: { ...ctx.style, color: '#ffd700' },
          points: [start, start],
        },
      };
    },
    move(p) {
      if (tool.state === 'idle' || !start || !current || !p.source) return;
      tool.state = 'dragging';
      const end = p.shift ? snap45(start, p.source) : p.source;
      current = { ...current, annotation: { ...current.annotation, points: [start, end] } as Draft['annotation'] };
    },
    up(_p, ctx) {
      if (tool.state === 'dragging' && current && start && current.annotation.type === 'measure-length') {
        const end = current.annotation.points[1];
        if (Math.hypot(end[0] - start[0], end[1] - start[1]) > 3 * ctx.sourcePerScreenPx(current.panelId))
          referenceLine.set({ panelId: current.panelId, p1: start, p2: end });
      }
      tool.cancel();
    },
    cancel() {
      start = null;
      current = null;
      tool.state = 'idle';
    },
    draft: () => current,
  };
  return tool;
}
