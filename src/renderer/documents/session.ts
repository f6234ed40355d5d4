// The document session: which file the store's project belongs to, whether it has unsaved
// changes, and its recovery file. Every change of the project is sent to the host's
// autosaver (which debounces and writes off the UI thread); a save or an undo back to the
// saved state removes the recovery file. No DOM here, so it is unit-tested in Node.
import type { MedfigApi, OpenedImage, OpenedProject } from '../../shared/api';
import type { Project, SourceRef } from '../../shared/figure/schema';
import { newProject } from '../../shared/figure/factory';
import type { EditorStore } from '../editor/store';
import { relinkSource } from './figure-commands';

export const UNTITLED = 'Untitled project';

export interface DocState {
  /** Host file id of the project file; null until saved (or for a dropped copy). */
  fileId: string | null;
  name: string;
  dirty: boolean;
  /** sourceId → why it is missing (from open/restore), until located. */
  missing: ReadonlyMap<string, string>;
  /** Set while the last autosave failed (disk full…): the title says so. */
  autosaveError: string | null;
  /** Recovery key of this session (the recovery list hides it). */
  key: string;
}

export interface SessionOptions {
  /** Renderer-side coalescing of a drag's many changes before they cross to the host. */
  sendEveryMs?: number;
  /** Source headers for the canvas (sizes, windows) — panel-images in the app. */
  rememberInfo?: (sourceId: string, info: OpenedImage['info']) => void;
  newKey?: () => string;
  /** A failure nothing else reports (a recovery file that could not be deleted): said once. */
  onProblem?: (message: string) => void;
}

export type DocumentSession = ReturnType<typeof createDocumentSession>;

