// Projects in the real renderer over the real services: crash recovery (a reload without
// saving is the web host's crash), save → reopen, drop of a .medfig, Locate… for a missing
// image, and bad project files that must open with a clear message and stay untouched.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, SHOTS, FIXTURES } from './fixtures';
import { FORMAT_VERSION } from '../../src/shared/figure/schema';

async function dragOnCanvas(page: Page, from: [number, number], to: [number, number]) {
  const box = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2), { steps: 5 });
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 5 });
  await page.mouse.up();
}

/** Raw RGB of the middle of the canvas (tool hints and toasts sit at its edges). */
async function canvasPixels(page: Page, shot?: string): Promise<Buffer> {
  const png = await page.getByTestId('canvas').screenshot(shot ? { path: join(SHOTS, shot) } : {});
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const region = {
    left: Math.round(width * 0.15),
    top: Math.round(height * 0.1),
    width: Math.round(width * 0.7),
    height: Math.round(height * 0.75),
  };
  return sharp(png).extract(region).removeAlpha().raw().toBuffer();
}

function differing(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 60) n++;
  return n;
}

/** Walk the project picker into a folder, waiting for each listing (a click must not race it). */
async function into(page: Page, ...folders: string[]) {
  const picker = page.getByTestId('project-picker');
  for (const f of folders) {
    await picker.getByTestId(`pp-${f}`).click();
    await expect(picker.getByTestId('pp-dir')).toHaveText(f);
    await expect(picker.getByTestId('pp-dir')).toHaveAttribute('aria-busy', 'false');
  }
}

const recoveryDir = (workDir: string) => join(workDir, 'medfig-user-data/recovery');
const recoveryTexts = (workDir: string) =>
  existsSync(recoveryDir(workDir))
    ? readdirSync(recoveryDir(workDir))
        .filter((f) => f.endsWith('.recovery.medfig'))
        .map((f) => readFileSync(join(recoveryDir(workDir), f), 'utf8'))
    : [];

test('edits survive a reload without saving: the restore offer brings them back', async ({ app: page, web }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
  const bare = await canvasPixels(page);

  await page.getByTestId('tool-arrow').click();
  await dragOnCanvas(page, [0.35, 0.3], [0.5, 0.5]);
  await page.getByTestId('figure-rename').click();
  await page.getByTestId('figure-name-input').fill('Clinical photo');
  await page.getByTestId('figure-name-input').press('Enter');
  await expect(page.getByTestId('figure-list')).toContainText('Clinical photo');
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await expect(page).toHaveTitle(/^● Untitled project/);
  await page.keyboard.press('Escape'); // no selection handles in the comparison
  // The same tool as after a reload (Select): the options strip under the canvas, and so the
  // canvas's size and the fitted view, depend on the tool.
  await page.getByTestId('tool-select').click();
  const annotated = await canvasPixels(page, 'documents-canvas-before-reload.png');
  expect(differing(bare, annotated)).toBeGreaterThan(500); // the arrow is drawn

  // Within 2 s the recovery file holds the edits.
  await expect
    .poll(() => recoveryTexts(web.workDir).some((t) => t.includes('Clinical photo') && t.includes('"arrow"')), {
      timeout: 5000,
      intervals: [100],
    })
    .toBe(true);

  // "Crash": reload without saving (the page asks first; leave anyway).
  page.on('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await expect(page.getByTestId('panel-list')).not.toContainText('retina_fundus.jpg');
  const offer = page.getByTestId('recovery-offer');
  await expect(offer).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'documents-restore-offer.png') });
  await offer.getByTestId('recovery-restore-0').click();

  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
  await expect(page.getByTestId('figure-list')).toContainText('Clinical photo');
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await expect(page.getByTestId('image-info')).toContainText('1411 × 1411 px');
  await page.keyboard.press('Escape');
  // The same picture as before the reload once the restored panel's pixels have arrived from the
  // services: the arrow is back (tolerance for antialiasing).
  await expect
    .poll(async () => differing(annotated, await canvasPixels(page, 'documents-canvas-restored.png')), { timeout: 15_000 })
    .toBeLessThan(annotated.length / 3 / 200);
  await page.screenshot({ path: join(SHOTS, 'documents-restored.png') });
});

