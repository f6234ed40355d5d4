// What every host (Electron main, the web host) builds the same way: the workspace and the
// project service over one user data folder. Hosts add only their transport and dialogs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type Workspace, type WorkspaceOptions } from './workspace';
import { createProjectService, type ProjectService } from './projects';
import { resourcesDir } from './paths';
import { createPacsService, type PacsService } from './pacs/service';
import { envSecretStore, type SecretStore } from './pacs/credentials';

export interface HostServices {
  ws: Workspace;
  projects: ProjectService;
  pacs: PacsService;
  close(): Promise<void>;
}

export function createHostServices(
  opts: WorkspaceOptions & {
    userDataDir: string;
    pacsSecrets?: SecretStore;
    /** The desktop host: a project's images are read wherever they are (projects.ts). */
    sourcesAnywhere?: boolean;
  },
): HostServices {
  // The user's own folder: recovery files are unsaved work, imports are clinical images.
  mkdirSync(opts.userDataDir, { recursive: true, mode: 0o700 });
  mkdirSync(opts.importDir, { recursive: true });
  const ws = createWorkspace(opts);
  // The decode worker starts now, loading its decoders while the window loads: the first image
  // opened then waits for its own decode only.
  void ws.images.warm().catch(() => undefined);
  const projects = createProjectService(ws, {
    recoveryDir: join(opts.userDataDir, 'recovery'),
    recentsFile: join(opts.userDataDir, 'recent-projects.json'),
    settingsFile: join(opts.userDataDir, 'settings.json'),
    sampleCaseDir: join(resourcesDir(), 'sample-case'),
    appDataDirs: [join(opts.userDataDir, 'pacs-cache')],
    sourcesAnywhere: opts.sourcesAnywhere,
  });
  // PACS logins: the desktop keychain when the host gives one, else the environment (web host).
  const pacs = createPacsService({
    ws,
    cacheDir: join(opts.userDataDir, 'pacs-cache'),
    settings: () => projects.getSettings({}),
    secrets: opts.pacsSecrets ?? envSecretStore(),
  });
  return { ws, projects, pacs, close: () => projects.close().then(() => ws.close()) };
}
