// Issue 18, authored legend: the author writes a panel's finding, stain, objective and what its
// arrow points at in the inspector; the legend is written from them (no placeholder, missing
// facts asked beside it), can be finished by hand and regenerated, shows in the export dialog,
// and is saved in the project.
import { readFileSync, readdirSync, statSync } from 'node:fs';

/** PNGs this test wrote: the worker's web host shares one export folder between tests. */
const pngsSince = (dir: string, t: number) => readdirSync(dir).filter((f) => f.endsWith('.png') && statSync(`${dir}/${f}`).mtimeMs >= t);
import { basename, join } from 'node:path';
import { test, expect, SHOTS, openViaPicker } from './fixtures';
import sharp from 'sharp';
import { dragInPanel, editorState, openMany, panelRect } from './editor-helpers';
import { acknowledgePreflight } from './export-check';

test('a panel authored in the inspector: the legend follows, is edited, exported and saved', async ({ app: page, web }) => {
  const startedAt = Date.now() - 1000;
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  // The legend appears with the first panel.
  await expect(page.getByTestId('legend-text')).toBeVisible({ timeout: 90_000 });
  await expect.poll(async () => (await panelRect(page, 0)).width, { timeout: 30_000 }).toBeGreaterThan(40);
  await page.getByTestId('tool-arrow').click();
  await dragInPanel(page, 0, [0.3, 0.3], [0.5, 0.5]);

  const legend = page.getByTestId('legend-text');
  const questions = page.getByTestId('legend-questions');
  // An uncalibrated raster with no stain yet is named a photograph; what only the author knows is asked.
  await expect(legend).toHaveValue(/^\(A\) Photograph\./);
  await expect(questions).toContainText('What finding does');
  await expect(questions).toContainText('What does the arrow in');
  await expect(legend).not.toHaveValue(/\[|…\]/);

  await page.getByTestId('legend-title').fill('Calcinosis cutis');
  await page.getByTestId('caption-description').fill('Skin biopsy');
  await page.getByTestId('caption-finding').fill('calcium deposits in the deep dermis');
  await page.getByTestId('caption-stain').fill('H&E');
  await page.getByTestId('caption-objective').fill('40x');
  await page.getByTestId('caption-arrows').fill('a calcium deposit');
  const written =
    'Calcinosis cutis. (A) Skin biopsy, H&E, original magnification ×40. Calcium deposits in the deep dermis. Arrow, a calcium deposit.';
  await expect(legend).toHaveValue(new RegExp(`^${written.replace(/[.()×]/g, '\\$&')}`));
  await expect(questions).toHaveCount(0);
  await page.getByTestId('legend-section').screenshot({ path: join(SHOTS, 'legend-authored.png') });

  // Finished by hand, then regenerated from the figure.
  await legend.fill('Calcinosis cutis in SLE: dermal calcium deposits (H&E, ×40).');
  await expect(page.getByTestId('legend-section')).toContainText('edited by you');
  await page.getByTestId('legend-regenerate').click();
  await expect(legend).toHaveValue(new RegExp(`^${written.replace(/[.()×]/g, '\\$&')}`));
  await legend.fill('Calcinosis cutis in SLE: dermal calcium deposits (H&E, ×40).');
  await expect(page.getByTestId('legend-stale')).toHaveCount(0);

  // A fact changed after the edit: the legend says it may be out of date and shows the new draft;
  // "Keep mine" (the author's text already says it) clears the notice, the text untouched.
  await page.getByTestId('caption-finding').fill('calcium deposits in the deep dermis and subcutis');
  const stale = page.getByTestId('legend-stale');
  await expect(stale).toBeVisible();
  await page.getByTestId('legend-show-draft').click();
  await expect(page.getByTestId('legend-draft')).toHaveValue(/and subcutis/);
  await page.getByTestId('legend-section').screenshot({ path: join(SHOTS, 'legend-stale.png') });
  await page.getByTestId('legend-keep').click();
  await expect(stale).toHaveCount(0);
  await expect(legend).toHaveValue('Calcinosis cutis in SLE: dermal calcium deposits (H&E, ×40).');

  // The export dialog quotes the author's legend; the figure exports.
  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await expect(page.getByTestId('legend')).toHaveValue('Calcinosis cutis in SLE: dermal calcium deposits (H&E, ×40).');
  await page.getByTestId('export-dialog').screenshot({ path: join(SHOTS, 'legend-export-dialog.png') });
  await expect(page.getByTestId('privacy-checklist')).toHaveAttribute('data-ready', '1', { timeout: 60_000 });
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('.png', { timeout: 120_000 });
  expect(pngsSince(web.exportDir, startedAt)).toHaveLength(1);
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('export-dialog')).toBeHidden();

  // Saved in the project: the caption facts and the finished legend. Ctrl+S works from a field.
  await page.getByTestId('legend-title').click();
  await page.keyboard.press('Control+s');
  const picker = page.getByTestId('project-picker');
  await expect(picker).toBeVisible();
  const work = basename(web.workDir);
  await picker.getByTestId(`pp-${work}`).click();
  await expect(picker.getByTestId('pp-dir')).toHaveText(work);
  await expect(picker.getByTestId('pp-dir')).toHaveAttribute('aria-busy', 'false');
  await picker.getByTestId('pp-name').fill('legend-e2e');
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('toast-info').last()).toContainText('Saved legend-e2e');
  const saved = JSON.parse(readFileSync(join(web.workDir, 'legend-e2e.medfig'), 'utf8'));
  expect(saved.figures[0].title).toBe('Calcinosis cutis');
  expect(saved.figures[0].legend).toBe('Calcinosis cutis in SLE: dermal calcium deposits (H&E, ×40).');
  expect(saved.figures[0].panels[0].caption).toMatchObject({
    stain: 'H&E',
    objective: '40x',
    finding: 'calcium deposits in the deep dermis and subcutis',
    markers: { arrows: 'a calcium deposit' },
  });
});

