// Issue 22, the CLI side: never the wrong image (sources checked by SHA-256, relinked by hash
// when moved), never an output over an input (by inode: same name, symlink, hard link), and
// project files bounded like images (FIFO, folder, nesting, size, point counts → exit 2 at once
// with one line). Runs the real bin.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { addSource, saveProject } from '../../src/services/documents';
import { DEFAULT_STYLE, type Project } from '../../src/shared/figure/schema';
import { LIMITS } from '../../src/shared/limits';

const root = resolve(import.meta.dirname, '../..');
const MR = join(root, 'tests/fixtures/dicom/mr-series');
const PHOTO = join(root, 'tests/fixtures/photos/retina_fundus.jpg');

function medfig(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/medfig.js'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const oneLine = (r: { err: string }) => {
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\bat .+:\d+:\d+|Maximum call stack/);
};

/** A project in `dir` with two panels (A: images/slice.dcm, B: images/photo.jpg) in one figure, and a second figure. */
async function twoPanelProject(dir: string): Promise<string> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  copyFileSync(join(MR, 'brain_002.dcm'), join(dir, 'images/slice.dcm'));
  copyFileSync(PHOTO, join(dir, 'images/photo.jpg'));
  const a = await addSource(dir, join(dir, 'images/slice.dcm'));
  const b = await addSource(dir, join(dir, 'images/photo.jpg'));
  const f1 = newFigure('Figure 1', 85);
  f1.panels.push(newPanel(a.id), newPanel(b.id));
  f1.rows = [2];
  const f2 = newFigure('Figure 2', 85);
  f2.panels.push(newPanel(b.id));
  f2.rows = [1];
  const p = newProject(f1);
  p.figures.push(f2);
  p.sources.push(a, b);
  const file = join(dir, 'p.medfig');
  await saveProject(file, p);
  return file;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'medfig-cli-harden-'));
});

