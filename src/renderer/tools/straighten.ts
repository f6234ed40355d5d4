// Straighten tool: draw a line along something that should be level (a horizon, a bone edge,
// a section border); the panel turns so that line ends horizontal — or vertical, whichever is
// nearer. Only the rotation parameter changes; annotations turn with the image.
import type { Panel, Point, Style } from '../../shared/figure/schema';
import { panelTransform } from '../../shared/geometry/transform';
import { updatePanel } from '../editor/commands';
import type { Draft } from './types';
import { createDragTool } from './drag-tool';

/**
 * The panel rotation (degrees clockwise, in (−180, 180]) that makes the source line a→b
 * horizontal or vertical in the view, with the smallest change from the current rotation.
 */
export function straightenRotation(panel: Pick<Panel, 'crop' | 'rotation' | 'flipH' | 'flipV'>, a: Point, b: Point): number {
  // The direction only depends on the linear part (flips and rotation), not on crop or size.
  const t = panelTransform({ ...panel, crop: null }, 1, 1);
  const [a0, b0, c0, d0] = t.matrix;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const vx = a0 * dx + c0 * dy;
  const vy = b0 * dx + d0 * dy;
  const angle = (Math.atan2(vy, vx) * 180) / Math.PI;
  // Screen y points down, so adding δ to a clockwise rotation adds δ to this angle.
  const delta = Math.round(angle / 90) * 90 - angle;
  let r = panel.rotation + delta;
  r = ((r % 360) + 360) % 360;
  if (r > 180) r -= 360;
  // Round off float dust (e.g. 6.999999999) so the inspector shows a clean angle.
  return Math.round(r * 1e9) / 1e9;
}

const DRAFT_STYLE: Style = {
  color: '#ffd700',
  strokePt: 1,
  fontPt: 8,
  halo: true,
  haloColor: '#000000',
  opacity: 1,
  fill: null,
  bold: false,
};

/** Shortest line, in screen px, whose angle means anything (a few px could be any angle). */
const MIN_LINE_PX = 10;

export function createStraightenTool() {
  return createDragTool<Draft['annotation'] & { type: 'line' }>({
    id: 'straighten',
    label: 'Straighten',
    key: 'G',
    start: (p) => ({ id: 'straighten-draft', type: 'line', layer: 'labels', style: DRAFT_STYLE, points: [p.source, p.source] }),
    drag: (g, p) => ({ ...g.state, points: [g.origin, p.source] }),
    commit: (g, ctx) => {
      const [a, b] = g.state.points;
      const panel = ctx.store.figure().panels.find((x) => x.id === g.panelId);
      if (panel && Math.hypot(b[0] - a[0], b[1] - a[1]) > MIN_LINE_PX * ctx.sourcePerScreenPx(g.panelId)) {
        ctx.store.dispatch(updatePanel(ctx.figureId, g.panelId, { rotation: straightenRotation(panel, a, b) }));
        ctx.setTool('select');
      }
    },
    // Shown on the canvas's interactive layer, never written to the document.
    preview: (g, dragging) => (dragging ? [g.state] : null),
  });
}