test('Fit figure to 183 × 120 mm: the exported PNG has no white column wider than the gutter', async ({ app: page, web }) => {
  const startedAt = Date.now() - 1000;
  await openMany(page, ['fixtures', 'images', 'histology'], ['ihc.png']);
  await expect(page.getByTestId('legend-text')).toBeVisible({ timeout: 90_000 });
  await openMany(page, ['fixtures', 'photos'], ['retina_fundus.jpg']);
  await expect.poll(async () => (await editorState(page)).panels.length, { timeout: 90_000 }).toBe(2);
  // Two panels of different aspects in a row: taller than the row, so the fit crops their widths.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').locator('input').fill('Fit Figure');
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('fit-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('fit-width').fill('183');
  await page.getByTestId('fit-height').fill('120');
  await expect(page.getByTestId('fit-preview')).toHaveText(/Panels fill 183 × 120 mm/);
  await dialog.screenshot({ path: join(SHOTS, 'fit-dialog.png') });
  await page.getByTestId('fit-apply').click();
  await expect(dialog).toBeHidden();
  await page.screenshot({ path: join(SHOTS, 'fit-figure.png') });

  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await page.getByTestId('export-dpi').selectOption('300');
  await expect(page.getByTestId('privacy-checklist')).toHaveAttribute('data-ready', '1', { timeout: 90_000 });
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('.png', { timeout: 120_000 });
  const png = pngsSince(web.exportDir, startedAt);
  const { data, info } = await sharp(join(web.exportDir, png[png.length - 1]))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // 183 × 120 mm at 300 dpi.
  expect(info.width).toBe(Math.round((183 / 25.4) * 300));
  expect(info.height).toBe(Math.round((120 / 25.4) * 300));
  // The widest run of all-white columns, and of all-white rows, on the page.
  const white = (x: number, y: number) => {
    const i = (y * info.width + x) * 3;
    return data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250;
  };
  const widestRun = (n: number, m: number, at: (a: number, b: number) => boolean) => {
    let best = 0;
    let run = 0;
    for (let a = 0; a < n; a++) {
      let all = true;
      for (let b = 0; b < m && all; b += 2) all = at(a, b);
      run = all ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  };
  const gutterPx = (2 / 25.4) * 300;
  expect(widestRun(info.width, info.height, (x, y) => white(x, y))).toBeLessThanOrEqual(Math.ceil(gutterPx) + 1);
  expect(widestRun(info.height, info.width, (y, x) => white(x, y))).toBeLessThanOrEqual(Math.ceil(gutterPx) + 1);
});
