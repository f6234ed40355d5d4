// Letters moved outside the panels sit on the white page: they turn black (the image style,
// white with an outline, looked hollow there), and come back white when moved inside again.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Figure } from '../../src/shared/figure/schema';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { panelRect } from './editor-helpers';

const letters = (page: Page) =>
  page.evaluate(() => (window as unknown as { medfigEditor: { figure(): Figure } }).medfigEditor.figure().letters);

/** Dark pixels in the band above panel A's top-left corner, where an outside letter sits. */
async function darkAbovePanel(page: Page, file: string): Promise<number> {
  const r = await panelRect(page, 0);
  const shot = await page.screenshot({ path: join(SHOTS, file), clip: { x: r.x, y: r.y - 24, width: 40, height: 22 } });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if ((d[i] + d[i + 1] + d[i + 2]) / 3 < 80) dark++;
    return dark;
  }, shot.toString('base64'));
}

test('letters placed outside turn to the page ink, and back to the image style inside', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  // The test hook is installed with the canvas, which the start screen gives way to.
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { medfigEditor?: { figure(): Figure } }).medfigEditor?.figure().panels.length ?? 0),
    )
    .toBe(1);
  expect(await letters(page)).toMatchObject({ placement: 'inside-top-left', color: '#ffffff', halo: true });

  await page.getByTestId('letters-placement').selectOption('outside-top-left');
  await expect.poll(async () => (await letters(page)).placement).toBe('outside-top-left');
  expect(await letters(page)).toMatchObject({ color: '#000000', halo: false });
  await expect(page.getByTestId('letters-colour')).toHaveValue('#000000');
  // On screen: the letter shows in the band above the panel (the page was white there before).
  await expect.poll(() => darkAbovePanel(page, 'letters-outside.png')).toBeGreaterThan(50);

  // One undo step brings back the white outlined letters inside.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await letters(page)).placement).toBe('inside-top-left');
  expect(await letters(page)).toMatchObject({ color: '#ffffff', halo: true });

  await page.getByTestId('letters-placement').selectOption('outside-top-left');
  await page.getByTestId('letters-placement').selectOption('inside-top-right');
  await expect.poll(async () => (await letters(page)).placement).toBe('inside-top-right');
  expect(await letters(page)).toMatchObject({ color: '#ffffff', halo: true });
});
