// Window tool (W): drag on a grey panel — horizontal = width, vertical = centre, as OHIF/Weasis
// and the series viewer. The whole drag is one undo step (the store's coalesce key), and the
// window is stored with the panel (display.window), so the inspector, legend and export show it.
import type { Point, Panel } from '../../shared/figure/schema';
import type { Window } from '../../shared/imaging/types';
import { effectiveWindow } from '../../shared/imaging/display';
import { updatePanel } from '../editor/commands';
import { infoOf, loadedFrame } from '../imaging/panel-images';
import { dragSensitivity, dragWindow } from '../imaging/window-drag';
import type { Tool } from './types';

/** Screen pixels per page millimetre are not in the tool context, so drags are measured in page mm at this nominal ratio. */
const PX_PER_MM = 3.78;

export function createWindowLevelTool(): Tool {
  let start: { panelId: string; at: Point; window: Window; perPx: number } | null = null;
  let gesture = 0;

  const tool: Tool = {
    id: 'window',
    label: 'Window',
    key: 'W',
    cursor: 'ns-resize',
    state: 'idle',
    down(p, ctx) {
      if (!p.panelId) return;
      const panel = findPanel(ctx.store.figure().panels, p.panelId);
      if (!panel) return;
      const frame = loadedFrame(panel.sourceId, panel.frame);
      const info = infoOf(panel.sourceId);
      // Colour photos have no window (brightness/contrast is their control).
      if (!frame || (frame.channels !== 1 && frame.bitsStored <= 8)) return;
      const window = effectiveWindow(frame, panel.display, info?.windows ?? []);
      if (!window) return;
      start = { panelId: p.panelId, at: p.pageMm, window, perPx: dragSensitivity(frame) };
      gesture++;
      tool.state = 'pointing';
    },
    move(p, ctx) {
      if (!start) return;
      const dx = (p.pageMm[0] - start.at[0]) * PX_PER_MM;
      const dy = (p.pageMm[1] - start.at[1]) * PX_PER_MM;
      if (tool.state === 'pointing' && Math.hypot(dx, dy) < 2) return;
      tool.state = 'dragging';
      const panel = findPanel(ctx.store.figure().panels, start.panelId);
      if (!panel) return;
      const window = dragWindow(start.window, dx, dy, start.perPx);
      ctx.store.dispatch(updatePanel(ctx.figureId, panel.id, { display: { ...panel.display, window } }), `window-${gesture}`);
    },
    up(_p, ctx) {
      if (tool.state === 'dragging') ctx.store.endGesture();
      tool.cancel();
    },
    cancel() {
      start = null;
      tool.state = 'idle';
    },
    preview: () => null,
  };
  return tool;
}

function findPanel(panels: Panel[], id: string): Panel | undefined {
  return panels.find((x) => x.id === id);
}
