// The desktop host's project rules: a project whose images sit on another drive (outside the
// folders a web host serves) reopens with every image from Open Recent, and the installed sample
// case is never offered in Open Recent nor written over.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/services/workspace';
import { createProjectService, type ProjectService } from '../../src/services/projects';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import type { Project } from '../../src/shared/figure/schema';
import { tempDir } from './helpers/documents-fixtures';

const FIX = path.resolve(__dirname, '../fixtures');
const PHOTO = path.join(FIX, 'photos/retina_fundus.jpg');
const HISTO = path.join(FIX, 'images/histology/ihc.png');

let root: string;
const open: { ws: Workspace; svc: ProjectService }[] = [];

/** One run of the app: a fresh workspace (no file chosen yet) over the same user folder. */
function session(sourcesAnywhere: boolean): { ws: Workspace; svc: ProjectService } {
  const ws = createWorkspace({
    roots: [path.join(root, 'home')],
    importDir: path.join(root, 'imports'),
    exportDir: path.join(root, 'exports'),
  });
  const svc = createProjectService(ws, {
    recoveryDir: path.join(root, 'user/recovery'),
    recentsFile: path.join(root, 'user/recent.json'),
    settingsFile: path.join(root, 'user/settings.json'),
    sampleCaseDir: path.join(root, 'resources/sample-case'),
    sourcesAnywhere,
  });
  open.push({ ws, svc });
  return { ws, svc };
}

beforeEach(async () => {
  root = await tempDir('medfig-desktop-');
  await fsp.mkdir(path.join(root, 'home'), { recursive: true });
  // "Another drive": outside the home folder the host serves.
  await fsp.mkdir(path.join(root, 'drive-d/case/images'), { recursive: true });
  await fsp.copyFile(PHOTO, path.join(root, 'drive-d/case/images/photo.jpg'));
  await fsp.copyFile(HISTO, path.join(root, 'drive-d/case/images/biopsy.png'));
});
afterEach(async () => {
  for (const { svc, ws } of open.splice(0)) {
    await svc.close();
    await ws.close();
  }
  await fsp.rm(root, { recursive: true, force: true });
});

/** In the first run: both images and the project file picked in native dialogs, then saved. */
async function savedOnDriveD(sourcesAnywhere: boolean): Promise<string> {
  const { ws, svc } = session(sourcesAnywhere);
  const p: Project = newProject(newFigure('Figure 1'));
  for (const name of ['photo.jpg', 'biopsy.png']) {
    const img = await ws.openImage({ fileId: ws.issue(path.join(root, 'drive-d/case/images', name), 'file', true).id });
    p.sources.push({ ...img.source });
    p.figures[0].panels.push(newPanel(img.source.id));
  }
  p.figures[0].rows = [2];
  const file = path.join(root, 'drive-d/case/case.medfig');
  await svc.saveProject({ project: p, fileId: ws.issue(file, 'file', true).id });
  return file;
}

/** In a later run: the project reopened from Open Recent (an id the recents list issued). */
async function reopenFromRecents(sourcesAnywhere: boolean) {
  const { svc } = session(sourcesAnywhere);
  const recent = (await svc.recentProjects({})).recent;
  expect(recent.map((r) => path.basename(r.path))).toEqual(['case.medfig']);
  return svc.openProject({ fileId: recent[0].id, searchDirIds: [] });
}

describe('a project on another drive, reopened from Open Recent in a later run', () => {
  it('desktop host: every image opens, decoded from where it is', async () => {
    await savedOnDriveD(true);
    const o = await reopenFromRecents(true);
    expect(o.missing).toEqual([]);
    expect(o.sources.map((s) => path.basename(s.ref.path)).sort()).toEqual(['biopsy.png', 'photo.jpg']);
    expect(o.sources.find((s) => s.ref.path.endsWith('photo.jpg'))!.info.width).toBe(1411);
  });

  it('web host: the same project answers "outside the folders" for each image, and opens none', async () => {
    await savedOnDriveD(false);
    const o = await reopenFromRecents(false);
    expect(o.sources).toEqual([]);
    expect(o.missing.map((m) => m.reason)).toEqual([
      expect.stringMatching(/outside the folders/),
      expect.stringMatching(/outside the folders/),
    ]);
  });
});

describe('the installed sample case', () => {
  async function sample(svc: ProjectService): Promise<string> {
    const dir = path.join(root, 'resources/sample-case');
    await fsp.mkdir(dir, { recursive: true });
    const file = path.join(dir, 'sample.medfig');
    await fsp.writeFile(file, JSON.stringify(newProject(newFigure('Figure 1'))));
    const { fileId } = await svc.sampleCase({});
    await svc.openProject({ fileId, searchDirIds: [] });
    return file;
  }

  it('is not added to Open Recent', async () => {
    const { svc } = session(true);
    await sample(svc);
    expect((await svc.recentProjects({})).recent).toEqual([]);
  });

  it('is never written over: a save names Save As, and the file is unchanged', async () => {
    const { ws, svc } = session(true);
    const file = await sample(svc);
    const before = await fsp.readFile(file);
    await expect(svc.saveProject({ project: newProject(newFigure('Mine')), fileId: ws.issue(file, 'file', true).id })).rejects.toThrow(
      "Not saved: sample.medfig is Medfig's sample case; save your own copy with Save As.",
    );
    expect((await fsp.readFile(file)).equals(before)).toBe(true);
  });
});
