// The DICOM stack viewer in the real renderer (cornerstone-core over the real services): open a
// CT series, scroll to a slice, apply the bone preset, drag the window; the screen's pixels must
// equal `medfig render` for the same window (one shared window function). Also MONOCHROME1,
// multi-frame files, and a folder with a mixed series, a corrupt slice and a non-image.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, ROOT, FIXTURES } from './fixtures';
import { writeDicom, greyModule, type El } from '../fixtures/dicom/reference';
import { decodeDicom } from '../../src/services/images/dicom';

const SLICES = 12;

interface Slice {
  name: string;
  z: number;
  path: string;
}

/**
 * A CT series from the real 512×512 GE chest slice: each slice gets its own position, a marker
 * block whose length grows with the position (so slices differ on screen), instance numbers that
 * run the other way and shuffled file names (so only ImagePositionPatient gives the right order).
 */
async function writeCtSeries(dir: string, n: number, seriesUid = '2.25.4242'): Promise<Slice[]> {
  mkdirSync(dir, { recursive: true });
  const src = await decodeDicom(new Uint8Array(readFileSync(join(FIXTURES, 'dicom/ct/ct_chest_ge_explicit_le.dcm'))));
  const signed = src.data instanceof Int16Array;
  const boneStored = Math.round((1500 - src.intercept) / src.slope);
  const out: Slice[] = [];
  for (let k = 0; k < n; k++) {
    const px = signed ? Int16Array.from(src.data as Int16Array) : Uint16Array.from(src.data as Uint16Array);
    for (let y = 4; y < 12; y++) for (let x = 4; x < 4 + 8 * (k + 1); x++) px[y * 512 + x] = boneStored;
    const z = -60 + 2.5 * k;
    const els: El[] = [
      ...greyModule({ rows: 512, cols: 512, ba: 16, bs: 16, pr: signed ? 1 : 0 }).filter((e) => e.tag !== 0x00080060),
      { tag: 0x00080020, vr: 'DA', value: '20240102' },
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x00100010, vr: 'PN', value: 'Synthetic^Patient' },
      { tag: 0x0020000e, vr: 'UI', value: seriesUid },
      { tag: 0x00200013, vr: 'IS', value: String(100 - k) },
      { tag: 0x00200032, vr: 'DS', value: `-125\\-128\\${z}` },
      { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
      { tag: 0x00280030, vr: 'DS', value: '0.7\\0.7' },
      { tag: 0x00281050, vr: 'DS', value: '40\\-600' },
      { tag: 0x00281051, vr: 'DS', value: '400\\1500' },
      { tag: 0x00281052, vr: 'DS', value: String(src.intercept) },
      { tag: 0x00281053, vr: 'DS', value: String(src.slope) },
      { tag: 0x7fe00010, vr: 'OW', value: px },
    ];
    // Names sort neither by position nor by instance.
    const name = `ct_${((k * 7 + 3) % n).toString(36)}${k}.dcm`;
    const path = join(dir, name);
    writeFileSync(path, writeDicom(els));
    out.push({ name, z, path });
  }
  return out;
}

