// Issue 22, "no silent failures", below the UI: an autosave write failure answered at once
// (autosaveStatus), a recovery file that cannot be deleted is not offered again and is said
// once, an unreadable series folder names its reason, and `medfig preflight` reports a panel it
// could not check. Real services, real files; a failure is made real by putting a file where a
// folder should be (tests run as root: a chmod would not stop them).
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/services/workspace';
import { createDispatcher, type Dispatch } from '../../src/services/dispatch';
import { createProjectService, type ProjectService } from '../../src/services/projects';
import { addSource, saveProject } from '../../src/services/documents';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { tempDir, rejection } from './helpers/documents-fixtures';

const ROOT = path.resolve(__dirname, '../..');
const FIX = path.join(ROOT, 'tests/fixtures');

let root: string;
let ws: Workspace;
let svc: ProjectService;
let api: Dispatch;
const recoveryDir = () => path.join(root, 'user/recovery');

function start(): void {
  ws = createWorkspace({ roots: [path.join(root, 'data')], importDir: path.join(root, 'imports'), exportDir: path.join(root, 'exports') });
  svc = createProjectService(ws, {
    recoveryDir: recoveryDir(),
    recentsFile: path.join(root, 'user/recent.json'),
    settingsFile: path.join(root, 'user/settings.json'),
    sampleCaseDir: path.join(root, 'no-sample-case'),
    autosaveDebounceMs: 30,
  });
  api = createDispatcher(ws, svc, {
    hostInfo: () => ({ host: 'web', version: 'test', exportDir: null }),
    openDialog: async () => ({ supported: false, files: [] }),
    saveDialog: async (r) => ({ supported: false, fileName: r.defaultName, fileId: null }),
  });
}

beforeEach(async () => {
  root = await tempDir('medfig-surface-');
  await fsp.mkdir(path.join(root, 'data'), { recursive: true });
  start();
});
afterEach(async () => {
  await svc.close();
  await ws.close();
  await fsp.rm(root, { recursive: true, force: true });
});

describe('autosave failures are answered at once', () => {
  it('after a single change, autosaveStatus gives the failing path and the reason in words; a later good write clears it', async () => {
    await fsp.mkdir(path.dirname(recoveryDir()), { recursive: true });
    await fsp.writeFile(recoveryDir(), 'a file where the recovery folder should be');
    await api('autosave', { key: 'one-edit', project: newProject(), fileId: null });
    const { error } = await api('autosaveStatus', { key: 'one-edit' });
    expect(error).toBe(`Autosave could not write to ${recoveryDir()}: a file of that name is in the way (not a folder).`);

    await fsp.rm(recoveryDir());
    await api('autosave', { key: 'one-edit', project: newProject(), fileId: null });
    expect(await api('autosaveStatus', { key: 'one-edit' })).toEqual({ error: null });
    expect((await fsp.readdir(recoveryDir())).some((f) => f.endsWith('.recovery.medfig'))).toBe(true);
  });
});

describe('a recovery file that cannot be deleted', () => {
  it('is said once, with its path and reason, and not offered again (nor after a restart)', async () => {
    // A folder with the recovery file's name (not empty): unlink refuses it, as it would a read-only disk.
    const stale = path.join(recoveryDir(), 'stale1.recovery.medfig');
    await fsp.mkdir(path.join(stale, 'inside'), { recursive: true });
    expect((await api('listRecoveries', {})).recoveries.map((r) => r.key)).toEqual(['stale1']);

    const e = await rejection<{ code: string; message: string }>(api('discardRecovery', { key: 'stale1' }));
    expect(e.code).toBe('io');
    expect(e.message).toBe(
      `Could not delete the recovery file ${stale}: the path is a folder, not a file. Medfig will not offer it again; you may delete stale1.recovery.medfig yourself.`,
    );
    expect((await api('listRecoveries', {})).recoveries).toEqual([]);
    await svc.close();
    await ws.close();
    start();
    expect((await api('listRecoveries', {})).recoveries).toEqual([]);
  });
});

describe('an unreadable series folder names its reason', () => {
  it('a folder that vanished, and one replaced by a file, are failures with the reason, not "no slices"', async () => {
    const gone = path.join(root, 'data/ct-gone');
    const swapped = path.join(root, 'data/ct-swapped');
    await fsp.mkdir(gone);
    await fsp.mkdir(swapped);
    const goneId = ws.issue(gone, 'dir').id;
    const swappedId = ws.issue(swapped, 'dir').id;
    await fsp.rm(gone, { recursive: true });
    await fsp.rm(swapped, { recursive: true });
    await fsp.writeFile(swapped, 'now a file');

    const r = await api('openSeries', { fileIds: [goneId, swappedId] });
    expect(r.slices).toEqual([]);
    expect(r.failed).toEqual([
      { name: 'ct-gone', message: 'ct-gone: the folder no longer exists (moved or deleted)' },
      { name: 'ct-swapped', message: 'ct-swapped: it is not a folder (a file has that name now)' },
    ]);
  });
});

describe('medfig preflight reports a panel it could not check', () => {
  it('a source that no longer decodes (same bytes as recorded): exit 1, "Could not check panel B: <reason>", JSON shape kept', async () => {
    const dir = path.join(root, 'cli');
    await fsp.mkdir(path.join(dir, 'images'), { recursive: true });
    await fsp.copyFile(path.join(FIX, 'photos/retina_fundus.jpg'), path.join(dir, 'images/photo.jpg'));
    // A PNG cut short before its pixel data: the file the project records, hash and all.
    const png = await fsp.readFile(path.join(FIX, 'images/histology/ihc.png'));
    await fsp.writeFile(path.join(dir, 'images/biopsy.png'), png.subarray(0, 200));
    const a = await addSource(dir, path.join(dir, 'images/photo.jpg'));
    const b = await addSource(dir, path.join(dir, 'images/biopsy.png'));
    const f = newFigure('Figure 1', 85);
    f.panels.push(newPanel(a.id), newPanel(b.id));
    f.rows = [2];
    const p = newProject(f);
    p.sources.push(a, b);
    const file = path.join(dir, 'p.medfig');
    await saveProject(file, p);

    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/medfig.js'), 'preflight', file, '--dpi', '300', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as { ok: boolean; figures: { figure: string; violations: Record<string, unknown>[] }[] };
    expect(Object.keys(out).sort()).toEqual(['dpi', 'figures', 'format', 'journal', 'ok']);
    expect(out.ok).toBe(false);
    const unchecked = out.figures[0].violations.filter((v) => v.rule === 'unchecked-panel');
    expect(unchecked).toHaveLength(1);
    expect(unchecked[0]).toMatchObject({ severity: 'error', panelIndex: 1, letter: 'B' });
    expect(unchecked[0].message).toMatch(/^Could not check panel B: .*biopsy\.png.*\.$/);
    expect(String(unchecked[0].message).split('\n')).toHaveLength(1);
    expect(Object.keys(unchecked[0]).sort()).toEqual(['fix', 'letter', 'message', 'panelIndex', 'rule', 'severity']);

    const text = spawnSync(process.execPath, [path.join(ROOT, 'bin/medfig.js'), 'preflight', file, '--dpi', '300'], { encoding: 'utf8' });
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('ERROR Could not check panel B:');
  }, 120_000);
});
