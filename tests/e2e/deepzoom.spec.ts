// Deep zoom into a ~100 MP tiled TIFF: the renderer holds a ≤ 2048 px preview; zoomed to 100 % the
// visible part comes at full resolution through getRegion (1-px stripes survive on screen), every
// API answer stays within its limits, and the minimap shows and moves the view.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { canvasSettled } from './settled';

/** The renderer's preview cap (SCREEN_MAX_SIDE in src/renderer/imaging/panel-images.ts, which reads `window` at import). */
const SCREEN_MAX_SIDE = 2048;
import { decodeWire } from '../../src/shared/wire';
import type { DecodedFrame } from '../../src/shared/imaging/types';

const W = 10_000,
  H = 10_000;
/** 1-px vertical stripes (20/230) in a central block; a 50 px checkerboard (60/180) elsewhere. */
const STRIPES = { x0: 3500, x1: 6500, y0: 3500, y1: 6500 };

interface Answer {
  method: string;
  width: number;
  height: number;
  channels: number;
  bytes: number;
}

interface DetailStatus {
  panelId: string;
  wanted: boolean;
  pending: boolean;
  region: { x: number; y: number; w: number; h: number } | null;
  outWidth: number | null;
  screenPerSource: number;
  error: string | null;
}

const detailState = (page: Page) =>
  page.evaluate(() => (window as unknown as { medfigDetail?: { state(): DetailStatus[] } }).medfigDetail?.state() ?? []);

/** Grey values of the canvas row through its middle, from a screenshot (what the user sees). */
async function canvasRow(page: Page, name: string, yFrac = 0.5): Promise<{ row: number[]; width: number }> {
  const png = await page.getByTestId('canvas').screenshot();
  writeFileSync(join(SHOTS, name), png);
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const y = Math.floor(info.height * yFrac);
  return { row: Array.from(data.subarray(y * info.width, (y + 1) * info.width)), width: info.width };
}

/** Fraction of neighbouring pixels that differ by more than 100 grey levels (1-px stripes: ~1). */
function alternation(v: number[]): number {
  let n = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i] - v[i - 1]) > 100) n++;
  return n / (v.length - 1);
}

