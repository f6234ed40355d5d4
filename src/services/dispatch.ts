// Binds the API contract to the services. Each host (Electron IPC, the web host's HTTP) calls
// `dispatch(method, payload)`; every payload is validated against the contract first.
import { API_METHODS, ApiError, parseRequest, type ApiMethod, type ApiParsed, type ApiResponses } from '../shared/api';
import { asApiError, type Workspace } from './workspace';
import type { ProjectService } from './projects';
import { createTeachingService } from './teaching';
import type { PacsService } from './pacs/service';

/** What differs between hosts: dialogs and where exports go. */
export interface HostHooks {
  hostInfo(): ApiResponses['hostInfo'];
  openDialog(req: ApiParsed<'openDialog'>): Promise<ApiResponses['openDialog']>;
  saveDialog(req: ApiParsed<'saveDialog'>): Promise<ApiResponses['saveDialog']>;
  /** Absolute target of an export, or undefined for the workspace's export folder. */
  exportTarget?(fileName: string): string | undefined;
}

export type Dispatch = <M extends ApiMethod>(method: M, payload: unknown) => Promise<ApiResponses[M]>;

export function createDispatcher(ws: Workspace, projects: ProjectService, host: HostHooks, pacs?: PacsService): Dispatch {
  const noPacs = async (): Promise<never> => {
    throw new ApiError('unsupported', 'this host has no PACS service');
  };
  // Slide decks, cine loops and submission packages (src/services/teaching.ts).
  const teaching = createTeachingService(ws);
  const handlers: { [M in ApiMethod]: (req: ApiParsed<M>) => Promise<ApiResponses[M]> } = {
    hostInfo: async () => host.hostInfo(),
    openDialog: (r) => host.openDialog(r),
    saveDialog: (r) => host.saveDialog(r),
    browse: (r) => ws.browse(r),
    importBytes: (r) => ws.importBytes(r),
    openImage: (r) => ws.openImage(r),
    getFrame: (r) => ws.getFrame(r),
    getRegion: (r) => ws.getRegion(r),
    openSeries: (r) => ws.openSeries(r),
    exportFigure: (r) => ws.exportFigure(r, host.exportTarget?.(r.fileName)),
    exportSlides: (r) => teaching.exportSlides(r, host.exportTarget?.(r.fileName)),
    exportCine: (r) => teaching.exportCine(r, host.exportTarget?.(r.fileName)),
    exportPackage: (r) => teaching.exportPackage(r, host.exportTarget?.(r.fileName)),
    exportProgress: async (r) => ({ fraction: ws.exportProgress(r.jobId) ?? teaching.progress(r.jobId) }),
    cancelExport: async (r) => ({ cancelled: ws.cancelExport(r.jobId) || teaching.cancel(r.jobId) }),
    newFileIn: (r) => projects.newFileIn(r),
    openProject: (r) => projects.openProject(r),
    saveProject: (r) => projects.saveProject(r),
    autosave: (r) => projects.autosave(r),
    autosaveStatus: (r) => projects.autosaveStatus(r),
    listRecoveries: (r) => projects.listRecoveries(r),
    restoreRecovery: (r) => projects.restoreRecovery(r),
    discardRecovery: (r) => projects.discardRecovery(r),
    recentProjects: (r) => projects.recentProjects(r),
    locateSource: (r) => projects.locateSource(r),
    collectProject: (r) => projects.collectProject(r),
    sampleCase: (r) => projects.sampleCase(r),
    suggestRedactions: (r) => ws.suggestRedactions(r),
    cancelSuggestions: async (r) => ({ cancelled: ws.cancelSuggestions(r.jobId) }),
    getSettings: (r) => projects.getSettings(r),
    setSettings: (r) => projects.setSettings(r),
    pacsStatus: (r) => (pacs ? pacs.pacsStatus(r) : noPacs()),
    pacsSetSecret: (r) => (pacs ? pacs.pacsSetSecret(r) : noPacs()),
    pacsSearch: (r) => (pacs ? pacs.pacsSearch(r) : noPacs()),
    pacsSeries: (r) => (pacs ? pacs.pacsSeries(r) : noPacs()),
    pacsThumbnail: (r) => (pacs ? pacs.pacsThumbnail(r) : noPacs()),
    pacsPull: (r) => (pacs ? pacs.pacsPull(r) : noPacs()),
    pacsPullProgress: (r) => (pacs ? pacs.pacsPullProgress(r) : noPacs()),
    pacsCancelPull: (r) => (pacs ? pacs.pacsCancelPull(r) : noPacs()),
    pacsStore: (r) => (pacs ? pacs.pacsStore(r) : noPacs()),
  };
  return async function dispatch(method, payload) {
    if (!API_METHODS.includes(method)) throw new ApiError('bad-request', `unknown method ${String(method)}`);
    const req = parseRequest(method, payload);
    try {
      return await (handlers[method] as (r: typeof req) => Promise<ApiResponses[typeof method]>)(req);
    } catch (e) {
      throw asApiError(e);
    }
  } as Dispatch;
}
