// Calibrate a micrograph by drawing a reference line, add a scale bar, crop the panel, export,
// and check the bar on the exported pixels: bar px ÷ (µm per exported px) = labelled length ±0.5 %.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, openViaPicker, acknowledgePreflight, SHOTS } from './fixtures';
import { dragInPanel, editorState, panelRect } from './editor-helpers';

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
  await page.getByTestId('export-copies').selectOption('unlabelled');
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

/** The canvas pixels of a screen rectangle, as RGB (the page's device pixels are CSS px here). */
async function pixelsAt(page: import('@playwright/test').Page, r: { x: number; y: number; width: number; height: number }) {
  const png = await page.screenshot({ clip: r });
  return sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** How many pixels of the rectangle are the reference line's yellow (#ffd700). */
async function yellowPixels(page: import('@playwright/test').Page, r: { x: number; y: number; width: number; height: number }) {
  const { data } = await pixelsAt(page, r);
  let n = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] > 225 && Math.abs(data[i + 1] - 215) < 30 && data[i + 2] < 60) n++;
  return n;
}

test('a drawn reference line stays on the canvas and asks for its length beside it, in µm on a micrograph; Enter applies as one undo step, Escape drops it', async ({
  app: page,
}) => {
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(page.getByTestId('calibration-source')).toHaveText('Not calibrated');
  const [, srcW] = /(\d+) × (\d+) px/.exec((await page.getByTestId('image-info').textContent())!)!.map(Number);
  const stepsBefore = (await editorState(page)).undoSteps;
  const bar = page.getByTestId('options-bar');
  const form = page.getByTestId('reference-form');
  const input = page.getByTestId('reference-length');

  // K, as the audit's user did: the strip says what to do.
  await page.keyboard.press('k');
  await expect(bar).toContainText('Drag along a structure of known length');
  const r = await panelRect(page, 0);
  const from = { x: r.x + r.width * 0.25, y: r.y + r.height * 0.4 };
  const to = { x: r.x + r.width * 0.65, y: r.y + r.height * 0.4 };
  const drawLine = async () => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
  };
  const aroundLine = { x: from.x + 10, y: from.y - 4, width: to.x - from.x - 20, height: 8 };
  const noLineYellow = await yellowPixels(page, aroundLine);

  // Escape: the line and the prompt go, nothing changes; the tool stays to draw again.
  await drawLine();
  await expect(form).toBeVisible();
  await expect(input).toBeFocused();
  expect(await yellowPixels(page, aroundLine)).toBeGreaterThan(noLineYellow + 50);
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect.poll(() => yellowPixels(page, aroundLine)).toBeLessThanOrEqual(noLineYellow);
  await expect(bar).toContainText('Drag along a structure of known length');
  let s = await editorState(page);
  expect(s.panels[0].calibration).toBeNull();
  expect(s.undoSteps).toBe(stepsBefore);

  // Drawn again: the line stays with its length in px, the prompt is beside the line's end, in
  // view and focused, offering µm; the strip says to type the length.
  await drawLine();
  await expect(form).toBeVisible();
  await expect(input).toBeInViewport({ ratio: 1 });
  await expect(input).toBeFocused();
  await expect(page.getByTestId('reference-unit')).toHaveValue('µm');
  await expect(bar).toContainText('Type its length, Enter to apply');
  const box = (await form.boundingBox())!;
  // Beside the line's end (within 40 px of it), covering neither that end nor the line's middle.
  const gap = (p: { x: number; y: number }) =>
    Math.hypot(Math.max(box.x - p.x, 0, p.x - box.x - box.width), Math.max(box.y - p.y, 0, p.y - box.y - box.height));
  expect(gap(to)).toBeGreaterThan(0);
  expect(gap(to)).toBeLessThan(40);
  expect(gap({ x: (from.x + to.x) / 2, y: from.y })).toBeGreaterThan(0);
  expect(await yellowPixels(page, aroundLine)).toBeGreaterThan(noLineYellow + 50);
  const linePx = Number(/Line of ([\d.]+) px/.exec((await form.textContent())!)![1]);
  expect(linePx).toBeGreaterThan(100);
  expect(linePx).toBeLessThan(srcW);
  await page.keyboard.type('50');
  await expect(page.getByTestId('reference-result')).toContainText(' µm/px');
  await page.screenshot({ path: join(SHOTS, 'calibration-line-prompt.png') });
  await page.keyboard.press('Enter');

  // Applied: 50 µm over the line, with an automatic scale bar (a micrograph); one undo step.
  await expect(form).toBeHidden();
  await expect(page.getByTestId('calibration-source')).toContainText('reference line');
  s = await editorState(page);
  const umPerPx = s.panels[0].calibration!.mmPerPxX * 1000;
  expect(Math.abs(umPerPx - 50 / linePx) / (50 / linePx)).toBeLessThan(1e-3);
  expect(s.panels[0].calibration!.mmPerPxY).toBe(s.panels[0].calibration!.mmPerPxX);
  expect(s.undoSteps).toBe(stepsBefore + 1);
  await expect.poll(async () => (await yellowPixels(page, aroundLine)) <= noLineYellow).toBe(true);

  // The scale bar on the canvas: its length in source px is its label over µm per px.
  const label = (await page.getByTestId('scalebar-length').textContent())!;
  const m = /([\d.]+) (µm|mm)/.exec(label)!;
  const barUm = Number(m[1]) * (m[2] === 'mm' ? 1000 : 1);
  const barScreenPx = await page.evaluate(() => {
    type Node = { getClientRect(): { width: number } };
    const stages = (window as unknown as { Konva: { stages: { container(): HTMLElement; find(sel: string): Node[] }[] } }).Konva.stages;
    const stage = stages.find((x) => x.container().closest('[data-testid="canvas"]'))!;
    return stage.find('.scale-bar-rect').map((n) => n.getClientRect().width);
  });
  expect(barScreenPx).toHaveLength(1);
  const panel = await panelRect(page, 0);
  const barSourcePx = barScreenPx[0] / (panel.width / srcW);
  expect(Math.abs(barSourcePx - barUm / umPerPx)).toBeLessThan(1.5);
  await page.screenshot({ path: join(SHOTS, 'calibration-line-applied.png') });

  // One Ctrl+Z takes the calibration and its scale bar back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('calibration-source')).toHaveText('Not calibrated');
  s = await editorState(page);
  expect(s.panels[0].calibration).toBeNull();
  expect(s.undoSteps).toBe(stepsBefore);
});

