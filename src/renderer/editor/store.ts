// The document store: the single source of truth in the renderer. UI state that is not
// part of the document (selection, tool, zoom) lives beside it, outside the history.
import { useSyncExternalStore } from 'react';
import type { Project } from '../../shared/figure/schema';
import { newProject } from '../../shared/figure/factory';
import { commit, initHistory, redo, undo, type History } from './history';
import type { Command } from './commands';

export interface UiState {
  figureId: string;
  selection: ReadonlySet<string>;
  tool: string;
  showLabels: boolean;
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
    ui: { figureId: initial.figures[0].id, selection: new Set(), tool: 'select', showLabels: true },
    projectPath: null,
  };
  const listeners = new Set<Listener>();
  const emit = () => listeners.forEach((l) => l());

  return {
    get: () => state,
    project: () => state.history.present,
    figure: () => state.history.present.figures.find((f) => f.id === state.ui.figureId) ?? state.history.present.figures[0],
    subscribe(l: Listener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    /** Apply a command; `coalesceKey` merges the successive changes of one drag. */
    dispatch(cmd: Command, coalesceKey: string | null = null) {
      const next = cmd(state.history.present);
      if (next === state.history.present) return;
      state = { ...state, history: commit(state.history, next, coalesceKey) };
      emit();
    },
    /** Ends a gesture: the next change starts a new undo step. */
    endGesture() {
      state = { ...state, history: { ...state.history, lastKey: null } };
    },
    undo() {
      state = { ...state, history: undo(state.history), ui: { ...state.ui, selection: new Set() } };
      emit();
    },
    redo() {
      state = { ...state, history: redo(state.history), ui: { ...state.ui, selection: new Set() } };
      emit();
    },
    setUi(patch: Partial<UiState>) {
      state = { ...state, ui: { ...state.ui, ...patch } };
      emit();
    },
    replaceProject(p: Project, projectPath: string | null = null) {
      state = { history: initHistory(p), ui: { ...state.ui, figureId: p.figures[0].id, selection: new Set() }, projectPath };
      emit();
    },
  };
}

export type EditorStore = ReturnType<typeof createEditorStore>;

export function useEditor<T>(store: EditorStore, pick: (s: EditorState) => T): T {
  return useSyncExternalStore(store.subscribe, () => pick(store.get()));
}
