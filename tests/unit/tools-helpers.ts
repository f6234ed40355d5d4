// A real editor store over a one- or two-panel project, and a tool context that answers the
// way the canvas does (1 source px per screen px unless told otherwise).
import { DEFAULT_STYLE, type Annotation, type Point } from '../../src/shared/figure/schema';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { createEditorStore } from '../../src/renderer/editor/store';
import type { PointerInfo, Tool, ToolContext } from '../../src/renderer/tools';
import { plainText, type Run } from '../../src/shared/figure/rich-text';

export function setup(panels = 1) {
  const fig = newFigure();
  fig.panels = Array.from({ length: panels }, (_, i) => ({ ...newPanel(`src${i}`), id: `p${i}` }));
  const store = createEditorStore(newProject(fig));
  let n = 0;
  /** What the next edits answer: a string is one plain run; runs are answered as given. */
  const texts: (string | Run[])[] = [];
  const edits: { panelId: string; at: Point; initial: string }[] = [];
  const ctx: ToolContext = {
    store,
    figureId: fig.id,
    style: { ...DEFAULT_STYLE },
    newId: () => `a${++n}`,
    editText: (panelId, at, initial) => {
      edits.push({ panelId, at, initial });
      const t = texts.shift();
      return Promise.resolve(t === undefined ? null : typeof t === 'string' ? t : plainText(t));
    },
    editRuns: (where, initial) => {
      edits.push({
        panelId: 'panelId' in where ? where.panelId : 'page',
        at: 'at' in where ? where.at : where.pageMm,
        initial: plainText(initial),
      });
      const t = texts.shift();
      return Promise.resolve(t === undefined ? null : typeof t === 'string' ? [{ text: t }] : t);
    },
    sourcePerScreenPx: () => 1,
    setTool: () => {},
    annotationsInPageRect: () => [],
  };
  const annotations = (panel = 'p0'): Annotation[] => store.figure().panels.find((p) => p.id === panel)!.annotations;
  return { store, ctx, annotations, texts, edits, figureId: fig.id };
}

export function ptr(source: Point | null, o: Partial<PointerInfo> = {}): PointerInfo {
  return { panelId: source ? 'p0' : null, source, pageMm: source ?? [0, 0], shift: false, hit: null, ...o };
}

/** Press at the first point, move through the rest, release at the last. */
export function gesture(tool: Tool, ctx: ToolContext, points: Point[], o: Partial<PointerInfo> = {}) {
  tool.down(ptr(points[0], o), ctx);
  for (const p of points.slice(1)) tool.move(ptr(p, o), ctx);
  tool.up(ptr(points[points.length - 1], o), ctx);
}

export function click(tool: Tool, ctx: ToolContext, p: Point, o: Partial<PointerInfo> = {}) {
  tool.down(ptr(p, o), ctx);
  tool.up(ptr(p, o), ctx);
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
