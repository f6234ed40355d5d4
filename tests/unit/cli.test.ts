// The `medfig` CLI contract: commands, flags, JSON fields and exit codes (0 ok, 1 preflight
// violations, 2 bad input/usage with one line naming the file). Runs the real bin.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { readPngDpi, readJpegHeader } from '../../src/services/export';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { saveProject, addSource } from '../../src/services/documents';
import { createWorkspace } from '../../src/services/workspace';
import { createDispatcher } from '../../src/services/dispatch';
import { createProjectService } from '../../src/services/projects';
import { migrate } from '../../src/shared/figure/migrations';

const root = resolve(import.meta.dirname, '../..');
const FIX = join(root, 'tests/fixtures');
const CT = join(FIX, 'dicom/ct/ct_chest_ge_implicit_le.dcm');
const SAMPLE = join(root, 'resources/sample-case');

function medfig(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/medfig.js'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medfig-cli-'));
  // Run the built CLI (out/cli), as an installed `medfig` does.
  // @ts-expect-error -- a plain .mjs build script without type declarations
  const { buildCli } = await import('../../scripts/build-cli.mjs');
  await buildCli({ quiet: true });
}, 60_000);

describe('medfig info', () => {
  it('prints the attributes as JSON for DICOM', () => {
    const r = medfig('info', CT, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ format: 'dicom', modality: 'CT', width: 512, height: 512, bitsStored: 16, photometric: 'MONOCHROME2' });
    expect(j.pixelSpacing).toEqual({ row: 0.675781, column: 0.675781, source: 'PixelSpacing', note: expect.any(String) });
    expect(j.transferSyntax.uid).toBe('1.2.840.10008.1.2');
    expect(j.phi).toEqual(expect.arrayContaining(['PatientName', 'PatientID']));
    expect(j).toHaveProperty('burnedInAnnotation');
  });
  it('works for raster images, with null spacing when uncalibrated', () => {
    const j = JSON.parse(medfig('info', join(FIX, 'photos/retina_fundus.jpg'), '--json').out);
    expect(j).toMatchObject({ format: 'jpeg', width: 1411, height: 1411, pixelSpacing: null });
  });
  it('bad input: exit 2, one line naming the file', () => {
    const empty = join(dir, 'empty.dcm');
    writeFileSync(empty, '');
    for (const f of [empty, join(dir, 'nope.png'), join(FIX, 'images/bad/truncated.jpg')]) {
      const r = medfig('info', f);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain(f.split('/').pop());
      expect(r.err).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    }
  });
});

describe('medfig render', () => {
  it('writes the windowed image, equal to dcmtk within ±1', async () => {
    const out = join(dir, 'lung.png');
    const r = medfig('render', CT, '-o', out, '--window=-600,1500');
    expect(r.code).toBe(0);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([512, 512, 1]);
    // No invented print density (libvips' default would be 25.4 dpi): a render has no print size.
    expect(readPngDpi(readFileSync(out))).toBeNull();
    expect(readFileSync(out).includes('pHYs')).toBe(false);
    const ours = await sharp(out).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const ref = join(dir, 'lung-dcmtk.png');
    execFileSync('dcmj2pnm', ['+Ww', '-600', '1500', '+on', CT, ref]);
    const theirs = await sharp(ref).toColourspace('b-w').raw().toBuffer();
    let worst = 0;
    for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(theirs[i] - ours.data[i]));
    expect(worst).toBeLessThanOrEqual(1);
  });
  it('accepts --window C,W with a space, presets, and refuses bad flags with exit 2', () => {
    expect(medfig('render', CT, '-o', join(dir, 'a.png'), '--window', '-600,1500').code).toBe(0);
    expect(medfig('render', CT, '-o', join(dir, 'b.png'), '--preset', 'bone').code).toBe(0);
    expect(medfig('render', CT, '-o', join(dir, 'c.png'), '--preset', 'nope').code).toBe(2);
    expect(medfig('render', CT, '-o', join(dir, 'd.png'), '--window=40').code).toBe(2);
    expect(medfig('render', CT, '-o', join(dir, 'e.png'), '--frame', '2').code).toBe(2);
    expect(medfig('render', CT).code).toBe(2);
    expect(medfig('frobnicate').code).toBe(2);
  });
  it('colour: render goes through the same display function as the export', async () => {
    const src = join(FIX, 'images/png16/rgb16_chessboard.png');
    expect(medfig('render', src, '-o', join(dir, 'c16.png')).code).toBe(0);
    const { toRGBA8 } = await import('../../src/shared/imaging/window');
    const { effectiveWindow } = await import('../../src/shared/imaging/display');
    const { Display } = await import('../../src/shared/figure/schema');
    const { decodeRaster } = await import('../../src/services/images/raster');
    const frame = await decodeRaster(new Uint8Array(readFileSync(src)));
    const want = toRGBA8(frame, effectiveWindow(frame, Display.parse({})), false);
    const got = await sharp(join(dir, 'c16.png')).raw().toBuffer({ resolveWithObject: true });
    expect(got.info.channels).toBe(3);
    let diff = 0;
    for (let i = 0; i < frame.width * frame.height; i++)
      for (let c = 0; c < 3; c++) diff = Math.max(diff, Math.abs(got.data[i * 3 + c] - want[i * 4 + c]));
    expect(diff).toBe(0);
  });

  it('the CLI render equals the figure export of the same window, pixel for pixel', async () => {
    // One 512 px panel exported at a DPI that maps one source pixel to one output pixel.
    const proj = join(dir, 'one.medfig');
    copyFileSync(CT, join(dir, 'ct.dcm'));
    const src = await addSource(dir, join(dir, 'ct.dcm'));
    const fig = newFigure('Figure 1', (512 / 300) * 25.4);
    const panel = { ...newPanel(src.id), display: { ...newPanel(src.id).display, window: { center: 40, width: 400 } } };
    const p = newProject({
      ...fig,
      page: { ...fig.page, marginMm: 0 },
      letters: { ...fig.letters, enabled: false },
      panels: [panel],
      rows: [1],
    });
    p.sources.push(src);
    await saveProject(proj, p);
    expect(medfig('export', proj, '-o', join(dir, 'fig.png'), '--dpi', '300').code).toBe(0);
    expect(medfig('render', join(dir, 'ct.dcm'), '-o', join(dir, 'render.png'), '--window', '40,400').code).toBe(0);
    const fig1 = await sharp(join(dir, 'fig.png')).raw().toBuffer({ resolveWithObject: true });
    const ren = await sharp(join(dir, 'render.png')).toColourspace('b-w').raw().toBuffer();
    expect([fig1.info.width, fig1.info.height]).toEqual([512, 512]);
    let diff = 0;
    for (let i = 0; i < 512 * 512; i++) diff = Math.max(diff, Math.abs(fig1.data[i * fig1.info.channels] - ren[i]));
    expect(ren.length).toBe(512 * 512);
    expect(diff).toBe(0);
  });
});

