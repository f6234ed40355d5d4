// Large exports report progress and can be cancelled; a cancelled export writes nothing.
import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createWorkspace } from '../../src/services/workspace';
import { createDispatcher } from '../../src/services/dispatch';
import { createProjectService } from '../../src/services/projects';

const root = resolve(import.meta.dirname, '../..');
const SAMPLE = join(root, 'resources/sample-case');
const dir = mkdtempSync(join(tmpdir(), 'medfig-cancel-'));
const ws = createWorkspace({ roots: [SAMPLE], importDir: join(dir, 'imp'), exportDir: join(dir, 'out') });
const projects = createProjectService(ws, {
  recoveryDir: join(dir, 'rec'),
  recentsFile: join(dir, 'r.json'),
  settingsFile: join(dir, 's.json'),
  sampleCaseDir: SAMPLE,
});
const dispatch = createDispatcher(ws, projects, {
  hostInfo: () => ({ host: 'web', version: 't', exportDir: null }),
  openDialog: async () => ({ supported: false, files: [] }),
  saveDialog: async () => ({ supported: false, fileName: null, fileId: null }),
});
afterAll(() => ws.close());

const projectPath = join(SAMPLE, 'calcinosis-cutis-sle.medfig');
const project = JSON.parse(readFileSync(projectPath, 'utf8'));
for (const s of project.sources) ws.issue(resolve(SAMPLE, s.path));
const req = (jobId: string, fileName: string) => ({
  project,
  projectPath,
  figureId: project.figures[4].id,
  format: 'tiff',
  dpi: 1200,
  widthMm: null,
  unlabelled: false,
  quality: 92,
  fileName,
  jobId,
});

describe('export progress and cancel', () => {
  it('reports progress, then cancels: rejected as cancelled, no file written', async () => {
    const running = dispatch('exportFigure', req('job-1', 'big.tif'));
    let seen: number | null = null;
    // The export worker starts on first use (from sources through tsx here: seconds), so poll long enough.
    for (let i = 0; i < 3000 && !(seen && seen > 0); i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = (await dispatch('exportProgress', { jobId: 'job-1' })).fraction;
    }
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(1);
    expect((await dispatch('cancelExport', { jobId: 'job-1' })).cancelled).toBe(true);
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(join(dir, 'out', 'big.tif'))).toBe(false);
    expect((await dispatch('exportProgress', { jobId: 'job-1' })).fraction).toBeNull();
  });
  it('an unknown job is not cancellable', async () => {
    expect((await dispatch('cancelExport', { jobId: 'nope' })).cancelled).toBe(false);
  });
});
