// Electron host: lifecycle, window, menus and the IPC binding — wiring only. Everything
// real happens in src/services, which the web host and the CLI call too.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol } from 'electron';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { API_METHODS } from '../shared/api';
import { ACTIONS, parseActionStates, type ActionStates } from '../shared/actions';
import { createHostServices } from '../services/host-services';
import { applyActionStates, buildMenuTemplate, recentActionId, RECENTS_CHANGING_METHODS, type MenuRecent } from './menu';
import {
  createPendingOpen,
  isProjectPath,
  projectPathsFromArgv,
  projectPathsFromSecondInstance,
  type SecondInstanceData,
} from './open-files';
import { createDispatcher } from '../services/dispatch';
import { keychainSecretStore } from './pacs-secrets';
import { routeMenuClick } from './menu-route';
import { ensureFolder, withSaveExtension } from './save-dialog';
import { createCrashPolicy, createJobTracker, createLifecycle, JOB_METHODS, jobQuestion, type Answer } from './lifecycle';
import { CSP, lockDownContents, lockDownSession, secureWebPreferences } from './security';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';

// Before ready: app:// is a standard, secure origin (fetch, workers, CSP 'self' work as on https).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let win: BrowserWindow | null = null;
/** When a close or a quit may go on (unsaved-work question, running exports): src/main/lifecycle.ts. */
const life = createLifecycle(process.platform);
/** Export and Collect calls under way: quitting would kill them. */
const jobs = createJobTracker(() => life.jobsIdle());
const crashPolicy = createCrashPolicy();
/** Set once the services exist: waits (a few seconds at most) for the last autosave to be on disk. */
let settleAutosave: () => Promise<void> = async () => {};

/** "An export is still running. Quit anyway?" True: quit anyway. */
async function quitDespiteJobs(parent: BrowserWindow | null): Promise<boolean> {
  const q = jobQuestion(jobs.describe() ?? JOB_METHODS.exportFigure);
  const opts = { type: 'warning' as const, ...q, defaultId: 0, cancelId: 0, noLink: true };
  const r = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, opts) : await dialog.showMessageBox(opts);
  return r.response === 1;
}

function act(answer: Answer, w: BrowserWindow | null): void {
  if (answer === 'quit') app.quit();
  else if (answer === 'close' && w && !w.isDestroyed()) w.close();
}

/** Set once the services exist: opens a project path in the renderer (as an Open Recent item does). */
let deliverOpen: (path: string) => void = () => {};
/** A project the system asked to open (double-click, command line, a second launch), held until the renderer can take it. */
const pendingOpen = createPendingOpen((path) => deliverOpen(path));

function bringToFront(w: BrowserWindow): void {
  if (w.isMinimized()) w.restore();
  w.focus();
}

function openFromSystem(paths: readonly string[]): void {
  for (const p of paths) pendingOpen.open(p);
  if (!app.isReady()) return; // the window made at start takes it
  if (!win) win = createWindow(); // macOS: the app runs without a window
  bringToFront(win);
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#1b1e23',
    title: 'Medfig',
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  lockDownContents(w.webContents);
  w.once('ready-to-show', () => w.show());
  // A project to open waits for the (re)loaded page to attach its action handler: it says so by
  // reporting its menu state (medfig:actionState).
  pendingOpen.setReady(false);
  w.webContents.on('did-start-loading', () => {
    if (win === w) pendingOpen.setReady(false);
  });
  // A close that would quit while an export runs asks first (its worker dies with the app).
  w.on('close', (e) => {
    const d = life.close(jobs.count);
    if (d === 'proceed') return;
    e.preventDefault();
    if (d === 'ask') void quitDespiteJobs(w).then((yes) => act(life.answered(yes), w));
  });
  // The renderer's beforeunload cancels a close when there are unsaved changes, then asks Save /
  // Don't save / Cancel in the page and closes the window itself (src/renderer/documents). Not
  // calling preventDefault here keeps the close cancelled until it has asked; a quit that was
  // cancelled this way is resumed only if the window does close afterwards.
  w.webContents.on('will-prevent-unload', () => life.unloadPrevented());
  w.on('closed', () => {
    if (win === w) {
      win = null;
      pendingOpen.setReady(false);
    }
    if (life.closed()) app.quit();
  });
  // A crashed page is loaded again once its last autosave is on disk: the start screen then offers
  // that work as a recovery (the new page is another session). A page that keeps crashing is not.
  w.webContents.on('render-process-gone', (_e, details) => {
    const what = crashPolicy(details.reason);
    if (what === 'ignore' || w.isDestroyed()) return;
    if (win === w) pendingOpen.setReady(false);
    if (what === 'reload') {
      void settleAutosave().then(() => {
        if (!w.isDestroyed()) w.webContents.reload();
      });
      return;
    }
    void dialog
      .showMessageBox(w, {
        type: 'error',
        message: 'The Medfig window keeps stopping.',
        detail: 'Unsaved changes are kept as a recovery file: start Medfig again and restore them.',
        buttons: ['Close window'],
      })
      .then(() => {
        if (!w.isDestroyed()) w.close();
      });
  });
  if (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) void w.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void w.loadURL(APP_INDEX_URL);
  return w;
}

