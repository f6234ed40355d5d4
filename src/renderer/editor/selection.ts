// One selection model: a selected panel (the inspector's subject) and, inside it, selected
// annotations. Whatever changes the UI state — a Panels-list click, a canvas click, a new
// image, a paste, an undo — goes through `normalizeUi`, so the two can never disagree: an
// annotation selection always names its panel, and choosing another panel drops annotations
// that are not on it. Pure, so it is unit-tested without React.
import type { Figure, Project } from '../../shared/figure/schema';

export interface SelectionState {
  figureId: string;
  /** The selected panel: the inspector's subject and the target of panel actions. */
  panelId: string | null;
  /** Selected annotations (ids), all inside the selected panel's figure. */
  selection: ReadonlySet<string>;
}

const figureOf = (p: Project, id: string): Figure => p.figures.find((f) => f.id === id) ?? p.figures[0];

/** The panel holding an annotation, in one figure. */
export function panelOfAnnotation(f: Figure, annotationId: string): string | null {
  return f.panels.find((x) => x.annotations.some((a) => a.id === annotationId))?.id ?? null;
}

/**
 * The state after `patch`: an annotation selection makes its panel the selected one (unless the
 * selected panel already holds one of them); selecting a panel keeps only annotations on it; a
 * panel that no longer exists (undo, remove, another figure) gives way to the first panel.
 */
export function normalizeSelection<T extends SelectionState>(project: Project, prev: T, patch: Partial<T>): T {
  // Nothing set that differs: the same object, so that views keyed on it do not render again.
  const same = (Object.keys(patch) as (keyof T)[]).every((k) => Object.is(patch[k], prev[k]));
  const next = same ? prev : { ...prev, ...patch };
  const f = figureOf(project, next.figureId);
  let selection: ReadonlySet<string> = next.selection;
  if (selection.size) {
    const exists = new Set(f.panels.flatMap((x) => x.annotations.map((a) => a.id)));
    if ([...selection].some((id) => !exists.has(id))) selection = new Set([...selection].filter((id) => exists.has(id)));
  }
  let panelId = next.panelId;
  if ('selection' in patch && !('panelId' in patch) && selection.size) {
    const holds = panelId !== null && [...selection].some((id) => panelOfAnnotation(f, id) === panelId);
    if (!holds) panelId = panelOfAnnotation(f, [...selection][0]);
  } else if ('panelId' in patch && !('selection' in patch) && panelId !== prev.panelId) {
    // Another panel: the annotation selection does not follow it there.
    if (selection.size) selection = new Set([...selection].filter((id) => panelOfAnnotation(f, id) === panelId));
  }
  if (panelId === null || !f.panels.some((x) => x.id === panelId)) panelId = f.panels[0]?.id ?? null;
  if (panelId === next.panelId && selection === next.selection && f.id === next.figureId) return next;
  return { ...next, figureId: f.id, panelId, selection };
}
