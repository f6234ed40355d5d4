// Window presets fit the image (UX audit, finding 22): a CR radiograph, whose values are optical
// density, is offered its own window, Auto and Full range — no CT preset in Hounsfield units (Bone
// painted it solid black) — and every choice it is offered shows the anatomy, not one grey. The CT
// beside it keeps the HU presets. Windows read the same way everywhere: "C <centre> / W <width>".
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { editorState, panelRect } from './editor-helpers';
import { CT_WINDOW_PRESETS } from '../../src/shared/imaging/presets';

async function selectPanel(page: Page, i: number) {
  await page.getByTestId(`panel-select-${i}`).click();
  await expect(page.getByTestId(`panel-row-${i}`)).toHaveClass(/active/);
}

/** Grey levels spread over the middle of a panel on screen (the letter sits in a corner). */
async function greySpread(page: Page, index: number): Promise<number> {
  const r = await panelRect(page, index);
  const clip = { x: r.x + r.width * 0.25, y: r.y + r.height * 0.25, width: r.width * 0.5, height: r.height * 0.5 };
  const grey = await sharp(await page.screenshot({ clip }))
    .greyscale()
    .raw()
    .toBuffer();
  return Math.max(...grey) - Math.min(...grey);
}

test('a CR radiograph is offered its own window, Auto and Full range, never a CT preset; the CT keeps them', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'radiograph'], 'cr_mono1_6154.dcm');
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('panel-list').locator('li')).toHaveCount(2);

  await selectPanel(page, 0);
  await expect(page.getByTestId('image-info')).toContainText('DICOM · CR');
  const presets = page.getByTestId('window-presets');
  // Auto appears once the frame is decoded (it is the values' min–max).
  await expect(presets.getByRole('button')).toHaveText(['File 1 (C 1600 / W 2800)', 'Auto', 'Full range']);
  for (const p of CT_WINDOW_PRESETS) await expect(page.getByTestId(`preset-${p.id}`)).toHaveCount(0);
  await expect(page.getByTestId('panel-window')).toHaveText('Window C 1600 / W 2800 · default');
  await page.screenshot({ path: join(SHOTS, 'window-presets-cr.png') });

  // Each choice shows the anatomy: the middle of the panel is not one grey. The file's window and
  // Full range are faint (the values span 554 of their ~2800) but not flat; Auto stretches them.
  for (const [id, shown, spread] of [
    ['auto', 'Window C 1840 / W 554', 80],
    ['full', 'Window C 1600.5 / W 2801', 10],
    ['file-1', 'Window C 1600 / W 2800', 10],
  ] as const) {
    await page.getByTestId(`preset-${id}`).click();
    await expect(page.getByTestId('panel-window')).toHaveText(shown);
    await expect.poll(() => greySpread(page, 0), { message: `grey levels in the radiograph under ${id}` }).toBeGreaterThan(spread);
  }
  expect((await editorState(page)).panels[0].display.window).toEqual({ center: 1600, width: 2800 });

  await selectPanel(page, 1);
  await expect(page.getByTestId('image-info')).toContainText('DICOM · CT');
  await expect(presets.getByRole('button')).toHaveText(['File 1 (C 40 / W 400)', ...CT_WINDOW_PRESETS.map((p) => p.name)]);
  await expect(page.getByTestId('preset-auto')).toHaveCount(0);
  await expect(page.getByTestId('preset-bone')).toHaveAttribute('title', 'C 300 / W 1500 HU');
  await page.getByTestId('preset-bone').click();
  await expect(page.getByTestId('panel-window')).toHaveText('Window C 300 / W 1500');
  await page.screenshot({ path: join(SHOTS, 'window-presets-ct.png') });
});
