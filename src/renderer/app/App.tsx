// The shell: toolbar, figure/panel list, canvas, inspector, status bar, dialogs.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Display, Panel, Point, Style } from '../../shared/figure/schema';
import { DEFAULT_STYLE } from '../../shared/figure/schema';
import { newId, newPanel } from '../../shared/figure/factory';
import { calibrationFromSpacing } from '../../shared/calibration/spacing';
import type { FileEntry, OpenedImage } from '../../shared/api';
import { FIELD_SAFE_ACTIONS, OPEN_RECENT_PREFIX, type ActionStates } from '../../shared/actions';
import { actionForKey, createActions, run, stateOf, type ActionContext, type ActionHost } from '../actions/registry';
import { ActionsContext } from '../actions/ActionsContext';
import { api, isWebHost, onHostFailure, reportFailure } from '../api-client';
import { createEditorStore } from '../editor/store';
import { addPanel, addSource, type Command } from '../editor/commands';
import { createTools } from '../tools';
import { panelImage, rememberInfo, infoOf } from '../imaging/panel-images';
import type { PanelImage } from '../../scene/figure-scene';
import { FigureCanvas, type CanvasHandle } from './FigureCanvas';
import { Toolbar } from './Toolbar';
import { FilePicker } from './FilePicker';
import { ExportDialog } from './ExportDialog';
import { TeachingExport } from './TeachingExport';
import { rememberPrivacy } from './privacy-reports';
import { configurePixelScan } from './pixel-scan';
import { PixelCheckStatus } from './PixelCheckStatus';
import { PixelReadout } from './PixelReadout';
import { PointerPosition, StatusZoom } from './StatusReadouts';
import { BusyOverlay } from './BusyOverlay';
import { filesFromDrop, looksLikeSeries } from './dropped-files';
import { addAnnotations } from '../editor/commands';
import { Inspector } from './Inspector';
import { CommandPalette } from './CommandPalette';
import { CheatSheet } from './CheatSheet';
import { FitSizeDialog } from './FitSizeDialog';
import { inModal, isTextEntry, keyMatches } from './keys';
import { SeriesBrowser } from './SeriesBrowser';
import { PacsBrowser } from './PacsBrowser';
import { PanelList } from './PanelList';
import { useDocuments } from '../documents/useDocuments';
import { FigureSettings } from './FigureSettings';
import { appSettings } from './SettingsApp';
import { afterNextPaint, editingInViews, useAfterPaint, useShownState } from './after-paint';
import { privacyNote } from './privacy-note';

export const store = createEditorStore();

// "Check Pixels" reads through the host's de-identification service (its pools, cancellable).
configurePixelScan({
  suggest: (sourceId, frame, jobId) => api.suggestRedactions({ sourceId, frame, jobId }),
  cancel: (jobId) => void api.cancelSuggestions({ jobId }).catch(() => undefined),
});

// The views around the canvas render only when their inputs change (an edit renders the canvas
// at once and these once it is painted: after-paint.ts).
const ToolbarView = memo(Toolbar);
const PanelListView = memo(PanelList);
const FigureSettingsView = memo(FigureSettings);
const InspectorView = memo(Inspector);

/** Same keys and the very same values (identity). */
function sameEntries<K, V>(a: Map<K, V>, b: Map<K, V>): boolean {
  return a.size === b.size && [...b].every(([k, v]) => a.get(k) === v);
}

interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export function App() {
  // A document edit reaches the app once the canvas has painted it (the controller reads the
  // store itself); UI changes reach it at once (after-paint.ts). The views then skip rendering
  // while what they show is unchanged (memo), and follow a selection one frame after the canvas.
  const { history, ui } = useShownState(store);
  const project = history.present;
  const figure = project.figures.find((f) => f.id === ui.figureId) ?? project.figures[0];
  const live = editingInViews();
  const shownProject = project;
  const shownUi = useAfterPaint(ui, live);
  const shownFigure = shownProject.figures.find((f) => f.id === shownUi.figureId) ?? shownProject.figures[0];
  const shownPanel = shownFigure.panels.find((p) => p.id === shownUi.panelId) ?? null;
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
  const [pacsOpen, setPacsOpen] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [picker, setPicker] = useState<null | 'images' | 'series'>(null);
  const [exporting, setExporting] = useState(false);
  const [teaching, setTeaching] = useState(false);
  const [palette, setPalette] = useState(false);
  const [cheatSheet, setCheatSheet] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  /** Set by the busy overlay's Cancel: an open in progress drops its result. */
  const cancelOpen = useRef(false);
  const [cursor, setCursor] = useState<{ panelId: string | null; source: Point | null }>({ panelId: null, source: null });
  /** The zoom label, as the canvas reports it whenever the view changes (never stale). */
  const [zoomPct, setZoomPct] = useState(100);
  const canvas = useRef<CanvasHandle>(null);
  const toastId = useRef(0);

  const toast = useCallback((kind: Toast['kind'], text: string) => {
    const id = ++toastId.current;
    setToasts((t) => [...t, { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 12000 : 5000);
  }, []);
  // A host call that fails where no code of its own catches it shows here (api-client).
  // The same sentence already on screen is not stacked again (one outage, several calls).
  const toastsRef = useRef(toasts);
  toastsRef.current = toasts;
  useEffect(
    () => onHostFailure((text) => !toastsRef.current.some((t) => t.kind === 'error' && t.text === text) && toast('error', text)),
    [toast],
  );
  // Projects: open/save/autosave/recovery/recents/figures (src/renderer/documents).
  const docs = useDocuments(store, toast);
  const missingSources = docs.doc.missing;

  // Panel pixels follow the document: decode (services) → display (shared) → canvas.
  useEffect(() => {
    let alive = true;
    void (async () => {
      const next = new Map<string, PanelImage>();
      const miss = new Map<string, string>();
      const broken = new Set<string>();
      for (const p of figure.panels) {
        // A source the project could not find stays missing, even if this session still has its pixels.
        const lost = missingSources.get(p.sourceId);
        if (lost) {
          miss.set(p.id, lost);
          continue;
        }
        try {
          // A large image paints first from a quick reduced decode; its detail replaces it.
          next.set(p.id, await panelImage(p, (detail) => alive && setImages((m) => new Map(m).set(p.id, detail))));
        } catch (e) {
          miss.set(p.id, (e as Error).message);
          // The file is there but cannot be decoded: no "missing"/"Relink…" (a relink would not help).
          if (!['not-found', 'io'].includes((e as { code?: string }).code ?? '')) broken.add(p.id);
        }
      }
      // Unchanged pixels keep the same maps: the canvas then rebuilds nothing for an annotation edit.
      if (alive) {
        setImages((prev) => (sameEntries(prev, next) ? prev : next));
        setMissing((prev) => (sameEntries(prev, miss) ? prev : miss));
        setUndecodable((prev) => (prev.size === broken.size && [...broken].every((id) => prev.has(id)) ? prev : broken));
      }
    })();
    return () => {
      alive = false;
    };
    // The panels, the sources (a relink) and what the project could not find decide a reload.
  }, [figure.panels, project.sources, missingSources]);

  const sizesRef = useRef(new Map<string, { width: number; height: number }>());
  const sizes = useMemo(() => {
    const m = new Map<string, { width: number; height: number }>();
    for (const p of figure.panels) {
      // The loaded image knows its source size; before it loads, the header read at open does.
      const info = images.get(p.id) ?? infoOf(p.sourceId);
      if (info) m.set(p.id, { width: info.width, height: info.height });
    }
    const prev = sizesRef.current;
    const same = prev.size === m.size && [...m].every(([k, v]) => prev.get(k)?.width === v.width && prev.get(k)?.height === v.height);
    if (!same) sizesRef.current = m;
    return sizesRef.current;
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
      // A newly opened image is the selected panel: the inspector shows it at once.
      store.selectPanel(panel.id);
      if (opened.privacy.level !== 'ok') toast('info', privacyNote(opened.name, opened.privacy));
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
      const r = await api.openDialog({ kind: kind === 'series' ? 'folder' : 'images' }).catch(reportFailure);
      if (!r) return;
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

  // The one selected panel (src/renderer/editor/selection.ts): never the hovered one, never
  // guessed from an annotation selection elsewhere.
  const selectedPanel = figure.panels.find((p) => p.id === ui.panelId) ?? null;

  // The one action registry (src/renderer/actions): menus, palette, shortcuts and toolbar.
  const actions = useMemo(() => createActions(), []);
  const host: ActionHost = {
    openImages: () => void openDialog('images'),
    openSeries: () => void openDialog('series'),
    exportFigure: () => setExporting(true),
    exportTeaching: () => setTeaching(true),
    openPacs: () => setPacsOpen(true),
    showPalette: () => setPalette(true),
    showShortcuts: () => setCheatSheet(true),
    toggleTheme: () => appSettings.update({ theme: appSettings.get().theme === 'light' ? 'dark' : 'light' }),
    documents: docs.perform,
    openRecent: (fileId) => void docs.openRecent(fileId),
    canvas: () => canvas.current,
    hoverPanelId: () => cursor.panelId,
    newId,
    isDirty: () => docs.session.isDirty(),
  };
  const hostRef = useRef(host);
  useEffect(() => {
    hostRef.current = host;
  });
  // Stable for the whole session; the host behind it is always this render's.
  const actionCtx = useMemo<ActionContext>(
    () => ({
      store,
      get host() {
        return hostRef.current;
      },
    }),
    [],
  );

  // Keyboard shortcuts run the same actions, whenever focus is not in a text entry (a focused
  // button, select, checkbox or slider of the inspector does not swallow Ctrl+Z or a tool key).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || inModal(e.target)) return;
      if (isTextEntry(e.target)) {
        // Only the project shortcuts (Save, Export…); the field commits what is typed first (blur).
        const a = actionForKey(actions, e, keyMatches);
        if (!a || !FIELD_SAFE_ACTIONS.has(a.id)) return;
        e.preventDefault();
        (e.target as HTMLElement).blur();
        run(a, actionCtx);
        return;
      }
      if (e.key === 'Escape') {
        tool.cancel();
        store.setUi({ selection: new Set() });
        return;
      }
      const a = e.key === 'Backspace' ? actions.find((x) => x.id === 'edit.delete') : actionForKey(actions, e, keyMatches);
      if (a) {
        e.preventDefault();
        run(a, actionCtx);
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
  }, [actions, actionCtx, tool, tools]);

  // Ready for the user (and the tests' signal): the first render is committed and the shortcuts above are live.
  useEffect(() => {
    document.body.dataset.ready = '1';
  }, []);

  // Native menu commands run the same actions; a disabled one does nothing.
  useEffect(() => {
    window.medfigHost?.onAction((id) => {
      // Native Open Recent items carry a file id the host issued.
      if (id.startsWith(OPEN_RECENT_PREFIX)) return void hostRef.current.openRecent(id.slice(OPEN_RECENT_PREFIX.length));
      const a = actions.find((x) => x.id === id);
      if (a) run(a, actionCtx);
    });
  }, [actions, actionCtx]);

  // The menu shows what can run now: enabled/checked go to the host after every render, once
  // the frame is painted (and only when they changed).
  const menuState = useRef('');
  useEffect(() => {
    afterNextPaint(() => {
      const next = JSON.stringify(stateOf(actions, actionCtx));
      if (next === menuState.current) return;
      menuState.current = next;
      window.medfigHost?.setActionState?.(JSON.parse(next) as ActionStates);
    });
  });

  const selectPanel = useCallback((id: string) => store.selectPanel(id), []);
  const locate = docs.locate;
  const relink = useCallback(
    (id: string) => {
      // "Locate…": the picked file is checked against the source's SHA-256 (documents).
      const p = store.figure().panels.find((x) => x.id === id);
      if (p) void locate(p.sourceId);
    },
    [locate],
  );
  const previewDisplay = useCallback((id: string, d: Display | null) => canvas.current?.previewDisplay(id, d), []);

  const toolContext = useMemo(
    () => ({ store, figureId: figure.id, style, newId, setTool: (id: string) => store.setUi({ tool: id }) }),
    [figure.id, style],
  );
  const actionsValue = useMemo(() => ({ actions, ctx: actionCtx }), [actions, actionCtx]);

  return (
    <ActionsContext.Provider value={actionsValue}>
      <div className="app">
        <ToolbarView tools={tools} documents={docs.toolbar} />
        <aside className="left" aria-label="Figures and panels">
          {docs.figureList(shownProject, shownFigure.id)}
          <h2>Panels</h2>
          <PanelListView
            store={store}
            figure={shownFigure}
            sources={shownProject.sources}
            missing={missing}
            undecodable={undecodable}
            activeId={shownPanel?.id ?? null}
            onActivate={selectPanel}
            onRelink={relink}
          />
          <h2>Figure</h2>
          <FigureSettingsView store={store} figure={shownFigure} />
        </aside>
        {/* The arrange tool selects panels itself (a handle of the selected panel wins over a panel on top). */}
        <main className="centre" onPointerDown={() => ui.tool !== 'arrange' && cursor.panelId && store.selectPanel(cursor.panelId)}>
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
              pageSelection={ui.pageSelection}
              tool={tool}
              toolContext={toolContext}
              activePanelId={selectedPanel?.id ?? null}
              onCursor={setCursor}
              onZoom={setZoomPct}
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
        <InspectorView
          store={store}
          figure={shownFigure}
          panel={shownPanel}
          style={style}
          onStyle={setStyle}
          selection={shownUi.selection}
          showLabels={shownUi.showLabels}
          previewDisplay={previewDisplay}
        />
        <footer className="status" aria-live="polite">
          <StatusZoom percent={zoomPct} figure={figure} selected={selectedPanel} />
          <PointerPosition figure={figure} panelId={cursor.panelId} at={cursor.source} />
          <PixelReadout panel={figure.panels.find((p) => p.id === cursor.panelId) ?? null} at={cursor.source} />
          <span className="grow" />
          <PixelCheckStatus figure={figure} />
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
          {docs.warning}
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
        {teaching && (
          <TeachingExport
            project={project}
            figure={figure}
            panelId={selectedPanel?.id ?? null}
            // The alt text is part of the document: one undoable change, saved with the project.
            onAltText={(fid, text) =>
              store.dispatch((p) => ({ ...p, figures: p.figures.map((f) => (f.id === fid ? { ...f, altText: text.slice(0, 4000) } : f)) }))
            }
            onClose={() => setTeaching(false)}
            onDone={(m) => toast('info', m)}
            onError={(m) => toast('error', m)}
          />
        )}
        {docs.dialogs}
        {palette && <CommandPalette actions={actions} ctx={actionCtx} onClose={() => setPalette(false)} />}
        <FitSizeDialog store={store} />
        {cheatSheet && <CheatSheet actions={actions} onClose={() => setCheatSheet(false)} />}
      </div>
    </ActionsContext.Provider>
  );
}