describe('the CLI never exports the wrong image', () => {
  it('a source swapped for another slice of the same size: export, preflight and legend exit 2 naming the panel and file', async () => {
    const dir = join(work, 'swap');
    const proj = await twoPanelProject(dir);
    // Another slice of the same series, same byte size: only the hash tells them apart.
    copyFileSync(join(MR, 'brain_004.dcm'), join(dir, 'images/slice.dcm'));
    const out = join(dir, 'out.png');
    for (const args of [
      ['export', proj, '-o', out, '--dpi', '100'],
      ['preflight', proj],
      ['legend', proj],
    ]) {
      const r = medfig(...args);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(2);
      oneLine(r);
      expect(r.err).toContain('panel A of "Figure 1"');
      expect(r.err).toContain('slice.dcm');
      expect(r.err).toMatch(/different image/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('a source that moved within the project folder is found by hash, as the app relinks', async () => {
    const dir = join(work, 'moved');
    const proj = await twoPanelProject(dir);
    mkdirSync(join(dir, 'renamed'));
    renameSync(join(dir, 'images/photo.jpg'), join(dir, 'renamed/photo-copy.jpg'));
    const out = join(dir, 'out.png');
    const r = medfig('export', proj, '--figure', '2', '-o', out, '--dpi', '100');
    expect(r.code, r.err).toBe(0);
    expect((await sharp(out).metadata()).width).toBeGreaterThan(100);
  });

  it('a missing source is named too (not a silent blank panel)', async () => {
    const dir = join(work, 'missing');
    const proj = await twoPanelProject(dir);
    writeFileSync(join(dir, 'images/photo.jpg'), 'gone'); // different size and bytes, and no copy anywhere
    const r = medfig('export', proj, '--figure', '2', '-o', join(dir, 'o.png'));
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.err).toMatch(/panel B of "Figure 1" \(and 1 more panel\).*photo\.jpg.*changed/);
  });
});

describe('CLI outputs never overwrite what the project or the command reads', () => {
  it('export --all-figures into the folder holding a source named figure-N.png: exit 2, the source unchanged', async () => {
    const dir = join(work, 'batch');
    mkdirSync(join(dir, 'images'), { recursive: true });
    // A source that happens to be called figure-1.png in the folder the batch writes to.
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
      .png()
      .toFile(join(dir, 'images/figure-1.png'));
    const src = await addSource(dir, join(dir, 'images/figure-1.png'));
    const fig = newFigure('Figure 1', 85);
    fig.panels.push(newPanel(src.id));
    fig.rows = [1];
    const p = newProject(fig);
    p.sources.push(src);
    const proj = join(dir, 'p.medfig');
    await saveProject(proj, p);
    const before = sha(join(dir, 'images/figure-1.png'));
    const r = medfig('export', proj, '--all-figures', '-o', join(dir, 'images'));
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.err).toMatch(/figure-1\.png" is the source image of panel A of "Figure 1"/);
    expect(sha(join(dir, 'images/figure-1.png'))).toBe(before);
    // -o naming the project file itself through a link is refused as well.
    symlinkSync(proj, join(dir, 'link.png'));
    const viaLink = medfig('export', proj, '-o', join(dir, 'link.png'));
    expect(viaLink.code).toBe(2);
    expect(viaLink.err).toMatch(/is the project file/);
  });

  it('render onto its own input (same name, symlink, hard link): exit 2 and the input bytes unchanged', () => {
    const dir = join(work, 'render');
    mkdirSync(dir);
    const cell = join(dir, 'cell.png');
    copyFileSync(join(root, 'tests/fixtures/images/generated/bmp_source.png'), cell);
    const before = sha(cell);
    symlinkSync(cell, join(dir, 'alias.png'));
    linkSync(cell, join(dir, 'hard.png'));
    for (const target of [cell, join(dir, '.', 'cell.png'), join(dir, 'alias.png'), join(dir, 'hard.png')]) {
      const r = medfig('render', cell, '-o', target);
      expect(r.code, target).toBe(2);
      oneLine(r);
      expect(r.err).toMatch(/is the input image and would be overwritten/);
    }
    expect(sha(cell)).toBe(before);
    expect(medfig('render', cell, '-o', join(dir, 'other.png')).code).toBe(0);
  });
});

describe('project files bounded like images', () => {
  it('a FIFO, a folder or a device as the project: exit 2 at once, one line', () => {
    const dir = join(work, 'special');
    mkdirSync(dir);
    const fifo = join(dir, 'pipe.medfig');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    mkdirSync(join(dir, 'folder.medfig'));
    for (const [file, why] of [
      [fifo, /not a regular file \(a pipe\)/],
      [join(dir, 'folder.medfig'), /folder/],
      ['/dev/zero', /not a regular file \(a device\)/],
    ] as const) {
      for (const cmd of ['export', 'preflight']) {
        const r = medfig(cmd, file, ...(cmd === 'export' ? ['-o', join(dir, 'x.png')] : []));
        expect(r.code, `${cmd} ${file}`).toBe(2);
        oneLine(r);
        expect(r.err).toMatch(why);
      }
    }
  });

  it('nesting 50,000 levels deep: a sentence, not "Maximum call stack size exceeded"', () => {
    const file = join(work, 'deep.medfig');
    writeFileSync(file, '{"formatVersion":1,"app":"medfig","sources":' + '['.repeat(50_000) + ']'.repeat(50_000) + ',"figures":[]}');
    const r = medfig('preflight', file);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.err).toMatch(/deep\.medfig.*nested deeper than 64 levels/);
  });

  it('a project over the size cap is refused before it is read', () => {
    const file = join(work, 'huge.medfig');
    writeFileSync(file, Buffer.alloc(LIMITS.projectBytes + 1, 0x20));
    const r = medfig('legend', file);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.err).toMatch(/huge\.medfig.*larger than a Medfig project can be \(32 MiB\)/);
  });

  it('more annotation points than a project may hold: exit 2 naming the count and the limit', async () => {
    const dir = join(work, 'points');
    mkdirSync(dir);
    copyFileSync(PHOTO, join(dir, 'a.jpg'));
    const src = await addSource(dir, join(dir, 'a.jpg'));
    const fig = newFigure('Figure 1', 85);
    const panel = newPanel(src.id);
    // Each shape within the per-shape limit; together past the per-project one. Written compactly
    // (the app would never save it), as a hostile or generated file would be.
    const shapes = Math.ceil((LIMITS.pointsPerProject + 1) / LIMITS.pointsPerShape);
    for (let s = 0; s < shapes; s++)
      panel.annotations.push({
        id: `f${s}`,
        layer: 'labels',
        type: 'freehand',
        style: DEFAULT_STYLE,
        points: Array.from({ length: LIMITS.pointsPerShape }, (_, i) => [i % 1000, (i * 7) % 1000] as [number, number]),
      });
    const p: Project = newProject(fig);
    p.figures[0].panels.push(panel);
    p.figures[0].rows = [1];
    p.sources.push(src);
    const file = join(dir, 'p.medfig');
    writeFileSync(file, JSON.stringify(p));
    const r = medfig('export', file, '-o', join(dir, 'o.png'));
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.err).toMatch(/1,000,000 annotation points|more than Medfig draws in one project \(1,000,000\)/);
    expect(existsSync(join(dir, 'o.png'))).toBe(false);
  });
});
