// Autosave to a recovery folder: every change reaches disk within debounce + write time
// (maxWait stops a stream of edits from postponing the write forever). Each write is the
// same atomic replace as a save, so a kill -9 at any moment leaves the previous recovery
// file or the new one, never a torn one. Runs where the services run (main process / web
// host), never in the renderer.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Project } from '../../shared/figure/schema';
import { atomicWriteFile, TEMP_FILE_PATTERN } from './atomic-write';
import { DocumentError, whyFsFailed } from './errors';
import { nodeFs, type FsOps } from './fs-ops';
import { readProjectFile } from './load';
import { serializeProject, validateForSave } from './save';

export const RECOVERY_SUFFIX = '.recovery.medfig';
export const RECOVERY_META_SUFFIX = '.recovery.json';

export interface RecoveryMeta {
  key: string;
  /** The project file this recovers, or null for a never-saved project. */
  originalPath: string | null;
  /** Folder the source paths are relative to (pass to loadProject as projectDir). */
  projectDir: string | null;
  savedAt: string;
}

export interface AutosaverOptions {
  recoveryDir: string;
  /** Quiet time after the last change before writing. */
  debounceMs?: number;
  /** Longest a change waits while edits keep coming. debounce/maxWait ≤ 1 s keeps the 2 s promise. */
  maxWaitMs?: number;
  fs?: FsOps;
  /** Background write failures (disk full…) are reported here; the next change retries. */
  onError?: (err: DocumentError, key: string) => void;
}

export interface Autosaver {
  update(key: string, project: Project, meta?: { originalPath?: string | null; projectDir?: string | null }): void;
  /** Write everything pending now (before quit, before a risky operation). */
  flush(): Promise<void>;
  /**
   * Clean close or successful save of that project: drop its recovery files. Throws a
   * DocumentError naming the file and the reason when one cannot be removed.
   */
  discard(key: string): Promise<void>;
  /**
   * Waits until the write that includes the latest update of `key` has ended (or the key was
   * discarded): null when it reached the disk, else the error. Lets a host tell the user
   * after the first failing write, not on the next change.
   */
  settled(key: string): Promise<DocumentError | null>;
  pathsFor(key: string): { recoveryPath: string; metaPath: string };
}

