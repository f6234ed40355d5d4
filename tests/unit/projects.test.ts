// Project handlers through the API dispatcher, as a host calls them: file ids only, real
// images decoded by the real services, real files on disk.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/services/workspace';
import { createDispatcher, type Dispatch } from '../../src/services/dispatch';
import { createProjectService, type ProjectService } from '../../src/services/projects';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Project } from '../../src/shared/figure/schema';
import type { FileEntry, OpenedImage } from '../../src/shared/api';
import { tempDir, rejection } from './helpers/documents-fixtures';

const FIX = path.resolve(__dirname, '../fixtures');
const PHOTO = path.join(FIX, 'photos/retina_fundus.jpg');
const HISTO = path.join(FIX, 'images/histology/ihc.png');

let root: string;
let ws: Workspace;
let svc: ProjectService;
let api: Dispatch;

function start(debounceMs = 50): void {
  ws = createWorkspace({ roots: [path.join(root, 'data')], importDir: path.join(root, 'imports'), exportDir: path.join(root, 'exports') });
  svc = createProjectService(ws, {
    recoveryDir: path.join(root, 'user/recovery'),
    recentsFile: path.join(root, 'user/recent.json'),
    settingsFile: path.join(root, 'user/settings.json'),
    sampleCaseDir: path.join(root, 'no-sample-case'),
    autosaveDebounceMs: debounceMs,
  });
  api = createDispatcher(ws, svc, {
    hostInfo: () => ({ host: 'web', version: 'test', exportDir: null }),
    openDialog: async () => ({ supported: false, files: [] }),
    saveDialog: async (r) => ({ supported: false, fileName: r.defaultName, fileId: null }),
  });
}
async function stop(): Promise<void> {
  await svc.close();
  await ws.close();
}

beforeEach(async () => {
  root = await tempDir('medfig-projects-');
  await fsp.mkdir(path.join(root, 'data/case/images'), { recursive: true });
  await fsp.copyFile(PHOTO, path.join(root, 'data/case/images/photo.jpg'));
  await fsp.copyFile(HISTO, path.join(root, 'data/case/images/biopsy.png'));
  start();
});
afterEach(async () => {
  await stop();
  await fsp.rm(root, { recursive: true, force: true });
});

/** The id the in-app picker would give for a path under the root (walks browse like the UI). */
async function idOf(...parts: string[]): Promise<FileEntry> {
  let entries = (await api('browse', { dirId: null })).entries;
  let entry = entries[0];
  for (const name of parts) {
    entries = (await api('browse', { dirId: entry.id })).entries;
    const next = entries.find((e) => e.name === name);
    if (!next) throw new Error(`${name} not listed`);
    entry = next;
  }
  return entry;
}

/** A project the way the renderer builds it: sources from openImage (absolute paths), one arrow. */
async function projectWith(images: OpenedImage[]): Promise<Project> {
  const p = newProject(newFigure('Figure 1'));
  p.figures.push(newFigure('Figure 2'));
  images.forEach((img, i) => {
    p.sources.push({ ...img.source });
    const panel = newPanel(img.source.id);
    panel.annotations.push({
      id: `arrow-${i}`,
      layer: 'labels',
      style: DEFAULT_STYLE,
      type: 'arrow',
      points: [
        [10, 20],
        [200, 220],
      ],
      head: 'filled',
      tail: 'none',
    });
    panel.display = { ...panel.display, brightness: 0.25 };
    p.figures[i % 2].panels.push(panel);
    p.figures[i % 2].rows = [p.figures[i % 2].panels.length];
  });
  return p;
}

async function openBoth(): Promise<OpenedImage[]> {
  return [
    await api('openImage', { fileId: (await idOf('case', 'images', 'photo.jpg')).id }),
    await api('openImage', { fileId: (await idOf('case', 'images', 'biopsy.png')).id }),
  ];
}

async function saveNew(p: Project, name = 'case report'): Promise<{ fileId: string; path: string }> {
  const target = await api('newFileIn', { dirId: (await idOf('case')).id, name });
  return api('saveProject', { project: p, fileId: target.id });
}