/** `medfig render` output as one grey byte per pixel. */
async function cliRender(file: string, args: string[]): Promise<{ data: Buffer; width: number; height: number }> {
  const png = join(SHOTS, `cli-${Math.random().toString(36).slice(2)}.png`);
  execFileSync('node', [join(ROOT, 'bin/medfig.js'), 'render', file, '-o', png, ...args], { stdio: 'pipe' });
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * How many pixels of cornerstone's on-screen canvas (at 1:1) differ from `ref`. The image is centred
 * in the canvas; a half-pixel centre is tried both ways.
 */
async function screenMismatch(page: Page, ref: { data: Buffer; width: number; height: number }): Promise<number> {
  const shot = await page.evaluate(() => {
    const c = document.querySelector('[data-testid="series-viewport"] canvas') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const grey: number[] = [];
    for (let i = 0; i < d.length; i += 4) grey.push(d[i]);
    return { w: c.width, h: c.height, grey };
  });
  let best = Infinity;
  const xs = new Set([Math.floor((shot.w - ref.width) / 2), Math.ceil((shot.w - ref.width) / 2)]);
  const ys = new Set([Math.floor((shot.h - ref.height) / 2), Math.ceil((shot.h - ref.height) / 2)]);
  for (const ox of xs)
    for (const oy of ys) {
      if (ox < 0 || oy < 0) continue;
      let bad = 0;
      for (let y = 0; y < ref.height; y++)
        for (let x = 0; x < ref.width; x++) if (shot.grey[(y + oy) * shot.w + x + ox] !== ref.data[y * ref.width + x]) bad++;
      best = Math.min(best, bad);
    }
  return best;
}

async function openSeriesFolder(page: Page, parents: string[], folder: string): Promise<void> {
  await page.getByRole('button', { name: 'Series…', exact: true }).click();
  const picker = page.getByTestId('file-picker');
  await expect(picker).toBeVisible();
  for (const p of parents) await picker.getByRole('button', { name: `Open folder ${p}` }).click();
  await picker.getByTestId(`entry-${folder}`).click();
  await picker.getByTestId('picker-open').click();
}

test('CT series: sorted by position, scroll, bone preset, W/L drag; screen = medfig render', async ({ app: page, web }) => {
  const work = web.workDir.split('/').pop()!;
  const slices = await writeCtSeries(join(web.workDir, 'ct-series'), SLICES);
  await openSeriesFolder(page, [work], 'ct-series');
  const browser = page.getByTestId('series-browser');
  await expect(browser).toBeVisible();
  await expect(page.getByTestId('slice-count')).toHaveText(String(SLICES));
  // Info panel and privacy flag (PatientName is in the file).
  const info = page.getByTestId('series-info');
  await expect(info).toContainText('CT');
  await expect(info).toContainText('512 × 512 px');
  await expect(info).toContainText('Explicit VR Little Endian');
  await expect(info).toContainText('0.7 × 0.7 mm (PixelSpacing');
  await expect(info).toContainText('2024');
  await expect(page.getByTestId('series-privacy')).toContainText('PatientName');
  // Both of the file's windows are offered.
  await expect(page.getByTestId('series-file-window-1')).toContainText('C 40 / W 400');
  await expect(page.getByTestId('series-file-window-2')).toContainText('C -600 / W 1500');

  // Sorted by position along the normal (z ascending), whatever the names and instance numbers.
  const viewport = page.getByTestId('series-viewport');
  await viewport.hover();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('slice-index')).toHaveText('1');
  await expect(page.getByTestId('slice-position')).toContainText(`position -125.0, -128.0, ${slices[0].z.toFixed(1)} mm`);
  await expect(page.getByTestId('slice-position')).toContainText(slices[0].name);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('slice-index')).toHaveText('3');
  await page.mouse.wheel(0, 100);
  await expect(page.getByTestId('slice-index')).toHaveText('4');
  await page.mouse.wheel(0, 100);
  await expect(page.getByTestId('slice-index')).toHaveText('5');
  await page.getByTestId('slice-slider').fill('8');
  await expect(page.getByTestId('slice-index')).toHaveText('9');
  const chosen = slices[8];
  await expect(page.getByTestId('slice-position')).toContainText(`${chosen.z.toFixed(1)} mm`);
  await expect(page.getByTestId('slice-position')).toContainText(chosen.name);

  // The file's first window by default; then bone.
  await expect(page.getByTestId('series-window')).toHaveText('Window C 40 / W 400');
  await page.getByTestId('series-preset-bone').click();
  await expect(page.getByTestId('series-window')).toHaveText('Window C 300 / W 1500');
  await page.screenshot({ path: join(SHOTS, 'dicom-series-bone.png') });

  // 1:1: every screen pixel equals `medfig render` in the same window (and the slice is the right one:
  // the slices differ by their marker).
  await page.getByTestId('series-actual').check();
  const boneRef = await cliRender(chosen.path, ['--window=300,1500']);
  await expect.poll(() => screenMismatch(page, boneRef), { timeout: 30_000 }).toBe(0);
  const neighbour = await cliRender(slices[7].path, ['--window=300,1500']);
  expect(await screenMismatch(page, neighbour)).toBeGreaterThan(0);
  await page.screenshot({ path: join(SHOTS, 'dicom-series-bone-1to1.png') });

  // Drag: right widens, down raises the centre.
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 6 });
  await page.mouse.up();
  const center = Number(await page.getByTestId('series-center').inputValue());
  const width = Number(await page.getByTestId('series-width').inputValue());
  expect(width).toBeGreaterThan(1500);
  expect(center).toBeGreaterThan(300);
  await expect(page.getByTestId('series-window')).toHaveText(`Window C ${center} / W ${width}`);
  const dragRef = await cliRender(chosen.path, [`--window=${center},${width}`]);
  await expect.poll(() => screenMismatch(page, dragRef), { timeout: 30_000 }).toBe(0);
  await page.screenshot({ path: join(SHOTS, 'dicom-series-dragged.png') });

  // Numeric entry, then back to bone, then use the slice: the panel keeps the window.
  await page.getByTestId('series-width').fill('80');
  await page.getByTestId('series-center').fill('40');
  await expect(page.getByTestId('series-window')).toHaveText('Window C 40 / W 80');
  await expect.poll(async () => screenMismatch(page, await cliRender(chosen.path, ['--window=40,80'])), { timeout: 30_000 }).toBe(0);
  await page.getByTestId('series-preset-bone').click();
  await page.getByTestId('series-use').click();
  await expect(browser).toBeHidden();
  await expect(page.getByTestId('panel-list')).toContainText(chosen.name);
  await expect(page.getByTestId('panel-window')).toContainText('Window C 300 / W 1500');
  await page.screenshot({ path: join(SHOTS, 'dicom-series-panel.png') });
});

