// The document store: the single source of truth in the renderer. UI state that is not
// part of the document (selection, tool, zoom) lives beside it, outside the history.
import type { Project } from '../../shared/figure/schema';
import { newProject } from '../../shared/figure/factory';
import { commit, initHistory, redo, undo, type History } from './history';
import type { Command } from './commands';
import { normalizeSelection, type SelectionState } from './selection';

export interface UiState extends SelectionState {
  /**
   * Panels selected together for arranging (the arrange tool, align/distribute); counts only
   * while it holds the selected panel (see selectedPanelIds).
   */
  panelSet: ReadonlySet<string>;
  tool: string;
  showLabels: boolean;
  /** Selected page items (headers, lines, brackets) of the current figure: the page tool's selection. */
  pageSelection?: ReadonlySet<string>;
}

export interface EditorState {
  history: History<Project>;
  ui: UiState;
  /** Path of the saved project file, if any. */
  projectPath: string | null;
}

type Listener = () => void;

export function createEditorStore(initial: Project = newProject()) {
  let state: EditorState = {
    history: initHistory(initial),
    ui: {
      figureId: initial.figures[0].id,
      panelId: initial.figures[0].panels[0]?.id ?? null,
      selection: new Set(),
      panelSet: new Set(),
      tool: 'select',
      showLabels: true,
    },
    projectPath: null,
  };
  const listeners = new Set<Listener>();
  const emit = () => listeners.forEach((l) => l());
  const figure = () => state.history.present.figures.find((f) => f.id === state.ui.figureId) ?? state.history.present.figures[0];

  return {
    get: () => state,
    project: () => state.history.present,
    figure,
    subscribe(l: Listener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    /** Apply a command; `coalesceKey` merges the successive changes of one drag. */
    dispatch(cmd: Command, coalesceKey: string | null = null) {
      const history = commit(state.history, cmd(state.history.present), coalesceKey);
      if (history === state.history) return;
      // A removed panel or annotation leaves the selection (and the inspector) at once.
      state = { ...state, history, ui: normalizeSelection(history.present, state.ui, {}) };
      emit();
    },
    /** Ends a gesture: the next change starts a new undo step. */
    endGesture() {
      state = { ...state, history: { ...state.history, lastKey: null } };
    },
    undo() {
      const history = undo(state.history);
      if (history === state.history) return;
      state = { ...state, history, ui: normalizeSelection(history.present, state.ui, { selection: new Set() }) };
      emit();
    },
    redo() {
      const history = redo(state.history);
      if (history === state.history) return;
      state = { ...state, history, ui: normalizeSelection(history.present, state.ui, { selection: new Set() }) };
      emit();
    },
    /** UI state (tool, selection, figure…); the selection model keeps panel and annotations in step. */
    setUi(patch: Partial<UiState>) {
      state = { ...state, ui: normalizeSelection(state.history.present, state.ui, patch) };
      emit();
    },
    /** Select a panel (Panels list, canvas click, a new image): the inspector follows it. */
    selectPanel(panelId: string | null) {
      if (panelId === state.ui.panelId) return;
      state = { ...state, ui: normalizeSelection(state.history.present, state.ui, { panelId }) };
      emit();
    },
    /** The selected panel of the current figure (null on an empty figure). */
    selectedPanel() {
      return figure().panels.find((x) => x.id === state.ui.panelId) ?? null;
    },
    replaceProject(p: Project, projectPath: string | null = null) {
      state = {
        history: initHistory(p),
        ui: normalizeSelection(p, state.ui, {
          figureId: p.figures[0].id,
          panelId: p.figures[0].panels[0]?.id ?? null,
          selection: new Set(),
        }),
        projectPath,
      };
      emit();
    },
  };
}

export type EditorStore = ReturnType<typeof createEditorStore>;

/** The panels an arrange action works on: the panel set when it holds the selected panel, else that panel. */
export function selectedPanelIds(store: Pick<EditorStore, 'get' | 'figure'>): string[] {
  const { panelId, panelSet } = store.get().ui;
  const ids = store.figure().panels.map((p) => p.id);
  if (panelId && panelSet.has(panelId)) return ids.filter((id) => panelSet.has(id));
  return panelId && ids.includes(panelId) ? [panelId] : [];
}
