// Free-layout commands: place panels anywhere (the first free move switches the figure to free
// placement, fixing every panel where the grid had it), re-flow back to the grid, and float an
// inset over its parent. Pure Project → Project like commands.ts (undo, redo, autosave).
import type { Crop, Figure, InsetFloat, PanelPlace, Project } from '../../shared/figure/schema';
import type { FigureLayout } from '../../shared/figure/layout';
import { reflowOrder, type Box } from '../../shared/figure/free-layout';
import type { Command } from './commands';

function mapFigure(p: Project, figureId: string, fn: (f: Figure) => Figure): Project {
  let changed = false;
  const figures = p.figures.map((f) => {
    if (f.id !== figureId) return f;
    const next = fn(f);
    if (next !== f) changed = true;
    return next;
  });
  return changed ? { ...p, figures } : p;
}

const boxOf = (b: Box): PanelPlace => ({ xMm: b.xMm, yMm: b.yMm, wMm: b.wMm, hMm: b.hMm });
const sameBox = (a: PanelPlace | null, b: Box) => !!a && a.xMm === b.xMm && a.yMm === b.yMm && a.wMm === b.wMm && a.hMm === b.hMm;

/** The boxes the layout gives the panels that take part in it (floating insets excluded), by id. */
export function layoutBoxes(figure: Pick<Figure, 'panels'>, layout: Pick<FigureLayout, 'panels'>): Map<string, Box> {
  const out = new Map<string, Box>();
  for (const lp of layout.panels) {
    const panel = figure.panels[lp.index];
    if (panel && lp.row >= 0) out.set(panel.id, { xMm: lp.xMm, yMm: lp.yMm, wMm: lp.wMm, hMm: lp.hMm });
  }
  return out;
}

/**
 * Put panels at new boxes (and, for a resize that changes the crop, new crops). In grid mode the
 * figure switches to free layout and every other panel is fixed where it is now (`current`:
 * layoutBoxes of the figure as shown), so nothing else moves.
 */
export const placePanels =
  (
    figureId: string,
    current: ReadonlyMap<string, Box>,
    changes: ReadonlyMap<string, Box>,
    crops: ReadonlyMap<string, Crop> = new Map(),
  ): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      let changed = f.layoutMode !== 'free';
      const panels = f.panels.map((x) => {
        const want = changes.get(x.id) ?? (f.layoutMode !== 'free' || !x.place ? current.get(x.id) : undefined);
        const crop = crops.get(x.id);
        if ((!want || sameBox(x.place, want)) && !crop) return x;
        changed = true;
        return { ...x, ...(want ? { place: boxOf(want) } : {}), ...(crop ? { crop } : {}) };
      });
      return changed ? { ...f, layoutMode: 'free' as const, panels } : f;
    });

/**
 * Back to the grid: rows read off the free arrangement (top to bottom, left to right), panels
 * reordered to match (automatic letters follow the reading order), each floating inset kept
 * right after its parent. Places are cleared; the next free move starts from the grid.
 */
export const reflowToGrid =
  (figureId: string, current: ReadonlyMap<string, Box>): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const laid = f.panels.filter((x) => current.has(x.id));
      if (f.layoutMode !== 'free' || !laid.length) return f;
      const r = reflowOrder(laid.map((x) => current.get(x.id)!));
      const order: Figure['panels'] = [];
      const rows: number[] = [];
      let k = 0;
      for (const n of r.rows) {
        let count = 0;
        for (const i of r.order.slice(k, k + n)) {
          const panel = laid[i];
          order.push(panel);
          count++;
          for (const c of f.panels)
            if (!current.has(c.id) && c.insetOf === panel.id && !order.includes(c)) {
              order.push(c);
              count++;
            }
        }
        k += n;
        rows.push(count);
      }
      // Anything not placed yet (an inset of a missing parent): one more row at the end.
      const rest = f.panels.filter((x) => !order.includes(x));
      if (rest.length) rows.push(rest.length);
      const panels = [...order, ...rest].map((x) => (x.place ? { ...x, place: null } : x));
      return { ...f, layoutMode: 'grid' as const, panels, rows: rows.every((n) => n <= 8) ? rows : rows.flatMap(split8) };
    });

const split8 = (n: number): number[] => (n <= 8 ? [n] : [8, ...split8(n - 8)]);

/** Float an inset over its parent (a corner and whole zoom) or, with null, lay it out as a panel again. */
export const setInsetFloat =
  (figureId: string, panelId: string, float: InsetFloat | null): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({
      ...f,
      panels: f.panels.map((x) => (x.id === panelId && x.insetOf ? { ...x, float } : x)),
    }));
