// Pixel de-identification in the export check (issue 21): a CT Secondary Capture with text burned
// into its pixels raises OCR proposals; accepting them redacts the text (black in the exported PNG);
// a second export of the same figure asks nothing again.
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';
import { test, expect, SHOTS, ROOT, openViaPicker } from './fixtures';
import { BURNED_TEXT, FONT_PX } from '../fixtures/dicom/burned-in/generate';

GlobalFonts.registerFromPath(join(ROOT, 'resources/fonts/LiberationSans-Regular.ttf'), 'Liberation Sans');

/** Where each burned-in line is in the 512² source (ink extents of the drawn text). */
function textBoxes() {
  const g = createCanvas(8, 8).getContext('2d');
  g.font = `${FONT_PX}px "Liberation Sans"`;
  return BURNED_TEXT.map((t) => {
    const m = g.measureText(t.text);
    return {
      text: t.text,
      x: t.x - m.actualBoundingBoxLeft,
      y: t.y - m.actualBoundingBoxAscent,
      w: m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
      h: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
    };
  });
}

test('burned-in text: proposals accepted in the export check are black in the PNG; the next export asks nothing', async ({
  app: page,
  web,
}) => {
  test.setTimeout(240_000);
  await openViaPicker(page, ['fixtures', 'dicom', 'burned-in'], 'ct_sc_burned_in.dcm');
  await expect(page.getByTestId('export-open')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('export-open').click();
  const checklist = page.getByTestId('privacy-checklist');
  await expect(checklist).toBeVisible();
  // Reading the pixels holds the export until the proposals are in.
  await expect(checklist).toHaveAttribute('data-ready', '0');
  const acceptAll = page.getByTestId('privacy-accept-all-A');
  await expect(acceptAll).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('privacy-status-A')).toContainText('identifying');
  // The Export button stays in view with the checklist open (sticky footer).
  await expect(page.getByTestId('export-run')).toBeInViewport();
  await page.getByTestId('privacy-row-A').locator('summary').click();
  const list = page.getByTestId('privacy-proposals-A');
  await expect(list).toContainText('IMAGING');
  await expect(list).toContainText('2411');
  await page.screenshot({ path: join(SHOTS, 'deid-1-proposals.png') });

  await acceptAll.click();
  await expect(page.getByTestId('privacy-status-A')).toContainText('redaction');
  const preflight = page.getByTestId('preflight-ack');
  if (await preflight.isVisible()) await preflight.check();
  await expect(checklist).toHaveAttribute('data-ready', '1');
  await page.screenshot({ path: join(SHOTS, 'deid-2-accepted.png') });
  // Labels off, so the panel letter does not sit over the redacted corner.
  await page.getByTestId('export-copies').selectOption('unlabelled');
  await page.getByTestId('export-name').fill('sc-redacted');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('sc-redacted-unlabelled.png', { timeout: 90_000 });

  const { data, info } = await sharp(join(web.exportDir, 'sc-redacted-unlabelled.png'))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // One square panel filling the page: export px = source px × scale.
  expect(Math.abs(info.width - info.height)).toBeLessThanOrEqual(2);
  const s = info.width / 512;
  for (const b of textBoxes()) {
    let max = 0;
    for (let y = Math.floor(b.y * s); y < Math.ceil((b.y + b.h) * s); y++)
      for (let x = Math.floor(b.x * s); x < Math.ceil((b.x + b.w) * s); x++) max = Math.max(max, data[y * info.width + x]);
    expect(max, `"${b.text}" is black in the export`).toBeLessThanOrEqual(8);
  }
  // The anatomy is still there (the image is not simply black).
  let bright = 0;
  for (let y = Math.round(200 * s); y < Math.round(300 * s); y++)
    for (let x = Math.round(200 * s); x < Math.round(300 * s); x++) if (data[y * info.width + x] > 60) bright++;
  expect(bright).toBeGreaterThan(100);

  // Second export of the same figure: nothing to tick, nothing read again.
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('export-open').click();
  await expect(checklist).toHaveAttribute('data-ready', '1');
  await expect(page.locator('[data-testid^="privacy-ack-"]')).toHaveCount(0);
  await expect(page.getByTestId('privacy-accept-all-A')).toHaveCount(0);
  await expect(page.getByTestId('preflight-ack').or(page.getByTestId('preflight-ok')).first()).toBeVisible();
  if (await page.getByTestId('preflight-ack').isVisible()) await expect(page.getByTestId('preflight-ack')).toBeChecked();
  await expect(page.getByTestId('export-run')).toBeEnabled();
  await page.screenshot({ path: join(SHOTS, 'deid-3-second-export.png') });
});

test('a photograph with a face: proposed in the export check; consent recorded clears it', async ({ app: page }) => {
  test.setTimeout(300_000);
  await openViaPicker(page, ['fixtures', 'photos'], 'astronaut_face.png');
  await expect(page.getByTestId('export-open')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('export-open').click();
  const checklist = page.getByTestId('privacy-checklist');
  const consent = page.getByTestId('privacy-consent-A');
  await expect(consent).toBeVisible({ timeout: 240_000 });
  await expect(checklist).toHaveAttribute('data-ready', '0');
  await page.getByTestId('privacy-row-A').locator('summary').click();
  await expect(page.getByTestId('privacy-proposals-A')).toContainText('Face');
  await page.getByTestId('privacy-row-A').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'deid-4-face.png') });
  await consent.check();
  await expect(checklist).toHaveAttribute('data-ready', '1');
});
