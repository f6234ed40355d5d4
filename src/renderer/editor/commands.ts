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

export const addSource = (s: SourceRef): Command => (p) => (p.sources.some((x) => x.id === s.id) ? p : { ...p, sources: [...p.sources, s] });

export const addPanel = (figureId: string, panel: Panel): Command => (p) =>
  mapFigure(p, figureId, (f) => {
    const panels = [...f.panels, panel];
    return { ...f, panels, rows: rowsFor(panels.length) };
  });

export const removePanel = (figureId: string, panelId: string): Command => (p) =>
  mapFigure(p, figureId, (f) => {
    const panels = f.panels.filter((x) => x.id !== panelId);
    return { ...f, panels, rows: rowsFor(panels.length) };
  });

export const updatePanel = (figureId: string, panelId: string, patch: Partial<Panel>): Command => (p) => mapPanel(p, figureId, panelId, (x) => ({ ...x, ...patch }));

export const updateFigure = (figureId: string, patch: Partial<Figure>): Command => (p) => mapFigure(p, figureId, (f) => ({ ...f, ...patch }));

export const addAnnotation = (figureId: string, panelId: string, a: Annotation): Command => (p) => mapPanel(p, figureId, panelId, (x) => ({ ...x, annotations: [...x.annotations, a] }));

export const updateAnnotation = (figureId: string, panelId: string, id: string, fn: (a: Annotation) => Annotation): Command => (p) =>
  mapPanel(p, figureId, panelId, (x) => ({ ...x, annotations: x.annotations.map((a) => (a.id === id ? fn(a) : a)) }));

export const deleteAnnotations = (figureId: string, ids: ReadonlySet<string>): Command => (p) =>
  mapFigure(p, figureId, (f) => ({ ...f, panels: f.panels.map((x) => (x.annotations.some((a) => ids.has(a.id)) ? { ...x, annotations: x.annotations.filter((a) => !ids.has(a.id)) } : x)) }));

/** Move annotations by a source-pixel offset (per panel, as annotations live in their panel's pixels). */
export function translateAnnotation(a: Annotation, dx: number, dy: number): Annotation {
  const mv = (pt: readonly [number, number]): [number, number] => [pt[0] + dx, pt[1] + dy];
  switch (a.type) {
    case 'arrow':
    case 'line':
      return { ...a, points: [mv(a.points[0]), mv(a.points[1])] };
    case 'measure-angle':
      return { ...a, points: [mv(a.points[0]), mv(a.points[1]), mv(a.points[2])] };
    case 'polygon':
    case 'freehand':
    case 'measure-length':
    case 'measure-area':
      return { ...a, points: a.points.map(mv) } as Annotation;
    case 'callout':
      return { ...a, at: mv(a.at), target: mv(a.target) };
    default:
      return { ...a, at: mv(a.at) } as Annotation;
  }
}
