// Commands on the page's own items (headers, lines, brackets): pure Project → Project, so they
// undo and autosave like every other edit.
import type { Figure, Project } from '../../shared/figure/schema';
import { movePageItem, type PageItem } from '../../shared/figure/page-items';
import type { Command } from './commands';

const onFigure =
  (figureId: string, fn: (f: Figure) => Figure): Command =>
  (p: Project) => ({ ...p, figures: p.figures.map((f) => (f.id === figureId ? fn(f) : f)) });

export const addPageItem = (figureId: string, item: PageItem): Command =>
  onFigure(figureId, (f) => ({ ...f, pageItems: [...f.pageItems, item] }));

export const updatePageItem = (figureId: string, id: string, fn: (i: PageItem) => PageItem): Command =>
  onFigure(figureId, (f) => ({ ...f, pageItems: f.pageItems.map((i) => (i.id === id ? fn(i) : i)) }));

export const movePageItems = (figureId: string, ids: ReadonlySet<string>, dx: number, dy: number): Command =>
  onFigure(figureId, (f) => ({ ...f, pageItems: f.pageItems.map((i) => (ids.has(i.id) ? movePageItem(i, dx, dy) : i)) }));

export const deletePageItems =
  (figureId: string, ids: ReadonlySet<string>): Command =>
  (p) => {
    const f = p.figures.find((x) => x.id === figureId);
    if (!f?.pageItems.some((i) => ids.has(i.id))) return p;
    return onFigure(figureId, (x) => ({ ...x, pageItems: x.pageItems.filter((i) => !ids.has(i.id)) }))(p);
  };

/** Shows or hides the page layer on screen (the figure remembers it; exports choose separately). */
export const setPageLayerHidden = (figureId: string, hidden: boolean): Command =>
  onFigure(figureId, (f) => ({
    ...f,
    hiddenLayers: hidden ? [...f.hiddenLayers.filter((l) => l !== 'page'), 'page'] : f.hiddenLayers.filter((l) => l !== 'page'),
  }));
