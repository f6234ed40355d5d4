// Commands: pure functions Project → Project. The document changes only through these,
// which is what gives undo/redo and autosave for free.
import type { Annotation, Figure, Panel, Project, SourceRef } from '../../shared/figure/schema';
import { rowsFor } from '../../shared/figure/layout';

export type Command = (p: Project) => Project;

function mapFigure(p: Project, figureId: string, fn: (f: Figure) => Figure): Project {
  return { ...p, figures: p.figures.map((f) => (f.id === figureId ? fn(f) : f)) };
}

export function mapPanel(p: Project, figureId: string, panelId: string, fn: (x: Panel) => Panel): Project {
  return mapFigure(p, figureId, (f) => ({ ...f, panels: f.panels.map((x) => (x.id === panelId ? fn(x) : x)) }));
}

export const addSource =
  (s: SourceRef): Command =>
  (p) =>
    p.sources.some((x) => x.id === s.id) ? p : { ...p, sources: [...p.sources, s] };

export const addPanel =
  (figureId: string, panel: Panel): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const panels = [...f.panels, panel];
      return { ...f, panels, rows: rowsFor(panels.length) };
    });

export const removePanel =
  (figureId: string, panelId: string): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const panels = f.panels.filter((x) => x.id !== panelId);
      return { ...f, panels, rows: rowsFor(panels.length) };
    });

export const updatePanel =
  (figureId: string, panelId: string, patch: Partial<Panel>): Command =>
  (p) =>
    mapPanel(p, figureId, panelId, (x) => ({ ...x, ...patch }));

export const updateFigure =
  (figureId: string, patch: Partial<Figure>): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({ ...f, ...patch }));

export const addAnnotation =
  (figureId: string, panelId: string, a: Annotation): Command =>
  (p) =>
    mapPanel(p, figureId, panelId, (x) => ({ ...x, annotations: [...x.annotations, a] }));

export const updateAnnotation =
  (figureId: string, panelId: string, id: string, fn: (a: Annotation) => Annotation): Command =>
  (p) =>
    mapPanel(p, figureId, panelId, (x) => ({ ...x, annotations: x.annotations.map((a) => (a.id === id ? fn(a) : a)) }));

export const deleteAnnotations =
  (figureId: string, ids: ReadonlySet<string>): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({
      ...f,
      panels: f.panels.map((x) =>
        x.annotations.some((a) => ids.has(a.id)) ? { ...x, annotations: x.annotations.filter((a) => !ids.has(a.id)) } : x,
      ),
    }));

/** Changes several annotations (wherever they are in the figure) as one undo step. */
export const updateAnnotations =
  (figureId: string, ids: ReadonlySet<string>, fn: (a: Annotation) => Annotation): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({
      ...f,
      panels: f.panels.map((x) =>
        x.annotations.some((a) => ids.has(a.id)) ? { ...x, annotations: x.annotations.map((a) => (ids.has(a.id) ? fn(a) : a)) } : x,
      ),
    }));

/** Replaces annotations by id with new versions (the end of a drag, resize or rotate). */
export const replaceAnnotations = (figureId: string, next: readonly Annotation[]): Command => {
  const byId = new Map(next.map((a) => [a.id, a]));
  return updateAnnotations(figureId, new Set(byId.keys()), (a) => byId.get(a.id) ?? a);
};

export const addAnnotations =
  (figureId: string, panelId: string, list: readonly Annotation[]): Command =>
  (p) =>
    list.length ? mapPanel(p, figureId, panelId, (x) => ({ ...x, annotations: [...x.annotations, ...list] })) : p;

export type ZOrder = 'forward' | 'backward' | 'front' | 'back';

/** Moves annotations within their panel's drawing order (later = drawn on top). */
export const reorderAnnotations =
  (figureId: string, ids: ReadonlySet<string>, how: ZOrder): Command =>
  (p) => {
    let changed = false;
    const next = mapFigure(p, figureId, (f) => ({
      ...f,
      panels: f.panels.map((x) => {
        if (!x.annotations.some((a) => ids.has(a.id))) return x;
        let list = [...x.annotations];
        const sel = list.filter((a) => ids.has(a.id));
        const rest = list.filter((a) => !ids.has(a.id));
        if (how === 'front') list = [...rest, ...sel];
        else if (how === 'back') list = [...sel, ...rest];
        // One step: swap each selected item with its unselected neighbour in that direction.
        else if (how === 'forward') {
          for (let i = list.length - 2; i >= 0; i--)
            if (ids.has(list[i].id) && !ids.has(list[i + 1].id)) [list[i], list[i + 1]] = [list[i + 1], list[i]];
        } else {
          for (let i = 1; i < list.length; i++)
            if (ids.has(list[i].id) && !ids.has(list[i - 1].id)) [list[i], list[i - 1]] = [list[i - 1], list[i]];
        }
        if (list.every((a, i) => a === x.annotations[i])) return x;
        changed = true;
        return { ...x, annotations: list };
      }),
    }));
    // No change, no undo step.
    return changed ? next : p;
  };

export { translateAnnotation } from './geometry';
