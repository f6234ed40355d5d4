// The core loop in the real renderer: open a photo, draw an arrow, type a label, export a PNG
// at 600 dpi for a print width; check the file's pixel size, its pHYs and the drawn pixels.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, openViaPicker, acknowledgePreflight, SHOTS } from './fixtures';
import { readPngChunks, readPngDpi } from '../../src/services/export';

async function dragOnCanvas(page: import('@playwright/test').Page, from: [number, number], to: [number, number]) {
  const box = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2), { steps: 5 });
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 5 });
  await page.mouse.up();
}

test('open a photo, draw an arrow and a label, export PNG at 600 dpi', async ({ app: page, web }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
  await expect(page.getByTestId('image-info')).toContainText('1411 × 1411 px');

  // Arrow by mouse.
  await page.getByTestId('tool-arrow').click();
  await dragOnCanvas(page, [0.35, 0.3], [0.48, 0.45]);
  await expect(page.getByTestId('undo')).toBeEnabled();

  // A text label typed in place.
  await page.getByTestId('tool-text').click();
  const box = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.22);
  const editor = page.getByLabel('Label text');
  await expect(editor).toBeVisible();
  await editor.fill('Optic disc');
  await editor.press('Enter');
  await page.screenshot({ path: join(SHOTS, 'core-loop-annotated.png') });

  // Undo removes the label, redo brings it back.
  await page.getByTestId('undo').click();
  await page.getByTestId('redo').click();

  // Export at 600 dpi, 89 mm wide (a single column).
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dpi').selectOption('600');
  await page.getByTestId('export-width').fill('89');
  await page.getByTestId('export-name').fill('core-loop');
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('2102 ×', { timeout: 60_000 });
  await page.screenshot({ path: join(SHOTS, 'core-loop-exported.png') });

  const png = readFileSync(join(web.exportDir, 'core-loop.png'));
  const meta = await sharp(png).metadata();
  expect(meta.width).toBe(Math.round((89 / 25.4) * 600)); // 2102
  expect(meta.height).toBe(meta.width); // square photo, one panel, no margins
  const dpi = readPngDpi(png)!;
  expect(dpi.x).toBeCloseTo(600, 1);
  expect(readPngChunks(png).map((c) => c.type)).not.toContain('eXIf');

  // Export again without labels: the arrow's pixels must differ between the two.
  await page.getByTestId('export-copies').selectOption('unlabelled');
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('unlabelled', { timeout: 60_000 });
  const bare = readFileSync(join(web.exportDir, 'core-loop-unlabelled.png'));
  const a = await sharp(png).removeAlpha().raw().toBuffer();
  const b = await sharp(bare).removeAlpha().raw().toBuffer();
  expect(a.length).toBe(b.length);
  let changed = 0;
  for (let i = 0; i < a.length; i += 3)
    if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 60) changed++;
  // An arrow of 1.5 pt over ~20 % of an 89 mm panel at 600 dpi covers thousands of pixels.
  expect(changed).toBeGreaterThan(3000);
  writeFileSync(join(SHOTS, 'core-loop-export.png'), png);
});

test('bad files give a clear message and the app keeps working', async ({ app: page, web }) => {
  writeFileSync(join(web.workDir, 'empty.jpg'), Buffer.alloc(0));
  writeFileSync(join(web.workDir, 'notes.png'), 'This is a text file, not a picture.\n');
  writeFileSync(join(web.workDir, 'truncated.jpg'), readFileSync(join(import.meta.dirname, '../fixtures/images/bad/truncated.jpg')));
  const work = web.workDir.split('/').pop()!;
  for (const [name, words] of [
    ['empty.jpg', /empty/i],
    ['notes.png', /not an image|text/i],
    ['truncated.jpg', /truncated/i],
  ] as const) {
    await openViaPicker(page, [work], name);
    const toast = page.getByTestId('toast-error').last();
    await expect(toast).toContainText(name);
    await expect(toast).toContainText(words);
  }
  await page.screenshot({ path: join(SHOTS, 'bad-input.png') });
  // Still works: a good image opens afterwards.
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
});
