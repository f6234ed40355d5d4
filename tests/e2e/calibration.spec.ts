// Calibrate a micrograph by drawing a reference line, add a scale bar, crop the panel, export,
// and check the bar on the exported pixels: bar px ÷ (µm per exported px) = labelled length ±0.5 %.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, openViaPicker, acknowledgePreflight, SHOTS } from './fixtures';

test('reference-line calibration, scale bar, crop, export: the bar is true to 0.5 %', async ({ app: page, web }) => {
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(page.getByTestId('calibration-source')).toHaveText('Not calibrated');
  await expect(page.getByTestId('scalebar-toggle')).toBeDisabled();
  const info = await page.getByTestId('image-info').textContent();
  const [, srcW] = /(\d+) × (\d+) px/.exec(info!)!.map(Number);

  // Draw the reference line by mouse and say it is 500 µm long.
  await page.getByTestId('calibrate-reference').click();
  const box = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.up();
  const form = page.getByTestId('reference-form');
  await expect(form).toBeVisible();
  const linePx = Number(/Line of ([\d.]+) px/.exec((await form.textContent())!)![1]);
  expect(linePx).toBeGreaterThan(50);
  await page.getByTestId('reference-length').fill('500');
  await page.getByTestId('reference-unit').selectOption('µm');
  await page.getByTestId('reference-apply').click();
  await expect(page.getByTestId('calibration-source')).toContainText('reference line');

  // Scale bar on, without halo so the bar alone changes pixels.
  await page.getByTestId('scalebar-toggle').check();
  await page.getByLabel('Contrast halo').uncheck();
  // Crop to the left 70 % of the image.
  const cropW = Math.round(srcW * 0.7);
  await page.getByTestId('crop-w').fill(String(cropW));
  const label = (await page.getByTestId('scalebar-length').textContent())!;
  const m = /([\d.]+) (µm|mm)/.exec(label)!;
  const barUm = Number(m[1]) * (m[2] === 'mm' ? 1000 : 1);
  await page.screenshot({ path: join(SHOTS, 'calibration-scalebar.png') });

  // Export labelled and unlabelled at 600 dpi, 89 mm.
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-width').fill('89');
  await page.getByTestId('export-name').fill('micro');
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('micro.png', { timeout: 60_000 });
  await page.getByTestId('export-unlabelled').check();
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('unlabelled', { timeout: 60_000 });

  const a = await sharp(readFileSync(join(web.exportDir, 'micro.png')))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const b = await sharp(readFileSync(join(web.exportDir, 'micro-unlabelled.png')))
    .removeAlpha()
    .raw()
    .toBuffer();
  const { width, height } = a.info;
  expect(width).toBe(Math.round((89 / 25.4) * 600));
  // The bar is the longest horizontal run of changed pixels (the letter and nothing else change).
  let best = 0;
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const d = Math.abs(a.data[i] - b[i]) + Math.abs(a.data[i + 1] - b[i + 1]) + Math.abs(a.data[i + 2] - b[i + 2]);
      run = d > 24 ? run + 1 : 0;
      if (run > best) best = run;
    }
  }
  const umPerSourcePx = 500 / linePx;
  const umPerExportPx = (umPerSourcePx * cropW) / width;
  const measuredUm = best * umPerExportPx;
  expect(Math.abs(measuredUm - barUm) / barUm).toBeLessThan(0.005 + 1.5 / best);
});

test('a microscope profile the user adds is kept in the settings across a restart', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await page.getByRole('button', { name: 'New profile…' }).click();
  await page.getByLabel('Profile name').fill('Lab BX53 20x');
  // The signal that the profile is stored: the settings write that carries it (after 400 ms of quiet).
  const stored = page.waitForResponse(
    (r) => r.url().endsWith('/api/setSettings') && r.ok() && !!r.request().postDataBuffer()?.includes('Lab BX53 20x'),
    { timeout: 30_000 },
  );
  await page.getByRole('button', { name: 'Save profile' }).click();
  const select = page.getByLabel('Microscope profile');
  await expect(select.locator('option', { hasText: 'Lab BX53 20x' })).toHaveCount(1);
  // Choosing it calibrates the panel from the profile.
  const value = await select.locator('option', { hasText: 'Lab BX53 20x' }).getAttribute('value');
  await select.selectOption(value!);
  await expect(page.getByTestId('calibration-source')).toContainText('microscope profile');
  await stored;
  await page.reload();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  const discard = page.getByTestId('recovery-discard-0');
  if (await discard.isVisible().catch(() => false)) await discard.click();
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(page.getByLabel('Microscope profile').locator('option', { hasText: 'Lab BX53 20x' })).toHaveCount(1);
});
