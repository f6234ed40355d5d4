// Window tool (W): drag on a grey panel — horizontal = width, vertical = centre, as OHIF/Weasis
// and the series viewer. While dragging, the canvas previews the window live (ctx.previewDisplay:
// no document change per move); the release commits ONE command, so the whole drag is one undo
// step and the window is stored with the panel (display.window) for the inspector, legend and export.
import type { Point, Panel } from '../../shared/figure/schema';
import type { Window } from '../../shared/imaging/types';
import { effectiveWindow } from '../../shared/imaging/display';
import { updatePanel } from '../editor/commands';
import { infoOf, loadedFrame } from '../imaging/panel-images';
import { dragSensitivity, dragWindow } from '../imaging/window-drag';
import { CLICK_SLOP_PX, type Tool, type ToolContext } from './types';

/** Screen pixels per page millimetre are not in the tool context, so drags are measured in page mm at this nominal ratio. */
const PX_PER_MM = 3.78;

export function createWindowLevelTool(): Tool {
  let start: { panelId: string; at: Point; window: Window; perPx: number } | null = null;
  /** The window shown now, and the context that shows it (to restore on cancel). */
  let current: Window | null = null;
  let shownBy: ToolContext | null = null;
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
      // The one click threshold of every tool (drag-tool.ts), in screen px.
      if (tool.state === 'pointing' && Math.hypot(dx, dy) <= CLICK_SLOP_PX) return;
      tool.state = 'dragging';
      const panel = findPanel(ctx.store.figure().panels, start.panelId);
      if (!panel) return;
      current = dragWindow(start.window, dx, dy, start.perPx);
      const display = { ...panel.display, window: current };
      if (ctx.previewDisplay) {
        ctx.previewDisplay(panel.id, display);
        shownBy = ctx;
      } else ctx.store.dispatch(updatePanel(ctx.figureId, panel.id, { display }), `window-${gesture}`);
    },
    up(_p, ctx) {
      const s = start;
      const w = current;
      if (tool.state === 'dragging' && s && w) {
        const panel = findPanel(ctx.store.figure().panels, s.panelId);
        const changed = w.center !== s.window.center || w.width !== s.window.width;
        if (panel && changed && shownBy) {
          // One command for the gesture. The preview stays until the committed pixels replace it.
          ctx.store.dispatch(updatePanel(ctx.figureId, panel.id, { display: { ...panel.display, window: w } }));
          shownBy = null;
        }
        ctx.store.endGesture();
      }
      tool.cancel();
    },
    cancel() {
      // A drag that did not commit (Escape, another tool, back to where it started) shows the document's window again.
      if (shownBy && start) shownBy.previewDisplay?.(start.panelId, null);
      shownBy = null;
      start = null;
      current = null;
      tool.state = 'idle';
    },
    preview: () => null,
  };
  return tool;
}

function findPanel(panels: Panel[], id: string): Panel | undefined {
  return panels.find((x) => x.id === id);
}