describe('save → open round trip (file ids only)', () => {
  it('writes source paths relative to the project folder and opens with every panel, annotation and setting', async () => {
    const imgs = await openBoth();
    expect(path.isAbsolute(imgs[0].source.path)).toBe(true);
    const p = await projectWith(imgs);
    const saved = await saveNew(p);
    expect(saved.path).toBe(path.join(root, 'data/case/case report.medfig'));

    const onDisk = JSON.parse(await fsp.readFile(saved.path, 'utf8')) as Project;
    expect(onDisk.sources.map((s) => s.path)).toEqual(['images/photo.jpg', 'images/biopsy.png']);
    expect(await fsp.readFile(saved.path, 'utf8')).not.toContain(root);

    // A new session (restart): nothing registered, the project names the sources.
    await stop();
    start();
    const fileId = (await idOf('case', 'case report.medfig')).id;
    const o = await api('openProject', { fileId });
    expect(o.name).toBe('case report');
    expect(o.missing).toEqual([]);
    expect(o.sources.map((s) => s.ref.id)).toEqual(p.sources.map((s) => s.id));
    expect(o.sources[0].info.width).toBe(1411);
    expect(o.project.figures).toEqual(p.figures);
    // In memory the paths are absolute again; frames are served by the stored source ids.
    expect(o.project.sources[0].path).toBe(path.join(root, 'data/case/images/photo.jpg'));
    const frame = await api('getFrame', { sourceId: p.sources[1].id, frame: 0, maxSide: 64 });
    expect(Math.max(frame.width, frame.height)).toBeLessThanOrEqual(64);
    expect(frame.data.length).toBeGreaterThan(0);

    const recent = await api('recentProjects', {});
    expect(recent.recent.map((r) => r.path)).toEqual([saved.path]);
  });

  it('"Save as" into another folder rebases the relative paths', async () => {
    const p = await projectWith(await openBoth());
    await saveNew(p);
    await fsp.mkdir(path.join(root, 'data/papers/jaad'), { recursive: true });
    const target = await api('newFileIn', { dirId: (await idOf('papers', 'jaad')).id, name: 'submission.medfig' });
    const saved = await api('saveProject', { project: p, fileId: target.id });
    const onDisk = JSON.parse(await fsp.readFile(saved.path, 'utf8')) as Project;
    expect(onDisk.sources.map((s) => s.path)).toEqual(['../../case/images/photo.jpg', '../../case/images/biopsy.png']);
    const o = await api('openProject', { fileId: saved.fileId });
    expect(o.missing).toEqual([]);
  });

  it('relinks moved sources by SHA-256 and reports the ones it cannot find', async () => {
    const p = await projectWith(await openBoth());
    const saved = await saveNew(p);
    await fsp.rename(path.join(root, 'data/case/images'), path.join(root, 'data/case/renamed'));
    await fsp.rm(path.join(root, 'data/case/renamed/biopsy.png'));
    const o = await api('openProject', { fileId: (await idOf('case', 'case report.medfig')).id });
    expect(o.relinked.map((r) => r.name)).toEqual(['photo.jpg']);
    expect(o.missing).toEqual([{ sourceId: p.sources[1].id, name: 'biopsy.png', reason: expect.stringContaining('not found') }]);
    expect(o.project.sources[0].path).toBe(path.join(root, 'data/case/renamed/photo.jpg'));
    // The file itself is untouched until the user saves.
    expect(JSON.parse(await fsp.readFile(saved.path, 'utf8')).sources[0].path).toBe('images/photo.jpg');

    // "Locate…": the same bytes elsewhere relink silently; another image is flagged.
    await fsp.mkdir(path.join(root, 'data/elsewhere'));
    await fsp.copyFile(HISTO, path.join(root, 'data/elsewhere/copy.png'));
    const same = await api('locateSource', {
      projectFileId: o.fileId,
      sourceId: p.sources[1].id,
      fileId: (await idOf('elsewhere', 'copy.png')).id,
    });
    expect(same.sameHash).toBe(true);
    expect(same.source.source.id).toBe(p.sources[1].id);
    await api('getFrame', { sourceId: p.sources[1].id, frame: 0, maxSide: 32 });

    const other = await api('locateSource', {
      projectFileId: o.fileId,
      sourceId: p.sources[1].id,
      fileId: (await idOf('case', 'renamed', 'photo.jpg')).id,
    });
    expect(other.sameHash).toBe(false);
    expect(other.message).toMatch(/different image/);
  });
});

