// The action registry (Excalidraw's actions/ is the model): every user action is defined once,
// with what it does (perform), when it can run (enabled) and whether it is on (checked). The
// native menus (enabled/checked sent to the main process), the command palette, the keyboard
// shortcuts and the toolbar all read this one list. An id in the shared list without a
// definition here is an error at start, never a silent no-op.
import type { ActionMeta } from '../../shared/actions';
import { ACTIONS } from '../../shared/actions';
import type { Figure, Panel } from '../../shared/figure/schema';
import type { EditorStore } from '../editor/store';
import { deletePageItems } from '../editor/page-commands';
import { deleteAnnotations, updatePanel } from '../editor/commands';
import { annotationActions, ANNOTATION_ACTION_IDS } from '../editor/annotation-actions';
import { clipboard } from '../editor/clipboard';
import type { Rect } from '../editor/geometry';
import { requestFitDialog } from '../app/fit-dialog-signal';
import { selectedPanelIds } from '../editor/store';
import { floatingParents, type FigureLayout } from '../../shared/figure/layout';
import { alignBoxes, distributeBoxes, sameSize, type AlignHow, type Box } from '../../shared/figure/free-layout';
import { layoutBoxes, placePanels, reflowToGrid, setInsetFloat } from '../editor/layout-commands';
import { pixelScan } from '../app/pixel-scan';
import { proposalsShown, showProposals } from '../app/privacy-reports';
import { letterFor } from '../../shared/figure/letters';

/** What only the shell can do (dialogs, the canvas viewport, the documents controller). */
export interface ActionHost {
  openImages(): void;
  openSeries(): void;
  exportFigure(): void;
  /** Slides (quiz decks), cine loops and submission packages (TeachingExport). */
  exportTeaching(): void;
  /** The PACS browser (search, pull, store back). */
  openPacs(): void;
  showPalette(): void;
  showShortcuts(): void;
  toggleTheme(): void;
  /** The documents controller's actions (file.save, figure.new …). */
  documents: Readonly<Record<string, () => void>>;
  /** A project from the native Open Recent submenu (a file id the host issued). */
  openRecent(fileId: string): void;
  /** The canvas viewport, when a figure with panels is shown. */
  canvas(): CanvasViewport | null;
  /** Panel under the pointer (a paste lands there). */
  hoverPanelId(): string | null;
  newId(): string;
  /** The document has changes since it was saved or opened. */
  isDirty(): boolean;
}

export interface CanvasViewport {
  fit(): void;
  actual(): void;
  zoomBy(f: number): void;
  zoomToSelection(panelId: string | null): void;
  frameOf(panelId: string): Rect | null;
  /** The figure's layout as shown (page mm). */
  layout(): FigureLayout | null;
}

export interface ActionContext {
  store: EditorStore;
  host: ActionHost;
}

export interface Action extends ActionMeta {
  perform(ctx: ActionContext): void;
  /** False when the action cannot run now (menus grey it out, the palette and keys skip it). */
  enabled?(ctx: ActionContext): boolean;
  /** For toggles and the current tool: shown as a tick in the menu, pressed in the toolbar. */
  checked?(ctx: ActionContext): boolean;
}

export interface ActionState {
  enabled: boolean;
  checked?: boolean;
}

// The state an action reads, fresh at the moment it runs (no stale closures).
const figureOf = (c: ActionContext): Figure => c.store.figure();
const panelOf = (c: ActionContext): Panel | null => c.store.selectedPanel();
const selectionOf = (c: ActionContext) => c.store.get().ui.selection;
const hasPanel = (c: ActionContext) => !!panelOf(c);
const hasSelection = (c: ActionContext) => selectionOf(c).size > 0;

const rotate =
  (by: number) =>
  (c: ActionContext): void => {
    const p = panelOf(c);
    if (p) c.store.dispatch(updatePanel(figureOf(c).id, p.id, { rotation: (p.rotation + by) % 360 }));
  };