describe('medfig export', () => {
  let proj: string;
  beforeAll(() => {
    cpSync(SAMPLE, join(dir, 'sample'), { recursive: true });
    proj = join(dir, 'sample/calcinosis-cutis-sle.medfig');
  });
  it('PNG at a DPI and width: exact pixel size and pHYs', async () => {
    const out = join(dir, 'f5.png');
    const r = medfig('export', proj, '--figure', '5', '-o', out, '--dpi', '600', '--width-mm', '183');
    expect(r.code).toBe(0);
    const m = await sharp(out).metadata();
    expect(m.width).toBe(4323);
    expect(readPngDpi(readFileSync(out))!.x).toBeCloseTo(600, 1);
  });
  it('TIFF and JPEG carry the DPI; JPEG has no EXIF', async () => {
    expect(medfig('export', proj, '--figure', '4', '-o', join(dir, 'f4.tif'), '--dpi', '300').code).toBe(0);
    const t = await sharp(join(dir, 'f4.tif')).metadata();
    expect(t.density).toBe(300);
    expect(t.format).toBe('tiff');
    expect(medfig('export', proj, '--figure', '4', '-o', join(dir, 'f4.jpg'), '--dpi', '300').code).toBe(0);
    const markers = readJpegHeader(readFileSync(join(dir, 'f4.jpg'))).segments.map((s) => s.marker);
    expect(markers).not.toContain(0xe1);
    expect((await sharp(join(dir, 'f4.jpg')).metadata()).density).toBe(300);
  });
  it('PDF has the labels as text and the images at native resolution; SVG has <text>', () => {
    const pdf = join(dir, 'f5.pdf');
    expect(medfig('export', proj, '--figure', '5', '-o', pdf).code).toBe(0);
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    for (const l of ['A', 'B', 'C', 'D']) expect(text).toContain(l);
    expect(text).toMatch(/\d+ µm/);
    const list = execFileSync('pdfimages', ['-list', pdf]).toString();
    expect(list).toMatch(/\b512\s+512\b/); // the CT slice, not resampled
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const [, w] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(w)).toBeCloseTo((183 * 72) / 25.4, 0);
    const svg = join(dir, 'f5.svg');
    expect(medfig('export', proj, '--figure', '5', '-o', svg).code).toBe(0);
    const s = readFileSync(svg, 'utf8');
    expect(s).toMatch(/<text[^>]*>[^<]*D<\/text>|>D</);
  });
  it('unlabelled drops labels; --all-figures writes figure-N files; unknown figure is exit 2', async () => {
    const out = join(dir, 'all');
    const r = medfig('export', proj, '--all-figures', '-o', join(out, 'x.png'), '--dpi', '150');
    expect(r.code).toBe(0);
    for (let i = 1; i <= 5; i++) expect((await sharp(join(out, `figure-${i}.png`)).metadata()).width).toBeGreaterThan(100);
    expect(medfig('export', proj, '--figure', '9', '-o', join(dir, 'n.png')).code).toBe(2);
    expect(medfig('export', proj, '-o', join(dir, 'n.gif')).code).toBe(2);
    const a = await sharp(join(out, 'figure-2.png')).raw().toBuffer();
    expect(medfig('export', proj, '--figure', '2', '--unlabelled', '-o', join(dir, 'u.png'), '--dpi', '150').code).toBe(0);
    const b = await sharp(join(dir, 'u.png')).raw().toBuffer();
    expect(a.length).toBe(b.length);
    expect(a.equals(b)).toBe(false);
  });
  it('a typo is a usage error and nothing is written; several projects never name files after the project', async () => {
    const typo = medfig('export', proj, '--dip', '300', '-o', join(dir, 'typo.png'));
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/no option --dip/);
    expect(existsSync(join(dir, 'typo.png'))).toBe(false);
    expect(medfig('export', proj, '--format', 'gif', '--all-figures', '-o', join(dir, 'g')).code).toBe(2);
    expect(medfig('export', proj, '--format', 'tif', '-o', join(dir, 'x.png')).code).toBe(2);
    expect(medfig('preflight', proj, '--format', 'foo').code).toBe(2);
    expect(medfig('info', CT, '--jsno').code).toBe(2);
    const batch = join(dir, 'batch');
    const r = medfig('export', proj, proj, '--figure', '1', '--format', 'tif', '-o', batch, '--dpi', '100');
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(batch).sort()).toEqual(['project-1', 'project-2']);
    expect(readdirSync(join(batch, 'project-1'))).toEqual(['figure-1.tif']);
  });

  it('the app’s export (the web host API) and the CLI’s give identical pixels', async () => {
    const ws = createWorkspace({ roots: [dir], importDir: join(dir, 'imp'), exportDir: join(dir, 'appexp') });
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
    // The renderer sends the document in the current format (a saved file may be older).
    const project = migrate(JSON.parse(readFileSync(proj, 'utf8')));
    // The host decodes only files it issued: as if the user had opened these.
    for (const s of project.sources) ws.issue(resolve(dir, 'sample', s.path));
    const r = await dispatch('exportFigure', {
      project,
      projectPath: proj,
      figureId: project.figures[2].id,
      format: 'png',
      dpi: 300,
      widthMm: null,
      unlabelled: false,
      quality: 92,
      fileName: 'app.png',
    });
    await ws.close();
    expect(medfig('export', proj, '--figure', '3', '-o', join(dir, 'cli.png'), '--dpi', '300').code).toBe(0);
    const a = await sharp(r.path).raw().toBuffer();
    const b = await sharp(join(dir, 'cli.png')).raw().toBuffer();
    expect(a.equals(b)).toBe(true);
  });
});

