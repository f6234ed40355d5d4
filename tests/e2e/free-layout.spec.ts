// Free layout (issue 18): a 2 × 2 figure with one wide panel re-arranged BY DRAG on the canvas
// (arrange tool: handles, moves, snapping guides) into 1 + 3, fitted to 183 × 170 mm, exported
// as PNG: no white column or row inside the figure wider than the gutter, measured on pixels.
// And a floating inset: in the chosen corner of its parent at ×2, in the export's pixels.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, acknowledgePreflight, openViaPicker, SHOTS } from './fixtures';
import { editorState, openMany } from './editor-helpers';

type Rect = { index: number; xMm: number; yMm: number; wMm: number; hMm: number; row: number };
type Layout = { pageWidthMm: number; pageHeightMm: number; panels: Rect[] };

async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => (window as unknown as { medfigCanvas: { layout(): Layout } }).medfigCanvas.layout());
}

/** Page mm → screen px (the page's rectangle on screen, as the canvas reports it). */
async function toScreen(page: Page, [x, y]: [number, number]): Promise<[number, number]> {
  const r = await page.evaluate(() =>
    (window as unknown as { medfigCanvas: { pageRect(): { x: number; y: number; width: number } } }).medfigCanvas.pageRect(),
  );
  const l = await layout(page);
  const k = r.width / l.pageWidthMm;
  return [r.x + x * k, r.y + y * k];
}

/** A drag on the canvas between two page points (mm); `before` runs with the button still down. */
async function dragMm(page: Page, from: [number, number], to: [number, number], before?: () => Promise<void>) {
  const a = await toScreen(page, from);
  const b = await toScreen(page, to);
  await page.mouse.move(a[0], a[1]);
  await page.mouse.down();
  await page.mouse.move(b[0], b[1], { steps: 12 });
  if (before) await before();
  await page.mouse.up();
}

const centre = (r: Rect): [number, number] => [r.xMm + r.wMm / 2, r.yMm + r.hMm / 2];

/** Moves panel i so its top-left lands near `at` (the snap does the last fraction of a mm). */
async function movePanel(page: Page, i: number, at: [number, number], before?: () => Promise<void>) {
  const r = (await layout(page)).panels[i];
  const c = centre(r);
  await dragMm(page, c, [c[0] + at[0] - r.xMm + 0.3, c[1] + at[1] - r.yMm - 0.3], before);
}

/** Panels in the document (0 until the canvas, and with it the test hook, is up). */
async function panelCount(page: Page): Promise<number> {
  return editorState(page).then(
    (s) => s.panels.length,
    () => 0,
  );
}

async function undoSteps(page: Page): Promise<number> {
  return (await editorState(page)).undoSteps;
}

/** Synthetic sources, written in the test: mid-tone content (never white), each its own aspect. */
async function writeImages(dir: string): Promise<string[]> {
  const specs: [string, number, number, [number, number, number]][] = [
    ['wide.png', 1500, 500, [170, 60, 60]],
    ['tall.png', 800, 1000, [60, 150, 60]],
    ['square.png', 900, 900, [60, 60, 170]],
    ['landscape.png', 1000, 800, [150, 120, 40]],
  ];
  for (const [name, w, h, [r, g, b]] of specs) {
    const px = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        const t = ((x / w + y / h) / 2) * 60; // a gradient, so crops show
        px[i] = r + t;
        px[i + 1] = g + t;
        px[i + 2] = b + t;
      }
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(join(dir, name));
  }
  return specs.map((s) => s[0]);
}

const pngsSince = (dir: string, t: number) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.png') && statSync(join(dir, f)).mtimeMs >= t)
    .sort((a, b) => statSync(join(dir, a)).mtimeMs - statSync(join(dir, b)).mtimeMs);

