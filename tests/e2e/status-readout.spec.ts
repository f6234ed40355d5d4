// The status bar reads the pointer in the panel under it, with that panel's own calibration —
// never the selected panel's (the UX audit found a micrograph read in the radiograph's mm). A CT
// slice (DICOM Pixel Spacing, mm) and a micrograph (uncalibrated, then a microscope profile, µm)
// side by side; one is selected, the other hovered.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS } from './fixtures';
import { editorState, panelRect } from './editor-helpers';

/** Hover panel `index` at a fraction of its box; the bar follows once a frame. */
async function hover(page: Page, index: number, at: [number, number]) {
  const r = await panelRect(page, index);
  await page.mouse.move(r.x + r.width * at[0], r.y + r.height * at[1], { steps: 3 });
}

const view = (page: Page) =>
  page.evaluate(() => (window as unknown as { medfigCanvas: { view(): { zoom: number; x: number; y: number } } }).medfigCanvas.view());

const PIXEL = /^([A-Z]) · x (\d+), y (\d+) px$/;
const PHYSICAL = /^x ([\d.]+), y ([\d.]+) (mm|µm)$/;

async function readout(page: Page) {
  const pixel = (await page.getByTestId('pointer-pixel').textContent()) ?? '';
  const physical = (await page.getByTestId('pointer-physical').textContent()) ?? '';
  const p = PIXEL.exec(pixel);
  const m = PHYSICAL.exec(physical);
  return {
    letter: p?.[1] ?? null,
    px: p ? [Number(p[2]), Number(p[3])] : null,
    physical,
    value: m ? [Number(m[1]), Number(m[2])] : null,
    unit: m?.[3] ?? null,
  };
}

test('the pointer readout uses the hovered panel’s calibration and units, whichever panel is selected', async ({ app: page }) => {
  const picker = page.getByTestId('file-picker');
  await page.getByTestId('open-image').click();
  await expect(picker).toBeVisible();
  for (const id of ['entry-fixtures', 'entry-dicom', 'entry-ct', 'entry-ct_chest_ge_explicit_le.dcm', 'crumb-fixtures'])
    await picker.getByTestId(id).first().click();
  for (const id of ['entry-images', 'entry-histology', 'entry-ihc.png']) await picker.getByTestId(id).first().click();
  await expect(page.getByTestId('picker-chosen')).toContainText('2 chosen');
  await picker.getByTestId('picker-open').click();
  await expect(page.getByTestId('panel-list').locator('li')).toHaveCount(2, { timeout: 60_000 });

  const panels = (await editorState(page)).panels;
  const ctCal = panels[0].calibration!;
  expect(ctCal.source).toBe('PixelSpacing');
  expect(panels[1].calibration).toBeNull();

  // CT (A) selected, the uncalibrated micrograph (B) hovered: its pixels only, no length at all.
  await page.getByTestId('panel-select-0').click();
  await expect(page.getByTestId('status-zoom')).toContainText('(panel A)');
  await hover(page, 1, [0.3, 0.4]);
  await expect(page.getByTestId('pointer-pixel')).toHaveText(PIXEL);
  await expect(page.getByTestId('pointer-physical')).toHaveText('(not calibrated)');
  expect((await readout(page)).letter).toBe('B');

  // The micrograph calibrated by a microscope profile: now it reads µm from its own pixel size.
  await page.getByTestId('panel-select-1').click();
  // As a user does: the calibration section names panel B before a profile is chosen for it.
  await expect(page.getByTestId('calibration-panel')).toHaveText('· panel B');
  await page.getByLabel('Microscope profile').selectOption({ index: 1 });
  await expect.poll(async () => (await editorState(page)).panels[1].calibration?.source).toBe('profile');
  const microCal = (await editorState(page)).panels[1].calibration!;
  expect(microCal.mmPerPxX).toBeLessThan(0.01);

  // Select the CT again and hover the micrograph: µm with the micrograph's spacing, not the CT's mm.
  await page.getByTestId('panel-select-0').click();
  const viewOnCt = await view(page);
  await hover(page, 1, [0.35, 0.45]);
  await expect(page.getByTestId('pointer-physical')).toHaveText(PHYSICAL);
  const onMicro = await readout(page);
  expect(onMicro.letter).toBe('B');
  expect(onMicro.unit).toBe('µm');
  const umPerPx = microCal.mmPerPxX * 1000;
  // The position is the pointer's (between pixel corners), the pixel its floor: within one pixel.
  expect(Math.abs(onMicro.value![0] - onMicro.px![0] * umPerPx)).toBeLessThanOrEqual(umPerPx + 0.05);
  expect(Math.abs(onMicro.value![1] - onMicro.px![1] * umPerPx)).toBeLessThanOrEqual(umPerPx + 0.05);
  // The pixel itself lies well inside the micrograph, so the check above is not about 0 × anything.
  expect(onMicro.px![0]).toBeGreaterThan(10);
  await page.screenshot({ path: join(SHOTS, 'status-readout-micrograph-hovered.png') });

  // Select the micrograph and hover the CT: mm with the CT's Pixel Spacing.
  await page.getByTestId('panel-select-1').click();
  await hover(page, 0, [0.6, 0.5]);
  await expect(page.getByTestId('pointer-pixel')).toHaveText(/^A · /);
  await expect(page.getByTestId('pointer-physical')).toHaveText(PHYSICAL);
  const onCt = await readout(page);
  expect(onCt.unit).toBe('mm');
  expect(Math.abs(onCt.value![0] - onCt.px![0] * ctCal.mmPerPxX)).toBeLessThanOrEqual(ctCal.mmPerPxX + 0.05);
  expect(Math.abs(onCt.value![1] - onCt.px![1] * ctCal.mmPerPxY)).toBeLessThanOrEqual(ctCal.mmPerPxY + 0.05);
  expect(onCt.px![0]).toBeGreaterThan(10);

  // The zoom label names the panel whose pixels it counts (the view itself did not change), and
  // its tooltip says why another selection gives another number.
  await expect(page.getByTestId('status-zoom')).toHaveText(/^zoom \d+ % \(panel B\)$/);
  expect(await view(page)).toEqual(viewOnCt);
  await expect(page.getByTestId('status-zoom')).toHaveAttribute('title', /panel B, the selected panel.*not the view/);
  await page.screenshot({ path: join(SHOTS, 'status-readout-ct-hovered.png') });

  // Off every panel (the canvas's corner, outside the page): no position at all.
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(canvas.x + 4, canvas.y + 4, { steps: 3 });
  await expect(page.getByTestId('pointer-position')).toHaveText('');
});