describe('medfig preflight and legend', () => {
  it('exit 0 when clean, 1 with violations (JSON lists them), 2 for an unknown journal', async () => {
    const proj = join(dir, 'sample/calcinosis-cutis-sle.medfig');
    const bad = medfig('preflight', proj, '--journal', 'nature', '--dpi', '100', '--json');
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.out);
    expect(j.ok).toBe(false);
    expect(j.figures.flatMap((f: { violations: { rule: string }[] }) => f.violations.map((v) => v.rule))).toContain('dpi');
    expect(medfig('preflight', proj, '--journal', 'no-such-journal').code).toBe(2);
    // A clean figure: the 1411 px photo over 89 mm (402 ppi), no labels, at 300 dpi.
    const clean = join(dir, 'clean.medfig');
    copyFileSync(join(FIX, 'photos/retina_fundus.jpg'), join(dir, 'retina.jpg'));
    const src = await addSource(dir, join(dir, 'retina.jpg'));
    const fig = newFigure('Figure 1', 89);
    const p = newProject({ ...fig, panels: [newPanel(src.id)], rows: [1] });
    p.sources.push(src);
    await saveProject(clean, p);
    const good = medfig('preflight', clean, '--journal', 'custom', '--dpi', '300');
    expect(good.code, good.out + good.err).toBe(0);
  });
  it('legend names windows, scale bars and markers', () => {
    const r = medfig('legend', join(dir, 'sample/calcinosis-cutis-sle.medfig'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/window centre 40 HU, width 400 HU/);
    expect(r.out).toMatch(/Scale bar, \d+ µm/);
    expect(r.out).toMatch(/[Aa]rrows?/);
    expect(r.out).toMatch(/[Aa]sterisks?/);
  });
});
