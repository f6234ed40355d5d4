import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { DEFAULT_STYLE, FORMAT_VERSION, type Project } from '../../src/shared/figure/schema';
import { DocumentError, loadProject, nodeFs, saveProject, serializeProject, type FsOps } from '../../src/services/documents';
import { bindReadOnly, fixtureProject, isRoot, tempDir, rejection } from './helpers/documents-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fsp.chmod(dir, 0o755).catch(() => {});
  await fsp.rm(dir, { recursive: true, force: true });
});

const listDir = async () => (await fsp.readdir(dir)).sort();

describe('round trip', () => {
  it('save → load gives back the same project (fixture with every kind of setting)', async () => {
    const project = await fixtureProject();
    const file = path.join(dir, 'case.medfig');
    await saveProject(file, project);
    const { project: loaded, missing } = await loadProject(file, { relink: false });
    expect(loaded).toEqual(project);
    expect(missing.map((m) => m.sourceId).sort()).toEqual(project.sources.map((s) => s.id).sort());
  });

  it('a project built with the factory survives save → load, several figures included', async () => {
    const p = newProject(newFigure('Figure 1', 84));
    p.figures.push(newFigure('Figure 2', 174));
    p.sources.push({ id: 's1', path: 'images/a.png', sha256: 'f'.repeat(64), size: 10, kind: 'raster' });
    const panel = newPanel('s1');
    panel.annotations.push({ id: 't', layer: 'labels', style: DEFAULT_STYLE, type: 'text', at: [1, 2], text: 'Ca²⁺ — µm', rotation: 0 });
    p.figures[1].panels.push(panel);
    p.figures[1].rows = [1];
    const file = path.join(dir, 'two figures.medfig');
    await saveProject(file, p);
    const { project } = await loadProject(file);
    expect(project).toEqual(p);
    expect(project.figures.map((f) => f.name)).toEqual(['Figure 1', 'Figure 2']);
  });

  it('writes only schema fields: a stray patient attribute never reaches the file', async () => {
    const p = (await fixtureProject()) as Project & { patientName?: string };
    p.patientName = 'DOE^JANE';
    (p.sources[0] as Record<string, unknown>).PatientID = 'PID-98765-X';
    const file = path.join(dir, 'p.medfig');
    await saveProject(file, p);
    const text = await fsp.readFile(file, 'utf8');
    expect(text).not.toMatch(/DOE\^JANE|PID-98765-X|patient/i);
  });

  it('leaves no temp file behind after a successful save', async () => {
    await saveProject(path.join(dir, 'a.medfig'), newProject());
    await saveProject(path.join(dir, 'a.medfig'), newProject());
    expect(await listDir()).toEqual(['a.medfig']);
  });
});