describe('bad project files open with a clear message and are never written', () => {
  const cases: [string, string | Buffer, RegExp, string][] = [
    ['empty', '', /empty/, 'empty'],
    ['not JSON', 'PK\u0003\u0004 this is a zip', /not a Medfig project/, 'not-json'],
    ['truncated', '{"formatVersion": 1, "app": "medfig", "sources": [', /cut off/, 'truncated'],
    [
      'from the future',
      JSON.stringify({ formatVersion: 99, app: 'medfig', sources: [], figures: [] }),
      /newer|Update Medfig/i,
      'future-version',
    ],
    [
      'hand-edited invalid',
      JSON.stringify({
        formatVersion: 1,
        app: 'medfig',
        sources: [],
        figures: [{ id: 'f', name: '', page: { widthMm: 5 }, rows: [], panels: [] }],
      }),
      /invalid at figures/,
      'invalid',
    ],
  ];
  for (const [label, body, message, code] of cases) {
    it(label, async () => {
      const file = path.join(root, 'data/case', `${label}.medfig`);
      await fsp.writeFile(file, body);
      const before = await fsp.readFile(file);
      const err = await rejection<{ code: string; message: string }>(
        api('openProject', { fileId: (await idOf('case', `${label}.medfig`)).id }),
      );
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.message).toContain(`${label}.medfig`);
      expect(await fsp.readFile(file)).toEqual(before);
      expect((await api('recentProjects', {})).recent).toEqual([]);
    });
  }
});

describe('save refuses what it must not write', () => {
  it('never writes over a non-project file (a source image)', async () => {
    const imgs = await openBoth();
    const photoId = (await idOf('case', 'images', 'photo.jpg')).id;
    const before = await fsp.readFile(path.join(root, 'data/case/images/photo.jpg'));
    const err = await rejection<Error>(api('saveProject', { project: await projectWith(imgs), fileId: photoId }));
    expect(err.message).toMatch(/not a \.medfig file/);
    expect(await fsp.readFile(path.join(root, 'data/case/images/photo.jpg'))).toEqual(before);
  });

  it('says why when the folder is gone, and leaves the previous file intact', async () => {
    const p = await projectWith(await openBoth());
    const saved = await saveNew(p);
    const before = await fsp.readFile(saved.path);
    await fsp.mkdir(path.join(root, 'data/gone'));
    const target = await api('newFileIn', { dirId: (await idOf('gone')).id, name: 'x' });
    await fsp.rm(path.join(root, 'data/gone'), { recursive: true });
    const err = await rejection<{ code: string; message: string }>(api('saveProject', { project: p, fileId: target.id }));
    expect(err.code).toBe('io');
    expect(err.message).toMatch(/path gone/);
    expect(await fsp.readFile(saved.path)).toEqual(before);
  });

  it('newFileIn: adds .medfig, refuses folders outside the roots and names with folders', async () => {
    const e = await api('newFileIn', { dirId: (await idOf('case')).id, name: 'Figure draft' });
    expect(e.name).toBe('Figure draft.medfig');
    const outside = ws.issue(root, 'dir');
    expect((await rejection<{ code: string }>(api('newFileIn', { dirId: outside.id, name: 'x' }))).code).toBe('forbidden');
    expect((await rejection<{ code: string }>(api('newFileIn', { dirId: (await idOf('case')).id, name: '../x' }))).code).toBe(
      'bad-request',
    );
  });
});

