// Exposes the API contract to the renderer as one object, `window.medfig`. Nothing else:
// no ipcRenderer, no Node. Errors come back as { code, message } and are rethrown as Errors.
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHOD_NAMES } from '../shared/api-methods';

const api: Record<string, (req: unknown) => Promise<unknown>> = {};
for (const method of API_METHOD_NAMES) {
  api[method] = async (req: unknown) => {
    const r = (await ipcRenderer.invoke(`medfig:${method}`, req)) as
      { ok: true; value: unknown } | { ok: false; code: string; message: string };
    if (r.ok) return r.value;
    const err = new Error(r.message) as Error & { code: string };
    err.code = r.code;
    throw err;
  };
}
contextBridge.exposeInMainWorld('medfig', api);
// Menu commands from the native menu reach the renderer's action list; the renderer reports
// which actions can run, so the menu greys out the others.
contextBridge.exposeInMainWorld('medfigHost', {
  setActionState: (state: unknown) => ipcRenderer.send('medfig:actionState', state),
  onAction: (cb: (id: string) => void) => {
    ipcRenderer.on('medfig:action', (_e, id: unknown) => {
      if (typeof id === 'string') cb(id);
    });
  },
});
