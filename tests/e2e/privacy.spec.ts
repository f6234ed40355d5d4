// Privacy in the app: a DICOM's identifying attributes are flagged on open; a radiograph that may
// carry burned-in text blocks the export until it is redacted or acknowledged; the exported file
// holds none of the identifying values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, SHOTS } from './fixtures';

async function openFile(page: import('@playwright/test').Page, path: string[], name: string) {
  await page.getByTestId('open-image').click();
  const picker = page.getByTestId('file-picker');
  for (const dir of path) await picker.getByTestId(`entry-${dir}`).first().click();
  await picker.getByTestId(`entry-${name}`).click();
  await picker.getByTestId('picker-open').click();
}

test('burned-in risk blocks the export until acknowledged; no patient data in the file', async ({ app: page, web }) => {
  await openFile(page, ['fixtures', 'dicom', 'radiograph'], 'cr_mono1_6154.dcm');
  await expect(page.getByTestId('privacy-badge')).toContainText('PatientName');
  await page.getByTestId('export-open').click();
  const checklist = page.getByTestId('privacy-checklist');
  await expect(checklist).toBeVisible();
  await expect(checklist).toHaveAttribute('data-ready', '0');
  // Only the preflight list: the privacy item is what this test is about.
  const preflightAck = page.getByTestId('preflight-ack');
  if (await preflightAck.isVisible()) await preflightAck.check();
  await expect(page.getByTestId('export-run')).toBeDisabled();
  await page.screenshot({ path: join(SHOTS, 'privacy-checklist.png') });
  await page.getByTestId('privacy-ack-A').check();
  await expect(checklist).toHaveAttribute('data-ready', '1');
  await page.getByTestId('export-name').fill('radiograph');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('radiograph.png', { timeout: 60_000 });
  const bytes = readFileSync(join(web.exportDir, 'radiograph.png'));
  const text = bytes.toString('latin1');
  for (const secret of ['ANON', 'PatientName', 'cr_mono1', '6154']) expect(text).not.toContain(secret);
});
