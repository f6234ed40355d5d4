// Projects handed to the app by the system: a .medfig double-clicked (macOS 'open-file', a path
// on the command line elsewhere) or given to a second launch, which passes it to the running
// one and quits (one instance: two would share the recovery folder and each would offer the
// other's live autosaves as crash recoveries). Plain (no electron import): unit-tested in
// tests/unit/open-files.test.ts. main turns each path into a file id and sends the renderer the
// same action as an Open Recent item, so the renderer never sees a path.
import { isAbsolute, resolve } from 'node:path';

export const isProjectPath = (p: string): boolean => /\.medfig$/i.test(p) && !/[\\/]$/.test(p);

/**
 * The .medfig paths on a command line, absolute (relative ones against `cwd`). argv[0] is the
 * executable; in development (`electron <app>`, process.defaultApp) the first argument that is not
 * a switch is the app. Switches (-x, --x, --x=y: Chromium's, Electron's, macOS's -psn_…) are never
 * files, except after a bare "--".
 */
export function projectPathsFromArgv(argv: readonly string[], opts: { defaultApp: boolean; cwd: string }): string[] {
  const out: string[] = [];
  let appSkipped = !opts.defaultApp;
  let switches = true;
  for (const arg of argv.slice(1)) {
    if (switches && arg === '--') {
      switches = false;
      continue;
    }
    if (switches && arg.startsWith('-')) continue;
    if (!appSkipped) {
      appSkipped = true;
      continue;
    }
    if (arg && isProjectPath(arg)) out.push(isAbsolute(arg) ? arg : resolve(opts.cwd, arg));
  }
  return out;
}

/** What a second launch hands the first one (app.requestSingleInstanceLock's additionalData). */
export interface SecondInstanceData {
  medfigProjects: string[];
}

/**
 * The projects a second launch asked for: the list it sent (already absolute, parsed in its own
 * working folder), else its command line read here. Anything malformed is ignored.
 */
export function projectPathsFromSecondInstance(argv: readonly string[], cwd: string, data: unknown, defaultApp: boolean): string[] {
  const sent = (data as Partial<SecondInstanceData> | null | undefined)?.medfigProjects;
  if (Array.isArray(sent) && sent.length <= 100 && sent.every((p) => typeof p === 'string' && isAbsolute(p) && isProjectPath(p)))
    return [...sent];
  return projectPathsFromArgv(Array.isArray(argv) ? argv.filter((a) => typeof a === 'string') : [], { defaultApp, cwd });
}

/**
 * Holds the project to open until the renderer can take it (its action handler is attached once
 * it has first reported its menu state; again after a reload). One window shows one project, so
 * the last one asked for wins; each one opened goes through the renderer's unsaved-changes question.
 */
export function createPendingOpen(deliver: (path: string) => void) {
  let ready = false;
  let pending: string | null = null;
  return {
    open(path: string): void {
      if (ready) deliver(path);
      else pending = path;
    },
    setReady(r: boolean): void {
      ready = r;
      if (!ready || pending === null) return;
      const p = pending;
      pending = null;
      deliver(p);
    },
    get pending(): string | null {
      return pending;
    },
  };
}
