// Issue 18, authored legend: the author writes a panel's finding, stain, objective and what its
// arrow points at in the inspector; the legend is written from them (no placeholder, missing
// facts asked beside it), can be finished by hand and regenerated, shows in the export dialog,
// and is saved in the project.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test, expect, SHOTS, openViaPicker } from './fixtures';
import { dragInPanel, panelRect } from './editor-helpers';
import { acknowledgePreflight } from './export-check';

test('a panel authored in the inspector: the legend follows, is edited, exported and saved', async ({ app: page, web }) => {
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

  // The export dialog quotes the author's legend; the figure exports.
  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await expect(page.getByTestId('legend')).toHaveValue('Calcinosis cutis in SLE: dermal calcium deposits (H&E, ×40).');
  await page.getByTestId('export-dialog').screenshot({ path: join(SHOTS, 'legend-export-dialog.png') });
  await expect(page.getByTestId('privacy-checklist')).toHaveAttribute('data-ready', '1', { timeout: 60_000 });
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText('.png', { timeout: 120_000 });
  expect(readdirSync(web.exportDir).filter((f) => f.endsWith('.png'))).toHaveLength(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-dialog')).toBeHidden();

  // Saved in the project: the caption facts and the finished legend.
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
    finding: 'calcium deposits in the deep dermis',
    markers: { arrows: 'a calcium deposit' },
  });
});
