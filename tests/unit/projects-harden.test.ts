// Project service hardening (issue 22): stale temp files of killed saves cleaned beside the
// project; source paths outside the roots answered alike whatever the reason.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/services/workspace';
import { createDispatcher, type Dispatch } from '../../src/services/dispatch';
import { createProjectService, type ProjectService } from '../../src/services/projects';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Project } from '../../src/shared/figure/schema';
import type { FileEntry, OpenedImage } from '../../src/shared/api';
import { tempDir } from './helpers/documents-fixtures';
import { createHash } from 'node:crypto';

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

describe('temporary files of interrupted saves (issue 22)', () => {
  it('saving and opening a project remove its stale .tmp- files, and only those', async () => {
    const imgs = await openBoth();
    const saved = await saveNew(await projectWith(imgs));
    const dir = path.dirname(saved.path);
    const hour = Date.now() / 1000 - 3600;
    const mk = async (name: string, mtime: number) => {
      await fsp.writeFile(path.join(dir, name), 'partial save');
      await fsp.utimes(path.join(dir, name), mtime, mtime);
    };
    await mk('.case report.medfig.tmp-0123456789ab', hour); // a killed save of this project
    await mk('.case report.medfig.tmp-ba9876543210', Date.now() / 1000 + 60); // younger than this process: another instance's save
    await mk('.other.medfig.tmp-0123456789ab', hour); // another file's: not ours to judge
    await mk('.case report.medfig.tmp-notmedfig', hour); // not Medfig's pattern
    await mk('notes.txt', hour);
    await api('openProject', { fileId: saved.fileId, searchDirIds: [] });
    expect((await fsp.readdir(dir)).sort()).toEqual(
      [
        '.case report.medfig.tmp-ba9876543210',
        '.case report.medfig.tmp-notmedfig',
        '.other.medfig.tmp-0123456789ab',
        'case report.medfig',
        'images',
        'notes.txt',
      ].sort(),
    );
    await mk('.case report.medfig.tmp-aaaaaaaaaaaa', hour);
    await api('saveProject', {
      project: (await api('openProject', { fileId: saved.fileId, searchDirIds: [] })).project,
      fileId: saved.fileId,
    });
    expect(await fsp.readdir(dir)).not.toContain('.case report.medfig.tmp-aaaaaaaaaaaa');
  });
});

describe('source paths outside the roots (issue 22)', () => {
  it('absent, changed and identical files outside the roots all get the same answer, and none is opened', async () => {
    const imgs = await openBoth();
    const p = await projectWith(imgs);
    // Outside the served folder (root/data): a file that exists with the size the project claims,
    // one that exists with another size, and one that does not exist.
    await fsp.mkdir(path.join(root, 'outside'), { recursive: true });
    const same = path.join(root, 'outside/same.jpg');
    await fsp.copyFile(PHOTO, same);
    const other = path.join(root, 'outside/other.bin');
    await fsp.writeFile(other, 'x'.repeat(10));
    // A hash nothing inside the roots has (else the sources would be relinked there by hash).
    const sha = createHash('sha256').update('an image that is nowhere').digest('hex');
    const size = (await fsp.stat(PHOTO)).size;
    const probes = [same, other, path.join(root, 'outside/absent.jpg')].map((file, i) => ({
      id: `probe-${i}`,
      path: file,
      sha256: sha,
      size,
      kind: 'raster' as const,
    }));
    p.sources.push(...probes);
    for (const ref of probes) p.figures[0].panels.push(newPanel(ref.id));
    p.figures[0].rows = [p.figures[0].panels.length];
    const saved = await saveNew(p);
    const opened = await api('openProject', { fileId: saved.fileId, searchDirIds: [] });
    const answers = opened.missing.filter((m) => m.sourceId.startsWith('probe-'));
    expect(answers).toHaveLength(3);
    expect(new Set(answers.map((m) => m.reason)).size).toBe(1);
    expect(answers[0].reason).toMatch(/outside the folders/);
    expect(opened.sources.map((s) => s.ref.id)).not.toContain('probe-0');
    // The sources inside the root still open.
    expect(opened.sources).toHaveLength(2);
  });
});
