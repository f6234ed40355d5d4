import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newPanel, newProject } from '../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Project } from '../../src/shared/figure/schema';
import {
  createAutosaver,
  createRecents,
  listRecoveries,
  loadProject,
  nodeFs,
  readProjectFile,
  type DocumentError,
} from '../../src/services/documents';
import { tempDir, writeFileDeep } from './helpers/documents-fixtures';

let root: string;
beforeEach(async () => {
  root = await tempDir();
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exists = (p: string) =>
  fsp.stat(p).then(
    () => true,
    () => false,
  );

/** Project after n edits: one panel, edit k adds a text annotation saying k. */
function edited(base: Project, n: number): Project {
  const p = structuredClone(base);
  if (p.sources.length === 0) p.sources.push({ id: 's', path: 'img.png', sha256: 'a'.repeat(64), size: 1, kind: 'raster' });
  const panel = newPanel(p.sources[0].id);
  for (let k = 1; k <= n; k++)
    panel.annotations.push({
      id: `t${k}`,
      layer: 'labels',
      style: DEFAULT_STYLE,
      type: 'text',
      at: [k, k],
      text: `edit ${k}`,
      rotation: 0,
    });
  p.figures[0].panels = [panel];
  p.figures[0].rows = [1];
  return p;
}
const editsIn = (p: Project) => p.figures[0].panels[0].annotations.length;

describe('autosave', () => {
  // The debounce and maxWait are read on a fake clock (setTimeout and Date): when the timer fires
  // is exact, whatever the machine's load; the files are written by the real fs meanwhile.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the latest state after the debounce, with a sidecar naming the original', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.parse('2026-12-03T10:00:00Z') });
    const recoveryDir = path.join(root, 'recovery');
    const saver = createAutosaver({ recoveryDir, debounceMs: 100 });
    const base = newProject();
    const original = path.join(root, 'work', 'case.medfig');
    for (let n = 1; n <= 5; n++) {
      saver.update(original, edited(base, n), { originalPath: original, projectDir: path.dirname(original) });
      vi.advanceTimersByTime(50); // each edit comes before the last one's debounce ends
    }
    const { recoveryPath, metaPath } = saver.pathsFor(original);
    // Debounced, not written per change: 250 ms of edits, and the write still waits.
    vi.advanceTimersByTime(49);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(await saver.settled(original)).toBeNull();
    expect(editsIn(await readProjectFile(recoveryPath))).toBe(5);
    const meta = JSON.parse(await fsp.readFile(metaPath, 'utf8'));
    expect(meta).toMatchObject({ key: original, originalPath: original, projectDir: path.dirname(original) });
    expect(meta.savedAt).toBe('2026-12-03T10:00:00.300Z');
    expect(path.basename(recoveryPath)).toMatch(/^case-[0-9a-f]{16}\.recovery\.medfig$/);
  });

  it('a stream of edits cannot postpone the write past maxWait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const saver = createAutosaver({ recoveryDir: root, debounceMs: 200, maxWaitMs: 300 });
    const base = newProject();
    const { recoveryPath } = saver.pathsFor('k');
    let n = 0;
    /** Edits every 30 ms (each one would restart a plain debounce) until a write starts: when. */
    const editUntilWrite = () => {
      const t0 = Date.now();
      for (;;) {
        saver.update('k', edited(base, ++n));
        vi.advanceTimersByTime(30);
        if (vi.getTimerCount() === 0) return { after: Date.now() - t0, upTo: n };
        if (Date.now() - t0 > 5000) throw new Error('no write in 5 s of edits');
      }
    };
    for (let round = 0; round < 3; round++) {
      const w = editUntilWrite();
      // The first pending edit waits at most maxWait (300 ms; edits at 30 ms steps).
      expect(w.after).toBe(300);
      expect(await saver.settled('k')).toBeNull();
      expect(editsIn(await readProjectFile(recoveryPath))).toBe(w.upTo);
    }
    saver.update('k', edited(base, ++n));
    await saver.flush();
    expect(editsIn(await readProjectFile(recoveryPath))).toBe(n);
  });

  it('flush writes now; discard (clean exit) removes the files and cancels pending writes', async () => {
    const saver = createAutosaver({ recoveryDir: root, debounceMs: 10_000 });
    saver.update('a', edited(newProject(), 3));
    await saver.flush();
    const { recoveryPath, metaPath } = saver.pathsFor('a');
    expect(editsIn(await readProjectFile(recoveryPath))).toBe(3);
    saver.update('a', edited(newProject(), 4));
    await saver.discard('a');
    expect(await exists(recoveryPath)).toBe(false);
    expect(await exists(metaPath)).toBe(false);
    await saver.flush();
    expect(await fsp.readdir(root)).toEqual([]);
  });

  it('a failed background write is reported, and the previous recovery file survives', async () => {
    const errors: DocumentError[] = [];
    let fail = false;
    const fs = {
      ...nodeFs,
      open: (p: string, f: string, m?: number) =>
        fail ? Promise.reject(Object.assign(new Error('x'), { code: 'ENOSPC' })) : nodeFs.open(p, f, m),
    };
    const saver = createAutosaver({ recoveryDir: root, debounceMs: 10, fs, onError: (e) => errors.push(e) });
    saver.update('a', edited(newProject(), 2));
    await saver.flush();
    const before = await fsp.readFile(saver.pathsFor('a').recoveryPath);
    fail = true;
    saver.update('a', edited(newProject(), 3));
    await saver.flush();
    expect(errors.map((e) => e.message).join()).toMatch(/disk is full/);
    expect((await fsp.readFile(saver.pathsFor('a').recoveryPath)).equals(before)).toBe(true);
  });
});

