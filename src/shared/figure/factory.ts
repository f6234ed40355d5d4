// Pure constructors for new documents. Defaults come from the schema (parse of a minimal
// object), so there is one place that says what a default panel or figure looks like.
import { Figure, FORMAT_VERSION, Panel, Project } from './schema';

/** A random id; globalThis.crypto works in Node ≥ 19 and every browser. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** 174 mm is a common double-column width (e.g. Elsevier, BMJ ~170–180 mm). */
export const DEFAULT_PAGE_WIDTH_MM = 174;

export function newFigure(name = 'Figure 1', widthMm = DEFAULT_PAGE_WIDTH_MM): Figure {
  return Figure.parse({ id: newId(), name, page: { widthMm }, rows: [], panels: [] });
}

export function newPanel(sourceId: string): Panel {
  return Panel.parse({ id: newId(), sourceId });
}

/** A project always holds at least one figure (the schema requires it). */
export function newProject(firstFigure: Figure = newFigure()): Project {
  return Project.parse({ formatVersion: FORMAT_VERSION, app: 'medfig', sources: [], figures: [firstFigure] });
}
