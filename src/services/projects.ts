// Project handlers of the API (open/save/autosave/recovery/recents/relink/collect, settings,
// sample case), over the documents service. Paths never come from the renderer: every
// request names files by the ids the host issued. In the renderer a project's source paths
// are absolute (they come from openImage or from here); they are made relative to the
// project file's folder only when written.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ApiError, type ApiParsed, type ApiResponses, type OpenedProject } from '../shared/api';
import type { Project, SourceRef } from '../shared/figure/schema';
import { Settings } from '../shared/settings';
import {
  atomicWriteFile,
  collectProject as collectDocuments,
  createAutosaver,
  createRecents,
  DocumentError,
  listRecoveries as listRecoveryFiles,
  loadProject,
  locateSource as checkCandidate,
  readProjectFile,
  removeStaleTempFiles,
  resolveSourcePath,
  saveProject as writeProject,
  toStoredPath,
  type LoadResult,
  type MissingReason,
} from './documents';
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
  /** Other folders of the app's own whose files a project may use (the PACS cache). */
  appDataDirs?: string[];
  /** Autosave timing (tests shorten it); default 1 s debounce, 1 s max wait: on disk within 2 s. */
  autosaveDebounceMs?: number;
  /** Recovery files the user discarded but that could not be deleted (default: beside recoveryDir). */
  dismissedFile?: string;
  /**
   * A project's sources are read wherever they are (the desktop host: its renderer is the app's
   * own code, and a project or its images on another drive must reopen). The web host leaves it
   * off: a page could write a project naming any file, so only its folders are read.
   */
  sourcesAnywhere?: boolean;
}

interface Dismissed {
  path: string;
  mtimeMs: number;
  size: number;
}

type Handlers = {
  [
    M in
      | 'newFileIn'
      | 'openProject'
      | 'saveProject'
      | 'autosave'
      | 'autosaveStatus'
      | 'listRecoveries'
      | 'restoreRecovery'
      | 'discardRecovery'
      | 'recentProjects'
      | 'locateSource'
      | 'collectProject'
      | 'sampleCase'
      | 'getSettings'
      | 'setSettings'
  ]: (req: ApiParsed<M>) => Promise<ApiResponses[M]>;
};

export type ProjectService = Handlers & { close(): Promise<void> };

export const PROJECT_EXT = '.medfig';
const isProjectFile = (p: string) => p.toLowerCase().endsWith(PROJECT_EXT);
const projectName = (p: string) => path.basename(p).replace(/\.medfig$/i, '');

const REASONS: Record<MissingReason, string> = {
  'not-found': 'not found at its path or in the project folder',
  'size-changed': 'the file at its path has changed (different size)',
  'hash-changed': 'the file at its path is a different image (SHA-256 differs)',
  unreadable: 'the file cannot be read',
};

const OUTSIDE = 'not available: it is outside the folders Medfig may read here';

/** Documents errors keep their code ('empty', 'future-version', …) and their readable message. */
function toApiError(e: unknown): unknown {
  return e instanceof DocumentError ? new ApiError(e.code, e.message) : e;
}

function within(roots: string[], p: string): boolean {
  const abs = path.resolve(p);
  return roots.some((r) => {
    const root = path.resolve(r);
    return abs === root || abs.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  });
}

/** "Figure 1, Figure 2 · 3 panels": tells two untitled recoveries apart. */
async function summary(file: string): Promise<string> {
  const p = await readProjectFile(file).catch(() => null);
  if (!p) return '';
  const panels = p.figures.reduce((n, f) => n + f.panels.length, 0);
  const names = p.figures.map((f) => f.name);
  return `${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''} · ${panels} panel${panels === 1 ? '' : 's'}`;
}

/** Settings from disk; a missing or corrupt file gives defaults, a bad field only loses that field. */
export async function readSettings(file: string): Promise<Settings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch {
    return Settings.parse({});
  }
  const whole = Settings.safeParse(raw);
  if (whole.success) return whole.data;
  const kept: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) if (Settings.safeParse({ [k]: v }).success) kept[k] = v;
  }
  return Settings.parse(kept);
}

