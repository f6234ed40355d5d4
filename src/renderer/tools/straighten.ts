// Straighten tool: draw a line along something that should be level (a horizon, a bone edge,
// a section border); the panel turns so that line ends horizontal — or vertical, whichever is
// nearer. Only the rotation parameter changes; annotations turn with the image.
import type { Panel, Point, Style } from '../../shared/figure/schema';
import { panelTransform } from '../../shared/geometry/transform';
import { updatePanel } from '../editor/commands';
import type { Draft, Tool } from './types';

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

export function createStraightenTool(): Tool {
  let start: Point | null = null;
  let panelId: string | null = null;
  let current: Draft | null = null;

  const tool: Tool = {
    id: 'straighten',
    label: 'Straighten',
    key: 'G',
    cursor: 'crosshair',
    state: 'idle',
    down(p) {
      if (!p.panelId || !p.source) return;
      start = p.source;
      panelId = p.panelId;
      tool.state = 'pointing';
      current = null;
    },
    move(p) {
      if (tool.state === 'idle' || !start || !panelId || !p.source) return;
      tool.state = 'dragging';
      current = {
        panelId,
        annotation: { id: 'straighten-draft', type: 'line', layer: 'labels', style: DRAFT_STYLE, points: [start, p.source] },
      };
    },
    up(_p, ctx) {
      if (tool.state === 'dragging' && current && current.annotation.type === 'line' && panelId) {
        const [a, b] = current.annotation.points;
        const panel = ctx.store.figure().panels.find((x) => x.id === panelId);
        // A short line gives a meaningless angle.
        if (panel && Math.hypot(b[0] - a[0], b[1] - a[1]) > 10 * ctx.sourcePerScreenPx(panelId)) {
          ctx.store.dispatch(updatePanel(ctx.figureId, panelId, { rotation: straightenRotation(panel, a, b) }));
          ctx.setTool('select');
        }
      }
      tool.cancel();
    },
    cancel() {
      start = null;
      panelId = null;
      current = null;
      tool.state = 'idle';
    },
    // Shown on the canvas's interactive layer, never written to the document.
    preview: () => (current ? { panelId: current.panelId, annotations: [current.annotation], hide: new Set<string>() } : null),
  };
  return tool;
}