test('2 × 2 with a wide panel, re-arranged by drag to 1 + 3, fitted to 183 × 170 mm: no white band wider than the gutter', async ({
  app: page,
  web,
}) => {
  test.setTimeout(480_000);
  const startedAt = Date.now() - 1000;
  const names = await writeImages(web.workDir);
  for (const name of names) {
    await openViaPicker(page, [web.workDir.split('/').pop()!], name);
    await expect(page.getByTestId('panel-list')).toContainText(name, { timeout: 90_000 });
  }
  await expect.poll(() => panelCount(page), { timeout: 90_000 }).toBe(4);
  await page.getByTestId('page-journal').selectOption('nature');
  await expect(page.getByTestId('page-width')).toHaveValue('183');
  await page.getByTestId('grid-cols').selectOption('2');
  await expect(page.getByTestId('grid-rows-text')).toHaveValue('2, 2');
  const gutter = await page.evaluate(
    () => (window as unknown as { medfigEditor: { figure(): { page: { gutterMm: number } } } }).medfigEditor.figure().page.gutterMm,
  );
  await expect.poll(async () => (await layout(page)).panels.map((p) => p.row)).toEqual([0, 0, 1, 1]);

  // The arrange tool (Shift+V), from the keyboard like a user.
  await page.getByTestId('canvas').hover({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+V');
  await expect.poll(async () => (await editorState(page)).tool).toBe('arrange');

  // A: click to select, then its right handle to the page's right edge (the aspect is kept).
  let L = await layout(page);
  const [ax, ay] = await toScreen(page, centre(L.panels[0]));
  await page.mouse.click(ax, ay);
  const a0 = L.panels[0];
  const before = await undoSteps(page);
  await dragMm(page, [a0.xMm + a0.wMm, a0.yMm + a0.hMm / 2], [L.pageWidthMm - 0.4, a0.yMm + a0.hMm / 2]);
  L = await layout(page);
  const A = L.panels[0];
  expect(A.xMm + A.wMm).toBeCloseTo(183, 6); // snapped to the page edge
  expect(A.wMm / A.hMm).toBeCloseTo(3, 6); // the crop's aspect kept
  expect(await undoSteps(page)).toBe(before + 1); // one gesture, one undo step
  expect(
    await page.evaluate(
      () => (window as unknown as { medfigEditor: { figure(): { layoutMode: string } } }).medfigEditor.figure().layoutMode,
    ),
  ).toBe('free');

  // B below A at the left; the screenshot is taken mid-drag, guides showing.
  const w3 = (183 - 2 * gutter) / 3;
  const rowTop = A.yMm + A.hMm + gutter;
  await movePanel(page, 1, [0, rowTop], async () => {
    await page.screenshot({ path: join(SHOTS, 'free-layout-drag-guides.png') });
  });
  L = await layout(page);
  expect(L.panels[1].xMm).toBeCloseTo(0, 6);
  expect(L.panels[1].yMm).toBeCloseTo(rowTop, 6); // a gutter below A: the equal-gutter snap
  // B to a third of the width: its bottom-right handle.
  let B = L.panels[1];
  await dragMm(page, [B.xMm + B.wMm, B.yMm + B.hMm], [w3, B.yMm + (w3 * B.hMm) / B.wMm]);
  L = await layout(page);
  B = L.panels[1];
  expect(B.wMm).toBeCloseTo(w3, 0);

  // C and D to its right, each a gutter apart and a third of the width.
  for (const i of [2, 3]) {
    const prev = L.panels[i - 1];
    await page.mouse.click(...(await toScreen(page, centre(L.panels[i]))));
    // First its size (a third of the width; D up to the page edge), then its place.
    const r0 = L.panels[i];
    const w = i === 3 ? 183 - (prev.xMm + prev.wMm + gutter) : w3;
    await dragMm(page, [r0.xMm + r0.wMm, r0.yMm + r0.hMm], [r0.xMm + w, r0.yMm + (w * r0.hMm) / r0.wMm]);
    L = await layout(page);
    expect(L.panels[i].wMm).toBeCloseTo(w, 0);
    await movePanel(page, i, [prev.xMm + prev.wMm + gutter, rowTop], async () => {
      // Mid-drag: top edges aligned with B and a gutter-wide gap to it, both shown as guides.
      if (i === 2) await page.screenshot({ path: join(SHOTS, 'free-layout-drag-guides-row.png') });
    });
    L = await layout(page);
    const r = L.panels[i];
    // C snaps a gutter from B; D, sized by hand, snaps to whichever is nearer: that gutter or the page edge.
    if (i === 2) expect(r.xMm).toBeCloseTo(prev.xMm + prev.wMm + gutter, 6);
    else expect(Math.min(Math.abs(r.xMm - (prev.xMm + prev.wMm + gutter)), Math.abs(r.xMm + r.wMm - 183))).toBeLessThan(1e-6);
    expect(r.yMm).toBeCloseTo(rowTop, 6);
  }
  // Keyboard nudges: 0.5 mm, Shift 5 mm, each one undo step.
  const d0 = L.panels[3].xMm;
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await layout(page)).panels[3].xMm).toBeCloseTo(d0 - 0.5, 6);
  await page.keyboard.press('Shift+ArrowUp');
  await expect.poll(async () => (await layout(page)).panels[3].yMm).toBeCloseTo(rowTop - 5, 6);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await layout(page)).panels[3].xMm).toBeCloseTo(d0, 6);

  L = await layout(page);
  expect(L.panels.map((p) => p.row)).toEqual([0, 1, 1, 1]); // 1 + 3
  await page.screenshot({ path: join(SHOTS, 'free-layout-1-3.png') });

  // Fit to 183 × 170 mm (Nature's height limit): the free arrangement fills the page.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').locator('input').fill('Fit Figure');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('fit-dialog')).toBeVisible();
  await page.getByTestId('fit-width').fill('183');
  await page.getByTestId('fit-height').fill('170');
  await expect(page.getByTestId('fit-preview')).toHaveText(/Panels fill 183 × 170 mm/);
  await page.getByTestId('fit-apply').click();
  await expect(page.getByTestId('fit-dialog')).toBeHidden();
  await expect.poll(async () => (await layout(page)).pageHeightMm).toBe(170);
  await page.screenshot({ path: join(SHOTS, 'free-layout-fitted.png') });

  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await page.getByTestId('export-dpi').selectOption('300');
  await expect(page.getByTestId('privacy-checklist')).toHaveAttribute('data-ready', '1', { timeout: 240_000 });
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('.png', { timeout: 120_000 });
  const png = pngsSince(web.exportDir, startedAt);
  const { data, info } = await sharp(join(web.exportDir, png[png.length - 1]))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect(info.width).toBe(Math.round((183 / 25.4) * 300));
  expect(info.height).toBe(Math.round((170 / 25.4) * 300));
  const white = (x: number, y: number) => {
    const i = (y * info.width + x) * 3;
    return data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250;
  };
  const widestRun = (n: number, m: number, at: (a: number, b: number) => boolean) => {
    let best = 0;
    let run = 0;
    for (let a = 0; a < n; a++) {
      let all = true;
      for (let b = 0; b < m && all; b += 2) all = at(a, b);
      run = all ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  };
  const gutterPx = (gutter / 25.4) * 300;
  const cols = widestRun(info.width, info.height, (x, y) => white(x, y));
  const rows = widestRun(info.height, info.width, (y, x) => white(x, y));
  expect(cols).toBeLessThanOrEqual(Math.ceil(gutterPx) + 1);
  expect(rows).toBeLessThanOrEqual(Math.ceil(gutterPx) + 1);
  // The gutter between A and the row below is there (white rows exist, a gutter wide).
  expect(rows).toBeGreaterThanOrEqual(Math.floor(gutterPx) - 1);
});

