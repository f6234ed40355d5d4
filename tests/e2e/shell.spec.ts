// A new user's first session: the start screen offers the sample case; they open it, switch
// figures, run an action from the command palette, and export. Keyboard alone reaches Export.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, acknowledgePreflight, SHOTS } from './fixtures';

test('open the sample case from the start screen, switch figures, palette, export', async ({ app: page, web }) => {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'shell-1-start.png') });
  await page.getByTestId('start-sample').click();
  // The composite is the fifth figure; the list shows all five.
  const figures = page.getByRole('complementary', { name: 'Figures and panels' });
  await expect(figures.getByText('Figure 5 — Composite A–D')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('panel-list')).toContainText('clinical-photo.jpg');
  await page.screenshot({ path: join(SHOTS, 'shell-2-sample-figure1.png') });

  await figures.getByText('Figure 5 — Composite A–D').click();
  await expect(page.getByTestId('panel-list')).toContainText('skin-biopsy-micrograph.png');
  await page.waitForTimeout(500);
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
