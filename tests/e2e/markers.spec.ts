// Orientation markers on a CT panel follow a horizontal flip (screen and export), the value bar
// reaches the exported PNG as pixels and the SVG as text, through the one scene renderer; a file
// that is present but cannot be decoded is badged so, never "missing".
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, FIXTURES, SHOTS } from './fixtures';
import { buildEnhanced } from '../fixtures/dicom/enhanced';

async function exportAs(page: Page, name: string, format: 'png' | 'svg'): Promise<void> {
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-format').selectOption(format);
  await page.getByTestId('export-width').fill('80');
  await page.getByTestId('export-name').fill(name);
  await expect(page.getByRole('heading', { name: /Preflight/ })).toBeVisible();
  const ack = page.getByLabel('I have read these warnings');
  if (await ack.count()) await ack.check();
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();
}

/**
 * Page x (SVG units) of each single-letter text on the scale-bar layer of an exported SVG (the panel
 * letter "A" sits on its own layer). Konva writes each text as <text transform="matrix(a b c d e f)">.
 */
function letterXs(svg: string): Map<string, number> {
  const layer = svg.slice(svg.indexOf('<g id="scalebars">'), svg.indexOf('<g id="letters">'));
  const out = new Map<string, number>();
  for (const m of layer.matchAll(/<text fill="white" transform="matrix\(([^)]*)\)"[^>]*>([LRAPHF])<\/text>/g)) {
    out.set(m[2], Number(m[1].split(/[ ,]+/)[4]));
  }
  return out;
}

test('orientation markers on a CT panel, before and after a horizontal flip', async ({ app: page, web }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('panel-list')).toContainText('ct_chest_ge_explicit_le.dcm');
  await page.getByTestId('orientation-markers').check();
  await expect(page.getByTestId('orientation-markers')).toBeChecked();
  await page.screenshot({ path: join(SHOTS, 'markers-before-flip.png') });
  await exportAs(page, 'markers-before', 'svg');
  const before = letterXs(readFileSync(join(web.exportDir, 'markers-before.svg'), 'utf8'));
  // Axial CT as displayed: the patient's left is on the image's right, anterior at the top.
  expect([...before.keys()].sort()).toEqual(['A', 'L', 'P', 'R']);
  expect(before.get('L')!).toBeGreaterThan(before.get('R')!);

  await page.getByRole('button', { name: 'Flip H' }).click();
  await page.screenshot({ path: join(SHOTS, 'markers-after-flip.png') });
  await exportAs(page, 'markers-after', 'svg');
  const after = letterXs(readFileSync(join(web.exportDir, 'markers-after.svg'), 'utf8'));
  // The flipped image has the patient's right on the image's right: the "R" moved with it.
  expect(after.get('R')!).toBeGreaterThan(after.get('L')!);
  expect(Math.abs(after.get('R')! - before.get('L')!)).toBeLessThan(2);
});

test('the value bar in an exported PNG (pixels) and SVG (text in HU)', async ({ app: page, web }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('panel-window')).toBeVisible();
  await exportAs(page, 'bar-none', 'png');
  await page.getByTestId('value-bar').check();
  await expect(page.getByTestId('value-bar')).toBeChecked();
  await page.screenshot({ path: join(SHOTS, 'value-bar.png') });
  await exportAs(page, 'bar', 'png');
  await exportAs(page, 'bar', 'svg');

  const svg = readFileSync(join(web.exportDir, 'bar.svg'), 'utf8');
  // Vector text: the tick values and the unit, as words (Konva writes one <text> per word run).
  for (const word of ['\u2212100', '0', '100', '200', 'HU']) expect(svg).toContain(`>${word}</text>`);
  // The ramp is vector slices from near black to near white.
  expect(svg).toContain('fill="#010101"');
  expect(svg).toContain('fill="#FDFDFD"');

  // Where the bar was added, the exported pixels hold a ramp: dark at its left end, light at its right.
  const a = await sharp(join(web.exportDir, 'bar-none.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
  const b = await sharp(join(web.exportDir, 'bar.png')).greyscale().raw().toBuffer();
  const { width, height } = a.info;
  let best = { y: -1, n: 0 };
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) if (Math.abs(a.data[y * width + x] - b[y * width + x]) > 30) n++;
    if (n > best.n) best = { y, n };
  }
  expect(best.n).toBeGreaterThan(width * 0.15);
  const row = Array.from(b.subarray(best.y * width, (best.y + 1) * width));
  const changed = row.map((v, x) => (Math.abs(a.data[best.y * width + x] - v) > 30 ? x : -1)).filter((x) => x >= 0);
  const left = row.slice(changed[0], changed[0] + 10);
  const right = row.slice(changed[changed.length - 1] - 10, changed[changed.length - 1]);
  expect(Math.max(...left)).toBeLessThan(80);
  expect(Math.min(...right)).toBeGreaterThan(170);
});

test('a present file that cannot be decoded is badged so, with no "missing" and no Relink', async ({ app: page, web }) => {
  // A real JPEG file relabelled as arithmetic-coded JPEG (1.2.840.10008.1.2.4.52): the header reads,
  // the pixels cannot be decoded.
  const bytes = readFileSync(join(FIXTURES, 'dicom/ct/ct_chest_ge_jpeg_spectral_retired.dcm'));
  const at = bytes.indexOf('1.2.840.10008.1.2.4.53');
  bytes.write('1.2.840.10008.1.2.4.52', at, 'latin1');
  writeFileSync(join(web.workDir, 'arithmetic_jpeg.dcm'), bytes);
  await openViaPicker(page, [web.workDir.split('/').pop()!], 'arithmetic_jpeg.dcm');
  await expect(page.getByTestId('panel-missing-0')).toHaveText('cannot be decoded', { timeout: 30_000 });
  await expect(page.getByTestId('panel-missing-reason')).toContainText('JPEG Extended (Process 3 & 5)');
  await expect(page.getByTestId('panel-relink')).toHaveCount(0);
  await page.screenshot({ path: join(SHOTS, 'cannot-be-decoded.png') });
});

test('an Enhanced CT volume scrolls by slice position in the series browser, with its functional-group window', async ({
  app: page,
  web,
}) => {
  const dir = join(FIXTURES, 'dicom/ct-series');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => join(dir, f));
  // Stored out of order: stored frame 2 is the lowest slice (source 0), frame 4 the next (source 1)…
  const built = buildEnhanced(files, { sopClass: 'ct', storedOrder: [2, 0, 3, 1] });
  writeFileSync(join(web.workDir, 'enhanced_ct.dcm'), built.bytes);
  await openViaPicker(page, [web.workDir.split('/').pop()!], 'enhanced_ct.dcm');
  const browser = page.getByTestId('series-browser');
  await expect(browser).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('slice-count')).toHaveText('4');
  await expect(page.getByTestId('series-window')).toHaveText('Window C 30 / W 100');
  // Position order: stored frames 2, 4, 1, 3 (dcmtk numbering from 1).
  const order: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('slice-slider').fill(String(i));
    await expect(page.getByTestId('slice-index')).toHaveText(String(i + 1));
    order.push(/frame (\d+)\/4/.exec((await page.getByTestId('slice-position').textContent()) ?? '')?.[1] ?? '?');
  }
  expect(order).toEqual(['2', '4', '1', '3']);
  await page.screenshot({ path: join(SHOTS, 'enhanced-ct-series.png') });
});
