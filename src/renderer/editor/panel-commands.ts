// Composition commands: panel order, duplicates, insets, display sync and page/letter settings.
// Pure Project → Project functions like commands.ts, so undo/redo and autosave cover them.
import type { Crop, Display, Figure, LetterStyle, Page, Panel, Project } from '../../shared/figure/schema';
import { gridRows, normalizeRows, reorder, rowsFor } from '../../shared/figure/layout';
import type { Command } from './commands';
import { withPlacement } from '../../shared/figure/letters';

function mapFigure(p: Project, figureId: string, fn: (f: Figure) => Figure): Project {
  let changed = false;
  const figures = p.figures.map((f) => {
    if (f.id !== figureId) return f;
    const next = fn(f);
    if (next !== f) changed = true;
    return next;
  });
  // Returning the same object tells the store nothing changed (no empty undo step).
  return changed ? { ...p, figures } : p;
}

/** Move a panel to a new position in layout (= letter) order; automatic letters follow. */
export const movePanel =
  (figureId: string, panelId: string, to: number): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const from = f.panels.findIndex((x) => x.id === panelId);
      if (from < 0) return f;
      const target = Math.max(0, Math.min(f.panels.length - 1, Math.round(to)));
      if (target === from) return f;
      const panels = reorder(f.panels, from, target);
      // Same count: the grid keeps its shape and the panels flow through it.
      return { ...f, panels, rows: normalizeRows(f.rows, panels.length) };
    });

/** Insert `panel` right after `afterId` (or at the end), growing the last row that holds it. */
function insertAfter(f: Figure, afterId: string, panel: Panel): Figure {
  const at = f.panels.findIndex((x) => x.id === afterId);
  const index = at < 0 ? f.panels.length : at + 1;
  const panels = [...f.panels.slice(0, index), panel, ...f.panels.slice(index)];
  const rows = normalizeRows(f.rows, f.panels.length);
  // The new panel joins the row of its neighbour, so a 2×2 grid becomes 3+2, not a reflow.
  let acc = 0;
  let row = rows.length - 1;
  for (let r = 0; r < rows.length; r++) {
    acc += rows[r];
    if (index - 1 < acc) {
      row = r;
      break;
    }
  }
  const next = rows.length ? rows.map((n, r) => (r === row ? n + 1 : n)) : [1];
  // A row holds at most 8 panels (schema); beyond that the default arrangement takes over.
  return { ...f, panels, rows: next.every((n) => n <= 8) ? next : rowsFor(panels.length) };
}

/** A copy of a panel (same source, display, geometry and annotations, new ids). */
export const duplicatePanel =
  (figureId: string, panelId: string, newId: () => string): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const src = f.panels.find((x) => x.id === panelId);
      if (!src) return f;
      const copy: Panel = {
        ...src,
        id: newId(),
        letter: null,
        insetOf: null,
        annotations: src.annotations.map((a) => ({ ...a, id: newId() })),
      };
      return insertAfter(f, panelId, copy);
    });

/** The default inset region: the central third of the parent's crop (or image). */
export function defaultInsetCrop(parent: Pick<Panel, 'crop'>, size: { width: number; height: number }): Crop {
  const c = parent.crop ?? { x: 0, y: 0, w: size.width, h: size.height };
  const w = c.w / 3;
  const h = c.h / 3;
  return { x: c.x + (c.w - w) / 2, y: c.y + (c.h - h) / 2, w, h };
}

/**
 * An inset of `parentId`: the same source and display showing `crop` (default: the central
 * third), placed after the parent; the scene outlines `crop` on the parent.
 */
export const makeInset =
  (figureId: string, parentId: string, size: { width: number; height: number }, newId: () => string, crop?: Crop): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const parent = f.panels.find((x) => x.id === parentId);
      if (!parent) return f;
      // An inset of an inset outlines on the root, so every box lies on the same image.
      const root = parent.insetOf ? (f.panels.find((x) => x.id === parent.insetOf) ?? parent) : parent;
      const inset: Panel = {
        ...root,
        id: newId(),
        crop: crop ?? defaultInsetCrop(parent, size),
        annotations: [],
        letter: null,
        insetOf: root.id,
        // Same orientation as the parent, so the region reads the same way in both.
        rotation: root.rotation,
        flipH: root.flipH,
        flipV: root.flipV,
      };
      // After the root and its existing insets.
      let after = root.id;
      for (const x of f.panels) if (x.insetOf === root.id) after = x.id;
      return insertAfter(f, after, inset);
    });

