// The shell: toolbar, figure/panel list, canvas, inspector, status bar, dialogs.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Panel, Point, Style } from '../../shared/figure/schema';
import { DEFAULT_STYLE } from '../../shared/figure/schema';
import { newId, newPanel } from '../../shared/figure/factory';
import { calibrationFromSpacing } from '../../shared/calibration/spacing';
import type { FileEntry, OpenedImage } from '../../shared/api';
import { ACTIONS, OPEN_RECENT_PREFIX } from '../../shared/actions';
import { api, isWebHost } from '../api-client';
import { createEditorStore, useEditor } from '../editor/store';
import { addPanel, addSource, deleteAnnotations, updatePanel, type Command } from '../editor/commands';
import { createTools } from '../tools';
import { panelImage, rememberInfo, infoOf } from '../imaging/panel-images';
import type { PanelImage } from '../../scene/figure-scene';
import { FigureCanvas, type CanvasHandle } from './FigureCanvas';
import { FilePicker } from './FilePicker';
import { ExportDialog } from './ExportDialog';
import { rememberPrivacy } from './privacy-reports';
import { PixelReadout } from './PixelReadout';
import { BusyOverlay } from './BusyOverlay';
import { filesFromDrop, looksLikeSeries } from './dropped-files';
import { addAnnotations } from '../editor/commands';
import { Inspector } from './Inspector';
import { CommandPalette } from './CommandPalette';
import { CheatSheet } from './CheatSheet';
import { annotationActions } from '../editor/annotation-actions';
import { keyMatches } from './keys';
import { SeriesBrowser } from './SeriesBrowser';
import { PacsBrowser } from './PacsBrowser';
import { PanelList } from './PanelList';
import { useDocuments } from '../documents/useDocuments';
import { FigureSettings } from './FigureSettings';
import { appSettings } from './SettingsApp';

export const store = createEditorStore();

interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export function App() {
  const project = useEditor(store, (s) => s.history.present);
  const ui = useEditor(store, (s) => s.ui);
  const canUndo = useEditor(store, (s) => s.history.past.length > 0);
  const canRedo = useEditor(store, (s) => s.history.future.length > 0);
  const figure = project.figures.find((f) => f.id === ui.figureId) ?? project.figures[0];
  const tools = useMemo(() => createTools(), []);
  const tool = tools.find((t) => t.id === ui.tool) ?? tools[0];
  const [style, setStyleState] = useState<Style>(DEFAULT_STYLE);
  // The style for new shapes is a user setting: restored on start, saved when changed.
  const setStyle = useCallback((s: Style) => {
    setStyleState(s);
    appSettings.update({ defaultStyle: s });
  }, []);
  useEffect(() => {
    void appSettings.load().then((s) => setStyleState(s.defaultStyle));
  }, []);
  const [images, setImages] = useState(new Map<string, PanelImage>());
  const [missing, setMissing] = useState(new Map<string, string>());
  const [undecodable, setUndecodable] = useState<ReadonlySet<string>>(new Set());
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [picker, setPicker] = useState<null | 'images' | 'series'>(null);
  const [exporting, setExporting] = useState(false);
  const [pacsOpen, setPacsOpen] = useState(false);
  const [palette, setPalette] = useState(false);
  const [cheatSheet, setCheatSheet] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  /** Set by the busy overlay's Cancel: an open in progress drops its result. */
  const cancelOpen = useRef(false);
  const [cursor, setCursor] = useState<{ panelId: string | null; source: Point | null; zoom: number }>({
    panelId: null,
    source: null,
    zoom: 1,
  });
  const canvas = useRef<CanvasHandle>(null);
  // The panel chosen in the panel list or clicked on the canvas (hover alone no longer retargets).
  const [activePanelId, setActivePanelId] = useState<string | null>(null);
  const toastId = useRef(0);

  const toast = useCallback((kind: Toast['kind'], text: string) => {
    const id = ++toastId.current;
    setToasts((t) => [...t, { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 12000 : 5000);
  }, []);
  // Projects: open/save/autosave/recovery/recents/figures (src/renderer/documents).
  const docs = useDocuments(store, toast);

  // Panel pixels follow the document: decode (services) → display (shared) → canvas.
  useEffect(() => {
    let alive = true;
    void (async () => {
      const next = new Map<string, PanelImage>();
      const miss = new Map<string, string>();
      const broken = new Set<string>();
      for (const p of figure.panels) {
        // A source the project could not find stays missing, even if this session still has its pixels.
        const lost = docs.missingReason(p.sourceId);
        if (lost) {
          miss.set(p.id, lost);
          continue;
        }
        try {
          next.set(p.id, await panelImage(p));
        } catch (e) {
          miss.set(p.id, (e as Error).message);
          // The file is there but cannot be decoded: no "missing"/"Relink…" (a relink would not help).
          if (!['not-found', 'io'].includes((e as { code?: string }).code ?? '')) broken.add(p.id);
        }
      }
      if (alive) {
        setImages(next);
        setMissing(miss);
        setUndecodable(broken);
      }
    })();
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- docs is a new object every render; only the panels decide a reload
  }, [figure.panels]);

  const sizes = useMemo(() => {
    const m = new Map<string, { width: number; height: number }>();
    for (const p of figure.panels) {
      const info = infoOf(p.sourceId);
      if (info) m.set(p.id, { width: info.width, height: info.height });
    }
    return m;
    // images changes whenever infos arrive
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [figure.panels, images]);

  const addOpened = useCallback(
    (opened: OpenedImage, frame = 0, window: { center: number; width: number } | null = null, invert = false) => {
      rememberInfo(opened.source.id, opened.info);
      rememberPrivacy(opened.source.id, opened.privacy);
      const base = newPanel(opened.source.id);
      const panel: Panel = {
        ...base,
        frame,
        display: { ...base.display, window, invert },
        calibration: calibrationFromSpacing(opened.info.pixelSpacing),
      };
      const cmds: Command[] = [addSource(opened.source), addPanel(store.figure().id, panel)];
      store.dispatch((p) => cmds.reduce((acc, c) => c(acc), p));
      if (opened.privacy.level !== 'ok') toast('info', `${opened.name}: ${opened.privacy.findings.map((f) => f.message).join('; ')}`);
    },
    [toast],
  );

  const openFiles = useCallback(
    async (files: FileEntry[]) => {
      cancelOpen.current = false;
      for (const f of files) {
        if (cancelOpen.current) break;
        setBusy(`Opening ${f.name}…`);
        try {
          const opened = await api.openImage({ fileId: f.id });
          if (cancelOpen.current) break;
          // A multi-frame (cine) DICOM opens in the stack viewer: its frames scroll like slices.
          if (opened.info.format === 'dicom' && opened.info.frames > 1) {
            rememberInfo(opened.source.id, opened.info);
            setSeriesView({ slices: [opened], index: 0 });
          } else addOpened(opened);
        } catch (e) {
          toast(
            'error',
            (e as Error).message.includes(f.name)
              ? `Could not open ${(e as Error).message}`
              : `Could not open ${f.name}: ${(e as Error).message}`,
          );
        } finally {
          setBusy(null);
        }
      }
    },
    [addOpened, toast],
  );

  const openSeries = useCallback(
    async (files: FileEntry[]) => {
      setBusy('Loading series…');
      cancelOpen.current = false;
      try {
        const s = await api.openSeries({ fileIds: files.map((f) => f.id) });
        if (cancelOpen.current) return;
        // The services' messages usually start with the file name already.
        for (const f of s.failed) toast('error', f.message.startsWith(f.name) ? f.message : `${f.name}: ${f.message}`);
        if (!s.slices.length) {
          toast('error', 'No DICOM slices could be opened from that selection.');
          return;
        }
        for (const sl of s.slices) rememberInfo(sl.source.id, sl.info);
        seriesRef.current = s.slices;
        setSeriesView({ slices: s.slices, index: Math.floor(s.slices.length / 2) });
        if (s.note) toast('info', s.note);
      } catch (e) {
        toast('error', (e as Error).message);
      } finally {
        setBusy(null);
      }
    },
    [toast],
  );
  const seriesRef = useRef<OpenedImage[]>([]);
  const [seriesView, setSeriesView] = useState<{ slices: OpenedImage[]; index: number } | null>(null);

  const openDialog = useCallback(
    async (kind: 'images' | 'series') => {
      const r = await api.openDialog({ kind: kind === 'series' ? 'folder' : 'images' });
      if (!r.supported) return setPicker(kind);
      if (kind === 'series') await openSeries(r.files);
      else await openFiles(r.files);
    },
    [openFiles, openSeries],
  );

  // Drag-and-drop anywhere: the page reads the bytes and hands them to the services.
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = async (e: DragEvent) => {
      e.preventDefault();
      if (!e.dataTransfer) return;
      const dropped = await filesFromDrop(e.dataTransfer);
      if (dropped.truncated) toast('info', `Only the first ${dropped.files.length} files of that folder were read.`);
      // A dropped .medfig is opened as a project by the documents controller.
      const list = dropped.files.filter((f) => !/\.medfig$/i.test(f.name));
      if (!list.length) return;
      const entries: FileEntry[] = [];
      for (const f of list) {
        try {
          entries.push(await api.importBytes({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }));
        } catch (err) {
          toast('error', `Could not read ${f.name}: ${(err as Error).message}`);
        }
      }
      if (looksLikeSeries(list, dropped.fromFolder)) await openSeries(entries);
      else await openFiles(entries);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openFiles, openSeries, toast]);

  const selectedPanel =
    figure.panels.find((p) => p.annotations.some((a) => ui.selection.has(a.id))) ??
    figure.panels.find((p) => p.id === activePanelId) ??
    figure.panels.find((p) => p.id === cursor.panelId) ??
    figure.panels[0] ??
    null;

  const actions = useMemo(() => {
    const perform: Record<string, () => void> = {
      ...docs.perform,
      'file.open': () => void openDialog('images'),
      'file.openSeries': () => void openDialog('series'),
      'file.export': () => setExporting(true),
      'file.openPacs': () => setPacsOpen(true),
      'edit.undo': () => store.undo(),
      'edit.redo': () => store.redo(),
      'edit.redoY': () => store.redo(),
      'edit.delete': () => {
        if (ui.selection.size) store.dispatch(deleteAnnotations(figure.id, ui.selection));
        store.setUi({ selection: new Set() });
      },
      'edit.selectAll': () => store.setUi({ selection: new Set(figure.panels.flatMap((p) => p.annotations.map((a) => a.id))) }),
      'view.fit': () => canvas.current?.fit(),
      'view.actual': () => canvas.current?.actual(),
      'view.selection': () => canvas.current?.zoomToSelection(selectedPanel?.id ?? null),
      'view.zoomIn': () => canvas.current?.zoomBy(1.25),
      'view.zoomOut': () => canvas.current?.zoomBy(0.8),
      'view.palette': () => setPalette(true),
      'view.toggleLabels': () => store.setUi({ showLabels: !store.get().ui.showLabels }),
      'view.toggleTheme': () => appSettings.update({ theme: appSettings.get().theme === 'light' ? 'dark' : 'light' }),
      'image.rotateRight': () =>
        selectedPanel && store.dispatch(updatePanel(figure.id, selectedPanel.id, { rotation: (selectedPanel.rotation + 90) % 360 })),
      'image.rotateLeft': () =>
        selectedPanel && store.dispatch(updatePanel(figure.id, selectedPanel.id, { rotation: (selectedPanel.rotation + 270) % 360 })),
      'image.flipH': () => selectedPanel && store.dispatch(updatePanel(figure.id, selectedPanel.id, { flipH: !selectedPanel.flipH })),
      'image.flipV': () => selectedPanel && store.dispatch(updatePanel(figure.id, selectedPanel.id, { flipV: !selectedPanel.flipV })),
      'help.shortcuts': () => setCheatSheet(true),
      // Copy/cut/paste/duplicate/z-order of annotations: one command each (src/renderer/editor).
      ...annotationActions({
        store,
        figure,
        selection: ui.selection,
        targetPanelId: cursor.panelId ?? selectedPanel?.id ?? null,
        frameOf: (id) => canvas.current?.frameOf(id) ?? null,
        newId,
      }),
    };
    for (const t of tools) perform[`tool.${t.id}`] = () => store.setUi({ tool: t.id });
    return ACTIONS.map((a) => ({ ...a, perform: perform[a.id] ?? (() => {}) }));
  }, [openDialog, figure, ui.selection, selectedPanel, tools, cursor.panelId, docs.perform]);
  const actionsRef = useRef(actions);
  actionsRef.current = actions;

  // Keyboard shortcuts and native menu commands both run the same actions.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      if (e.key === 'Escape') {
        tool.cancel();
        store.setUi({ selection: new Set() });
        return;
      }
      if (e.key === 'Backspace' && ui.selection.size) {
        e.preventDefault();
        actions.find((a) => a.id === 'edit.delete')?.perform();
        return;
      }
      const a = actions.find((x) => x.accelerator && keyMatches(x.accelerator, e));
      if (a) {
        e.preventDefault();
        a.perform();
        return;
      }
      // A tool without a menu action (e.g. Window, W) still answers to its own key.
      const k = !e.ctrlKey && !e.metaKey && !e.altKey && e.key.length === 1 ? tools.find((t) => t.key === e.key.toUpperCase()) : undefined;
      if (k) {
        e.preventDefault();
        store.setUi({ tool: k.id });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, tool, tools, ui.selection]);

  useEffect(() => {
    window.medfigHost?.onAction((id) => {
      // Native Open Recent items carry a file id the host issued.
      if (id.startsWith(OPEN_RECENT_PREFIX)) return void docs.openRecent(id.slice(OPEN_RECENT_PREFIX.length));
      actionsRef.current.find((a) => a.id === id)?.perform();
    });
    // Registered once: the menu calls whatever the latest list holds (through the ref).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const toolContext = useMemo(
    () => ({ store, figureId: figure.id, style, newId, setTool: (id: string) => store.setUi({ tool: id }) }),
    [figure.id, style],
  );
  const calibration = selectedPanel?.calibration ?? null;

  return (
    <div className="app">
      <header className="toolbar" role="toolbar" aria-label="Tools">
        <span className="brand">Medfig</span>
        {docs.toolbar}
        <button onClick={() => void openDialog('images')} title="Open image (Ctrl+O)" data-testid="open-image">
          Open…
        </button>
        <button onClick={() => void openDialog('series')} title="Open DICOM series (Ctrl+Shift+O)">
          Series…
        </button>
        <button onClick={() => setPacsOpen(true)} title="Open from PACS (DICOMweb)" data-testid="open-pacs">
          PACS…
        </button>
        <span className="sep" />
        {tools.map((t) => (
          <button
            key={t.id}
            className={t.id === tool.id ? 'active' : ''}
            aria-pressed={t.id === tool.id}
            title={`${t.label} (${t.key})`}
            data-testid={`tool-${t.id}`}
            onClick={() => store.setUi({ tool: t.id })}
          >
            {t.label}
          </button>
        ))}
        <span className="sep" />
        <button disabled={!canUndo} onClick={() => store.undo()} title="Undo (Ctrl+Z)" data-testid="undo">
          Undo
        </button>
        <button disabled={!canRedo} onClick={() => store.redo()} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
          Redo
        </button>
        <span className="sep" />
        <button onClick={() => canvas.current?.fit()} title="Zoom to fit (Ctrl+0)">
          Fit
        </button>
        <button onClick={() => canvas.current?.actual()} title="Zoom 100 % (Ctrl+1)" aria-label="Zoom 100 %">
          100 %
        </button>
        <span className="grow" />
        <button
          className="primary"
          onClick={() => setExporting(true)}
          disabled={!figure.panels.length}
          data-testid="export-open"
          title="Export figure (Ctrl+E)"
        >
          Export…
        </button>
      </header>
      <aside className="left" aria-label="Figures and panels">
        {docs.figureList(project, figure.id)}
        <h2>Panels</h2>
        <PanelList
          store={store}
          figure={figure}
          sources={project.sources}
          missing={missing}
          undecodable={undecodable}
          activeId={selectedPanel?.id ?? null}
          onActivate={setActivePanelId}
          onRelink={(id) => {
            // "Locate…": the picked file is checked against the source's SHA-256 (documents).
            const p = figure.panels.find((x) => x.id === id);
            if (p) void docs.locate(p.sourceId);
          }}
        />
        <h2>Figure</h2>
        <FigureSettings store={store} figure={figure} />
      </aside>
      <main className="centre" onPointerDown={() => cursor.panelId && setActivePanelId(cursor.panelId)}>
        {figure.panels.length ? (
          <FigureCanvas
            ref={canvas}
            store={store}
            figure={figure}
            images={images}
            sizes={sizes}
            missing={missing}
            showLabels={ui.showLabels}
            selection={ui.selection}
            tool={tool}
            toolContext={toolContext}
            onCursor={setCursor}
          />
        ) : (
          <div className="start" data-testid="start-screen">
            <h1>Medfig</h1>
            <p>Publication-ready figures from clinical photos, radiographs, CT and micrographs.</p>
            <button className="primary" onClick={() => void openDialog('images')}>
              Open an image…
            </button>
            <button onClick={() => void openDialog('series')}>Open a DICOM series…</button>
            <p className="muted">or drop image files anywhere in this window</p>
            {docs.startScreen(project)}
          </div>
        )}
      </main>
      <Inspector store={store} figure={figure} panel={selectedPanel} style={style} onStyle={setStyle} selection={ui.selection} />
      <footer className="status" aria-live="polite">
        <span data-testid="status-zoom">zoom {((cursor.zoom * 100) / 3.78).toFixed(0)} %</span>
        <span>{cursor.source ? `x ${cursor.source[0].toFixed(0)} px, y ${cursor.source[1].toFixed(0)} px` : ''}</span>
        <span>
          {cursor.source && calibration
            ? `(${(cursor.source[0] * calibration.mmPerPxX).toFixed(2)} mm, ${(cursor.source[1] * calibration.mmPerPxY).toFixed(2)} mm)`
            : ''}
        </span>
        <PixelReadout panel={figure.panels.find((p) => p.id === cursor.panelId) ?? null} at={cursor.source} />
        <span className="grow" />
        <span>{busy ?? ''}</span>
        <span>{isWebHost ? 'web host' : 'desktop'}</span>
      </footer>
      <BusyOverlay
        text={busy}
        onCancel={() => {
          cancelOpen.current = true;
          setBusy(null);
        }}
      />
      <div className="toasts" role="alert" aria-live="assertive">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`} data-testid={`toast-${t.kind}`}>
            {t.text}
            <button aria-label="Dismiss" onClick={() => setToasts((x) => x.filter((y) => y.id !== t.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
      {picker && (
        <FilePicker
          mode={picker}
          onCancel={() => setPicker(null)}
          onPick={(files) => {
            setPicker(null);
            if (picker === 'series') void openSeries(files);
            else void openFiles(files);
          }}
        />
      )}
      {seriesView && (
        <SeriesBrowser
          slices={seriesView.slices}
          index={seriesView.index}
          onIndex={(index) => setSeriesView({ ...seriesView, index })}
          onCancel={() => setSeriesView(null)}
          onPick={(pick) => {
            addOpened(pick.slice, pick.frame, pick.window, pick.invert);
            setSeriesView(null);
          }}
        />
      )}
      {pacsOpen && (
        <PacsBrowser project={project} figure={figure} onClose={() => setPacsOpen(false)} onOpenSeries={openSeries} onMessage={toast} />
      )}
      {exporting && (
        <ExportDialog
          project={project}
          figure={figure}
          onAddRedactions={(fid, pid, anns) => store.dispatch(addAnnotations(fid, pid, anns))}
          onCommand={(cmd) => store.dispatch(cmd)}
          onClose={() => setExporting(false)}
          onDone={(m) => toast('info', m)}
          onError={(m) => toast('error', m)}
        />
      )}
      {docs.dialogs}
      {palette && <CommandPalette actions={actions} onClose={() => setPalette(false)} />}
      {cheatSheet && <CheatSheet actions={actions} onClose={() => setCheatSheet(false)} />}
    </div>
  );
}
