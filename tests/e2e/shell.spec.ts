// A new user's first session: the start screen offers the sample case; they open it, switch
// figures, run an action from the command palette, and export. Keyboard alone reaches Export.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, acknowledgePreflight, SHOTS } from './fixtures';
import { canvasSettled } from './settled';

test('open the sample case from the start screen, switch figures, palette, export', async ({ app: page, web }) => {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'shell-1-start.png') });
  await page.getByTestId('start-sample').click();
  // The composite is the fifth figure; the list shows all five.
  const figures = page.getByRole('complementary', { name: 'Figures and panels' });
  await expect(figures.getByText('Figure 5 — Composite A–D')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('panel-list')).toContainText('clinical-photo.jpg');
  // The photo paints once decoded; until then its panel says "Loading image…", never a warning.
  const placeholders = (name: string) =>
    page.evaluate((n) => {
      type S = { container(): HTMLElement; find(sel: string): unknown[] };
      const s = (window as unknown as { Konva: { stages: S[] } }).Konva.stages.find((x) => x.container().closest('[data-testid="canvas"]'));
      return s ? s.find(`.${n}`).length : -1;
    }, name);
  await expect.poll(() => placeholders('image-loading'), { timeout: 30_000 }).toBe(0);
  expect(await placeholders('image-problem')).toBe(0);
  await canvasSettled(page);
  await page.screenshot({ path: join(SHOTS, 'shell-2-sample-figure1.png') });

  await figures.getByText('Figure 5 — Composite A–D').click();
  await expect(page.getByTestId('panel-list')).toContainText('skin-biopsy-micrograph.png');
  await canvasSettled(page);
  await page.screenshot({ path: join(SHOTS, 'shell-3-composite.png') });

  // Command palette: find and run "Zoom to Fit" and then "Show/Hide Labels Layer".
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('textbox').fill('labels layer');
  await page.screenshot({ path: join(SHOTS, 'shell-4-palette.png') });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('layer-labels')).not.toBeChecked();
  await page.keyboard.press('Control+k');
  await palette.getByRole('textbox').fill('labels layer');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('layer-labels')).toBeChecked();

  // Export the composite at 300 dpi.
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dpi').selectOption('300');
  await page.getByTestId('export-width').fill('183');
  await page.getByTestId('export-name').fill('composite');
  await acknowledgePreflight(page);
  const checklist = page.getByTestId('privacy-checklist');
  for (const l of ['A', 'B', 'C', 'D']) {
    const ack = page.getByTestId(`privacy-ack-${l}`);
    if (await ack.isVisible()) await ack.check();
  }
  await expect(checklist).toHaveAttribute('data-ready', '1');
  await page.screenshot({ path: join(SHOTS, 'shell-5-export.png') });
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('composite.png', { timeout: 90_000 });
  const out = join(web.exportDir, 'composite.png');
  expect(existsSync(out)).toBe(true);
  expect((await sharp(out).metadata()).width).toBe(Math.round((183 / 25.4) * 300));
});

test('keyboard only: Tab reaches the Export button and Enter opens the dialog', async ({ app: page }) => {
  await page.getByTestId('start-sample').click();
  await expect(page.getByTestId('export-open')).toBeEnabled({ timeout: 30_000 });
  await page.locator('body').click({ position: { x: 5, y: 890 } });
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.getByTestId('export-open').evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  // The focused control is visibly outlined.
  const outline = await page.getByTestId('export-open').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-dialog')).toBeVisible();
});

test('zoom to selection; a drag released outside the canvas still ends the gesture', async ({ app: page }) => {
  await page.getByTestId('start-sample').click();
  await expect(page.getByTestId('export-open')).toBeEnabled({ timeout: 30_000 });
  const zoomOf = async () => Number(/zoom (\d+)/.exec((await page.getByTestId('status-zoom').textContent())!)![1]);
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  const before = await zoomOf();
  // Nothing selected: Ctrl+2 fits the panel being worked on (figure 1 has one: little change);
  // with an annotation selected it zooms in on it.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+2');
  // The status bar reads the zoom as the pointer moves.
  await expect
    .poll(async () => {
      await page.mouse.move(canvas.x + canvas.width / 2 + Math.random() * 4, canvas.y + canvas.height / 2);
      return zoomOf();
    })
    .toBeGreaterThan(before);

  // Arrow drag that ends over the inspector: the arrow is drawn, the tool is idle again.
  await page.keyboard.press('Control+0');
  await page.getByTestId('tool-arrow').click();
  const count = () =>
    page.evaluate(
      () =>
        (
          window as unknown as { medfigEditor: { project(): { figures: { panels: { annotations: unknown[] }[] }[] } } }
        ).medfigEditor.project().figures[0].panels[0].annotations.length,
    );
  const n0 = await count();
  await page.mouse.move(canvas.x + canvas.width * 0.45, canvas.y + canvas.height * 0.45);
  await page.mouse.down();
  await page.mouse.move(canvas.x + canvas.width * 0.7, canvas.y + canvas.height * 0.55, { steps: 8 });
  await page.mouse.move(canvas.x + canvas.width + 150, canvas.y + canvas.height * 0.55, { steps: 4 });
  await page.mouse.up();
  await expect.poll(count).toBe(n0 + 1);
});

test('a slow open shows progress and can be cancelled; the result is dropped', async ({ app: page, web }) => {
  // 40 slices of the 512×512 CT, opened by the real host; its answer is held on the way back
  // until the user has pressed Cancel, so the open is "slow" whatever the machine's speed.
  const { copyFileSync, mkdirSync } = await import('node:fs');
  const dir = join(web.workDir, 'slow-series');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 40; i++)
    copyFileSync(
      join(import.meta.dirname, '../fixtures/dicom/ct/ct_chest_ge_explicit_le.dcm'),
      join(dir, `IM${String(i).padStart(4, '0')}.dcm`),
    );
  let cancelled!: () => void;
  const afterCancel = new Promise<void>((r) => (cancelled = r));
  await page.route('**/api/openSeries', async (route) => {
    const answer = await route.fetch();
    await afterCancel;
    await route.fulfill({ response: answer });
  });
  await page.getByRole('button', { name: 'Series…', exact: true }).click();
  const picker = page.getByTestId('file-picker');
  // A click opens a folder; Open then opens the folder shown as the series.
  await picker.getByRole('button', { name: `Open folder ${web.workDir.split('/').pop()}` }).click();
  await picker.getByTestId('entry-slow-series').click();
  await expect(picker.getByTestId('picker-open')).toHaveText('Open folder slow-series');
  // The signal that the cancelled load has finished on the host: its openSeries answer.
  const answered = page.waitForResponse((r) => r.url().includes('/api/openSeries'), { timeout: 120_000 });
  await picker.getByTestId('picker-open').click();
  const busy = page.getByTestId('busy');
  await expect(busy).toBeVisible();
  await expect(busy).toContainText('Loading series');
  await page.screenshot({ path: join(SHOTS, 'shell-busy.png') });
  await page.getByTestId('busy-cancel').click();
  await expect(busy).toBeHidden();
  cancelled();
  // The series arrives later but is dropped: no stack viewer opens once its answer is in.
  expect((await answered).ok()).toBe(true);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await expect(page.getByTestId('series-browser')).toHaveCount(0);
});
