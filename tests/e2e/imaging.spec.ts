// Imaging in the figure: the Window tool (W) on a DICOM panel (one undo step), the 16-bit raster
// display range, and a ~100 MP tiled TIFF that reaches the renderer only as a preview while the
// export uses full resolution.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, SHOTS, FIXTURES } from './fixtures';

/** The renderer's preview cap (SCREEN_MAX_SIDE in src/renderer/imaging/panel-images.ts, which reads `window` at import). */
const SCREEN_MAX_SIDE = 2048;
import { decodeWire } from '../../src/shared/wire';
import type { DecodedFrame } from '../../src/shared/imaging/types';

async function exportPng(page: Page, name: string, widthMm: string, dpi = '300'): Promise<void> {
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dpi').selectOption(dpi);
  await page.getByTestId('export-width').fill(widthMm);
  await page.getByTestId('export-name').fill(name);
  // Preflight may warn (e.g. a small source's effective ppi); these tests are about pixels, not print rules.
  await expect(page.getByRole('heading', { name: /Preflight/ })).toBeVisible();
  const ack = page.getByLabel('I have read these warnings');
  if (await ack.count()) await ack.check();
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result')).toContainText('×', { timeout: 120_000 });
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();
}

async function windowShown(page: Page): Promise<{ center: number; width: number }> {
  const t = (await page.getByTestId('panel-window').textContent()) ?? '';
  const m = /Window C (-?[\d.]+) \/ W ([\d.]+)/.exec(t);
  if (!m) throw new Error(`no window in "${t}"`);
  return { center: Number(m[1]), width: Number(m[2]) };
}

test('Window tool: drag on a CT panel sets width (horizontal) and centre (vertical) as one undo step', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('panel-list')).toContainText('ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('panel-window')).toBeVisible();
  const before = await windowShown(page);
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('w');
  await expect(page.getByTestId('tool-window')).toHaveAttribute('aria-pressed', 'true');
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(cx + i * 10, cy + i * 5);
  await page.mouse.up();
  // The inspector shows the document as of the painted frame (after-paint.ts): a frame later.
  await expect.poll(async () => (await windowShown(page)).width).toBeGreaterThan(before.width);
  const after = await windowShown(page);
  expect(after.center).toBeGreaterThan(before.center);
  await expect(page.getByTestId('panel-window')).not.toContainText('default');
  await page.screenshot({ path: join(SHOTS, 'imaging-window-tool.png') });
  // The whole drag was one step: one undo restores the window from before it.
  await page.getByTestId('undo').click();
  await expect.poll(() => windowShown(page)).toEqual(before);
  await page.getByTestId('redo').click();
  await expect.poll(() => windowShown(page)).toEqual(after);
});

test('16-bit raster: display range, auto min–max and manual', async ({ app: page, web }) => {
  const file = join(FIXTURES, 'images/tiff/gray16_uncompressed.tiff');
  const { data, info } = await sharp(file).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(1);
  const px = new Uint16Array(data.buffer, data.byteOffset, info.width * info.height);
  let lo = 65535,
    hi = 0;
  for (const v of px) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  await openViaPicker(page, ['fixtures', 'images', 'tiff'], 'gray16_uncompressed.tiff');
  await expect(page.getByTestId('display-range')).toBeVisible();
  await page.getByTestId('range-auto').click();
  await expect(page.getByTestId('range-min')).toHaveValue(String(lo));
  await expect(page.getByTestId('range-max')).toHaveValue(String(hi));
  await exportPng(page, 'range-auto', '60');
  const auto = await sharp(join(web.exportDir, 'range-auto.png')).extractChannel(0).raw().toBuffer();
  // Auto stretches the darkest sample to black and the brightest to white.
  expect(auto.reduce((a, v) => Math.min(a, v), 255)).toBeLessThanOrEqual(3);
  expect(auto.reduce((a, v) => Math.max(a, v), 0)).toBeGreaterThanOrEqual(252);

  // Manual: everything at or below the midpoint turns black.
  const mid = Math.round((lo + hi) / 2);
  await page.getByTestId('range-min').fill(String(mid));
  await expect(page.getByTestId('range-min')).toHaveValue(String(mid));
  await exportPng(page, 'range-manual', '60');
  const manual = await sharp(join(web.exportDir, 'range-manual.png')).extractChannel(0).raw().toBuffer();
  const blackSrc = px.filter((v) => v <= mid).length / px.length;
  const blackOut = manual.filter((v) => v <= 2).length / manual.length;
  expect(Math.abs(blackOut - blackSrc)).toBeLessThan(0.05);
  expect(blackSrc).toBeGreaterThan(0.05);
  await page.screenshot({ path: join(SHOTS, 'imaging-range-16bit.png') });
});