test('the reference prompt reads a typed unit and says what is wrong in one sentence', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await page.getByTestId('calibrate-reference').click();
  await dragInPanel(page, 0, [0.2, 0.6], [0.7, 0.6]);
  const input = page.getByTestId('reference-length');
  await expect(input).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reference-error')).toHaveText('Type the length of the line, for example 50 µm.');
  await input.fill('40 ft');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reference-error')).toHaveText('“ft” is not a unit Medfig knows; use nm, µm, mm or cm.');
  expect((await editorState(page)).panels[0].calibration).toBeNull();
  // "0.2 mm" wins over the offered µm, and the unit list shows it.
  await input.fill('0,2 mm');
  await expect(page.getByTestId('reference-unit')).toHaveValue('mm');
  const linePx = Number(/Line of ([\d.]+) px/.exec((await page.getByTestId('reference-form').textContent())!)![1]);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reference-form')).toBeHidden();
  const cal = (await editorState(page)).panels[0].calibration!;
  expect(Math.abs(cal.mmPerPxX - 0.2 / linePx) / (0.2 / linePx)).toBeLessThan(1e-3);
  // The unit used last for a micrograph is the one offered next time.
  await page.keyboard.press('k');
  await dragInPanel(page, 0, [0.2, 0.3], [0.7, 0.3]);
  await expect(input).toBeFocused();
  await expect(page.getByTestId('reference-unit')).toHaveValue('mm');
});

test('on a CT slice the prompt offers mm, and a line never replaces the file’s calibration without asking', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('calibration-source')).toContainText('DICOM Pixel Spacing');
  await page.keyboard.press('k');
  await dragInPanel(page, 0, [0.2, 0.5], [0.6, 0.5]);
  const input = page.getByTestId('reference-length');
  await expect(input).toBeFocused();
  await expect(page.getByTestId('reference-unit')).toHaveValue('mm');
  await page.keyboard.type('30');
  await page.keyboard.press('Enter');
  const ask = page.getByTestId('ask-dialog');
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('0.6758 mm/px from DICOM Pixel Spacing');
  await expect(ask).toContainText('from reference line');
  await page.getByTestId('ask-keep').click();
  await expect(ask).toBeHidden();
  expect((await editorState(page)).panels[0].calibration).toMatchObject({ source: 'PixelSpacing', mmPerPxX: 0.675781 });
  // The line still waits; Escape drops it and nothing has changed.
  await input.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('reference-form')).toBeHidden();
  expect((await editorState(page)).panels[0].calibration).toMatchObject({ source: 'PixelSpacing', mmPerPxX: 0.675781 });
});
