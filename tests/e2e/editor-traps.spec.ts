// The traps of issue 14 that belong to the editor core, each as a new user meets it. Every one
// of these failed on the build before the fix (checked against a build of main).
import { join } from 'node:path';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { dragInPanel, editorState, panelRect } from './editor-helpers';

const row = (page: import('@playwright/test').Page, i: number) => page.getByTestId(`panel-row-${i}`);

test('with an annotation selected, clicking another panel in the Panels list selects that panel', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(page.getByTestId('panel-list').locator('li')).toHaveCount(2);
  await expect.poll(async () => (await panelRect(page, 0)).width).toBeGreaterThan(50);
  // An arrow on panel A: it is selected (and so is panel A).
  await page.getByTestId('panel-select-0').click();
  await page.keyboard.press('a');
  await dragInPanel(page, 0, [0.3, 0.3], [0.6, 0.6]);
  await expect.poll(async () => (await editorState(page)).selection.length).toBe(1);
  await expect(row(page, 0)).toHaveClass(/active/);
  // Panel B in the list: it becomes the inspector's subject.
  await page.getByTestId('panel-select-1').click();
  await expect(row(page, 1)).toHaveClass(/active/);
  await expect(page.getByTestId('calibration-panel')).toHaveText('· panel B');
  await expect(page.getByTestId('image-info')).toContainText('PNG');
  expect((await editorState(page)).selection).toEqual([]);
});

test('a newly opened image is the selected panel', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('image-info')).toContainText('1411 × 1411 px');
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(row(page, 1)).toHaveClass(/active/);
  await expect(page.getByTestId('image-info')).toContainText('PNG');
  const s = await editorState(page);
  expect(s.panelId).toBe(s.panels[1].id);
});

test('a profile chosen for the micrograph never touches the radiograph; replacing a file calibration asks first', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'radiograph'], 'cr_mono1_6154.dcm');
  await expect(page.getByTestId('calibration-source')).toContainText('Imager Pixel Spacing');
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(page.getByTestId('panel-list').locator('li')).toHaveCount(2);
  await expect.poll(async () => (await panelRect(page, 0)).width).toBeGreaterThan(20);
  // The way it went wrong: an arrow selected on the radiograph, then the micrograph chosen in
  // the list and a 40x profile picked "for it".
  await page.getByTestId('panel-select-0').click();
  await page.keyboard.press('a');
  await dragInPanel(page, 0, [0.2, 0.2], [0.7, 0.7]);
  await expect.poll(async () => (await editorState(page)).selection.length).toBe(1);
  await page.getByTestId('panel-select-1').click();
  await expect(page.getByTestId('calibration-panel')).toHaveText('· panel B');
  await page.getByLabel('Microscope profile').selectOption({ index: 3 });
  await expect(page.getByTestId('calibration-source')).toContainText('microscope profile');
  let s = await editorState(page);
  expect(s.panels[0].calibration).toMatchObject({ source: 'ImagerPixelSpacing', mmPerPxX: 0.1, mmPerPxY: 0.1 });
  expect(s.panels[1].calibration?.source).toBe('profile');

  // Choosing a profile for the radiograph itself asks, naming both values; "Keep" keeps it.
  await page.getByTestId('panel-select-0').click();
  // As a user does: the calibration section names panel A before a profile is chosen for it.
  await expect(page.getByTestId('calibration-panel')).toHaveText('· panel A');
  await page.getByLabel('Microscope profile').selectOption({ index: 3 });
  const ask = page.getByTestId('ask-dialog');
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('panel A');
  await expect(ask).toContainText('0.1 mm/px from DICOM Imager Pixel Spacing');
  await expect(ask).toContainText('µm/px from microscope profile');
  await page.screenshot({ path: join(SHOTS, 'editor-calibration-prompt.png') });
  await page.getByTestId('ask-keep').click();
  await expect(ask).toBeHidden();
  s = await editorState(page);
  expect(s.panels[0].calibration).toMatchObject({ source: 'ImagerPixelSpacing', mmPerPxX: 0.1 });
});

test('Ctrl+Z undoes while focus is on an inspector control', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  const invert = page.getByLabel('Invert');
  await invert.check();
  await expect(invert).toBeFocused();
  expect((await editorState(page)).panels[0].display.invert).toBe(true);
  await page.keyboard.press('Control+z');
  await expect(invert).not.toBeChecked();
  expect((await editorState(page)).panels[0].display.invert).toBe(false);
  // A select keeps shortcuts too (it is not a text entry): redo from there.
  await page.getByTestId('sync-kind').focus();
  await page.keyboard.press('Control+Shift+z');
  await expect(invert).toBeChecked();
  // Tool keys as well.
  await page.keyboard.press('a');
  expect((await editorState(page)).tool).toBe('arrow');
});

test('clicking an already-chosen value records no undo step', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'dicom', 'ct'], 'ct_chest_ge_explicit_le.dcm');
  await expect(page.getByTestId('panel-window')).toContainText('default');
  const before = (await editorState(page)).undoSteps;
  await page.getByTestId('preset-soft-tissue').click();
  await page.getByTestId('preset-soft-tissue').click();
  await page.getByTestId('preset-soft-tissue').click();
  expect((await editorState(page)).undoSteps).toBe(before + 1);
  // One undo is enough to leave the preset.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('panel-window')).toContainText('default');
});

test('the sample case opens unmodified', async ({ app: page }) => {
  await page.getByTestId('start-sample').click();
  await expect(page.getByTestId('panel-list')).toContainText('clinical-photo.jpg');
  await expect(page.getByTestId('project-title')).toBeVisible();
  // Give every panel time to load (the loads must not count as edits either).
  await expect(page.locator('[data-testid^="panel-missing-"]')).toHaveCount(0);
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  expect(await page.title()).not.toContain('●');
});

test('New project with unsaved work offers Save, Don\u2019t save and Cancel', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').getByRole('textbox').fill('new project');
  await page.keyboard.press('Enter');
  const ask = page.getByTestId('ask-dialog');
  await expect(ask).toBeVisible();
  await expect(page.getByTestId('ask-save')).toBeVisible();
  await expect(page.getByTestId('ask-cancel')).toBeVisible();
  // Cancel keeps the work; Don't save leaves it.
  await page.getByTestId('ask-cancel').click();
  await expect(page.getByTestId('panel-list').locator('li')).toHaveCount(1);
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').getByRole('textbox').fill('new project');
  await page.keyboard.press('Enter');
  await page.getByTestId('ask-discard').click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
});