test('MONOCHROME1 radiograph: low stored values (bone) show white, screen = medfig render', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Series…', exact: true }).click();
  const picker = page.getByTestId('file-picker');
  await picker.getByRole('button', { name: 'Open folder fixtures' }).click();
  await picker.getByRole('button', { name: 'Open folder dicom' }).click();
  await picker.getByRole('button', { name: 'Open folder radiograph' }).click();
  await picker.getByTestId('entry-cr_mono1_6154.dcm').click();
  await picker.getByTestId('picker-open').click();
  await expect(page.getByTestId('series-info')).toContainText('MONOCHROME1');
  await expect(page.getByTestId('series-info')).toContainText('ImagerPixelSpacing, detector plane');
  await expect(page.getByTestId('series-window')).toHaveText('Window C 1600 / W 2800');
  await page.getByTestId('series-actual').check();
  const file = join(FIXTURES, 'dicom/radiograph/cr_mono1_6154.dcm');
  const ref = await cliRender(file, []);
  await expect.poll(() => screenMismatch(page, ref), { timeout: 30_000 }).toBe(0);
  // MONOCHROME1: the lowest stored value is the brightest pixel on screen.
  const f = await decodeDicom(new Uint8Array(readFileSync(file)));
  let lo = 0,
    hi = 0;
  for (let i = 0; i < f.data.length; i++) {
    if (f.data[i] < f.data[lo]) lo = i;
    if (f.data[i] > f.data[hi]) hi = i;
  }
  expect(ref.data[lo]).toBeGreaterThan(ref.data[hi] + 20);
  expect(ref.data[lo]).toBe(Math.max(...ref.data));
  await page.screenshot({ path: join(SHOTS, 'dicom-cr-mono1.png') });
});