const flip =
  (key: 'flipH' | 'flipV') =>
  (c: ActionContext): void => {
    const p = panelOf(c);
    if (p) c.store.dispatch(updatePanel(figureOf(c).id, p.id, { [key]: !p[key] }));
  };
const annotation =
  (id: (typeof ANNOTATION_ACTION_IDS)[number]) =>
  (c: ActionContext): void => {
    const canvas = c.host.canvas();
    const run = annotationActions({
      store: c.store,
      figure: figureOf(c),
      selection: selectionOf(c),
      targetPanelId: c.host.hoverPanelId() ?? panelOf(c)?.id ?? null,
      frameOf: (pid) => canvas?.frameOf(pid) ?? null,
      newId: c.host.newId,
    });
    run[id]();
  };
const doc = (id: string) => (c: ActionContext) => {
  const f = c.host.documents[id];
  if (!f) throw new Error(`The documents controller has no action "${id}"`);
  f();
};
const zoom = (f: (v: CanvasViewport, c: ActionContext) => void): Behaviour => ({
  perform: (c) => {
    const v = c.host.canvas();
    if (v) f(v, c);
  },
  enabled: (c) => figureOf(c).panels.length > 0,
});

type Behaviour = Omit<Action, keyof ActionMeta>;

/** The selected panels that take part in the layout (a floating inset follows its parent). */
const arranged = (c: ActionContext): string[] => {
  const f = figureOf(c);
  const floating = floatingParents(f);
  const laid = new Set(f.panels.filter((_, i) => floating[i] === null).map((p) => p.id));
  return selectedPanelIds(c.store).filter((id) => laid.has(id));
};

/** A layout action over the selected panels' boxes: one placePanels command, one undo step. */
const arrange = (min: number, fn: (boxes: Box[], ids: string[], c: ActionContext) => Box[]): Behaviour => ({
  perform: (c) => {
    const layout = c.host.canvas()?.layout();
    const ids = arranged(c);
    if (!layout || ids.length < min) return;
    const f = figureOf(c);
    const current = layoutBoxes(f, layout);
    const have = ids.filter((id) => current.has(id));
    const next = fn(
      have.map((id) => current.get(id)!),
      have,
      c,
    );
    c.store.dispatch(placePanels(f.id, current, new Map(have.map((id, i) => [id, next[i]]))));
  },
  enabled: (c) => arranged(c).length >= min,
});
const align = (how: AlignHow) => arrange(2, (b) => alignBoxes(b, how));
const same = (dim: 'width' | 'height') =>
  arrange(2, (b, ids, c) => sameSize(b, Math.max(0, ids.indexOf(c.store.get().ui.panelId ?? '')), dim));

