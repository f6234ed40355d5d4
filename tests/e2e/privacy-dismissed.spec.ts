// A proposal the author dismissed in the export check is said as such on the panel's card, not
// folded into "nothing found": the retina photo's vessels read as "Fee" to the offline OCR.
import { join } from 'node:path';
import { test, expect, openViaPicker, SHOTS } from './fixtures';

test('a dismissed proposal: the card says "1 dismissed as not identifying", not "nothing found"', async ({ app: page }) => {
  test.setTimeout(180_000);
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('export-open')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('export-open').click();
  const status = page.getByTestId('privacy-status-A');
  await expect(status).toContainText('proposed redaction', { timeout: 90_000 });
  const n = Number(/(\d+) proposed/.exec((await status.textContent()) ?? '')?.[1]);
  expect(n).toBeGreaterThan(0);
  await page.getByTestId('privacy-row-A').locator('summary', { hasText: 'Details' }).click();
  for (let i = n; i > 0; i--) await page.getByTestId('privacy-dismiss-A-0').click();
  await expect(status).toHaveText(`✓ ${n} dismissed as not identifying`);
  await expect(status).not.toContainText('nothing found');
  await page.getByTestId('privacy-row-A').screenshot({ path: join(SHOTS, 'privacy-dismissed.png') });
});