test('a floating inset: top-left corner of its parent at ×2, outlined source box, in the exported pixels', async ({ app: page, web }) => {
  test.setTimeout(180_000);
  const startedAt = Date.now() - 1000;
  // A parent whose centre third is green and whose top-left is blue: the inset shows green there.
  const w = 900;
  const h = 600;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const mid = x >= w / 3 && x < (2 * w) / 3 && y >= h / 3 && y < (2 * h) / 3;
      px.set(mid ? [40, 200, 60] : [40, 60, 200], i);
    }
  await sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toFile(join(web.workDir, 'inset-parent.png'));
  await openMany(page, [web.workDir.split('/').pop()!], ['inset-parent.png']);
  await expect.poll(() => panelCount(page), { timeout: 90_000 }).toBe(1);
  await page.getByTestId('panel-inset').click();
  await expect.poll(async () => (await editorState(page)).panels.length).toBe(2);
  await page.getByTestId('panel-select-1').click();
  await page.getByTestId('inset-float').check();
  await page.getByTestId('inset-corner').selectOption('top-left');
  await page.getByTestId('inset-zoom').selectOption('2');
  await expect.poll(async () => (await layout(page)).panels.map((p) => p.row)).toEqual([0, -1]);
  const L = await layout(page);
  const [P, I] = L.panels;
  // ×2 of a third of the parent = two thirds of its width, less than the margins allow? Then ×1.
  expect(I.xMm).toBeCloseTo(P.xMm + 1, 6);
  expect(I.yMm).toBeCloseTo(P.yMm + 1, 6);
  expect(I.wMm).toBeCloseTo((P.wMm / 3) * 2, 6);
  await page.getByTestId('canvas').hover({ position: { x: 5, y: 5 } });
  await page.screenshot({ path: join(SHOTS, 'free-layout-inset.png') });

  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dpi').selectOption('300');
  await expect(page.getByTestId('privacy-checklist')).toHaveAttribute('data-ready', '1', { timeout: 240_000 });
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('.png', { timeout: 120_000 });
  const png = pngsSince(web.exportDir, startedAt);
  const { data, info } = await sharp(join(web.exportDir, png[png.length - 1]))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const k = info.width / L.pageWidthMm;
  const at = (xMm: number, yMm: number) => {
    const i = (Math.round(yMm * k) * info.width + Math.round(xMm * k)) * 3;
    return [data[i], data[i + 1], data[i + 2]];
  };
  // Inside the inset (top-left of the parent, normally blue): the green centre, zoomed.
  const [r, g, b] = at(I.xMm + I.wMm * 0.5, I.yMm + I.hMm * 0.5);
  expect(g).toBeGreaterThan(150);
  expect(b).toBeLessThan(120);
  expect(r).toBeLessThan(120);
  // Right of the inset, still the parent's blue.
  const [, g2, b2] = at(I.xMm + I.wMm + 3, I.yMm + 3);
  expect(b2).toBeGreaterThan(150);
  expect(g2).toBeLessThan(120);
});
