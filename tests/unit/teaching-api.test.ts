// The teaching exports through the typed API (the dispatcher every host uses): payloads are
// validated, sources resolve only to files the session issued or opened (a renderer cannot name
// an arbitrary path), files land in the host's export folder with an id for download.
import { describe, expect, it, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { createWorkspace } from '../../src/services/workspace';
import { createProjectService } from '../../src/services/projects';
import { createDispatcher } from '../../src/services/dispatch';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-teach-api-'));
cpSync(join(root, 'resources/sample-case'), join(dir, 'sample'), { recursive: true });
cpSync(join(root, 'tests/fixtures/dicom/mr-series'), join(dir, 'mr'), { recursive: true });
const ws = createWorkspace({ roots: [dir], importDir: join(dir, 'imp'), exportDir: join(dir, 'out') });
const projects = createProjectService(ws, {
  recoveryDir: join(dir, 'rec'),
  recentsFile: join(dir, 'r.json'),
  settingsFile: join(dir, 's.json'),
  sampleCaseDir: join(root, 'resources/sample-case'),
});
const dispatch = createDispatcher(ws, projects, {
  hostInfo: () => ({ host: 'web', version: 't', exportDir: null }),
  openDialog: async () => ({ supported: false, files: [] }),
  saveDialog: async () => ({ supported: false, fileName: null, fileId: null }),
});
afterAll(() => ws.close());

const projPath = join(dir, 'sample/calcinosis-cutis-sle.medfig');
const project = JSON.parse(readFileSync(projPath, 'utf8'));

describe('teaching exports over the API', () => {
  it('refuses sources the session never opened, in one sentence', async () => {
    await expect(
      dispatch('exportSlides', { project, projectPath: projPath, figureIds: [project.figures[2].id], fileName: 'x.pptx' }),
    ).rejects.toThrow(/cannot export Figure 3 — CT: panel A: its image is not in the project/);
    await expect(dispatch('exportSlides', { project, projectPath: projPath, figureIds: [], fileName: 'x.pptx' })).rejects.toThrow(
      /exportSlides: figureIds/,
    );
    await expect(dispatch('exportSlides', { project, projectPath: projPath, figureIds: ['a'], fileName: '../x.pptx' })).rejects.toThrow(
      /a plain file name/,
    );
  });

  it('writes a quiz deck and a package into the export folder', async () => {
    for (const s of project.sources) ws.issue(resolve(dir, 'sample', s.path));
    const deck = await dispatch('exportSlides', {
      project,
      projectPath: projPath,
      figureIds: [project.figures[2].id],
      quiz: true,
      dpi: 72,
      fileName: 'ct.pptx',
    });
    expect(deck).toMatchObject({ path: join(dir, 'out/ct.pptx'), slides: 2 });
    expect(ws.pathOf(deck.fileId)).toBe(join(dir, 'out/ct.pptx'));
    const pkg = await dispatch('exportPackage', {
      project,
      projectPath: projPath,
      figureIds: [project.figures[2].id],
      formats: ['png'],
      dpi: 72,
      fileName: 'p.zip',
    });
    const z = unzipSync(new Uint8Array(readFileSync(pkg.path)));
    expect(Object.keys(z).sort()).toEqual(pkg.entries.sort());
    expect(JSON.parse(strFromU8(z['provenance.json'])).figures[0].panels[0].source.type).toBe('DICOM CT');
  });

  it("plays a panel's series as a cine loop, and only that panel's", async () => {
    const opened = await ws.openPath(join(dir, 'mr/brain_003.dcm'));
    const p = structuredClone(project);
    p.sources.push({ ...opened.source, path: opened.source.path });
    p.figures[0].panels[0].sourceId = opened.source.id;
    p.figures[0].panels[0].crop = null;
    p.figures[0].panels[0].annotations = [];
    const r = await dispatch('exportCine', {
      project: p,
      projectPath: null,
      figureId: p.figures[0].id,
      panelId: p.figures[0].panels[0].id,
      format: 'gif',
      fps: 4,
      widthPx: 64,
      fileName: 'loop.gif',
    });
    expect(r).toMatchObject({ frames: 4, width: 64, height: 64, note: null });
    await expect(
      dispatch('exportCine', {
        project: p,
        projectPath: null,
        figureId: p.figures[0].id,
        panelId: 'nope',
        format: 'gif',
        fileName: 'l.gif',
      }),
    ).rejects.toThrow('that panel is not in the project');
    await expect(
      dispatch('exportCine', {
        project: p,
        projectPath: null,
        figureId: p.figures[0].id,
        panelId: p.figures[0].panels[0].id,
        format: 'avi',
        fileName: 'l.avi',
      }),
    ).rejects.toThrow(/exportCine: format/);
  });
});