test('save a project, reopen it from the recent list and by dropping the file: panels and figures are there', async ({
  app: page,
  web,
}) => {
  const work = basename(web.workDir);
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await page.getByTestId('tool-arrow').click();
  await dragOnCanvas(page, [0.3, 0.3], [0.45, 0.5]);
  await page.getByTestId('figure-new').click();
  await expect(page.getByTestId('figure-list')).toContainText('Figure 2');

  // Ctrl+S on a new project is "Save as": the web host's picker, a folder and a name.
  await page.keyboard.press('Control+s');
  const picker = page.getByTestId('project-picker');
  await expect(picker).toBeVisible();
  await into(page, work);
  await picker.getByTestId('pp-name').fill('case-e2e');
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('toast-info').last()).toContainText('Saved case-e2e');
  await expect(page.getByTestId('project-title')).toHaveText('case-e2e');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  await expect(page).toHaveTitle('case-e2e — Medfig');

  const file = join(web.workDir, 'case-e2e.medfig');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  expect(saved.formatVersion).toBe(FORMAT_VERSION);
  expect(saved.figures.map((f: { name: string }) => f.name)).toEqual(['Figure 1', 'Figure 2']);
  expect(saved.sources).toHaveLength(1);
  expect(saved.sources[0].path.startsWith('/')).toBe(false); // relative to the project file
  expect(saved.sources[0].path.endsWith('tests/fixtures/photos/retina_fundus.jpg')).toBe(true);
  expect(saved.figures[0].panels[0].annotations[0].type).toBe('arrow');

  // A clean reload asks nothing and offers no recovery of this project.
  await page.reload();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  const recent = page.getByTestId('recent-projects');
  await expect(recent).toContainText('case-e2e');
  await recent.getByRole('button', { name: /case-e2e/ }).click();
  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
  await expect(page.getByTestId('figure-list')).toContainText('Figure 2');
  await expect(page.getByTestId('project-title')).toHaveText('case-e2e');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  await expect(page.getByTestId('panel-missing-0')).toHaveCount(0);
  await page.screenshot({ path: join(SHOTS, 'documents-reopened.png') });

  // Drop of the .medfig: opens as a copy; its image is found again by SHA-256 in the served folders.
  await page.reload();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  const bytes = [...readFileSync(file)];
  await page.evaluate((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'case-e2e.medfig'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
  await expect(page.getByTestId('panel-missing-0')).toHaveCount(0);
  await expect(page.getByTestId('figure-list')).toContainText('Figure 2');
  expect(readFileSync(file)).toEqual(Buffer.from(bytes));
});

test('a missing image shows as missing; "Locate…" checks the hash and warns on a different image', async ({ app: page, web }) => {
  const dir = join(web.workDir, 'locate-case');
  mkdirSync(join(dir, 'img'), { recursive: true });
  copyFileSync(join(FIXTURES, 'photos/retina_fundus.jpg'), join(dir, 'img/fundus.jpg'));
  const work = basename(web.workDir);
  // Build and save a project whose image is then deleted (and nowhere in its folder).
  await openViaPicker(page, [work, 'locate-case', 'img'], 'fundus.jpg');
  await expect(page.getByTestId('panel-list')).toContainText('fundus.jpg');
  await page.keyboard.press('Control+Shift+s');
  const picker = page.getByTestId('project-picker');
  await into(page, work, 'locate-case');
  await picker.getByTestId('pp-name').fill('locate');
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('locate');
  rmSync(join(dir, 'img/fundus.jpg'));

  await page.getByTestId('open-project').click();
  await into(page, work, 'locate-case');
  await picker.getByTestId('pp-locate.medfig').click();
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('toast-error').last()).toContainText('not found: fundus.jpg');
  await expect(page.getByTestId('panel-missing-0')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'documents-missing.png') });

  // A different image: warned, and refusing keeps the panel missing.
  await page.getByTestId('panel-relink').click();
  await into(page, 'fixtures', 'images', 'histology');
  await picker.getByTestId('pp-ihc.png').click();
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('ask-dialog')).toContainText('different image');
  await page.getByTestId('ask-cancel').click();
  await expect(page.getByTestId('panel-missing-0')).toBeVisible();

  // The same bytes elsewhere: relinked, the panel shows again, the document is dirty.
  await page.getByTestId('panel-relink').click();
  await into(page, 'fixtures', 'photos');
  await picker.getByTestId('pp-retina_fundus.jpg').click();
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('toast-info').last()).toContainText('same image');
  await expect(page.getByTestId('panel-missing-0')).toHaveCount(0);
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  const saved = JSON.parse(readFileSync(join(dir, 'locate.medfig'), 'utf8'));
  expect(saved.sources[0].path.endsWith('tests/fixtures/photos/retina_fundus.jpg')).toBe(true);
});

test('bad .medfig files (empty, not JSON, truncated, from the future, invalid) open with a clear message and stay byte-identical', async ({
  app: page,
  web,
}) => {
  const dir = join(web.workDir, 'bad');
  mkdirSync(dir, { recursive: true });
  const cases: [string, string, RegExp][] = [
    ['empty.medfig', '', /empty/],
    ['notjson.medfig', 'Hello, this is a letter to the editor.\n', /not a Medfig project/],
    ['truncated.medfig', '{"formatVersion": 1, "app": "medfig", "sources": [{"id": "a", "pa', /cut off/],
    ['future.medfig', JSON.stringify({ formatVersion: 7, app: 'medfig', sources: [], figures: [] }), /Update Medfig/],
    ['invalid.medfig', JSON.stringify({ formatVersion: 1, app: 'medfig', sources: [], figures: [] }), /invalid at figures/],
  ];
  for (const [name, body] of cases) writeFileSync(join(dir, name), body);
  const work = basename(web.workDir);
  for (const [name, body, words] of cases) {
    await page.getByTestId('open-project').click();
    const picker = page.getByTestId('project-picker');
    await into(page, work, 'bad');
    await picker.getByTestId(`pp-${name}`).click();
    await picker.getByTestId('pp-ok').click();
    const toast = page.getByTestId('toast-error').last();
    await expect(toast).toContainText(name);
    await expect(toast).toContainText(words);
    expect(readFileSync(join(dir, name), 'utf8')).toBe(body);
    await expect(page.getByTestId('project-title')).toHaveText('Untitled project');
  }
  await page.screenshot({ path: join(SHOTS, 'documents-bad-files.png') });
  expect(readdirSync(dir).sort()).toEqual(cases.map((c) => c[0]).sort()); // no temp or backup files either
});
