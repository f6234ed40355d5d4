// The canvas view traps of issue 14: Fit and Ctrl+0 give the same view; the zoom label always
// shows the current zoom (never the one from the last pointer move); after Fit the whole page
// is on screen and nothing (the tool hint / options strip) covers its bottom. Also the
// screenshots of the toolbar and of Fit for the README.
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, ROOT } from './fixtures';
import type { Page } from '@playwright/test';

interface CanvasApi {
  view(): { zoom: number; x: number; y: number };
  zoomPercent(): number;
  pageRect(): { x: number; y: number; width: number; height: number } | null;
}
const canvasApi = <T>(page: Page, fn: (c: CanvasApi) => T) =>
  page.evaluate((src) => {
    const c = (window as unknown as { medfigCanvas: CanvasApi }).medfigCanvas;
    return (0, eval)(src)(c) as T;
  }, fn.toString());
const label = async (page: Page) => Number(/zoom (\d+) %/.exec((await page.getByTestId('status-zoom').textContent())!)![1]);

async function openComposite(page: Page) {
  await page.getByTestId('start-sample').click();
  const figures = page.getByRole('complementary', { name: 'Figures and panels' });
  await expect(figures.getByText('Figure 5 — Composite A–D')).toBeVisible({ timeout: 30_000 });
  await figures.getByText('Figure 5 — Composite A–D').click();
  await expect(page.getByTestId('panel-list')).toContainText('skin-biopsy-micrograph.png');
}

test('Fit and Ctrl+0 give one view; the zoom label follows every zoom without a pointer move', async ({ app: page }) => {
  await openComposite(page);
  const box = (await page.getByTestId('canvas').boundingBox())!;
  // Zoom in with the wheel, then Fit from the toolbar.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  await page.mouse.wheel(0, -600);
  await page.getByTestId('zoom-fit').click();
  const fitView = await canvasApi(page, (c) => c.view());
  const fitLabel = await label(page);
  expect(fitLabel).toBe(Math.round(await canvasApi(page, (c) => c.zoomPercent())));

  // The wheel zooms with the pointer still: the label changes at once (no pointer move needed).
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => label(page)).toBeGreaterThan(fitLabel);
  expect(await label(page)).toBe(Math.round(await canvasApi(page, (c) => c.zoomPercent())));

  // Ctrl+0 from the keyboard: exactly the Fit view, and the label says so.
  await page.keyboard.press('Control+0');
  await expect.poll(() => canvasApi(page, (c) => c.view())).toEqual(fitView);
  await expect.poll(() => label(page)).toBe(fitLabel);

  // 100 % (Ctrl+1): one source pixel per screen pixel — the label reads 100, and it is not
  // smaller than Fit for this 183 mm four-panel page at 1440 × 900.
  await page.keyboard.press('Control+1');
  await expect.poll(() => label(page)).toBe(100);
  expect((await canvasApi(page, (c) => c.view())).zoom).toBeGreaterThanOrEqual(fitView.zoom);
  // Zoom out from the keyboard: still current.
  await page.keyboard.press('Control+-');
  await expect.poll(() => label(page)).toBe(80);
});

test('after Fit the whole page is visible and its bottom is not under the tool hint', async ({ app: page }) => {
  await openComposite(page);
  // A wide, short window: the page is height-limited, so its bottom edge sits at the fit margin.
  await page.setViewportSize({ width: 1440, height: 760 });
  await page.getByTestId('tool-arrow').click();
  await page.keyboard.press('Control+0');
  const stage = (await page.locator('.canvas-stage').boundingBox())!;
  const bar = (await page.getByTestId('options-bar').boundingBox())!;
  await expect.poll(async () => (await canvasApi(page, (c) => c.pageRect()))!.height).toBeGreaterThan(100);
  const pageRect = (await canvasApi(page, (c) => c.pageRect()))!;
  // Height-limited indeed (else this test would prove nothing about the bottom).
  expect(Math.abs(pageRect.y - stage.y - (stage.y + stage.height - (pageRect.y + pageRect.height)))).toBeLessThan(1.5);
  // Entirely inside the stage …
  expect(pageRect.x).toBeGreaterThanOrEqual(stage.x);
  expect(pageRect.y).toBeGreaterThanOrEqual(stage.y);
  expect(pageRect.x + pageRect.width).toBeLessThanOrEqual(stage.x + stage.width + 0.5);
  expect(pageRect.y + pageRect.height).toBeLessThanOrEqual(stage.y + stage.height + 0.5);
  // … and the options strip (tool hint) starts below the page's bottom edge.
  expect(bar.y).toBeGreaterThanOrEqual(pageRect.y + pageRect.height);
  await expect(page.getByTestId('options-bar')).toContainText('Arrow');
  // What the user sees: the page's bottom rows are the page (white background), not the strip.
  const shot = await page.screenshot({
    clip: { x: pageRect.x + pageRect.width / 2 - 40, y: pageRect.y + pageRect.height - 6, width: 80, height: 4 },
  });
  expect(shot.byteLength).toBeGreaterThan(0);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.keyboard.press('Control+0');
  await page.mouse.move(5, 450);
  await page.screenshot({ path: join(ROOT, 'docs/fit.png') });
});