const BEHAVIOUR: Record<string, Behaviour> = {
  'file.open': { perform: (c) => c.host.openImages() },
  'file.openSeries': { perform: (c) => c.host.openSeries() },
  'file.openPacs': { perform: (c) => c.host.openPacs() },
  'file.export': { perform: (c) => c.host.exportFigure(), enabled: (c) => figureOf(c).panels.length > 0 },
  'file.exportTeaching': { perform: (c) => c.host.exportTeaching(), enabled: (c) => figureOf(c).panels.length > 0 },
  'file.newProject': { perform: doc('file.newProject') },
  'file.openProject': { perform: doc('file.openProject') },
  'file.recent': { perform: doc('file.recent') },
  'file.save': { perform: doc('file.save') },
  'file.saveAs': { perform: doc('file.saveAs') },
  'file.collect': { perform: doc('file.collect'), enabled: (c) => c.store.project().figures.some((f) => f.panels.length > 0) },
  'figure.new': { perform: doc('figure.new') },
  'figure.rename': { perform: doc('figure.rename') },
  'figure.delete': { perform: doc('figure.delete'), enabled: (c) => c.store.project().figures.length > 1 },
  'figure.fitToSize': { perform: () => requestFitDialog(), enabled: (c) => c.store.figure().panels.length > 0 },
  'layout.alignLeft': align('left'),
  'layout.alignRight': align('right'),
  'layout.alignTop': align('top'),
  'layout.alignBottom': align('bottom'),
  'layout.alignHCentre': align('hcentre'),
  'layout.alignVCentre': align('vcentre'),
  'layout.distributeH': arrange(3, (b) => distributeBoxes(b, 'x')),
  'layout.distributeV': arrange(3, (b) => distributeBoxes(b, 'y')),
  'layout.sameWidth': same('width'),
  'layout.sameHeight': same('height'),
  'layout.reflow': {
    perform: (c) => {
      const layout = c.host.canvas()?.layout();
      const f = figureOf(c);
      if (layout) c.store.dispatch(reflowToGrid(f.id, layoutBoxes(f, layout)));
    },
    enabled: (c) => figureOf(c).layoutMode === 'free' && figureOf(c).panels.length > 0,
  },
  'layout.floatInset': {
    perform: (c) => {
      const p = panelOf(c);
      if (p?.insetOf) c.store.dispatch(setInsetFloat(figureOf(c).id, p.id, p.float ? null : { corner: 'top-right', zoom: 2, marginMm: 1 }));
    },
    enabled: (c) => !!panelOf(c)?.insetOf,
    checked: (c) => !!panelOf(c)?.float,
  },
  'edit.undo': { perform: (c) => c.store.undo(), enabled: (c) => c.store.get().history.past.length > 0 },
  'edit.redo': { perform: (c) => c.store.redo(), enabled: (c) => c.store.get().history.future.length > 0 },
  'edit.redoY': { perform: (c) => c.store.redo(), enabled: (c) => c.store.get().history.future.length > 0 },
  'edit.delete': {
    perform: (c) => annotationDelete(c),
    enabled: (c) => hasSelection(c) || pageSelectionOf(c).size > 0,
  },
  'edit.selectAll': {
    perform: (c) => {
      // Within the selected panel: an annotation selection lives inside one panel.
      const p = panelOf(c);
      if (p) c.store.setUi({ selection: new Set(p.annotations.map((a) => a.id)) });
    },
    enabled: (c) => (panelOf(c)?.annotations.length ?? 0) > 0,
  },
  'view.fit': zoom((v) => v.fit()),
  'view.actual': zoom((v) => v.actual()),
  'view.selection': zoom((v, c) => v.zoomToSelection(panelOf(c)?.id ?? null)),
  'view.zoomIn': zoom((v) => v.zoomBy(1.25)),
  'view.zoomOut': zoom((v) => v.zoomBy(0.8)),
  'view.palette': { perform: (c) => c.host.showPalette() },
  'view.toggleLabels': {
    perform: (c) => c.store.setUi({ showLabels: !c.store.get().ui.showLabels }),
    checked: (c) => c.store.get().ui.showLabels,
  },
  'view.toggleTheme': { perform: (c) => c.host.toggleTheme() },
  'image.rotateRight': { perform: rotate(90), enabled: hasPanel },
  'image.rotateLeft': { perform: rotate(270), enabled: hasPanel },
  'image.flipH': { perform: flip('flipH'), enabled: hasPanel, checked: (c) => !!panelOf(c)?.flipH },
  'image.flipV': { perform: flip('flipV'), enabled: hasPanel, checked: (c) => !!panelOf(c)?.flipV },
  'image.checkPixels': { perform: (c) => checkPixels(c, false), enabled: (c) => figureOf(c).panels.length > 0 },
  'image.checkPixelsAll': { perform: (c) => checkPixels(c, true), enabled: (c) => figureOf(c).panels.length > 0 },
  'image.cancelPixelCheck': { perform: () => pixelScan.cancel(), enabled: () => pixelScan.running() },
  'view.toggleProposals': { perform: () => showProposals(!proposalsShown()), checked: () => proposalsShown() },
  'help.shortcuts': { perform: (c) => c.host.showShortcuts() },
  'edit.copy': { perform: annotation('edit.copy'), enabled: hasSelection },
  'edit.cut': { perform: annotation('edit.cut'), enabled: hasSelection },
  'edit.paste': { perform: annotation('edit.paste'), enabled: (c) => !!clipboard.get() && figureOf(c).panels.length > 0 },
  'edit.duplicate': { perform: annotation('edit.duplicate'), enabled: hasSelection },
  'arrange.forward': { perform: annotation('arrange.forward'), enabled: hasSelection },
  'arrange.backward': { perform: annotation('arrange.backward'), enabled: hasSelection },
  'arrange.front': { perform: annotation('arrange.front'), enabled: hasSelection },
  'arrange.back': { perform: annotation('arrange.back'), enabled: hasSelection },
};