const randomKey = () => `s${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function createDocumentSession(
  store: EditorStore,
  api: Pick<MedfigApi, 'autosave' | 'autosaveStatus' | 'discardRecovery' | 'saveProject' | 'openProject' | 'restoreRecovery'>,
  opts: SessionOptions = {},
) {
  const sendEveryMs = opts.sendEveryMs ?? 250;
  const newKey = opts.newKey ?? randomKey;
  /** The project as last saved or opened (by reference: an undo back to it is clean again). */
  let saved: Project | null = store.project();
  let lastSeen = store.project();
  let recoveryOnDisk = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let idle: number | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  let state: DocState = { fileId: null, name: UNTITLED, dirty: false, missing: new Map(), autosaveError: null, key: newKey() };
  const listeners = new Set<() => void>();

  const set = (patch: Partial<DocState>) => {
    state = { ...state, ...patch };
    listeners.forEach((l) => l());
  };

  /** Drops a pending autosave (the timer, or the idle callback it led to). */
  function cancelAutosave(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (idle !== null) cancelIdleCallback(idle);
    idle = null;
  }

  /**
   * The autosave's encoding of the whole project takes milliseconds with hundreds of annotations:
   * in the renderer it waits for an idle moment (at most a second), so it never delays a frame.
   */
  function scheduleAutosave(): void {
    if (timer || idle !== null) return;
    timer = setTimeout(() => {
      if (typeof requestIdleCallback !== 'function') return sendAutosave();
      idle = requestIdleCallback(sendAutosave, { timeout: 1000 });
    }, sendEveryMs);
  }

  function sendAutosave(): void {
    timer = null;
    idle = null;
    const project = store.project();
    if (project === saved) return;
    recoveryOnDisk = true;
    const { key, fileId } = state;
    // Chained: over HTTP two requests may overtake each other, and an older project must never
    // land after a newer one.
    inFlight = inFlight
      .then(() => api.autosave({ key, project, fileId }))
      .then(
        () => watchWrite(key),
        (e: Error) => set({ autosaveError: e.message }),
      );
  }

  /**
   * Learns how the host's write of what was just sent ended, without holding up the next
   * autosave (the host debounces, so this answers within about a second). A failure shows
   * at once; only the answer about the newest change may clear it.
   */
  let watches = 0;
  function watchWrite(key: string): void {
    const n = ++watches;
    api.autosaveStatus({ key }).then(
      (r) => {
        if (key !== state.key) return;
        if (r.error) set({ autosaveError: r.error });
        else if (n === watches && state.autosaveError) set({ autosaveError: null });
      },
      (e: Error) => key === state.key && set({ autosaveError: e.message }),
    );
  }

  function dropRecovery(): Promise<void> {
    cancelAutosave();
    if (!recoveryOnDisk) return Promise.resolve();
    recoveryOnDisk = false;
    const key = state.key;
    // After any autosave still on its way, so the discard is the last word.
    return inFlight
      .then(() => api.discardRecovery({ key }))
      .then(
        () => undefined,
        (e: Error) => opts.onProblem?.(e.message),
      );
  }

  store.subscribe(() => {
    const p = store.project();
    if (p === lastSeen) return;
    lastSeen = p;
    const dirty = p !== saved;
    if (dirty !== state.dirty) set({ dirty });
    if (dirty) scheduleAutosave();
    else void dropRecovery();
  });

  /** Take over an opened or recovered project; `clean` = it matches its file. */
  function adopt(o: OpenedProject, how: { clean: boolean; fileId: string | null; key?: string }): void {
    cancelAutosave();
    for (const s of o.sources) opts.rememberInfo?.(s.ref.id, s.info);
    saved = how.clean ? o.project : null;
    recoveryOnDisk = !!how.key;
    set({
      fileId: how.fileId,
      name: o.name,
      dirty: !how.clean,
      missing: new Map(o.missing.map((m) => [m.sourceId, m.reason])),
      autosaveError: null,
      key: how.key ?? newKey(),
    });
    store.replaceProject(o.project);
  }

  return {
    get: () => state,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    isDirty: () => store.project() !== saved,
    /** Leave the current document without saving: its recovery file goes too. */
    dropRecovery,

    async open(fileId: string, opt: { searchDirIds?: string[]; asCopy?: boolean } = {}): Promise<OpenedProject> {
      const o = await api.openProject({ fileId, searchDirIds: opt.searchDirIds ?? [] });
      await dropRecovery();
      // Relinked sources differ from the file until it is saved: that is an unsaved change.
      // Opening is not editing: a copy (the sample case, a dropped file) is as clean as its file —
      // only relinked sources, which differ from the file until saved, are unsaved changes.
      adopt(o, { clean: o.relinked.length === 0, fileId: opt.asCopy ? null : o.fileId });
      return o;
    },

    /** Restore a recovery: unsaved work again, autosaved on under the same key. */
    async restore(key: string): Promise<OpenedProject> {
      const o = await api.restoreRecovery({ key });
      await dropRecovery();
      adopt(o, { clean: false, fileId: o.fileId, key });
      return o;
    },

    /** Save to `fileId` (Save as) or to the current file. Throws the host's message on failure. */
    async save(fileId: string | null = state.fileId): Promise<{ name: string; path: string }> {
      if (!fileId) throw new Error('no file to save to');
      const project = store.project();
      const r = await api.saveProject({ project, fileId });
      saved = project;
      // Saved: the work is safe on disk whatever happened to its recovery copy.
      set({ fileId: r.fileId, name: r.name, dirty: store.project() !== saved, autosaveError: null });
      if (store.project() === saved) await dropRecovery();
      return r;
    },

    newProject(): void {
      cancelAutosave();
      const p = newProject();
      saved = p;
      set({ fileId: null, name: UNTITLED, dirty: false, missing: new Map(), autosaveError: null, key: newKey() });
      store.replaceProject(p);
    },

    /** A source found by "Locate…": the document points at it, its panel loads again. */
    relink(sourceId: string, found: OpenedImage): void {
      const ref: SourceRef = {
        id: sourceId,
        path: found.source.path,
        sha256: found.source.sha256,
        size: found.source.size,
        kind: found.source.kind,
      };
      opts.rememberInfo?.(sourceId, found.info);
      const missing = new Map(state.missing);
      missing.delete(sourceId);
      set({ missing });
      store.dispatch(relinkSource(ref));
    },

    /** Wait for autosaves already sent (tests, and before a deliberate close). */
    settle: () => inFlight,
  };
}