/** Remove a panel; its insets stay as ordinary panels (they still show their region). */
export const removePanelKeepingInsets =
  (figureId: string, panelId: string): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const index = f.panels.findIndex((x) => x.id === panelId);
      if (index < 0) return f;
      const panels = f.panels.filter((x) => x.id !== panelId).map((x) => (x.insetOf === panelId ? { ...x, insetOf: null } : x));
      // Shrink the row the panel was in, so the rest of the grid keeps its shape.
      const rows = normalizeRows(f.rows, f.panels.length);
      let acc = 0;
      const next: number[] = [];
      for (const n of rows) {
        const inRow = index >= acc && index < acc + n;
        acc += n;
        if (inRow) {
          if (n > 1) next.push(n - 1);
        } else next.push(n);
      }
      return { ...f, panels, rows: next };
    });

/** Which display settings "sync" copies: tone for photos/micrographs, window for DICOM. */
export type SyncKind = 'tone' | 'window' | 'all';

export function syncedDisplay(from: Display, to: Display, kind: SyncKind): Display {
  const tone = {
    brightness: from.brightness,
    contrast: from.contrast,
    gamma: from.gamma,
    saturation: from.saturation,
    grayscale: from.grayscale,
  };
  const win = { window: from.window, invert: from.invert, range: from.range };
  if (kind === 'tone') return { ...to, ...tone };
  if (kind === 'window') return { ...to, ...win };
  return { ...to, ...tone, ...win };
}

/** Copy one panel's display settings to the selected panels (one undo step). */
export const syncDisplay =
  (figureId: string, fromId: string, toIds: readonly string[], kind: SyncKind = 'all'): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => {
      const src = f.panels.find((x) => x.id === fromId);
      if (!src) return f;
      const targets = new Set(toIds.filter((x) => x !== fromId));
      if (!targets.size) return f;
      return {
        ...f,
        panels: f.panels.map((x) => (targets.has(x.id) ? { ...x, display: syncedDisplay(src.display, x.display, kind) } : x)),
      };
    });

export const setPage =
  (figureId: string, patch: Partial<Page>): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({ ...f, page: { ...f.page, ...patch } }));

export const setLetters =
  (figureId: string, patch: Partial<LetterStyle>): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({ ...f, letters: { ...f.letters, ...patch } }));

/** A new letter placement, with the ink that reads where the letters now sit (withPlacement). */
export const setLetterPlacement =
  (figureId: string, placement: LetterStyle['placement']): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({ ...f, letters: withPlacement(f.letters, placement, f.page.background) }));

/** Row counts as given (e.g. [3, 2]); repaired to the panel count so the layout stays total. */
export const setRows =
  (figureId: string, rows: readonly number[]): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({
      ...f,
      rows: normalizeRows(
        rows.filter((n) => Number.isInteger(n) && n >= 1 && n <= 8),
        f.panels.length,
      ),
    }));

/** A cols × rows grid (1…4); panels beyond the grid get extra rows, missing ones shorten it. */
export const setGrid = (figureId: string, cols: number, rows: number): Command => setRows(figureId, gridRows(cols, rows));

/** Per-panel letter override; '' or null = automatic. */
export const setPanelLetter =
  (figureId: string, panelId: string, letter: string | null): Command =>
  (p) =>
    mapFigure(p, figureId, (f) => ({
      ...f,
      panels: f.panels.map((x) => (x.id === panelId ? { ...x, letter: letter ? letter.slice(0, 8) : null } : x)),
    }));

/** "3, 2" → [3, 2]; null when the text is not a list of whole numbers 1–8. */
export function parseRows(text: string): number[] | null {
  const parts = text.split(/[\s,;+]+/).filter(Boolean);
  if (!parts.length || parts.length > 8) return null;
  const nums = parts.map(Number);
  return nums.every((n) => Number.isInteger(n) && n >= 1 && n <= 8) ? nums : null;
}