/** Reads the pixels of the selected panel (else every panel) in the host's pool; proposals show on the canvas. */
function checkPixels(c: ActionContext, all: boolean): void {
  const fig = figureOf(c);
  const one = all ? null : panelOf(c);
  const panels = one ? [one] : fig.panels;
  if (!panels.length) return;
  showProposals(true);
  const label = one ? `panel ${letterFor(fig, fig.panels.indexOf(one))}` : `${panels.length} panel${panels.length > 1 ? 's' : ''}`;
  pixelScan.start(
    panels.map((p) => ({ sourceId: p.sourceId, frame: p.frame })),
    label,
  );
}

/** Selected page items that exist in the current figure. */
const pageSelectionOf = (c: ActionContext): Set<string> => {
  const sel = c.store.get().ui.pageSelection;
  return new Set(sel?.size ? figureOf(c).pageItems.flatMap((i) => (sel.has(i.id) ? [i.id] : [])) : []);
};

/** Delete: one command removes the selected annotations, then nothing is selected. */

function annotationDelete(c: ActionContext): void {
  const sel = selectionOf(c);
  const page = pageSelectionOf(c);
  if (page.size) {
    c.store.dispatch(deletePageItems(figureOf(c).id, page));
    c.store.setUi({ pageSelection: new Set() });
  }
  if (!sel.size) return;
  c.store.dispatch(deleteAnnotations(figureOf(c).id, sel));
  c.store.setUi({ selection: new Set() });
}

/** tool.<id>: choose the tool; checked while it is the current one. */
const toolBehaviour = (toolId: string): Behaviour => ({
  // Page items are selected with the page tool or Select: another tool drops that selection.
  perform: (c) => c.store.setUi(toolId === 'page' || toolId === 'select' ? { tool: toolId } : { tool: toolId, pageSelection: new Set() }),
  checked: (c) => c.store.get().ui.tool === toolId,
});

/** The registry: the shared list with its behaviour. Throws for an action nobody defined. */
export function createActions(meta: readonly ActionMeta[] = ACTIONS): Action[] {
  return meta.map((m) => {
    const b = BEHAVIOUR[m.id] ?? (m.id.startsWith('tool.') ? toolBehaviour(m.id.slice(5)) : null);
    if (!b) throw new Error(`Action "${m.id}" is listed but has no behaviour`);
    return { ...m, ...b };
  });
}

export const isEnabled = (a: Action, c: ActionContext): boolean => (a.enabled ? a.enabled(c) : true);

/** Runs an action if it can run now; false when it was disabled (nothing happened). */
export function run(a: Action, c: ActionContext): boolean {
  if (!isEnabled(a, c)) return false;
  a.perform(c);
  return true;
}

/** Enabled/checked of every action (for the native menu and the toolbar). */
export function stateOf(actions: readonly Action[], c: ActionContext): Record<string, ActionState> {
  const out: Record<string, ActionState> = {};
  for (const a of actions) {
    const s: ActionState = { enabled: isEnabled(a, c) };
    if (a.checked) s.checked = a.checked(c);
    out[a.id] = s;
  }
  return out;
}

/** The action whose shortcut this key press is, if any. */
export function actionForKey(
  actions: readonly Action[],
  e: KeyboardEvent,
  matches: (accel: string, e: KeyboardEvent) => boolean,
): Action | undefined {
  return actions.find((a) => a.accelerator && matches(a.accelerator, e));
}
