// Project-level commands of the documents feature: several figures per project, relinking a
// source. Pure Project → Project functions like src/renderer/editor/commands.ts, so they get
// undo/redo and autosave for free.
import type { Figure, Project, SourceRef } from '../../shared/figure/schema';
import { newFigure } from '../../shared/figure/factory';
import type { Command } from '../editor/commands';

/** "Figure N" with the first N not already taken (after a delete, names do not repeat). */
export function nextFigureName(p: Project): string {
  const taken = new Set(p.figures.map((f) => f.name));
  for (let n = p.figures.length + 1; ; n++) if (!taken.has(`Figure ${n}`)) return `Figure ${n}`;
}

/** A new empty figure on the same page as `like` (the paper's journal and width carry over). */
export function makeFigure(p: Project, like: Figure | null): Figure {
  const f = newFigure(nextFigureName(p));
  return like ? { ...f, page: { ...like.page }, letters: { ...like.letters } } : f;
}

export const addFigure =
  (f: Figure): Command =>
  (p) =>
    p.figures.length >= 100 ? p : { ...p, figures: [...p.figures, f] };

export const renameFigure =
  (id: string, name: string): Command =>
  (p) => {
    const clean = name.trim().slice(0, 200);
    if (!clean) return p;
    return { ...p, figures: p.figures.map((f) => (f.id === id && f.name !== clean ? { ...f, name: clean } : f)) };
  };

/** A project keeps at least one figure (the schema requires it): deleting the last is a no-op. */
export const deleteFigure =
  (id: string): Command =>
  (p) =>
    p.figures.length <= 1 || !p.figures.some((f) => f.id === id) ? p : { ...p, figures: p.figures.filter((f) => f.id !== id) };

export const moveFigure =
  (id: string, by: -1 | 1): Command =>
  (p) => {
    const i = p.figures.findIndex((f) => f.id === id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= p.figures.length) return p;
    const figures = [...p.figures];
    [figures[i], figures[j]] = [figures[j], figures[i]];
    return { ...p, figures };
  };

/**
 * Point a source at a file found by "Locate…". Only the source list changes: the shell reloads
 * panel pixels when the sources change (a command is not bent to force a redraw).
 */
export const relinkSource =
  (ref: SourceRef): Command =>
  (p) => ({ ...p, sources: p.sources.map((s) => (s.id === ref.id ? { ...ref } : s)) });