test('~100 MP tiled TIFF: 100 % zoom shows full-resolution pixels from getRegion; minimap navigates', async ({ app: page, web }) => {
  test.setTimeout(300_000);
  const raw = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const inY = y >= STRIPES.y0 && y < STRIPES.y1;
    const cy = ((y / 50) | 0) & 1;
    for (let x = 0; x < W; x++)
      raw[row + x] = inY && x >= STRIPES.x0 && x < STRIPES.x1 ? (x & 1 ? 230 : 20) : (((x / 50) | 0) & 1) ^ cy ? 180 : 60;
  }
  const file = join(web.workDir, 'deepzoom_100mp.tif');
  // b-w: a real single-channel grey TIFF (sharp would otherwise write the grey input as RGB).
  await sharp(raw, { raw: { width: W, height: H, channels: 1 }, limitInputPixels: false })
    .toColourspace('b-w')
    .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: 'deflate' })
    .toFile(file);

  // Every pixel answer passes through the test, to check exactly what reached the renderer.
  const answers: Answer[] = [];
  for (const method of ['getFrame', 'getRegion']) {
    await page.route(`**/api/${method}`, async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      const msg = decodeWire(new Uint8Array(body)) as { ok: boolean; value?: DecodedFrame };
      if (msg.ok && msg.value)
        answers.push({ method, width: msg.value.width, height: msg.value.height, channels: msg.value.channels, bytes: body.byteLength });
      await route.fulfill({ response: res, body });
    });
  }

  const work = web.workDir.split('/').pop()!;
  await openViaPicker(page, [work], 'deepzoom_100mp.tif');
  await expect(page.getByTestId('image-info')).toContainText('10000 × 10000 px', { timeout: 60_000 });
  await expect.poll(() => answers.filter((a) => a.method === 'getFrame').length, { timeout: 60_000 }).toBeGreaterThan(0);
  // Fitted to the page: no detail wanted (the same test the request makes), no minimap.
  await expect.poll(async () => (await detailState(page))[0]?.wanted, { timeout: 30_000 }).toBe(false);
  expect(answers.filter((a) => a.method === 'getRegion')).toEqual([]);
  await expect(page.getByTestId('minimap')).toHaveCount(0);

  // 100 %: one source pixel per screen pixel at the canvas centre.
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('minimap')).toBeVisible();

  // Minimap: a click at its centre brings the image centre (inside the stripes) to the canvas centre.
  const mm = (await page.getByTestId('minimap-canvas').boundingBox())!;
  await page.mouse.click(mm.x + mm.width / 2, mm.y + mm.height / 2);
  await expect
    .poll(
      async () => {
        const s = (await detailState(page))[0];
        return (
          !!s &&
          !s.pending &&
          !!s.region &&
          s.region.x <= 4800 &&
          s.region.x + s.region.w >= 5200 &&
          s.region.y <= 4800 &&
          s.region.y + s.region.h >= 5200
        );
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await canvasSettled(page); // the draw after the answer
  const state = (await detailState(page))[0];
  expect(state.error).toBeNull();
  // At 100 % the detail holds the source's own pixels: as wide as its region.
  expect(state.screenPerSource).toBeGreaterThan(0.98);
  expect(state.screenPerSource).toBeLessThan(1.02);
  expect(state.outWidth).toBe(state.region!.w);

  // What the user sees at the canvas centre: the 1-px stripes, pixel for pixel (a 0.41× preview
  // would show one mid grey), dark and light in equal parts.
  const { row, width } = await canvasRow(page, 'deepzoom-100pct.png');
  const mid = row.slice(Math.floor(width * 0.3), Math.floor(width * 0.7));
  expect(alternation(mid)).toBeGreaterThan(0.95);
  expect(mid.filter((v) => v < 60).length / mid.length).toBeGreaterThan(0.4);
  expect(mid.filter((v) => v > 190).length / mid.length).toBeGreaterThan(0.4);

  // Minimap drag: dragging to its top-left corner moves the view there (the checkerboard, no stripes).
  const minimapShot = await page.getByTestId('minimap').screenshot();
  writeFileSync(join(SHOTS, 'deepzoom-minimap.png'), minimapShot);
  await page.mouse.move(mm.x + mm.width / 2, mm.y + mm.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++)
    await page.mouse.move(mm.x + mm.width / 2 - (i * mm.width * 0.4) / 5, mm.y + mm.height / 2 - (i * mm.height * 0.4) / 5);
  await page.mouse.up();
  await expect
    .poll(
      async () => {
        const s = (await detailState(page))[0];
        return !!s && !s.pending && !!s.region && s.region.x + s.region.w < 3500 && s.region.y + s.region.h < 3500;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await canvasSettled(page);
  const corner = await canvasRow(page, 'deepzoom-minimap-moved.png');
  const cm = corner.row.slice(Math.floor(corner.width * 0.3), Math.floor(corner.width * 0.7));
  // 50 px checker squares: long runs, few changes, both greys present.
  expect(alternation(cm)).toBeLessThan(0.05);
  expect(cm.some((v) => v < 90) && cm.some((v) => v > 150)).toBe(true);

  await page.screenshot({ path: join(SHOTS, 'deepzoom-window.png') });

  // Limits on everything that crossed: previews at most the screen cap a side and single-channel (grey stays
  // grey: 1 byte a pixel), regions screen-sized and far below the 100 MB full frame.
  expect(answers.length).toBeGreaterThan(1);
  for (const a of answers) {
    expect(a.channels).toBe(1);
    expect(a.bytes).toBeLessThan(a.width * a.height * 1.05 + 4096);
    if (a.method === 'getFrame') expect(Math.max(a.width, a.height)).toBeLessThanOrEqual(SCREEN_MAX_SIDE);
    else expect(a.width * a.height).toBeLessThan(8_000_000);
  }
  const regions = answers.filter((a) => a.method === 'getRegion');
  expect(regions.length).toBeGreaterThanOrEqual(2);
  // Debounced: a minimap drag of 5 moves did not send a request per move.
  expect(regions.length).toBeLessThan(8);
});
