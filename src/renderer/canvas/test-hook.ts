// The test hook: e2e tests and the Chromium benches drive the document and read the view
// through `window.medfigEditor` (the app's store) and `window.medfigCanvas` (the view). Installed
// only in test builds (`npx electron-vite build --mode test`); in a production build the call
// site is `if (false)` and the bundler drops this module.
import type { EditorStore } from '../editor/store';
import type { CanvasController } from './controller';

export interface CanvasTestApi {
  /** CSS px per page mm and the page origin on screen. */
  view(): { zoom: number; x: number; y: number };
  /** What the zoom label shows. */
  zoomPercent(): number;
  /** The page on screen, CSS px relative to the viewport (like getBoundingClientRect). */
  pageRect(): { x: number; y: number; width: number; height: number } | null;
  /** Pixel proposals drawn on the canvas: box and dismiss ×, CSS px relative to the viewport. */
  proposals(): ReturnType<CanvasController['proposalRects']>;
  /** The figure's layout as shown (page mm): panel rectangles by index. */
  layout(): {
    pageWidthMm: number;
    pageHeightMm: number;
    panels: { index: number; xMm: number; yMm: number; wMm: number; hMm: number; row: number }[];
  } | null;
}

export function installTestHook(store: EditorStore, controller: CanvasController): () => void {
  const w = window as unknown as { medfigEditor?: EditorStore; medfigCanvas?: CanvasTestApi };
  w.medfigEditor = store;
  w.medfigCanvas = {
    view: () => ({ ...controller.view() }),
    zoomPercent: () => controller.zoomPercent(),
    layout: () => {
      const l = controller.layout();
      return l ? { pageWidthMm: l.pageWidthMm, pageHeightMm: l.pageHeightMm, panels: l.panels.map((p) => ({ ...p })) } : null;
    },
    pageRect: () => {
      const r = controller.pageRect();
      if (!r) return null;
      const c = controller.stage.container().getBoundingClientRect();
      return { x: r.x + c.left, y: r.y + c.top, width: r.width, height: r.height };
    },
    proposals: () => {
      const c = controller.stage.container().getBoundingClientRect();
      const shift = (r: { x: number; y: number; width: number; height: number }) => ({ ...r, x: r.x + c.left, y: r.y + c.top });
      return controller.proposalRects().map((p) => ({ ...p, box: shift(p.box), dismiss: shift(p.dismiss) }));
    },
  };
  return () => {
    if (w.medfigCanvas && w.medfigEditor === store) delete w.medfigCanvas;
  };
}