// One instance: a second launch (a .medfig double-clicked while Medfig runs) hands its projects to
// this one and quits. Two would share the user data folder: each would list the other's live
// autosaves as crash recoveries, and discarding one there would delete the other's unsaved work.
const launchProjects = projectPathsFromArgv(process.argv, { defaultApp: process.defaultApp, cwd: process.cwd() });
const handover: SecondInstanceData = { medfigProjects: launchProjects };
if (!app.requestSingleInstanceLock({ ...handover })) app.quit();
else start();

function start(): void {
  app.on('second-instance', (_e, argv, cwd, data) => {
    const paths = projectPathsFromSecondInstance(argv, cwd, data, process.defaultApp);
    if (paths.length) openFromSystem(paths);
    else if (win) bringToFront(win);
    else if (app.isReady()) win = createWindow();
  });
  // macOS: a double-clicked project arrives as an event, also before the app is ready (a launch).
  app.on('open-file', (e, path) => {
    if (!isProjectPath(path)) return;
    e.preventDefault();
    openFromSystem([path]);
  });
  openFromSystem(launchProjects);

  app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, createAppProtocolHandler(join(import.meta.dirname, '../renderer')));
    lockDownSession();
    const userData = app.getPath('userData');
    const exportDir = join(app.getPath('documents'), 'Medfig');
    const { ws, projects, pacs } = createHostServices({
      roots: [app.getPath('home')],
      importDir: join(userData, 'imports'),
      exportDir,
      userDataDir: userData,
      pacsSecrets: keychainSecretStore(join(userData, 'pacs-secrets.json')),
      // The desktop reads a project's images wherever they are (another drive, a share).
      sourcesAnywhere: true,
    });
    const dispatch = createDispatcher(
      ws,
      projects,
      {
        hostInfo: () => ({ host: 'electron', version: app.getVersion(), exportDir }),
        openDialog: async (req) => {
          const r = await dialog.showOpenDialog(win!, {
            properties: req.kind === 'folder' ? ['openDirectory'] : req.kind === 'images' ? ['openFile', 'multiSelections'] : ['openFile'],
            filters: req.kind === 'project' ? [{ name: 'Medfig project', extensions: ['medfig'] }] : undefined,
          });
          return {
            supported: true,
            files: r.canceled ? [] : r.filePaths.map((p) => ws.issue(p, req.kind === 'folder' ? 'dir' : 'file', true)),
          };
        },
        saveDialog: async (req) => {
          const documents = app.getPath('documents');
          // Documents/Medfig is made on first use (the dialog would otherwise open somewhere else).
          const folder = req.kind === 'project' ? documents : await ensureFolder(exportDir, documents);
          const none = { supported: true, fileName: null, fileId: null } as const;
          const r = await dialog.showSaveDialog(win!, {
            defaultPath: join(folder, req.defaultName),
            filters: req.kind === 'project' ? [{ name: 'Medfig project', extensions: ['medfig'] }] : undefined,
            // GTK asks before replacing a file only when told to (macOS and Windows always ask).
            properties: ['showOverwriteConfirmation', 'createDirectory'],
          });
          if (r.canceled || !r.filePath) return none;
          // GTK keeps a typed name as typed: the extension is added here, and a file the dialog
          // did not ask about (it saw the name without it) is not replaced without asking.
          const target = withSaveExtension(r.filePath, req.defaultName, req.kind);
          if (target !== r.filePath && (await fs.stat(target).catch(() => null))) {
            const name = basename(target);
            const a = await dialog.showMessageBox(win!, {
              type: 'warning',
              message: `"${name}" already exists. Replace it?`,
              detail: 'Replacing it overwrites what it holds now.',
              buttons: ['Replace', 'Cancel'],
              defaultId: 1,
              cancelId: 1,
            });
            if (a.response !== 0) return none;
          }
          // The name the user typed (its extension may differ from the default) keys the one-time target.
          const chosen = basename(target);
          pendingTargets.set(chosen, target);
          return { supported: true, fileName: chosen, fileId: ws.issue(target, 'file', true).id };
        },
        exportTarget: (name) => {
          const target = pendingTargets.get(name);
          pendingTargets.delete(name);
          return target;
        },
      },
      pacs,
    );
    const pendingTargets = new Map<string, string>();
    /** The page's autosave key (validated by the call that used it): a crash waits for its write. */
    let lastAutosaveKey: string | null = null;
    settleAutosave = async () => {
      if (!lastAutosaveKey) return;
      let timer: NodeJS.Timeout | undefined;
      const cap = new Promise<void>((ok) => (timer = setTimeout(ok, 5000)));
      await Promise.race([dispatch('autosaveStatus', { key: lastAutosaveKey }).catch(() => undefined), cap]);
      clearTimeout(timer);
    };
    for (const method of API_METHODS) {
      ipcMain.handle(`medfig:${method}`, async (event, payload) => {
        // Only our own window's top frame may call the services.
        if (!win || event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame)
          return { ok: false, code: 'forbidden', message: 'not allowed' };
        const done = jobs.start(method);
        try {
          const value = await dispatch(method, payload);
          if (RECENTS_CHANGING_METHODS.has(method)) void refreshMenu();
          if (method === 'autosave') lastAutosaveKey = (payload as { key: string }).key;
          return { ok: true, value };
        } catch (e) {
          const err = e as { code?: string; message?: string };
          return { ok: false, code: err.code ?? 'internal', message: err.message ?? String(e) };
        } finally {
          done?.();
        }
      });
    }
    // Like an Open Recent item: a file id issued here, never a path, opened through openProject
    // after the renderer's unsaved-changes question.
    deliverOpen = (path) => {
      if (!win) return;
      win.webContents.send('medfig:action', recentActionId(ws.issue(path, 'file', true).id));
      bringToFront(win);
    };
    if (!win) win = createWindow();
    // The menu is rebuilt whenever the recents file may have changed; its Open Recent items send
    // the renderer a file id issued here (never a path), which it opens through openProject.
    const send = (id: string) => win?.webContents.send('medfig:action', id);
    // The renderer reports which actions can run (and which toggles are on) after each change:
    // menu items follow, greyed out when they cannot run.
    let actionStates: ActionStates = {};
    ipcMain.on('medfig:actionState', (event, payload: unknown) => {
      if (!win || event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame) return;
      const next = parseActionStates(payload);
      actionStates = { ...actionStates, ...next };
      applyActionStates(Menu.getApplicationMenu(), next, process.platform);
      pendingOpen.setReady(true);
    });
    const refreshMenu = async () => {
      let recents: MenuRecent[] = [];
      try {
        recents = (await projects.recentProjects({})).recent;
      } catch {
        // An unreadable recents file only empties the submenu.
      }
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate(ACTIONS, recents, send, {
            devTools: !app.isPackaged,
            state: actionStates,
            platform: process.platform,
            // macOS: the menu takes Cmd keys before the page; each goes where the renderer would send it.
            route: (click, appAction) => void routeMenuClick(win?.webContents, click, appAction),
          }),
        ),
      );
    };
    void refreshMenu();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
    });
    // With no window to ask in (macOS), a quit while an export runs asks here.
    app.on('before-quit', (e) => {
      const d = life.beforeQuit(jobs.count, BrowserWindow.getAllWindows().length > 0);
      if (d === 'proceed') return;
      e.preventDefault();
      if (d === 'ask') void quitDespiteJobs(null).then((yes) => act(life.answered(yes), null));
    });
    // Services close only once every window has really closed: a close held by the unsaved-changes
    // prompt (or cancelled there) must not leave the window over closed services.
    let closed = false;
    app.on('will-quit', (e) => {
      if (closed) return;
      e.preventDefault();
      void projects
        .close()
        .then(() => ws.close())
        .finally(() => {
          closed = true;
          app.quit();
        });
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

export { CSP };