describe('listRecoveries (what the next start offers)', () => {
  it('lists recoveries newest first, restorable against the original project folder', async () => {
    const work = path.join(root, 'work');
    await writeFileDeep(path.join(work, 'images', 'a.png'), 'png-bytes');
    const { addSource } = await import('../../src/services/documents');
    const p = newProject();
    p.sources.push(await addSource(work, path.join(work, 'images', 'a.png')));
    const recoveryDir = path.join(root, 'rec');
    const saver = createAutosaver({ recoveryDir, debounceMs: 10 });
    saver.update('untitled-1', newProject());
    await saver.flush();
    await sleep(20); // savedAt has millisecond resolution
    saver.update(path.join(work, 'case.medfig'), p, { originalPath: path.join(work, 'case.medfig'), projectDir: work });
    await saver.flush();

    const list = await listRecoveries(recoveryDir);
    expect(list.map((r) => r.key)).toEqual([path.join(work, 'case.medfig'), 'untitled-1']);
    expect(list.every((r) => r.problem === null)).toBe(true);
    const restored = await loadProject(list[0].recoveryPath, { projectDir: list[0].projectDir! });
    expect(restored.missing).toEqual([]);
    expect(restored.project).toEqual(p);
  });

  it('flags an unreadable recovery, works without its sidecar, and clears old temp files', async () => {
    await fsp.writeFile(path.join(root, 'bad.recovery.medfig'), '{"formatVersion":1,"app":"med');
    await fsp.writeFile(path.join(root, 'lonely.recovery.medfig'), JSON.stringify(newProject()));
    const oldTmp = path.join(root, '.x.recovery.medfig.tmp-0123456789ab');
    const newTmp = path.join(root, '.y.recovery.medfig.tmp-ba9876543210');
    await fsp.writeFile(oldTmp, 'partial');
    await fsp.writeFile(newTmp, 'partial');
    const old = new Date(Date.now() - 3600_000);
    await fsp.utimes(oldTmp, old, old);

    const list = await listRecoveries(root);
    const byKey = Object.fromEntries(list.map((r) => [r.key, r]));
    expect(Object.keys(byKey).sort()).toEqual(['bad', 'lonely']);
    expect(byKey.bad.problem).toMatch(/cut off/);
    expect(byKey.lonely).toMatchObject({ problem: null, originalPath: null });
    expect(await exists(oldTmp)).toBe(false);
    expect(await exists(newTmp)).toBe(true); // may belong to a running instance
  });

  it('an empty or absent recovery folder offers nothing', async () => {
    expect(await listRecoveries(path.join(root, 'none'))).toEqual([]);
  });
});

describe('recent projects', () => {
  it('keeps at most 10, newest first, one entry per file, and drops files that are gone', async () => {
    const recents = createRecents(path.join(root, 'config', 'recents.json'));
    const files: string[] = [];
    for (let i = 0; i < 12; i++) files.push(await writeFileDeep(path.join(root, `p${i}.medfig`), '{}'));
    for (const f of files) await recents.add(f);
    await recents.add(files[5]);
    let list = await recents.list();
    expect(list.map((e) => e.name)).toEqual(['p5', 'p11', 'p10', 'p9', 'p8', 'p7', 'p6', 'p4', 'p3', 'p2']);
    await fsp.rm(files[9]);
    list = await recents.list();
    expect(list.map((e) => e.name)).not.toContain('p9');
    expect(list).toHaveLength(9);
    // Persisted: a new instance reads the same list.
    expect((await createRecents(path.join(root, 'config', 'recents.json')).list()).map((e) => e.path)).toEqual(list.map((e) => e.path));
    await recents.remove(files[5]);
    expect((await recents.list())[0].name).toBe('p11');
  });

  it('survives a corrupt recents file and concurrent adds', async () => {
    const file = path.join(root, 'recents.json');
    await fsp.writeFile(file, 'not json');
    const recents = createRecents(file);
    expect(await recents.list()).toEqual([]);
    const a = await writeFileDeep(path.join(root, 'a.medfig'), '{}');
    const b = await writeFileDeep(path.join(root, 'b.medfig'), '{}');
    await Promise.all([recents.add(a), recents.add(b)]);
    expect((await recents.list()).map((e) => e.name).sort()).toEqual(['a', 'b']);
  });
});
