// Reference-line calibration: drag along a ruler or a structure of known length; the
// calibration panel then asks for that length and unit (nothing enters the document until then).
import type { Annotation } from '../../shared/figure/schema';
import { referenceLine } from '../app/calibration-state';
import { snap45 } from './types';
import { createDragTool } from './drag-tool';

type Line = Extract<Annotation, { type: 'measure-length' }>;

export function createCalibrateTool() {
  return createDragTool<Line>({
    id: 'calibrate',
    label: 'Calibrate',
    key: 'K',
    start: (p, ctx) => ({
      id: ctx.newId(),
      type: 'measure-length',
      layer: 'labels',
      style: { ...ctx.style, color: '#ffd700' },
      points: [p.source, p.source],
    }),
    drag: (g, p) => ({ ...g.state, points: [g.origin, p.shift ? snap45(g.origin, p.source) : p.source] }),
    commit: (g, ctx) => {
      // The line's panel is the one calibrated: it becomes the selected panel (the inspector
      // asks for the length there).
      ctx.store.selectPanel(g.panelId);
      referenceLine.set({ panelId: g.panelId, p1: g.state.points[0], p2: g.state.points[1] });
    },
    preview: (g) => [g.state],
  });
}
