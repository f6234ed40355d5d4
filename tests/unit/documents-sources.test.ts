import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import type { Project } from '../../src/shared/figure/schema';
import {
  addSource,
  saveProjectAs,
  collectProject,
  DocumentError,
  hashFile,
  loadProject,
  locateSource,
  resolveSourcePath,
  saveProject,
} from '../../src/services/documents';
import { fakeImageBytes, tempDir, writeFileDeep, rejection } from './helpers/documents-fixtures';

let root: string;
beforeEach(async () => {
  root = await tempDir();
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A project folder with n images under images/, one panel per image. */
async function makeProject(n: number, dirName = 'proj'): Promise<{ file: string; dir: string; project: Project; bytes: Buffer[] }> {
  const dir = path.join(root, dirName);
  const project = newProject(newFigure('Figure 1', 174));
  const bytes: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const b = fakeImageBytes(i + 1, 3000 + i * 17);
    bytes.push(b);
    const abs = await writeFileDeep(path.join(dir, 'images', `img${i}.png`), b);
    const ref = await addSource(dir, abs);
    project.sources.push(ref);
    project.figures[0].panels.push(newPanel(ref.id));
  }
  project.figures[0].rows = n ? [n] : [];
  const file = path.join(dir, 'case.medfig');
  await saveProject(file, project);
  return { file, dir, project, bytes };
}

describe('hashing and source refs', () => {
  it('hashFile streams and matches a one-shot SHA-256, size included', async () => {
    const big = Buffer.concat(Array.from({ length: 40 }, (_, i) => fakeImageBytes(i, 65536 + i)));
    const f = await writeFileDeep(path.join(root, 'big.bin'), big);
    expect(await hashFile(f)).toEqual({ sha256: sha(big), size: big.length });
  });

  it('addSource stores a forward-slash relative path and sniffs the kind', async () => {
    const dir = path.join(root, 'p');
    const png = await writeFileDeep(path.join(dir, 'a', 'b', 'photo.png'), fakeImageBytes(1));
    const dcm = Buffer.alloc(300);
    dcm.write('DICM', 128, 'latin1');
    const dcmFile = await writeFileDeep(path.join(dir, 'xr.dcm'), dcm);
    // Preamble-less explicit-VR dataset: (0008,0016) UI …
    const bare = Buffer.from([0x08, 0x00, 0x16, 0x00, 0x55, 0x49, 0x04, 0x00, 0x31, 0x2e, 0x32, 0x00]);
    const bareFile = await writeFileDeep(path.join(dir, 'IM0001'), bare);
    const outside = await writeFileDeep(path.join(root, 'elsewhere', 'x.png'), fakeImageBytes(2));

    const r1 = await addSource(dir, png);
    expect(r1).toMatchObject({ path: 'a/b/photo.png', sha256: sha(fakeImageBytes(1)), size: 4096, kind: 'raster' });
    expect((await addSource(dir, dcmFile)).kind).toBe('dicom');
    expect((await addSource(dir, bareFile)).kind).toBe('dicom');
    const r4 = await addSource(dir, outside);
    expect(r4.path).toBe('../elsewhere/x.png');
    expect(resolveSourcePath(dir, r4)).toBe(outside);
    await expect(addSource(dir, path.join(dir, 'nope.png'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('relink by hash', () => {
  it('finds sources moved and renamed inside the project folder, and reports where from/to', async () => {
    const { file, dir, project, bytes } = await makeProject(3);
    await fsp.mkdir(path.join(dir, 'moved', 'deeper'), { recursive: true });
    await fsp.rename(path.join(dir, 'images', 'img0.png'), path.join(dir, 'moved', 'renamed.png'));
    await fsp.rename(path.join(dir, 'images', 'img2.png'), path.join(dir, 'moved', 'deeper', 'img2.png'));
    const res = await loadProject(file);
    expect(res.missing).toEqual([]);
    expect(res.relinked.map((r) => [r.sourceId, path.relative(dir, r.to)]).sort()).toEqual(
      [
        [project.sources[0].id, path.join('moved', 'renamed.png')],
        [project.sources[2].id, path.join('moved', 'deeper', 'img2.png')],
      ].sort(),
    );
    // The relinked refs point at the same bytes.
    for (const [i, ref] of res.project.sources.entries()) expect(sha(await fsp.readFile(resolveSourcePath(dir, ref)))).toBe(sha(bytes[i]));
    expect(res.project.sources[0].path).toBe('moved/renamed.png');
  });

  it('finds a whole moved project folder’s sources in a folder the user names; otherwise reports them missing', async () => {
    const { file, dir } = await makeProject(2);
    const elsewhere = path.join(root, 'usb', 'stuff');
    await fsp.mkdir(path.dirname(elsewhere), { recursive: true });
    await fsp.rename(path.join(dir, 'images'), elsewhere);
    const before = await fsp.readFile(file);

    const notFound = await loadProject(file);
    expect(notFound.missing.map((m) => m.reason)).toEqual(['not-found', 'not-found']);
    expect(notFound.relinked).toEqual([]);

    const found = await loadProject(file, { searchDirs: [path.join(root, 'usb')] });
    expect(found.missing).toEqual([]);
    expect(found.relinked).toHaveLength(2);
    expect(found.project.sources.map((s) => s.path)).toEqual(['../usb/stuff/img0.png', '../usb/stuff/img1.png']);
    expect((await fsp.readFile(file)).equals(before)).toBe(true); // relink happens in memory only
  });

  it('a different image at the old path is not accepted: the original is found by hash elsewhere', async () => {
    const { file, dir, bytes } = await makeProject(1);
    await fsp.rename(path.join(dir, 'images', 'img0.png'), path.join(dir, 'orig.png'));
    await fsp.writeFile(path.join(dir, 'images', 'img0.png'), fakeImageBytes(99, bytes[0].length)); // same size, other bytes
    const res = await loadProject(file, { verifyHashes: true });
    expect(res.relinked.map((r) => path.basename(r.to))).toEqual(['orig.png']);

    await fsp.rm(path.join(dir, 'orig.png'));
    const res2 = await loadProject(file, { verifyHashes: true });
    expect(res2.missing.map((m) => m.reason)).toEqual(['hash-changed']);
  });

  it('respects the search depth bound', async () => {
    const { file, dir } = await makeProject(1);
    const deep = path.join(dir, 'a', 'b', 'c', 'd', 'e', 'f');
    await fsp.mkdir(deep, { recursive: true });
    await fsp.rename(path.join(dir, 'images', 'img0.png'), path.join(deep, 'img0.png'));
    expect((await loadProject(file, { searchLimits: { maxDepth: 3, maxEntries: 1000, maxHashes: 10 } })).missing).toHaveLength(1);
    expect((await loadProject(file, { searchLimits: { maxDepth: 6, maxEntries: 1000, maxHashes: 10 } })).missing).toHaveLength(0);
  });
});

describe('Save as', () => {
  it('to another folder rewrites source paths so every source is still found', async () => {
    const { dir, project } = await makeProject(2);
    const target = path.join(root, 'papers', 'jaad', 'case v2.medfig');
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const { project: written } = await saveProjectAs(target, project, dir);
    expect(written.sources.map((s) => s.path)).toEqual(['../../proj/images/img0.png', '../../proj/images/img1.png']);
    const opened = await loadProject(target, { relink: false, verifyHashes: true });
    expect(opened.missing).toEqual([]);
    expect(opened.project).toEqual(written);
    expect(project.sources[0].path).toBe('images/img0.png'); // the caller's project is untouched
  });
});

describe('Locate…', () => {
  it('accepts the same image silently and warns on a different one', async () => {
    const { dir, project, bytes } = await makeProject(1);
    const ref = project.sources[0];
    const same = await writeFileDeep(path.join(root, 'picked', 'copy.png'), bytes[0]);
    const other = await writeFileDeep(path.join(root, 'picked', 'other.png'), fakeImageBytes(50));
    const ok = await locateSource(dir, ref, same);
    expect(ok).toMatchObject({ ok: true, sameHash: true, warning: undefined });
    expect(ok.newRef).toEqual({ ...ref, path: '../picked/copy.png' });
    const diff = await locateSource(dir, ref, other);
    expect(diff.ok).toBe(true);
    expect(diff.sameHash).toBe(false);
    expect(diff.warning).toMatch(/different image/);
    expect(diff.newRef?.sha256).toBe(sha(fakeImageBytes(50)));
    const gone = await locateSource(dir, ref, path.join(root, 'nope.png'));
    expect(gone).toMatchObject({ ok: false, newRef: null });
  });
});

describe('Collect project', () => {
  it('copies the project and its sources into one folder, renames clashing names, rewrites refs', async () => {
    const { file, dir, project } = await makeProject(2);
    // A third source with the same file name as img0 but other bytes, outside the project.
    const clash = await writeFileDeep(path.join(root, 'other', 'img0.png'), fakeImageBytes(77));
    const ref = await addSource(dir, clash);
    project.sources.push(ref);
    // And a second ref to the same bytes as img1: one copy is enough.
    project.sources.push({ ...project.sources[1], id: 'dup' });
    await saveProject(file, project);

    const dest = path.join(root, 'to-coauthor');
    const res = await collectProject(file, dest);
    expect(res.projectPath).toBe(path.join(dest, 'case.medfig'));
    expect((await fsp.readdir(path.join(dest, 'images'))).sort()).toEqual(['img0-2.png', 'img0.png', 'img1.png']);

    // The collected folder stands alone: move it and it still opens with every source.
    const moved = path.join(root, 'moved-collect');
    await fsp.rename(dest, moved);
    const opened = await loadProject(path.join(moved, 'case.medfig'), { relink: false, verifyHashes: true });
    expect(opened.missing).toEqual([]);
    expect(opened.project.sources.map((s) => s.path)).toEqual([
      'images/img0.png',
      'images/img1.png',
      'images/img0-2.png',
      'images/img1.png',
    ]);
    expect(opened.project.sources.map((s) => s.sha256)).toEqual(project.sources.map((s) => s.sha256));
  });

  it('never overwrites: an existing project in the destination is an error; existing images are kept', async () => {
    const { file } = await makeProject(1);
    const dest = path.join(root, 'dest');
    const keep = await writeFileDeep(path.join(dest, 'images', 'img0.png'), 'precious');
    const res = await collectProject(file, dest);
    expect(await fsp.readFile(keep, 'utf8')).toBe('precious');
    expect(res.copied.map((c) => path.basename(c.to))).toEqual(['img0-2.png']);

    const before = await fsp.readFile(res.projectPath);
    const err = await rejection(collectProject(file, dest));
    expect(err).toBeInstanceOf(DocumentError);
    expect(err.code).toBe('exists');
    expect((await fsp.readFile(res.projectPath)).equals(before)).toBe(true);
  });

  it('refuses when sources are missing unless allowed', async () => {
    const { file, dir } = await makeProject(2);
    await fsp.rm(path.join(dir, 'images', 'img1.png'));
    await expect(collectProject(file, path.join(root, 'd1'))).rejects.toMatchObject({ code: 'missing-sources' });
    const res = await collectProject(file, path.join(root, 'd2'), { allowMissing: true });
    expect(res.copied).toHaveLength(1);
    expect(res.missing).toHaveLength(1);
  });
});