test('~100 MP tiled TIFF: the renderer gets a preview only; the export uses full resolution', async ({ app: page, web }) => {
  test.setTimeout(300_000);
  const W = 10_000,
    H = 10_000;
  // A 40 px checkerboard for the eye, and 1-pixel stripes top-left that only full resolution resolves.
  const raw = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const cy = ((y / 40) | 0) & 1;
    for (let x = 0; x < W; x++) raw[row + x] = x < 400 && y < 400 ? (x & 1 ? 230 : 20) : (((x / 40) | 0) & 1) ^ cy ? 180 : 60;
  }
  const file = join(web.workDir, 'micrograph_100mp.tif');
  await sharp(raw, { raw: { width: W, height: H, channels: 1 }, limitInputPixels: false })
    .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: 'deflate' })
    .toFile(file);

  const frames: { width: number; height: number; bytes: number }[] = [];
  // Pass every getFrame answer through the test, to see exactly what reached the renderer.
  await page.route('**/api/getFrame', async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    const msg = decodeWire(new Uint8Array(body)) as { ok: boolean; value?: DecodedFrame };
    if (msg.ok && msg.value) frames.push({ width: msg.value.width, height: msg.value.height, bytes: body.byteLength });
    await route.fulfill({ response: res, body });
  });
  const work = web.workDir.split('/').pop()!;
  await openViaPicker(page, [work], 'micrograph_100mp.tif');
  await expect(page.getByTestId('image-info')).toContainText('10000 × 10000 px', { timeout: 60_000 });
  await expect.poll(() => frames.length, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: join(SHOTS, 'imaging-100mp.png') });
  // Only previews crossed into the renderer: at most the screen cap a side (SCREEN_MAX_SIDE),
  // never the 100 MB full frame.
  for (const f of frames) {
    expect(Math.max(f.width, f.height)).toBeLessThanOrEqual(SCREEN_MAX_SIDE);
    // At most an RGBA preview (the services send grey TIFF previews as RGB); the full frame is 100 MB.
    expect(f.bytes).toBeLessThanOrEqual(SCREEN_MAX_SIDE * SCREEN_MAX_SIDE * 4);
  }

  // Crop to the stripes and export 50 mm at 300 dpi (≈ 3 output px per source px): full resolution
  // shows dark and light stripes; a 2048 px preview would have blurred them to mid-grey.
  await page.getByTestId('crop-w').fill('200');
  await page.getByTestId('crop-h').fill('200');
  await exportPng(page, 'micro-crop', '50');
  writeFileSync(join(SHOTS, 'imaging-100mp-export.png'), readFileSync(join(web.exportDir, 'micro-crop.png')));
  const { data, info } = await sharp(join(web.exportDir, 'micro-crop.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const row = data.subarray(Math.floor(info.height / 2) * info.width, Math.floor(info.height / 2 + 1) * info.width);
  const inner = Array.from(row.subarray(Math.floor(info.width * 0.1), Math.floor(info.width * 0.9)));
  // Stripes of 20 and 230 give a standard deviation near 105 at full resolution; a preview
  // (0.41× here) averages them to one grey (deviation near 0).
  const mean = inner.reduce((a, v) => a + v, 0) / inner.length;
  const sd = Math.sqrt(inner.reduce((a, v) => a + (v - mean) ** 2, 0) / inner.length);
  expect(sd).toBeGreaterThan(60);
  expect(inner.filter((v) => v < 80).length / inner.length).toBeGreaterThan(0.15);
  expect(inner.filter((v) => v > 170).length / inner.length).toBeGreaterThan(0.15);
});
