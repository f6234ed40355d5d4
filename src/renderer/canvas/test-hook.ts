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
  /** An annotation's drawn nodes on screen, CSS px relative to the viewport (null: not drawn). */
  annotationRect(id: string): { x: number; y: number; width: number; height: number } | null;
  /** Scene layer draws so far: whole layers, and parts of layers (region-draw.ts). */
  drawCounts(): { whole: number; regions: number };
  /**
   * Once no scene draw waits for a frame: draws every scene layer whole and counts the pixels
   * (scene and hit canvases) that differ from what the incremental draws had left there — 0
   * everywhere when they were right.
   */
  differencesFromWholeDraw(): Promise<{ layer: string; scene: number; hit: number; first: string[] }[]>;
}

function pixels(c: { _canvas: HTMLCanvasElement }): Uint8ClampedArray {
  const el = c._canvas;
  return el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
}

/** How many pixels differ, and (to find them) the first few, as "x,y:before>after". */
function countDiff(a: Uint8ClampedArray, b: Uint8ClampedArray, width: number): { n: number; first: string[] } {
  if (a.length !== b.length) return { n: Math.max(a.length, b.length) / 4, first: ['size'] };
  let n = 0;
  const first: string[] = [];
  for (let i = 0; i < a.length; i += 4)
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) {
      n++;
      const p = i / 4;
      if (first.length < 5)
        first.push(`${p % width},${Math.floor(p / width)}:${a.slice(i, i + 4).join('/')}>${b.slice(i, i + 4).join('/')}`);
    }
  return { n, first };
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
    annotationRect: (id) => {
      const nodes = controller.stage.find((n: { getAttr(k: string): unknown }) => n.getAttr('annotationId') === id);
      if (!nodes.length) return null;
      const c = controller.stage.container().getBoundingClientRect();
      const rs = nodes.map((n) => n.getClientRect());
      const x = Math.min(...rs.map((r) => r.x));
      const y = Math.min(...rs.map((r) => r.y));
      const width = Math.max(...rs.map((r) => r.x + r.width)) - x;
      const height = Math.max(...rs.map((r) => r.y + r.height)) - y;
      return { x: x + c.left, y: y + c.top, width, height };
    },
    drawCounts: () => ({ ...controller.drawCounts }),
    differencesFromWholeDraw: async () => {
      // Compared in the same task as the last draw was found done: no change can come between.
      while (controller.drawPending()) await new Promise((r) => requestAnimationFrame(r));
      return controller.stage
        .getLayers()
        .filter((l) => l.name() !== 'interactive')
        .map((l) => {
          const scene = l.getCanvas() as unknown as { _canvas: HTMLCanvasElement };
          const hit = l.getHitCanvas() as unknown as { _canvas: HTMLCanvasElement };
          const before = [pixels(scene), l.isListening() ? pixels(hit) : new Uint8ClampedArray()];
          l.draw();
          const d = countDiff(before[0], pixels(scene), scene._canvas.width);
          const h = l.isListening() ? countDiff(before[1], pixels(hit), hit._canvas.width) : { n: 0, first: [] };
          return { layer: l.name(), scene: d.n, hit: h.n, first: [...d.first, ...h.first] };
        });
    },
  };
  return () => {
    if (w.medfigCanvas && w.medfigEditor === store) delete w.medfigCanvas;
  };
}