test('multi-frame file: frames scroll like slices; a frame goes into the figure', async ({ app: page, web }) => {
  // Three real MR slices stacked into one file (the fixture set has no multi-frame file under 2 MB).
  const parts = await Promise.all(
    ['brain_002', 'brain_003', 'brain_004'].map((n) =>
      decodeDicom(new Uint8Array(readFileSync(join(FIXTURES, `dicom/mr-series/${n}.dcm`)))),
    ),
  );
  const pixels = new Int16Array(256 * 256 * 3);
  parts.forEach((f, i) => pixels.set(f.data as Int16Array, i * 256 * 256));
  const file = join(web.workDir, 'mr_multiframe.dcm');
  writeFileSync(
    file,
    writeDicom([...greyModule({ rows: 256, cols: 256, ba: 16, bs: 16, pr: 1, frames: 3 }), { tag: 0x7fe00010, vr: 'OW', value: pixels }]),
  );
  const work = web.workDir.split('/').pop()!;
  await page.getByTestId('open-image').click();
  const picker = page.getByTestId('file-picker');
  await picker.getByTestId(`entry-${work}`).click();
  await picker.getByTestId('entry-mr_multiframe.dcm').click();
  await picker.getByTestId('picker-open').click();
  await expect(page.getByTestId('series-browser')).toBeVisible();
  await expect(page.getByTestId('slice-count')).toHaveText('3');
  await expect(page.getByTestId('slice-position')).toContainText('frame 1/3');
  await page.getByTestId('series-viewport').hover();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('slice-position')).toContainText('frame 2/3');
  await page.getByTestId('series-actual').check();
  await page.getByTestId('series-width').fill('600');
  await page.getByTestId('series-center').fill('300');
  await expect
    .poll(async () => screenMismatch(page, await cliRender(file, ['--frame', '2', '--window=300,600'])), { timeout: 30_000 })
    .toBe(0);
  await page.screenshot({ path: join(SHOTS, 'dicom-multiframe.png') });
  // A window whose brightest output stays below 128: cornerstone-core would shift such a LUT to black
  // unless it is pinned to 8 bits (src/renderer/imaging/cornerstone.ts); the screen must still match.
  await page.getByTestId('series-width').fill('4000');
  await page.getByTestId('series-center').fill('2500');
  const dim = await cliRender(file, ['--frame', '2', '--window=2500,4000']);
  expect(Math.max(...dim.data)).toBeLessThan(128);
  expect(Math.max(...dim.data)).toBeGreaterThan(0);
  await expect.poll(() => screenMismatch(page, dim), { timeout: 30_000 }).toBe(0);
  await page.getByTestId('series-width').fill('600');
  await page.getByTestId('series-center').fill('300');
  await page.getByTestId('series-use').click();
  await expect(page.getByTestId('panel-list')).toContainText('mr_multiframe.dcm');
  await expect(page.getByTestId('image-info')).toContainText('3 frames');
  await expect(page.getByTestId('panel-window')).toContainText('Window C 300 / W 600');
});

test('bad input in a series folder: each file named with its fault, the rest still opens', async ({ app: page, web }) => {
  const dir = join(web.workDir, 'mixed');
  const good = await writeCtSeries(dir, 5, '2.25.5151');
  // Another series in the same folder, a truncated slice, an empty file and a text file.
  for (const n of ['brain_002.dcm', 'brain_003.dcm']) copyFileSync(join(FIXTURES, 'dicom/mr-series', n), join(dir, n));
  const whole = readFileSync(good[0].path);
  writeFileSync(join(dir, 'ct_truncated.dcm'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  writeFileSync(join(dir, 'empty.dcm'), Buffer.alloc(0));
  writeFileSync(join(dir, 'notes.txt'), 'not an image\n');
  const work = web.workDir.split('/').pop()!;
  await openSeriesFolder(page, [work], 'mixed');
  await expect(page.getByTestId('series-browser')).toBeVisible();
  await expect(page.getByTestId('slice-count')).toHaveText('5');
  const errors = page.getByTestId('toast-error');
  await expect(errors.filter({ hasText: 'ct_truncated.dcm' })).toContainText(/truncated/i);
  await expect(errors.filter({ hasText: 'empty.dcm' })).toContainText(/empty/i);
  await expect(errors.filter({ hasText: 'notes.txt' })).toHaveCount(1);
  const note = page.getByTestId('toast-info').filter({ hasText: 'mixes 2 series' });
  await expect(note).toContainText('brain_002.dcm');
  await expect(note).toContainText('brain_003.dcm');
  // Every good slice still shows.
  await page.getByTestId('series-viewport').hover();
  await page.keyboard.press('Home');
  for (let i = 0; i < 5; i++) {
    await expect(page.getByTestId('series-viewport')).toHaveAttribute('data-shown', String(i));
    await page.keyboard.press('ArrowDown');
  }
  await expect(page.getByTestId('series-error')).toHaveCount(0);
  await page.screenshot({ path: join(SHOTS, 'dicom-series-bad-input.png') });
});