describe('autosave and recovery', () => {
  it('every change reaches the recovery folder; after a restart it is listed and restores with its sources', async () => {
    const imgs = await openBoth();
    const p = await projectWith(imgs);
    await api('autosave', { key: 'session-1', project: p, fileId: null });
    const edited: Project = { ...p, figures: p.figures.map((f, i) => (i === 0 ? { ...f, name: 'Clinical photo' } : f)) };
    const t0 = Date.now();
    await api('autosave', { key: 'session-1', project: edited, fileId: null });
    while (
      Date.now() - t0 < 20_000 &&
      !(await fsp.readdir(path.join(root, 'user/recovery')).catch(() => [] as string[])).some((f) => f.endsWith('.recovery.medfig'))
    )
      await new Promise((r) => setTimeout(r, 20));

    // A crash: no close(), a new service over the same folders.
    await ws.close();
    start();
    const list = await api('listRecoveries', {});
    expect(list.recoveries).toEqual([
      { key: 'session-1', name: 'Untitled project · Clinical photo, Figure 2 · 2 panels', savedAt: expect.any(String), originalPath: null },
    ]);
    const r = await api('restoreRecovery', { key: 'session-1' });
    expect(r.fileId).toBeNull();
    expect(r.missing).toEqual([]);
    expect(r.project.figures.map((f) => f.name)).toEqual(['Clinical photo', 'Figure 2']);
    expect(r.project.figures[0].panels[0].annotations).toEqual(p.figures[0].panels[0].annotations);
    await api('getFrame', { sourceId: p.sources[0].id, frame: 0, maxSide: 32 });

    await api('discardRecovery', { key: 'session-1' });
    expect((await api('listRecoveries', {})).recoveries).toEqual([]);
  });

  it('a recovery of a saved project reopens with its file id, and sources relative to it', async () => {
    const p = await projectWith(await openBoth());
    const saved = await saveNew(p);
    await api('autosave', { key: 'k2', project: { ...p, figures: [p.figures[1], p.figures[0]] }, fileId: saved.fileId });
    await svc.close(); // flushes
    await ws.close();
    start();
    const r = await api('restoreRecovery', { key: 'k2' });
    expect(r.name).toBe('case report');
    expect(ws.pathOf(r.fileId!)).toBe(saved.path);
    expect(r.project.figures[0].id).toBe(p.figures[1].id);
  });

  it('an unknown recovery key is a clear error', async () => {
    const err = await rejection<{ code: string; message: string }>(api('restoreRecovery', { key: 'nope' }));
    expect(err.message).toMatch(/no longer exists/);
  });
});

describe('settings', () => {
  const file = () => path.join(root, 'user/settings.json');

  it('missing file → defaults; set → get round trip', async () => {
    const d = await api('getSettings', {});
    expect(d.exportDpi).toBe(600);
    const s = await api('setSettings', { settings: { ...d, exportDpi: 300, journal: 'bmj' } });
    expect(s.exportDpi).toBe(300);
    expect(JSON.parse(await fsp.readFile(file(), 'utf8')).journal).toBe('bmj');
    expect((await api('getSettings', {})).exportDpi).toBe(300);
  });

  it('a corrupt file gives defaults, never an error; a bad field loses only that field', async () => {
    await fsp.mkdir(path.dirname(file()), { recursive: true });
    await fsp.writeFile(file(), '{"exportDpi": 3');
    expect(await api('getSettings', {})).toEqual(await api('getSettings', {}));
    expect((await api('getSettings', {})).exportDpi).toBe(600);
    await fsp.writeFile(file(), JSON.stringify({ exportDpi: 'lots', journal: 'nature', theme: 'light' }));
    const s = await api('getSettings', {});
    expect([s.exportDpi, s.journal, s.theme]).toEqual([600, 'nature', 'light']);
  });

  it('setSettings validates the payload', async () => {
    const err = await rejection<{ code: string }>(api('setSettings', { settings: { exportDpi: 5 } }));
    expect(err.code).toBe('bad-request');
  });
});

describe('collect and sample case', () => {
  it('collects the project and its sources into a new folder that opens on its own', async () => {
    const p = await projectWith(await openBoth());
    const saved = await saveNew(p);
    await fsp.mkdir(path.join(root, 'data/send'));
    const r = await api('collectProject', { fileId: saved.fileId, dirId: (await idOf('send')).id });
    expect(r.copied).toBe(2);
    expect(r.path).toBe(path.join(root, 'data/send/case report/case report.medfig'));
    expect((await fsp.readdir(path.join(root, 'data/send/case report/images'))).sort()).toEqual(['biopsy.png', 'photo.jpg']);
    await fsp.rm(path.join(root, 'data/case'), { recursive: true });
    const o = await api('openProject', { fileId: r.fileId });
    expect(o.missing).toEqual([]);
    expect(o.relinked).toEqual([]);
  });

  it('sampleCase without the bundled case says so', async () => {
    const err = await rejection<{ code: string; message: string }>(api('sampleCase', {}));
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/sample case is not installed/);
  });
});
