// Electron host: lifecycle, window, menus and the IPC binding — wiring only. Everything
// real happens in src/services, which the web host and the CLI call too.
import { app, BrowserWindow, dialog, ipcMain, Menu } from 'electron';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { API_METHODS } from '../shared/api';
import { ACTIONS } from '../shared/actions';
import { createWorkspace } from '../services/workspace';
import { createDispatcher } from '../services/dispatch';
import { createProjectService } from '../services/projects';
import { resourcesDir } from '../services/paths';
import { CSP, lockDownContents, lockDownSession, secureWebPreferences } from './security';

let win: BrowserWindow | null = null;

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
  if (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) void w.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void w.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return w;
}

function buildMenu(send: (id: string) => void): Menu {
  const menus = ['File', 'Edit', 'View', 'Image', 'Annotate', 'Figure', 'Help'] as const;
  return Menu.buildFromTemplate(
    menus.map((m) => ({
      label: m,
      submenu: [
        ...ACTIONS.filter((a) => a.menu === m && a.id !== 'edit.redoY').map((a) => ({
          label: a.label,
          // Shown in the menu but handled by the renderer's key handler, which leaves text fields
          // alone: a registered Ctrl+C/V/Z/A would steal copy, paste and undo from every input.
          accelerator: a.accelerator,
          registerAccelerator: false,
          click: () => send(a.id),
        })),
        ...(m === 'File' ? [{ type: 'separator' as const }, { role: 'quit' as const }] : []),
        ...(m === 'View' && !app.isPackaged ? [{ role: 'toggleDevTools' as const }] : []),
      ],
    })),
  );
}

app.whenReady().then(() => {
  lockDownSession();
  const userData = app.getPath('userData');
  const exportDir = join(app.getPath('documents'), 'Medfig');
  const importDir = join(userData, 'imports');
  mkdirSync(importDir, { recursive: true });
  const ws = createWorkspace({ roots: [app.getPath('home')], importDir, exportDir });
  const projects = createProjectService(ws, {
    recoveryDir: join(userData, 'recovery'),
    recentsFile: join(userData, 'recent-projects.json'),
    settingsFile: join(userData, 'settings.json'),
    sampleCaseDir: join(resourcesDir(), 'sample-case'),
  });
  const dispatch = createDispatcher(ws, projects, {
    hostInfo: () => ({ host: 'electron', version: app.getVersion(), exportDir }),
    openDialog: async (req) => {
      const r = await dialog.showOpenDialog(win!, {
        properties: req.kind === 'folder' ? ['openDirectory'] : req.kind === 'images' ? ['openFile', 'multiSelections'] : ['openFile'],
        filters: req.kind === 'project' ? [{ name: 'Medfig project', extensions: ['medfig'] }] : undefined,
      });
      return { supported: true, files: r.canceled ? [] : r.filePaths.map((p) => ws.issue(p, req.kind === 'folder' ? 'dir' : 'file')) };
    },
    saveDialog: async (req) => {
      const r = await dialog.showSaveDialog(win!, {
        defaultPath: join(req.kind === 'project' ? app.getPath('documents') : exportDir, req.defaultName),
        filters: req.kind === 'project' ? [{ name: 'Medfig project', extensions: ['medfig'] }] : undefined,
      });
      if (r.canceled || !r.filePath) return { supported: true, fileName: null, fileId: null };
      pendingTargets.set(req.defaultName, r.filePath);
      return { supported: true, fileName: req.defaultName, fileId: ws.issue(r.filePath, 'file').id };
    },
    exportTarget: (name) => pendingTargets.get(name),
  });
  const pendingTargets = new Map<string, string>();
  for (const method of API_METHODS) {
    ipcMain.handle(`medfig:${method}`, async (event, payload) => {
      // Only our own window's top frame may call the services.
      if (!win || event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame) return { ok: false, code: 'forbidden', message: 'not allowed' };
      try {
        return { ok: true, value: await dispatch(method, payload) };
      } catch (e) {
        const err = e as { code?: string; message?: string };
        return { ok: false, code: err.code ?? 'internal', message: err.message ?? String(e) };
      }
    });
  }
  win = createWindow();
  Menu.setApplicationMenu(buildMenu((id) => win?.webContents.send('medfig:action', id)));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('before-quit', () => void projects.close().then(() => ws.close()));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

export { CSP };