/** A file-name-safe, stable, collision-free stem for a key (often a project path). */
export function recoveryStem(key: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(key)) return key;
  const slug =
    path
      .basename(key)
      .replace(/\.medfig$/i, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 40) || 'untitled';
  return `${slug}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

interface Pending {
  seq: number;
  project: Project;
  meta: { originalPath?: string | null; projectDir?: string | null };
}

interface Slot {
  pending: Pending | null;
  firstPendingAt: number;
  timer: NodeJS.Timeout | null;
  writing: Promise<void> | null;
  /** Updates received, and the last one whose write has ended (with its outcome). */
  updates: number;
  written: number;
  lastError: DocumentError | null;
  waiters: { upTo: number; resolve(e: DocumentError | null): void }[];
}

export function createAutosaver(opts: AutosaverOptions): Autosaver {
  const debounceMs = opts.debounceMs ?? 1000;
  const maxWaitMs = Math.max(opts.maxWaitMs ?? 1000, 0);
  const fs = opts.fs ?? nodeFs;
  const slots = new Map<string, Slot>();
  let dirReady: Promise<unknown> | null = null;

  const pathsFor = (key: string) => {
    const stem = path.join(opts.recoveryDir, recoveryStem(key));
    return { recoveryPath: stem + RECOVERY_SUFFIX, metaPath: stem + RECOVERY_META_SUFFIX };
  };

  async function write(key: string, p: Pending): Promise<DocumentError | null> {
    const { recoveryPath, metaPath } = pathsFor(key);
    try {
      dirReady ??= fsp.mkdir(opts.recoveryDir, { recursive: true }).catch((err: unknown) => {
        throw new DocumentError(`Autosave could not write to ${opts.recoveryDir}: ${whyFsFailed(err)}.`, 'io', opts.recoveryDir, {
          cause: err,
        });
      });
      await dirReady;
      const text = serializeProject(validateForSave(p.project, recoveryPath));
      await atomicWriteFile(recoveryPath, text, fs);
      const meta: RecoveryMeta = {
        key,
        originalPath: p.meta.originalPath ?? null,
        projectDir: p.meta.projectDir ?? null,
        savedAt: new Date().toISOString(),
      };
      await atomicWriteFile(metaPath, JSON.stringify(meta, null, 2) + '\n', fs);
      return null;
    } catch (err) {
      dirReady = null;
      // The path in full: the user has to find that folder (the atomic write names only the file).
      const e =
        err instanceof DocumentError && err.file === opts.recoveryDir
          ? err
          : new DocumentError(`Autosave could not write ${recoveryPath}: ${reasonOf(err)}.`, 'io', recoveryPath, {
              cause: err,
            });
      (opts.onError ?? ((x) => console.error(x.message)))(e, key);
      return e;
    }
  }

  function settle(slot: Slot, upTo: number, error: DocumentError | null): void {
    slot.written = Math.max(slot.written, upTo);
    slot.lastError = error;
    const ready = slot.waiters.filter((w) => w.upTo <= slot.written);
    slot.waiters = slot.waiters.filter((w) => w.upTo > slot.written);
    ready.forEach((w) => w.resolve(error));
  }

  function run(key: string, slot: Slot): void {
    slot.timer = null;
    if (slot.writing || !slot.pending) return; // the running write reschedules when it ends
    const p = slot.pending;
    slot.pending = null;
    slot.firstPendingAt = 0;
    slot.writing = write(key, p).then((error) => {
      slot.writing = null;
      settle(slot, p.seq, error);
      if (slot.pending) schedule(key, slot);
    });
  }

  function schedule(key: string, slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    const deadline = slot.firstPendingAt + maxWaitMs;
    const delay = Math.max(0, Math.min(debounceMs, deadline - Date.now()));
    slot.timer = setTimeout(() => run(key, slot), delay);
  }

  return {
    pathsFor,
    update(key, project, meta = {}) {
      let slot = slots.get(key);
      if (!slot)
        slots.set(
          key,
          (slot = { pending: null, firstPendingAt: 0, timer: null, writing: null, updates: 0, written: 0, lastError: null, waiters: [] }),
        );
      slot.pending = { seq: ++slot.updates, project, meta };
      if (!slot.firstPendingAt) slot.firstPendingAt = Date.now();
      if (!slot.writing) schedule(key, slot);
    },
    async flush() {
      for (const [key, slot] of slots) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        while (slot.writing || slot.pending) {
          if (slot.writing) await slot.writing;
          if (slot.timer) clearTimeout(slot.timer);
          slot.timer = null;
          run(key, slot);
          if (slot.writing) await slot.writing;
        }
      }
    },
    settled(key) {
      const slot = slots.get(key);
      if (!slot || slot.written >= slot.updates) return Promise.resolve(slot?.lastError ?? null);
      return new Promise((resolve) => slot.waiters.push({ upTo: slot.updates, resolve }));
    },
    async discard(key) {
      const slot = slots.get(key);
      if (slot) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.pending = null;
        if (slot.writing) await slot.writing;
        if (slot.timer) clearTimeout(slot.timer);
        slots.delete(key);
        slot.waiters.forEach((w) => w.resolve(null)); // nothing of it is left to write
      }
      const { recoveryPath, metaPath } = pathsFor(key);
      // The project first: a meta file without its project is ignored by listRecoveries.
      for (const file of [recoveryPath, metaPath]) {
        await fs.unlink(file).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return;
          throw new DocumentError(`Could not delete the recovery file ${file}: ${whyFsFailed(err)}.`, 'io', file, { cause: err });
        });
      }
    },
  };
}

/** The fs reason in words; a document error without an fs cause (invalid project) says its own. */
function reasonOf(err: unknown): string {
  if (err instanceof DocumentError) {
    const code = (err.cause as NodeJS.ErrnoException | undefined)?.code;
    return code ? whyFsFailed(err.cause) : err.message.replace(/\.$/, '');
  }
  return whyFsFailed(err);
}

export interface RecoveryEntry extends RecoveryMeta {
  recoveryPath: string;
  /** Set when the recovery file cannot be opened (the start screen says so, offers to delete). */
  problem: string | null;
  /** mtime of the original project file, to show "saved after this recovery" when newer. */
  originalModifiedAt: string | null;
}

/** What the next start offers to restore, newest first. Removes temp files left by a kill. */
export async function listRecoveries(recoveryDir: string): Promise<RecoveryEntry[]> {
  const names = await fsp.readdir(recoveryDir).catch(() => [] as string[]);
  const out: RecoveryEntry[] = [];
  for (const name of names) {
    const full = path.join(recoveryDir, name);
    if (TEMP_FILE_PATTERN.test(name)) {
      // Only old ones: a younger temp file may belong to another running instance.
      const st = await fsp.stat(full).catch(() => null);
      if (st && Date.now() - st.mtimeMs > 60_000) await fsp.rm(full, { force: true });
      continue;
    }
    if (!name.endsWith(RECOVERY_SUFFIX)) continue;
    const stem = name.slice(0, -RECOVERY_SUFFIX.length);
    const st = await fsp.stat(full).catch(() => null);
    let meta: RecoveryMeta = {
      key: stem,
      originalPath: null,
      projectDir: null,
      savedAt: st ? st.mtime.toISOString() : new Date(0).toISOString(),
    };
    try {
      const m = JSON.parse(await fsp.readFile(path.join(recoveryDir, stem + RECOVERY_META_SUFFIX), 'utf8')) as Partial<RecoveryMeta>;
      meta = {
        key: typeof m.key === 'string' ? m.key : meta.key,
        originalPath: typeof m.originalPath === 'string' ? m.originalPath : null,
        projectDir: typeof m.projectDir === 'string' ? m.projectDir : null,
        savedAt: typeof m.savedAt === 'string' ? m.savedAt : meta.savedAt,
      };
    } catch {
      // A kill between the two writes leaves the project without fresh meta: still offer it.
    }
    let problem: string | null = null;
    await readProjectFile(full).catch((e: Error) => (problem = e.message));
    const orig = meta.originalPath ? await fsp.stat(meta.originalPath).catch(() => null) : null;
    out.push({ ...meta, recoveryPath: full, problem, originalModifiedAt: orig ? orig.mtime.toISOString() : null });
  }
  return out.sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
}