describe('atomic save', () => {
  const file = () => path.join(dir, 'case.medfig');
  let before: Buffer;
  beforeEach(async () => {
    await saveProject(file(), await fixtureProject());
    before = await fsp.readFile(file());
  });

  function failing(where: 'open' | 'write' | 'sync' | 'rename', code: string): FsOps {
    const err = () => Object.assign(new Error(`injected ${code}`), { code });
    return {
      ...nodeFs,
      async open(p, flags, mode) {
        if (where === 'open') throw err();
        const h = await nodeFs.open(p, flags, mode);
        return {
          async writeFile(data) {
            if (where === 'write') {
              // A partial write first, as a full disk does.
              await h.writeFile(typeof data === 'string' ? data.slice(0, 100) : data.subarray(0, 100));
              throw err();
            }
            await h.writeFile(data);
          },
          sync: () => (where === 'sync' ? Promise.reject(err()) : h.sync()),
          close: () => h.close(),
        };
      },
      rename: (a, b) => (where === 'rename' ? Promise.reject(err()) : nodeFs.rename(a, b)),
    };
  }

  const cases: [Parameters<typeof failing>[0], string, RegExp][] = [
    ['write', 'ENOSPC', /disk is full/],
    ['sync', 'EIO', /input\/output error/],
    ['rename', 'EACCES', /read-only/],
    ['open', 'EROFS', /read-only/],
    ['open', 'ENOENT', /path gone/],
    ['open', 'ENOTDIR', /a file is in the way where a folder should be/],
  ];
  for (const [where, code, why] of cases) {
    it(`${code} during ${where}: old file byte-identical, no temp file, error says why`, async () => {
      const changed = await fixtureProject();
      changed.figures[0].name = 'Changed';
      const err = await rejection(saveProject(file(), changed, { fs: failing(where, code) }));
      expect(err).toBeInstanceOf(DocumentError);
      expect((err as DocumentError).code).toBe('io');
      expect((err as Error).message).toMatch(why);
      expect((err as Error).message).toContain('case.medfig');
      expect((await fsp.readFile(file())).equals(before)).toBe(true);
      expect(await listDir()).toEqual(['case.medfig']);
    });
  }

  it('a folder that no longer exists: clear error, nothing created', async () => {
    const gone = path.join(dir, 'gone', 'x.medfig');
    await expect(saveProject(gone, newProject())).rejects.toThrow(/path gone/);
    expect(await listDir()).toEqual(['case.medfig']);
  });

  it('a real read-only folder: old file intact, message says read-only', async () => {
    // Root ignores permission bits (CI runs as root), so there the folder is made read-only for
    // real: a read-only bind mount of itself. Elsewhere the permission bits do it.
    const readOnly = isRoot ? bindReadOnly(dir) : (await fsp.chmod(dir, 0o555), () => fsp.chmod(dir, 0o755));
    try {
      await expect(saveProject(file(), newProject())).rejects.toThrow(/read-only/);
      expect((await fsp.readFile(file())).equals(before)).toBe(true);
      expect(await listDir()).toEqual(['case.medfig']);
    } finally {
      await readOnly();
    }
  });

  it('refuses to write an invalid project and names the bad field', async () => {
    const bad = await fixtureProject();
    bad.figures[1].panels[0].display.gamma = 50;
    await expect(saveProject(file(), bad)).rejects.toThrow(/figures\[1\]\.panels\[0\]\.display\.gamma/);
    expect((await fsp.readFile(file())).equals(before)).toBe(true);
  });
});

