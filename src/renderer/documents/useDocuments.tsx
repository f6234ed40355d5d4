// The documents feature wired into the shell: open/save/save as/collect, restore after a
// crash, recents, drag-and-drop of a .medfig, "Locate…" for missing sources, several
// figures, the unsaved-changes prompt and the window title. App.tsx renders the pieces.
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { FileEntry, OpenedProject } from '../../shared/api';
import type { Project } from '../../shared/figure/schema';
import { api, guarded, isWebHost, reportFailure } from '../api-client';
import type { EditorStore } from '../editor/store';
import { rememberInfo } from '../imaging/panel-images';
import { useAsk } from './Ask';
import { addFigure, deleteFigure, makeFigure } from './figure-commands';
import { FigureList } from './FigureList';
import { ProjectPicker, type PickerMode } from './ProjectPicker';
import { createDocumentSession, UNTITLED } from './session';
import { StartProjects } from './StartProjects';
/** Re-renders only when the figures or the renaming change. */
const FigureListView = memo(FigureList);

type Toast = (kind: 'error' | 'info', text: string) => void;

type Picked = { file: FileEntry } | { dirId: string; name: string; existing: boolean } | { dir: FileEntry } | null;
interface PickerRequest {
  mode: PickerMode;
  title: string;
  defaultName?: string;
  resolve(p: Picked): void;
}

const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(', ');

