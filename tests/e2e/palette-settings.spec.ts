// The command palette finds settings as well as commands: typing a setting's name goes to it in
// the side panels (its section opened, scrolled into view, focused), and a query that matches
// nothing says so.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Figure } from '../../src/shared/figure/schema';
import { test, expect, openViaPicker, SHOTS } from './fixtures';

async function search(page: Page, text: string) {
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('textbox').fill(text);
  return palette;
}

test('the palette goes to a setting: Journal, a collapsed Placement, the Scale bar; and says when nothing matches', async ({
  app: page,
}) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { medfigEditor?: { figure(): Figure } }).medfigEditor?.figure().panels.length ?? 0),
    )
    .toBe(1);
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });

  // A control by its label.
  let palette = await search(page, 'journal');
  await expect(palette.getByTestId('palette-setting').first()).toContainText('Journal');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('page-journal')).toBeFocused();

  // A control inside a collapsed section: the section opens.
  await page.locator('summary', { hasText: 'Letters' }).click();
  await expect(page.getByTestId('letters-placement')).toBeHidden();
  palette = await search(page, 'placem');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('letters-placement')).toBeVisible();
  await expect(page.getByTestId('letters-placement')).toBeFocused();

  // A section of the inspector, below the fold: scrolled to, its first control focused.
  palette = await search(page, 'scale bar');
  await page.screenshot({ path: join(SHOTS, 'palette-settings.png') });
  await expect(palette.getByTestId('palette-setting').first()).toContainText('Scale bar');
  await page.keyboard.press('Enter');
  const toggle = page.getByTestId('scalebar-toggle');
  await expect(toggle).toBeFocused();
  await expect(toggle).toBeInViewport();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();

  // Nothing matches: said, not an empty box.
  palette = await search(page, 'zzqx');
  await expect(palette.getByTestId('palette-empty')).toHaveText('No command or setting matches “zzqx”.');
});