describe('bad input opens with a clear message and is never written', () => {
  async function expectRefused(name: string, content: Buffer | string, code: string, message: RegExp) {
    const file = path.join(dir, name);
    await fsp.writeFile(file, content);
    const bytes = await fsp.readFile(file);
    const mtime = (await fsp.stat(file)).mtimeMs;
    const err = await rejection(loadProject(file));
    expect(err).toBeInstanceOf(DocumentError);
    expect({ code: (err as DocumentError).code, file: (err as DocumentError).file }).toEqual({ code, file });
    expect((err as Error).message).toContain(`"${name}"`);
    expect((err as Error).message).toMatch(message);
    expect((await fsp.readFile(file)).equals(bytes)).toBe(true);
    expect((await fsp.stat(file)).mtimeMs).toBe(mtime);
    expect(await listDir()).toEqual([name]);
  }

  it('empty file', () => expectRefused('empty.medfig', '', 'empty', /empty/));
  it('whitespace only', () => expectRefused('ws.medfig', ' \n\t\n', 'empty', /empty/));

  it('truncated at many points', async () => {
    const full = serializeProject(await fixtureProject());
    for (const frac of [0.01, 0.2, 0.5, 0.77, 0.999]) {
      const cut = full.slice(0, Math.max(1, Math.floor(full.length * frac)));
      await expectRefused('cut.medfig', cut, 'truncated', /cut off/);
      await fsp.rm(path.join(dir, 'cut.medfig'));
    }
  });

  it('truncated and padded with NUL bytes (what a crash on some file systems leaves)', async () => {
    const full = serializeProject(await fixtureProject());
    await expectRefused('nul.medfig', full.slice(0, 300) + '\u0000'.repeat(200), 'truncated', /cut off/);
  });

  it('not JSON: text and binary', async () => {
    await expectRefused('text.medfig', 'hello, this is not a project', 'not-json', /not a Medfig project/);
    await fsp.rm(path.join(dir, 'text.medfig'));
    await expectRefused(
      'png.medfig',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'not-json',
      /not a Medfig project/,
    );
  });

  it('valid JSON that is not a project', async () => {
    await expectRefused('arr.medfig', '[1,2,3]', 'invalid', /\(root\)/);
    await fsp.rm(path.join(dir, 'arr.medfig'));
    await expectRefused('obj.medfig', '{"name":"x"}', 'invalid', /formatVersion: missing/);
  });

  it('a future format version', async () => {
    const p = JSON.parse(serializeProject(await fixtureProject()));
    p.formatVersion = 7;
    await expectRefused(
      'future.medfig',
      JSON.stringify(p),
      'future-version',
      new RegExp(`made by a newer Medfig \\(format 7; this version reads up to ${FORMAT_VERSION}\\)`),
    );
  });

  it('hand-edited invalid field: the message gives the path of the bad field', async () => {
    const p = await fixtureProject();
    p.figures[0].panels.push({ ...p.figures[0].panels[0], id: 'p9', crop: { x: 0, y: 0, w: 10, h: 10 } });
    const raw = JSON.parse(serializeProject(p));
    raw.figures[0].panels[2].crop.w = 0;
    await expectRefused('edited.medfig', JSON.stringify(raw, null, 2), 'invalid', /figures\[0\]\.panels\[2\]\.crop\.w: Too small/);
  });

  it('hand-edited bad colour and bad annotation type', async () => {
    const raw = JSON.parse(serializeProject(await fixtureProject()));
    raw.figures[1].panels[1].annotations[0].style.color = 'red';
    await expectRefused(
      'colour.medfig',
      JSON.stringify(raw),
      'invalid',
      /figures\[1\]\.panels\[1\]\.annotations\[0\]\.style\.color: colour must be #rrggbb/,
    );
  });

  it('hand-edited references: dangling source, rows that do not add up, duplicate ids, bad inset', async () => {
    const base = JSON.parse(serializeProject(await fixtureProject()));
    const cases: [(d: any) => void, RegExp][] = [
      [(d) => (d.figures[1].panels[1].sourceId = 'gone'), /figures\[1\]\.panels\[1\]\.sourceId: no source with id "gone"/],
      [(d) => d.figures[0].rows.push(1), /figures\[0\]\.rows: adds up to 3 but the figure has 2 panel/],
      [(d) => (d.figures[1].panels[0].id = d.figures[0].panels[0].id), /figures\[1\]\.panels\[0\]\.id: duplicate id "p1"/],
      [(d) => (d.sources[1].id = d.sources[0].id), /sources\[1\]\.id: duplicate id/],
      [(d) => (d.figures[0].panels[1].insetOf = 'p3'), /figures\[0\]\.panels\[1\]\.insetOf: no other panel with id "p3"/],
    ];
    for (const [i, [edit, msg]] of cases.entries()) {
      const doc = structuredClone(base);
      edit(doc);
      await expectRefused(`refs${i}.medfig`, JSON.stringify(doc), 'invalid', msg);
      await fsp.rm(path.join(dir, `refs${i}.medfig`));
      // Save refuses the same document: Medfig never writes what it would refuse to open.
      await expect(saveProject(path.join(dir, 'x.medfig'), doc)).rejects.toThrow(msg);
    }
  });

  it('a file that does not exist and a folder', async () => {
    const err = await rejection(loadProject(path.join(dir, 'nope.medfig')));
    expect(err.code).toBe('not-found');
    expect(err.message).toContain('"nope.medfig"');
    await fsp.mkdir(path.join(dir, 'folder.medfig'));
    const err2 = await rejection(loadProject(path.join(dir, 'folder.medfig')));
    expect(err2.code).toBe('io');
    expect(err2.message).toMatch(/folder/);
  });

  it('a UTF-8 BOM added by an editor is accepted', async () => {
    const p = await fixtureProject();
    const file = path.join(dir, 'bom.medfig');
    await fsp.writeFile(file, '\ufeff' + serializeProject(p));
    expect((await loadProject(file, { relink: false })).project).toEqual(p);
  });
});