export function useDocuments(store: EditorStore, toast: Toast) {
  const session = useMemo(
    () => createDocumentSession(store, api, { rememberInfo, onProblem: (m) => toast('error', m) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one session per store; toast is stable
    [store],
  );
  const doc = useSyncExternalStore(session.subscribe, session.get);
  const { ask, element: askElement } = useAsk();
  const [picker, setPicker] = useState<PickerRequest | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [recentOpen, setRecentOpen] = useState(false);
  const allowClose = useRef(false);

  const pick = (mode: PickerMode, title: string, defaultName?: string) =>
    new Promise<Picked>((resolve) => setPicker({ mode, title, defaultName, resolve }));
  const closePicker = (p: Picked) => {
    picker?.resolve(p);
    setPicker(null);
  };

  // Plain functions re-created each render; the stable `perform` below calls the latest ones.
  const fns = {
    /**
     * Unsaved changes: Save / Don't save / Cancel. True when it is fine to replace the document
     * (or close the window: `closing`). After an autosave failure the changes exist nowhere but
     * here, so the question says so and offers Save as… (the same folder may be what failed).
     */
    async guard(closing = false): Promise<boolean> {
      if (!session.isDirty()) return true;
      const failed = session.get().autosaveError;
      const a = await ask(
        failed
          ? {
              title: `"${session.get().name}" has unsaved changes that autosave could not keep`,
              message: `${failed} They are lost if you ${closing ? 'quit' : 'go on'} without saving.`,
              buttons: [
                { id: 'saveAs', label: 'Save as…', primary: true },
                { id: 'discard', label: closing ? 'Quit without saving' : "Don't save" },
                { id: 'cancel', label: 'Cancel' },
              ],
              cancelId: 'cancel',
            }
          : {
              title: `Save changes to "${session.get().name}"?`,
              message: 'Your changes will be lost if you do not save them.',
              buttons: [
                { id: 'save', label: 'Save', primary: true },
                { id: 'discard', label: "Don't save" },
                { id: 'cancel', label: 'Cancel' },
              ],
              cancelId: 'cancel',
            },
      );
      if (a === 'save') return fns.save();
      if (a === 'saveAs') return fns.saveAs();
      if (a === 'discard') {
        await session.dropRecovery();
        return true;
      }
      return false;
    },

    report(o: OpenedProject): void {
      if (o.relinked.length)
        toast(
          'info',
          `Found ${o.relinked.length} moved image(s) by content (SHA-256): ${names(o.relinked)}. Save to keep the new locations.`,
        );
      if (o.missing.length)
        toast(
          'error',
          `${o.missing.length} image(s) not found: ${names(o.missing)}. Use "Relink…" on the panel: the file you pick is checked against the original (SHA-256).`,
        );
    },

    async openFile(fileId: string, opt: { searchDirIds?: string[]; asCopy?: boolean } = {}): Promise<boolean> {
      try {
        fns.report(await session.open(fileId, opt));
        return true;
      } catch (e) {
        toast('error', (e as Error).message);
        return false;
      }
    },

    async openProject(): Promise<void> {
      if (!(await fns.guard())) return;
      const d = await api.openDialog({ kind: 'project' }).catch(reportFailure);
      if (!d) return;
      let file: FileEntry | null = d.files[0] ?? null;
      if (!d.supported) {
        const p = await pick('open', 'Open a project (.medfig)');
        file = p && 'file' in p ? p.file : null;
      }
      if (file) await fns.openFile(file.id);
    },

    async openRecent(fileId: string): Promise<void> {
      setRecentOpen(false);
      if (await fns.guard()) await fns.openFile(fileId);
    },

    async sample(): Promise<void> {
      if (!(await fns.guard())) return;
      try {
        const { fileId } = await api.sampleCase({});
        await fns.openFile(fileId, { asCopy: true }); // the bundled case is read-only: Save asks where
      } catch (e) {
        toast('error', (e as Error).message);
      }
    },

    async save(): Promise<boolean> {
      if (!session.get().fileId) return fns.saveAs();
      try {
        const r = await session.save();
        toast('info', `Saved ${r.name}`);
        return true;
      } catch (e) {
        toast('error', (e as Error).message);
        return false;
      }
    },

    async saveTarget(): Promise<string | null> {
      const name = session.get().name;
      // Rejections reach the caller's catch (saveAs): one message there.
      const d = await api.saveDialog({ defaultName: `${name}.medfig`, kind: 'project' });
      if (d.supported) return d.fileId;
      const p = await pick('save', 'Save project as', name === UNTITLED ? 'Case report' : name);
      if (!p || !('dirId' in p)) return null;
      if (p.existing) {
        const a = await ask({
          title: `Replace "${p.name}"?`,
          message: 'A project with this name already exists in that folder.',
          buttons: [
            { id: 'replace', label: 'Replace' },
            { id: 'cancel', label: 'Cancel', primary: true },
          ],
          cancelId: 'cancel',
        });
        if (a !== 'replace') return null;
      }
      return (await api.newFileIn({ dirId: p.dirId, name: p.name })).id;
    },

    async saveAs(): Promise<boolean> {
      try {
        const target = await fns.saveTarget();
        if (!target) return false;
        const r = await session.save(target);
        toast('info', `Saved ${r.name} (${r.path})`);
        return true;
      } catch (e) {
        toast('error', (e as Error).message);
        return false;
      }
    },

    async collect(): Promise<void> {
      if (session.isDirty() || !session.get().fileId) {
        const a = await ask({
          title: 'Save before collecting?',
          message: 'Collect copies the saved project file and its images into one folder.',
          buttons: [
            { id: 'save', label: 'Save', primary: true },
            { id: 'cancel', label: 'Cancel' },
          ],
          cancelId: 'cancel',
        });
        if (a !== 'save' || !(await fns.save())) return;
      }
      const fileId = session.get().fileId!;
      try {
        const d = await api.openDialog({ kind: 'folder' });
        let dir: FileEntry | null = d.files[0] ?? null;
        if (!d.supported) {
          const p = await pick('folder', 'Collect project into folder');
          dir = p && 'dir' in p ? p.dir : null;
        }
        if (!dir) return;
        const r = await api.collectProject({ fileId, dirId: dir.id });
        toast('info', `Collected the project and ${r.copied} image(s) into ${r.path}`);
      } catch (e) {
        toast('error', (e as Error).message);
      }
    },

    async restore(key: string): Promise<boolean> {
      if (!(await fns.guard())) return false;
      try {
        const o = await session.restore(key);
        toast('info', `Restored ${o.name}: unsaved changes are back.`);
        fns.report(o);
        return true;
      } catch (e) {
        toast('error', (e as Error).message);
        return false;
      }
    },

    async discard(key: string): Promise<void> {
      await api.discardRecovery({ key }).catch((e: Error) => toast('error', e.message));
    },

    async newProject(): Promise<void> {
      if (await fns.guard()) session.newProject();
    },

    newFigure(): void {
      const p = store.project();
      const f = makeFigure(p, store.figure());
      store.dispatch(addFigure(f));
      store.setUi({ figureId: f.id, selection: new Set() });
    },

    async deleteFigure(id: string): Promise<void> {
      const p = store.project();
      const f = p.figures.find((x) => x.id === id);
      if (!f || p.figures.length <= 1) return;
      if (f.panels.length) {
        const a = await ask({
          title: `Delete ${f.name}?`,
          message: `Its ${f.panels.length} panel(s) and their annotations go too (Undo brings them back).`,
          buttons: [
            { id: 'delete', label: 'Delete' },
            { id: 'cancel', label: 'Cancel', primary: true },
          ],
          cancelId: 'cancel',
        });
        if (a !== 'delete') return;
      }
      const i = p.figures.indexOf(f);
      store.dispatch(deleteFigure(id));
      const next = store.project().figures[Math.min(i, store.project().figures.length - 1)];
      store.setUi({ figureId: next.id, selection: new Set() });
    },

    async locate(sourceId: string): Promise<void> {
      const d = await api.openDialog({ kind: 'images' }).catch(reportFailure);
      if (!d) return;
      let file: FileEntry | null = d.files[0] ?? null;
      if (!d.supported) {
        const p = await pick('locate', 'Locate the missing image');
        file = p && 'file' in p ? p.file : null;
      }
      if (!file) return;
      try {
        const r = await api.locateSource({ projectFileId: session.get().fileId, sourceId, fileId: file.id });
        if (!r.sameHash) {
          const a = await ask({
            title: 'A different image',
            message: `${r.message} Use it anyway?`,
            buttons: [
              { id: 'use', label: 'Use this image' },
              { id: 'cancel', label: 'Cancel', primary: true },
            ],
            cancelId: 'cancel',
          });
          if (a !== 'use') return;
        }
        session.relink(sourceId, r.source);
        toast('info', r.message);
      } catch (e) {
        toast('error', (e as Error).message);
      }
    },

    /** A dropped .medfig opens as a copy (the page never learns where the file was). */
    async dropProject(f: File): Promise<void> {
      if (!(await fns.guard())) return;
      try {
        const entry = await api.importBytes({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
        // Its images are searched by content in the folders the host serves.
        const roots = (await api.browse({ dirId: null })).entries.map((e) => e.id).slice(0, 20);
        if (await fns.openFile(entry.id, { searchDirIds: roots, asCopy: true }))
          toast('info', `Opened ${f.name} (a dropped copy): Save as to keep changes.`);
      } catch (e) {
        toast('error', `Could not open ${f.name}: ${(e as Error).message}`);
      }
    },
  };
  const latest = useRef(fns);
  latest.current = fns;

  const perform = useMemo<Record<string, () => void>>(() => {
    // Whatever a command's host calls reject with and it did not catch becomes the toast.
    const run = (f: (l: typeof fns) => unknown) => guarded(() => f(latest.current));
    return {
      'file.newProject': run((l) => l.newProject()),
      'file.openProject': run((l) => l.openProject()),
      'file.recent': () => setRecentOpen(true),
      'file.save': run((l) => l.save()),
      'file.saveAs': run((l) => l.saveAs()),
      'file.collect': run((l) => l.collect()),
      'figure.new': run((l) => l.newFigure()),
      'figure.rename': () => setRenaming(store.figure().id),
      'figure.delete': run((l) => l.deleteFigure(store.figure().id)),
    };
  }, [store]);

  // Title: project name and a dirty mark (Electron shows it as the window title).
  useEffect(() => {
    document.title = `${doc.dirty ? '● ' : ''}${doc.name} — Medfig`;
  }, [doc.dirty, doc.name]);

  // Unsaved changes on close. The web page gets the browser's own prompt (a reload is the web
  // host's crash: the recovery file stays). Electron shows no prompt for beforeunload and main
  // does not handle 'will-prevent-unload', so the close is held and our own question asked.
  // After an autosave failure the web page asks too (once the browser's prompt was answered
  // Stay): nothing on disk holds those changes, and Save as… is the way to keep them.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!session.isDirty() || allowClose.current) return;
      e.preventDefault();
      e.returnValue = '';
      if (!isWebHost || session.get().autosaveError)
        setTimeout(() => {
          void latest.current.guard(true).then((ok) => {
            if (!ok) return;
            allowClose.current = true;
            window.close();
          });
        }, 0);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [session]);

  // Drop of a .medfig: handled here, before the shell's drop handler imports it as an image.
  useEffect(() => {
    const onDrop = (e: DragEvent) => {
      const project = Array.from(e.dataTransfer?.files ?? []).find((f) => /\.medfig$/i.test(f.name));
      if (!project) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      void latest.current.dropProject(project);
    };
    window.addEventListener('drop', onDrop, true);
    return () => window.removeEventListener('drop', onDrop, true);
  }, []);

  // Memoised elements and callbacks: the shell's memoised views re-render only when they change.
  const toolbar: ReactNode = useMemo(
    () => (
      <span
        className="doc-title"
        data-testid="doc-title"
        title={doc.autosaveError ?? (doc.dirty ? 'Unsaved changes (autosaved for recovery)' : 'Saved')}
      >
        <button onClick={perform['file.openProject']} title="Open project" data-testid="open-project">
          Project…
        </button>
        <button onClick={perform['file.save']} title="Save project (Ctrl+S)" data-testid="save-project">
          Save
        </button>
        <span className="name" data-testid="project-title">
          {doc.name}
          {doc.dirty && (
            <span className="dirty" aria-label="unsaved changes" data-testid="dirty-mark">
              {' '}
              ●
            </span>
          )}
        </span>
      </span>
    ),
    [doc.autosaveError, doc.dirty, doc.name, perform],
  );

  /** Stays until an autosave or a save succeeds: the changes are not safe on disk meanwhile. */
  const warning: ReactNode = doc.autosaveError ? (
    <div className="toast error persistent" role="alert" data-testid="autosave-warning">
      <span>
        <strong>Your changes are not being autosaved.</strong> {doc.autosaveError} Save the project (Save as… to another folder) to keep
        them.
      </span>
      <button className="small" onClick={perform['file.saveAs']} data-testid="autosave-warning-save-as">
        Save as…
      </button>
    </div>
  ) : null;

  const removeFigure = useCallback((id: string) => void latest.current.deleteFigure(id), []);
  const locate = useCallback((sourceId: string) => latest.current.locate(sourceId), []);
  const figureList = (project: Project, figureId: string): ReactNode => (
    <FigureListView
      store={store}
      project={project}
      figureId={figureId}
      onNew={perform['figure.new']}
      onDelete={removeFigure}
      editing={renaming}
      onEditing={setRenaming}
    />
  );

  /** Only on an empty project: a new empty figure shows the start screen too. */
  const startScreen = (project: Project): ReactNode =>
    project.figures.some((f) => f.panels.length) ? null : (
      <StartProjects
        ownKey={doc.key}
        onRestore={(k) => latest.current.restore(k)}
        onDiscard={(k) => latest.current.discard(k)}
        onOpenRecent={(id) => void latest.current.openRecent(id)}
        onOpenProject={perform['file.openProject']}
        onSample={() => void latest.current.sample()}
      />
    );

  const locateButton = (sourceId: string): ReactNode => (
    <button
      className="small"
      title={doc.missing.get(sourceId) ?? 'Find this image'}
      data-testid={`locate-${sourceId}`}
      onClick={() => void latest.current.locate(sourceId)}
    >
      Locate…
    </button>
  );

  const dialogs: ReactNode = (
    <>
      {picker && (
        <ProjectPicker
          mode={picker.mode}
          title={picker.title}
          defaultName={picker.defaultName}
          onCancel={() => closePicker(null)}
          onOpen={(file) => closePicker({ file })}
          onSave={(dirId, name, existing) => closePicker({ dirId, name, existing })}
          onFolder={(dir) => closePicker({ dir })}
        />
      )}
      {recentOpen && <RecentDialog onOpen={(id) => void latest.current.openRecent(id)} onClose={() => setRecentOpen(false)} />}
      {askElement}
    </>
  );

  return {
    session,
    doc,
    perform,
    toolbar,
    warning,
    figureList,
    startScreen,
    locateButton,
    locate,
    /** A project from the native Open Recent menu (a file id the host issued): asks about unsaved changes first. */
    openRecent: (fileId: string) => latest.current.openRecent(fileId),
    missingReason: (sourceId: string) => doc.missing.get(sourceId),
    dialogs,
  };
}

/** "Open Recent…" from the menu (the native menu is static; the list lives here). */
function RecentDialog({ onOpen, onClose }: { onOpen(fileId: string): void; onClose(): void }) {
  const [recent, setRecent] = useState<{ id: string; name: string; path: string }[] | null>(null);
  useEffect(() => {
    api.recentProjects({}).then(
      (r) => setRecent(r.recent),
      () => setRecent([]),
    );
  }, []);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Recent projects" onClick={onClose}>
      <div className="modal" onClick={(e) => e.stopPropagation()} data-testid="recent-dialog">
        <h2>Recent projects</h2>
        <ul className="list">
          {recent?.map((r) => (
            <li key={r.id}>
              <button onClick={() => onOpen(r.id)} title={r.path}>
                {r.name.replace(/\.medfig$/i, '')} <span className="muted small">{r.path}</span>
              </button>
            </li>
          ))}
          {recent && !recent.length && <li className="muted">No recent projects</li>}
        </ul>
        <div className="buttons">
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
