// Project handlers of the API (open/save/autosave/recovery/recents/relink/collect, settings,
// sample case), over the documents service. Placeholder until implemented: every call says so.
import { ApiError, type ApiParsed, type ApiResponses } from '../shared/api';
import type { Workspace } from './workspace';

export interface ProjectServiceOptions {
  /** Where recovery files are written (autosave). */
  recoveryDir: string;
  /** JSON file of recent projects. */
  recentsFile: string;
  /** JSON file of user settings. */
  settingsFile: string;
  /** resources/sample-case */
  sampleCaseDir: string;
}

type Handlers = {
  [M in 'newFileIn' | 'openProject' | 'saveProject' | 'autosave' | 'listRecoveries' | 'restoreRecovery' | 'discardRecovery' | 'recentProjects' | 'locateSource' | 'collectProject' | 'sampleCase' | 'getSettings' | 'setSettings']: (req: ApiParsed<M>) => Promise<ApiResponses[M]>;
};

export type ProjectService = Handlers & { close(): Promise<void> };

export function createProjectService(ws: Workspace, opts: ProjectServiceOptions): ProjectService {
  void ws;
  void opts;
  const todo = async (): Promise<never> => {
    throw new ApiError('not-implemented', 'not implemented yet');
  };
  return {
    newFileIn: todo,
    openProject: todo,
    saveProject: todo,
    autosave: todo,
    listRecoveries: todo,
    restoreRecovery: todo,
    discardRecovery: todo,
    recentProjects: todo,
    locateSource: todo,
    collectProject: todo,
    sampleCase: todo,
    getSettings: todo,
    setSettings: todo,
    close: async () => {},
  };
}