export function createProjectService(ws: Workspace, opts: ProjectServiceOptions): ProjectService {
  /** A folder the host issued, that still exists and lies within the folders it serves. */
  async function issuedFolder(dirId: string): Promise<string> {
    const dir = ws.pathOf(dirId);
    const st = await fsp.stat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new ApiError('not-found', `${path.basename(dir)} is not a folder (or no longer exists)`);
    if (!ws.isChosen(dirId) && !within(ws.options.roots, dir))
      throw new ApiError('forbidden', 'that folder is outside the folders this host serves');
    return dir;
  }

  // A background write failure (disk full…) reaches the renderer through autosaveStatus, which
  // waits for the write of the change just sent: at once, not on the next change.
  const autosaver = createAutosaver({
    recoveryDir: opts.recoveryDir,
    debounceMs: opts.autosaveDebounceMs,
    maxWaitMs: opts.autosaveDebounceMs,
    onError: () => {},
  });
  const recents = createRecents(opts.recentsFile);
  const dismissedFile = opts.dismissedFile ?? path.join(path.dirname(opts.recoveryDir), 'dismissed-recoveries.json');
  /** Dismissed this run (also when the list could not be written). */
  const dismissedHere: Dismissed[] = [];
  async function dismissed(): Promise<Dismissed[]> {
    const onDisk = await fsp
      .readFile(dismissedFile, 'utf8')
      .then((t) => JSON.parse(t) as unknown)
      .catch(() => []);
    const valid = (Array.isArray(onDisk) ? onDisk : []).filter(
      (d): d is Dismissed => !!d && typeof d.path === 'string' && typeof d.mtimeMs === 'number' && typeof d.size === 'number',
    );
    return [...valid, ...dismissedHere];
  }
  async function isDismissed(list: Dismissed[], file: string): Promise<boolean> {
    const st = await fsp.stat(file).catch(() => null);
    return !!st && list.some((d) => d.path === file && d.mtimeMs === st.mtimeMs && d.size === st.size);
  }
  /** True when written to disk (remembered across restarts), false when only for this run. */
  async function dismiss(file: string): Promise<boolean> {
    const st = await fsp.stat(file).catch(() => null);
    if (!st) return true;
    const entry = { path: file, mtimeMs: st.mtimeMs, size: st.size };
    dismissedHere.push(entry);
    // Entries whose file is gone or was rewritten since are dropped: the list stays small.
    const keep: Dismissed[] = [];
    for (const d of await dismissed()) if ((await isDismissed([d], d.path)) && !keep.some((k) => k.path === d.path)) keep.push(d);
    return atomicWriteFile(dismissedFile, JSON.stringify(keep, null, 2) + '\n').then(
      () => true,
      () => false,
    );
  }
  /** The refs of the renderer's current project (from open, save, autosave): "Locate…" names only an id. */
  const knownRefs = new Map<string, SourceRef>();
  const remember = (p: Project) => p.sources.forEach((s) => knownRefs.set(s.id, s));

  /** Register every found source under its stored id, so getFrame works; report the rest. */
  async function opened(loaded: LoadResult, file: string | null, name: string): Promise<OpenedProject> {
    const { project, projectDir } = loaded;
    // A project's source paths may have been written by the renderer (save, autosave): a path
    // outside the folders this host reads gets one answer, whether the file is absent, changed
    // or present, so nothing about the rest of the disk can be learnt from it.
    // The sample case and the PACS cache are the app's own folders: their files are always readable.
    const readable = [
      ...ws.options.roots,
      ws.options.importDir,
      opts.sampleCaseDir,
      ...(opts.appDataDirs ?? []),
      ...(file && ws.isChosen(ws.issue(file, 'file').id) ? [projectDir] : []),
    ];
    const outside = new Set(
      opts.sourcesAnywhere ? [] : project.sources.filter((ref) => !within(readable, resolveSourcePath(projectDir, ref))).map((r) => r.id),
    );
    const missing: OpenedProject['missing'] = loaded.missing
      .filter((m) => !outside.has(m.sourceId))
      .map((m) => ({ sourceId: m.sourceId, name: path.basename(m.path), reason: REASONS[m.reason] }));
    for (const id of outside)
      missing.push({
        sourceId: id,
        name: path.basename(
          resolveSourcePath(
            projectDir,
            project.sources.find((s) => s.id === id)!,
          ),
        ),
        reason: OUTSIDE,
      });
    const missingIds = new Set(missing.map((m) => m.sourceId));
    const sources: OpenedProject['sources'] = [];
    for (const ref of project.sources) {
      const abs = resolveSourcePath(projectDir, ref);
      ref.path = abs; // absolute in the renderer; saveProject makes it relative again
      if (missingIds.has(ref.id)) continue;
      try {
        const img = await ws.openPath(abs, ref.id);
        sources.push({ ...img, ref: { ...ref } });
      } catch (e) {
        missing.push({ sourceId: ref.id, name: path.basename(abs), reason: (e as Error).message });
      }
    }
    remember(project);
    const relinked = loaded.relinked.map((r) => ({ sourceId: r.sourceId, name: path.basename(r.to) }));
    return { project, fileId: file ? ws.issue(file, 'file').id : null, name, sources, missing, relinked };
  }

  function absoluteSourcePath(ref: SourceRef, targetDir: string): string {
    if (path.isAbsolute(ref.path) || path.win32.isAbsolute(ref.path)) return path.normalize(ref.path);
    const known = knownRefs.get(ref.id);
    return known && path.isAbsolute(known.path) ? known.path : resolveSourcePath(targetDir, ref);
  }

  async function freeFolder(parent: string, name: string): Promise<string> {
    const base = name.replace(/[\\/\0:*?"<>|]+/g, '-').trim() || 'project';
    for (let i = 1; ; i++) {
      const dir = path.join(parent, i === 1 ? base : `${base} ${i}`);
      const entries = await fsp.readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : []));
      if (entries === null || entries.length === 0) return dir;
    }
  }

  const handlers: Handlers = {
    async newFileIn(req) {
      const dir = await issuedFolder(req.dirId);
      const name = isProjectFile(req.name) ? req.name : req.name + PROJECT_EXT;
      const target = path.join(dir, name);
      if (path.dirname(target) !== path.resolve(dir)) throw new ApiError('bad-request', 'a plain file name, no folders');
      const existing = await fsp.stat(target).catch(() => null);
      if (existing?.isDirectory()) throw new ApiError('exists', `${name} is a folder`);
      return { ...ws.issue(target, 'file'), size: existing?.size ?? 0 };
    },

    async openProject(req) {
      const file = ws.pathOf(req.fileId);
      const loaded = await loadProject(file, { searchDirs: req.searchDirIds.map((d) => ws.pathOf(d)), verifyHashes: true });
      await removeStaleTempFiles(file); // left by a save that was killed: never worth failing an open
      const result = await opened(loaded, file, projectName(file));
      // A dropped .medfig is a copy in the session's import folder, and the sample case is the app's
      // own read-only file: neither is a project to reopen (and save over) from Open Recent.
      if (!within([ws.options.importDir, opts.sampleCaseDir], file)) await recents.add(file).catch(() => {}); // never worth failing an open
      return result;
    },

    async saveProject(req) {
      const target = path.resolve(ws.pathOf(req.fileId));
      // Never write over anything but a project (a source image is never written).
      if (!isProjectFile(target)) throw new ApiError('bad-request', `Not saved: ${path.basename(target)} is not a .medfig file`);
      // The installed sample case (read-only on most installs, and shared by every user of it).
      if (within([opts.sampleCaseDir], target))
        throw new ApiError('forbidden', `Not saved: ${path.basename(target)} is Medfig's sample case; save your own copy with Save As.`);
      const dir = path.dirname(target);
      const stored: Project = {
        ...req.project,
        sources: req.project.sources.map((s) => ({ ...s, path: toStoredPath(dir, absoluteSourcePath(s, dir)) })),
      };
      await writeProject(target, stored);
      await removeStaleTempFiles(target);
      remember({ ...req.project, sources: req.project.sources.map((s) => ({ ...s, path: absoluteSourcePath(s, dir) })) });
      await recents.add(target).catch(() => {});
      return { fileId: ws.issue(target, 'file').id, name: projectName(target), path: target };
    },

    async autosave(req) {
      const original = req.fileId ? ws.pathOf(req.fileId) : null;
      remember(req.project);
      autosaver.update(req.key, req.project, { originalPath: original, projectDir: original ? path.dirname(original) : null });
      return { ok: true };
    },

    async autosaveStatus(req) {
      const error = await autosaver.settled(req.key);
      return { error: error?.message ?? null };
    },

    async listRecoveries() {
      const list = await listRecoveryFiles(opts.recoveryDir);
      const gone = await dismissed();
      const recoveries = [];
      for (const r of list) {
        if (await isDismissed(gone, r.recoveryPath)) continue;
        const base = r.originalPath ? projectName(r.originalPath) : 'Untitled project';
        recoveries.push({
          key: r.key,
          name: r.problem ? `${base} (damaged)` : `${base} · ${await summary(r.recoveryPath)}`,
          savedAt: r.savedAt,
          originalPath: r.originalPath,
        });
      }
      return { recoveries };
    },

    async restoreRecovery(req) {
      await autosaver.flush(); // a recovery still pending in this process is written first
      const entry = (await listRecoveryFiles(opts.recoveryDir)).find((r) => r.key === req.key);
      if (!entry) throw new ApiError('not-found', 'That recovery file no longer exists.');
      if (entry.problem) throw new ApiError('invalid', entry.problem);
      const projectDir = entry.projectDir ?? (entry.originalPath ? path.dirname(entry.originalPath) : opts.recoveryDir);
      const loaded = await loadProject(entry.recoveryPath, { projectDir, verifyHashes: true });
      const originalExists = entry.originalPath
        ? await fsp.stat(entry.originalPath).then(
            (s) => s.isFile(),
            () => false,
          )
        : false;
      const file = originalExists ? entry.originalPath : null;
      return opened(loaded, file, entry.originalPath ? projectName(entry.originalPath) : 'Untitled project');
    },

    async discardRecovery(req) {
      try {
        await autosaver.discard(req.key);
      } catch (e) {
        // Not deleted: remembered as dismissed (by path, time and size), so the start screen
        // does not offer it again; the user is told this once, here.
        const file = (e as DocumentError).file ?? autosaver.pathsFor(req.key).recoveryPath;
        const kept = await dismiss(autosaver.pathsFor(req.key).recoveryPath);
        throw new ApiError(
          'io',
          `${(e as Error).message} Medfig will not offer it again${kept ? '' : ' while it runs'}; you may delete ${path.basename(file)} yourself.`,
        );
      }
      return { ok: true };
    },

    async recentProjects() {
      const list = await recents.list();
      return { recent: list.map((e) => ({ ...ws.issue(e.path, 'file'), path: e.path, openedAt: e.openedAt })) };
    },

    async locateSource(req) {
      const projectFile = req.projectFileId ? ws.pathOf(req.projectFileId) : null;
      let ref = knownRefs.get(req.sourceId);
      if (!ref && projectFile) ref = (await readProjectFile(projectFile)).sources.find((s) => s.id === req.sourceId);
      if (!ref) throw new ApiError('unknown-source', 'That source is not part of the open project.');
      const candidate = ws.pathOf(req.fileId);
      const check = await checkCandidate(projectFile ? path.dirname(projectFile) : path.dirname(candidate), ref, candidate);
      if (!check.ok || !check.newRef) throw new ApiError('io', check.warning ?? `Cannot read ${path.basename(candidate)}`);
      const source = await ws.openPath(candidate, req.sourceId);
      if (check.sameHash) knownRefs.set(ref.id, { ...ref, path: candidate });
      return {
        sameHash: check.sameHash,
        source,
        message: check.sameHash ? `Relinked ${source.name}: the same image (SHA-256 matches).` : (check.warning ?? 'A different image.'),
      };
    },

    async collectProject(req) {
      const file = ws.pathOf(req.fileId);
      if (!isProjectFile(file)) throw new ApiError('bad-request', `${path.basename(file)} is not a Medfig project`);
      // Into a fresh subfolder named after the project, so a busy folder (Desktop) stays tidy.
      const dest = await freeFolder(await issuedFolder(req.dirId), projectName(file));
      const r = await collectDocuments(file, dest);
      return { fileId: ws.issue(r.projectPath, 'file').id, path: r.projectPath, copied: r.copied.length };
    },

    async sampleCase() {
      const names = await fsp.readdir(opts.sampleCaseDir).catch(() => [] as string[]);
      const first = names.filter(isProjectFile).sort()[0];
      if (!first) throw new ApiError('not-found', `The sample case is not installed (no .medfig file in ${opts.sampleCaseDir}).`);
      return { fileId: ws.issue(path.join(opts.sampleCaseDir, first), 'file').id };
    },

    getSettings: () => readSettings(opts.settingsFile),

    async setSettings(req) {
      const settings = Settings.parse(req.settings);
      await fsp.mkdir(path.dirname(opts.settingsFile), { recursive: true });
      await atomicWriteFile(opts.settingsFile, JSON.stringify(settings, null, 2) + '\n');
      return settings;
    },
  };

  // Every handler reports documents errors with their code and message.
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([k, fn]) => [
      k,
      async (req: never) => {
        try {
          return await (fn as (r: never) => Promise<unknown>)(req);
        } catch (e) {
          throw toApiError(e);
        }
      },
    ]),
  ) as Handlers;

  return {
    ...wrapped,
    // Pending autosaves reach disk before the host exits (a clean exit with unsaved work keeps it recoverable).
    close: () => autosaver.flush(),
  };
}
