// The API contract: every payload is validated before a service sees it, with a message that
// names the method and the bad field; the services read real images and report their size.
import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRequest, ApiError, API_METHODS } from '../../src/shared/api';
import { API_METHOD_NAMES } from '../../src/shared/api-methods';
import { encodeWire, decodeWire } from '../../src/shared/wire';
import { createWorkspace } from '../../src/services/workspace';
import { createDispatcher } from '../../src/services/dispatch';
import { createProjectService } from '../../src/services/projects';
import { newProject } from '../../src/shared/figure/factory';
import { FORMAT_VERSION } from '../../src/shared/figure/schema';

const FIX = resolve(import.meta.dirname, '../fixtures');

/** A valid project with one empty figure, whose id the export requests name. */
function newProjectLike() {
  const p = newProject();
  return { ...p, figures: [{ ...p.figures[0], id: 'f' }] };
}

describe('request validation', () => {
  it('names the method and the bad field', () => {
    expect(() => parseRequest('getFrame', { sourceId: 'x', frame: -1 })).toThrow(/getFrame: frame/);
    expect(() => parseRequest('openImage', { fileId: '' })).toThrow(/openImage: fileId/);
    expect(() => parseRequest('browse', null)).toThrow(/browse/);
  });

  it('refuses a path where only an issued file id is allowed, even beside a valid id', () => {
    // The valid payload passes, so the refusal below is for the extra path alone.
    expect(parseRequest('openImage', { fileId: 'f1' })).toEqual({ fileId: 'f1' });
    expect(() => parseRequest('openImage', { fileId: 'f1', path: '/etc/passwd' })).toThrow(ApiError);
    expect(() => parseRequest('openImage', { fileId: 'f1', path: '/etc/passwd' })).toThrow(/path/);
  });

  it('refuses an export file name that climbs out of the export folder, and only that', () => {
    const valid = {
      project: newProjectLike(),
      projectPath: null,
      figureId: 'f',
      format: 'png',
      dpi: 600,
      fileName: 'figure-1.png',
    };
    expect(() => parseRequest('exportFigure', valid)).not.toThrow();
    for (const evil of ['../../evil.png', '..\\..\\evil.png', '/etc/evil.png', 'a/b.png'])
      expect(() => parseRequest('exportFigure', { ...valid, fileName: evil }), evil).toThrow(/exportFigure: fileName/);
  });

  it('rejects a document with a bad field inside the export request', () => {
    const bad = {
      project: { formatVersion: FORMAT_VERSION, app: 'medfig', sources: [], figures: [] },
      projectPath: null,
      figureId: 'f',
      format: 'png',
      dpi: 600,
      fileName: 'a.png',
    };
    expect(() => parseRequest('exportFigure', bad)).toThrow(/project\.figures/);
  });

  it('accepts a valid request and applies defaults', () => {
    expect(parseRequest('getFrame', { sourceId: 's', frame: 0 })).toEqual({ sourceId: 's', frame: 0, maxSide: null });
  });

  it('the preload binds exactly the contract methods', () => {
    expect([...API_METHOD_NAMES].sort()).toEqual([...API_METHODS].sort());
  });
});

describe('wire framing', () => {
  it('round-trips typed arrays byte for byte', () => {
    const msg = { a: 1, px: new Uint16Array([0, 1, 65535]), s: new Int16Array([-1024, 3071]), nested: { b: new Uint8Array([1, 2, 3]) } };
    const back = decodeWire(encodeWire(msg)) as typeof msg;
    expect(back.a).toBe(1);
    expect(Array.from(back.px)).toEqual([0, 1, 65535]);
    expect(back.s).toBeInstanceOf(Int16Array);
    expect(Array.from(back.s)).toEqual([-1024, 3071]);
    expect(Array.from(back.nested.b)).toEqual([1, 2, 3]);
  });
  it('refuses a truncated message', () => {
    const bytes = encodeWire({ px: new Uint8Array(100) });
    expect(() => decodeWire(bytes.subarray(0, bytes.length - 50))).toThrow(/truncated/);
  });
});

describe('services through the dispatcher', () => {
  const work = mkdtempSync(join(tmpdir(), 'medfig-api-'));
  const ws = createWorkspace({ roots: [FIX], importDir: join(work, 'imports'), exportDir: join(work, 'exports') });
  const projects = createProjectService(ws, {
    recoveryDir: join(work, 'rec'),
    recentsFile: join(work, 'recent.json'),
    settingsFile: join(work, 'settings.json'),
    sampleCaseDir: join(work, 'none'),
  });
  const dispatch = createDispatcher(ws, projects, {
    hostInfo: () => ({ host: 'web', version: 'test', exportDir: null }),
    openDialog: async () => ({ supported: false, files: [] }),
    saveDialog: async () => ({ supported: false, fileName: null, fileId: null }),
  });
  afterAll(() => ws.close());

  it('reads a real JPEG and a real PNG and reports their size', async () => {
    const jpg = ws.issue(join(FIX, 'photos/retina_fundus.jpg'));
    const png = ws.issue(join(FIX, 'images/histology/ihc.png'));
    const a = await dispatch('openImage', { fileId: jpg.id });
    expect([a.info.format, a.info.width, a.info.height]).toEqual(['jpeg', 1411, 1411]);
    const b = await dispatch('openImage', { fileId: png.id });
    expect(b.info.format).toBe('png');
    expect(b.info.width).toBeGreaterThan(100);
    const frame = await dispatch('getFrame', { sourceId: b.source.id, frame: 0 });
    expect(frame.width).toBe(b.info.width);
    expect(frame.data.length).toBe(frame.width * frame.height * frame.channels);
  });

  it('refuses ids it never issued, and malformed payloads', async () => {
    await expect(dispatch('openImage', { fileId: 'made-up' })).rejects.toThrow(/no longer known|open it again/);
    await expect(dispatch('getFrame', { sourceId: 'x', frame: 'one' })).rejects.toThrow(/getFrame: frame/);
  });

  it('browse lists only inside the roots', async () => {
    const roots = await dispatch('browse', { dirId: null });
    expect(roots.entries.map((e) => e.name)).toEqual(['fixtures']);
    const outside = ws.issue('/etc', 'dir');
    await expect(dispatch('browse', { dirId: outside.id })).rejects.toThrow(/outside/);
  });
});