test('the toolbar is one row of grouped icons at 1280 px, tooltips name the shortcut', async ({ app: page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openComposite(page);
  const toolbar = page.getByRole('toolbar', { name: 'Tools' });
  const tb = (await toolbar.boundingBox())!;
  // One row: no taller than one button plus padding, and nothing spills past the window.
  expect(tb.height).toBeLessThan(44);
  const buttons = toolbar.getByRole('button');
  for (let i = 0; i < (await buttons.count()); i++) {
    const b = (await buttons.nth(i).boundingBox())!;
    expect(b.x + b.width, (await buttons.nth(i).getAttribute('aria-label')) ?? undefined).toBeLessThanOrEqual(1280);
    expect(b.y).toBeLessThan(tb.y + 10);
  }
  // Icons, not emoji: every tool button holds an SVG and no text.
  for (const id of ['select', 'arrow', 'text', 'measure-length', 'redaction', 'crop', 'window']) {
    const b = page.getByTestId(`tool-${id}`);
    await expect(b.locator('svg')).toHaveCount(1);
    expect((await b.textContent())!.trim()).toBe('');
  }
  await expect(page.getByTestId('tool-measure-length')).toHaveAttribute('title', /Measure \(M\)/);
  await expect(page.getByTestId('tool-window')).toHaveAttribute('title', /\(W\)/);
  // The current tool is pressed, from the registry's checked state.
  await page.keyboard.press('a');
  await expect(page.getByTestId('tool-arrow')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('tool-select')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('tool-arrow').hover();
  await page.screenshot({ path: join(ROOT, 'docs/toolbar.png'), clip: { x: 0, y: 0, width: 1280, height: 120 } });
});

test('a brightness drag previews on the canvas and commits one undo step on release', async ({ app: page }) => {
  await openComposite(page);
  type Doc = { get(): { history: { past: unknown[] } }; figure(): { panels: { display: { brightness: number } }[] } };
  const docState = () =>
    page.evaluate(() => {
      const s = (window as unknown as { medfigEditor: Doc }).medfigEditor;
      return { steps: s.get().history.past.length, brightness: s.figure().panels[0].display.brightness };
    });
  // Mean grey of a patch of panel A (the clinical photo, top left of the page) as shown.
  const pr = (await canvasApi(page, (c) => c.pageRect()))!;
  const clip = { x: Math.round(pr.x + pr.width * 0.2), y: Math.round(pr.y + pr.height * 0.3), width: 40, height: 40 };
  const mean = async () => {
    const { data } = await sharp(await page.screenshot({ clip }))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return data.reduce((a, v) => a + v, 0) / data.length;
  };
  const before = await docState();
  // The photo is drawn (light skin), and stays the same from one look to the next.
  await expect.poll(mean, { timeout: 30_000 }).toBeGreaterThan(120);
  await expect.poll(async () => Math.abs((await mean()) - (await mean()))).toBeLessThan(0.5);
  const grey0 = await mean();
  const slider = page.getByTestId('display-brightness');
  const b = (await slider.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(b.x + b.width / 2 + (i * b.width * 0.35) / 8, b.y + b.height / 2);
  // Mid-drag: the canvas is brighter, the document is untouched.
  await expect.poll(mean).toBeGreaterThan(grey0 + 10);
  expect(await docState()).toEqual(before);
  await page.mouse.up();
  // Released: one command, one undo step; the canvas keeps the committed brightness.
  await expect.poll(docState).toEqual({ steps: before.steps + 1, brightness: expect.any(Number) as unknown as number });
  expect((await docState()).brightness).toBeGreaterThan(0.3);
  await expect.poll(mean).toBeGreaterThan(grey0 + 10);
  await page.getByTestId('undo').click();
  await expect.poll(mean).toBeLessThan(grey0 + 3);
  expect((await docState()).brightness).toBe(before.brightness);
});
