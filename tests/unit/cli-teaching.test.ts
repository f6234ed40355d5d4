// The teaching commands of the `medfig` contract, through the real (built) bin: export to .pptx
// (--quiz, --unlabelled), cine (GIF/MP4 of a series or multi-frame file) and package (ZIP);
// exit 0 on success, 2 with one line naming the problem otherwise.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

const root = resolve(import.meta.dirname, '../..');
const MR = join(root, 'tests/fixtures/dicom/mr-series');
let dir: string;
let project: string;

function medfig(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/medfig.js'), ...args], { encoding: 'utf8', cwd: root, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function oneLine(r: { code: number | null; err: string }, text: string | RegExp) {
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(text);
  expect(r.err).not.toMatch(/\bat .+:\d+:\d+/);
}

function slides(file: string): string[] {
  const z = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.keys(z)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]))
    .map((n) => strFromU8(z[n]));
}

function frames(file: string): { count: number; codec: string; width: number } {
  const j = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }),
  );
  return { count: Number(j.streams[0].nb_read_frames), codec: j.streams[0].codec_name, width: j.streams[0].width };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medfig-cli-teach-'));
  cpSync(join(root, 'resources/sample-case'), join(dir, 'case'), { recursive: true });
  project = join(dir, 'case/calcinosis-cutis-sle.medfig');
  // @ts-expect-error -- a plain .mjs build script without type declarations
  const { buildCli } = await import('../../scripts/build-cli.mjs');
  await buildCli({ quiet: true });
}, 120_000);

describe('medfig export … -o deck.pptx', () => {
  it('--quiz writes each figure unlabelled then labelled', () => {
    const out = join(dir, 'quiz.pptx');
    const r = medfig('export', project, '--figure', '5', '-o', out, '--quiz', '--dpi', '100');
    expect([r.code, r.err.trim()]).toEqual([0, 'wrote quiz.pptx: 2 slide(s) from 1 figure(s), pictures at 100 dpi']);
    const [bare, full] = slides(out);
    expect(bare).not.toMatch(/<a:tailEnd|<a:headEnd/);
    expect(full.match(/<a:tailEnd type="triangle"\/>/g)).toHaveLength(6);
  });

  it('--all-figures writes one deck; --unlabelled has no labels', () => {
    const out = join(dir, 'all.pptx');
    expect(medfig('export', project, '--all-figures', '-o', out, '--unlabelled', '--dpi', '72').code).toBe(0);
    const all = slides(out);
    expect(all).toHaveLength(5);
    for (const s of all) expect(s).not.toMatch(/<a:tailEnd|<a:headEnd/);
  });

  it('refuses --quiz for another format, and two projects in one deck', () => {
    oneLine(medfig('export', project, '-o', join(dir, 'x.png'), '--quiz'), /--quiz writes a slide deck: give -o a \.pptx name/);
    oneLine(medfig('export', project, project, '-o', join(dir, 'x.pptx')), /a slide deck is made from one project/);
    oneLine(medfig('export', project, '-o', join(dir, 'x.pptx'), '--quiz', '--unlabelled'), /give --quiz or --unlabelled, not both/);
    expect(existsSync(join(dir, 'x.pptx'))).toBe(false);
  });
});

describe('medfig cine', () => {
  it('writes an MP4 of a series folder: one frame per slice of the range, H.264, at the width', () => {
    const out = join(dir, 'mr.mp4');
    const r = medfig('cine', MR, '-o', out, '--window', '600,1200', '--fps', '8', '--width', '128', '--frames', '2-4', '--counter');
    expect([r.code, r.err.trim()]).toEqual([0, 'wrote mr.mp4: 3 frame(s), 128 × 128 px, 8 fps']);
    expect(frames(out)).toEqual({ count: 3, codec: 'h264', width: 128 });
  });

  it('writes a GIF with every slice', () => {
    const out = join(dir, 'mr.gif');
    expect(medfig('cine', MR, '-o', out, '--preset', 'brain').code).toBe(0);
    expect(frames(out)).toMatchObject({ count: 4, codec: 'gif', width: 256 });
  });

  it('bad input: exit 2, one line', () => {
    oneLine(medfig('cine', MR, '-o', join(dir, 'mr.avi')), /cine writes GIF or MP4: give -o a \.gif or \.mp4 name \(got "mr\.avi"\)/);
    oneLine(medfig('cine', MR, '-o', join(dir, 'r.gif'), '--frames', '3-9'), /mr-series: frames 3-9 asked for, but there are only 4/);
    oneLine(medfig('cine', MR, '-o', join(dir, 'r.gif'), '--frames', '5-2'), /--frames must be FIRST-LAST/);
    oneLine(medfig('cine', MR, '-o', join(dir, 'r.gif'), '--preset', 'kidney'), /unknown preset "kidney"/);
    oneLine(medfig('cine', join(dir, 'nowhere'), '-o', join(dir, 'r.gif')), /nowhere: file or folder not found/);
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    writeFileSync(join(empty, 'readme.txt'), 'hello');
    oneLine(medfig('cine', empty, '-o', join(dir, 'r.gif')), /empty-folder: no DICOM images in this folder/);
    expect(existsSync(join(dir, 'r.gif'))).toBe(false);
  });
});

describe('medfig package', () => {
  it('writes a ZIP with the chosen formats, legend, alt text and provenance', () => {
    const out = join(dir, 'pkg.zip');
    const r = medfig('package', project, '--figure', '3', '-o', out, '--formats', 'png,pptx', '--dpi', '100');
    expect(r.code).toBe(0);
    expect(r.err.trim()).toBe('wrote pkg.zip: 9 files for 1 figure(s) (png, pptx at 100 dpi)');
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(out)))).sort();
    expect(names).toEqual(
      [
        'figure-3.png',
        'figure-3-unlabelled.png',
        'figure-3.pptx',
        'figure-3-unlabelled.pptx',
        'figure-3-legend.txt',
        'figure-3-alt-text.txt',
        'provenance.json',
        'provenance.txt',
        'image-integrity.txt',
      ].sort(),
    );
  });

  it('bad input: exit 2, one line', () => {
    oneLine(
      medfig('package', project, '-o', join(dir, 'p.zip'), '--formats', 'png,bmp'),
      /--formats: "bmp" is not one of png, tif, jpg, pdf, svg, pptx/,
    );
    oneLine(medfig('package', project, '-o', join(dir, 'p.tar')), /package writes a ZIP/);
    oneLine(medfig('package', project, '--figure', '9', '-o', join(dir, 'p.zip')), /no figure "9" in the project/);
    expect(existsSync(join(dir, 'p.zip'))).toBe(false);
  });
});
