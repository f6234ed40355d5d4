// The case report's four-panel figure in the real renderer: a clinical photo, a radiograph, a
// CT slice in a soft-tissue window and a micrograph, on a Nature double-column page in a 2×2
// grid, lettered A–D; one panel cropped, one rotated; panels reordered and an inset made;
// exported at 183 mm and 600 dpi (4323 px wide) with the letters checked in their boxes.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, acknowledgePreflight, SHOTS, FIXTURES } from './fixtures';
import { canvasSettled } from './settled';
import { decodeWire } from '../../src/shared/wire';
import type { Project } from '../../src/shared/figure/schema';
import { buildFigureScene } from '../../src/scene/figure-scene';
import { prepareHeadless } from '../../src/services/export/render-figure';

const FILES: [string[], string][] = [
  [['fixtures', 'photos'], 'retina_fundus.jpg'],
  [['fixtures', 'dicom', 'radiograph'], 'cr_mono1_6154.dcm'],
  [['fixtures', 'dicom', 'ct'], 'ct_chest_ge_implicit_le.dcm'],
  [['fixtures', 'images', 'histology'], 'ihc.png'],
];

async function openAll(page: Page) {
  for (const [dirs, name] of FILES) {
    await openViaPicker(page, dirs, name);
    await expect(page.getByTestId('panel-list')).toContainText(name);
  }
  await expect(page.getByTestId('panel-list').locator('li.panel-row')).toHaveCount(4);
}

/** Letters as listed, in order. */
async function listedLetters(page: Page): Promise<string[]> {
  return page.getByTestId('panel-list').locator('li.panel-row .letter').allInnerTexts();
}

async function selectPanel(page: Page, i: number) {
  await page.getByTestId(`panel-select-${i}`).click();
  await expect(page.getByTestId(`panel-row-${i}`)).toHaveClass(/active/);
}

test('four-panel case figure: 2×2 on 183 mm, A–D, crop + rotate, export 4323 px with letters in place', async ({ app: page, web }) => {
  await openAll(page);
  expect(await listedLetters(page)).toEqual(['A', 'B', 'C', 'D']);

  // Page: Nature, double column (183 mm); 2 × 2 grid; letters 7 pt (Nature's maximum text size).
  await page.getByTestId('page-journal').selectOption('nature');
  await expect(page.getByTestId('page-width')).toHaveValue('183');
  await page.getByTestId('grid-cols').selectOption('2');
  await expect(page.getByTestId('grid-rows-text')).toHaveValue('2, 2');
  await page.getByTestId('letters-size').fill('7');
  await page.getByTestId('letters-size').press('Enter');

  // C: CT in a soft-tissue window (40/400).
  await selectPanel(page, 2);
  await expect(page.getByTestId('image-info')).toContainText('512 × 512');
  await page.getByTestId('preset-soft-tissue').click();
  await expect(page.getByTestId('window-center')).toHaveValue('40');
  await expect(page.getByTestId('window-width')).toHaveValue('400');

  // A: crop the photo to its central disc region (a parameter: the source is untouched).
  await selectPanel(page, 0);
  await expect(page.getByTestId('image-info')).toContainText('1411 × 1411');
  await page.getByTestId('crop-w').fill('1100');
  await page.getByTestId('crop-h').fill('900');

  // B: rotate the radiograph a quarter turn.
  await selectPanel(page, 1);
  await page.getByTestId('rotate-right').click();
  await expect(page.getByTestId('rotation')).toHaveValue('90');
  // The radiograph's size as the inspector reports it (for the independent layout below).
  const m = /(\d+) × (\d+) px/.exec(await page.getByTestId('image-info').innerText())!;
  const radiograph = { width: Number(m[1]), height: Number(m[2]) };

  await page.getByTestId('canvas').hover({ position: { x: 2, y: 2 } });
  await canvasSettled(page);
  await page.screenshot({ path: join(SHOTS, 'composition-figure.png') });

  // Capture the document the export sends, to place the letter boxes independently.
  let sent: Project | null = null;
  page.on('request', (r) => {
    if (r.url().includes('/api/exportFigure') && !sent)
      sent = (decodeWire(new Uint8Array(r.postDataBuffer()!)) as { project: Project }).project;
  });
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dpi').selectOption('600');
  await page.getByTestId('export-width').fill('183');
  await page.getByTestId('export-copies').selectOption('both');
  await page.getByTestId('export-name').fill('composition');
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result')).toHaveCount(2, { timeout: 90_000 });
  await expect(page.getByTestId('export-result').first()).toContainText('4323 ×');
  await page.screenshot({ path: join(SHOTS, 'composition-exported.png') });

  const png = readFileSync(join(web.exportDir, 'composition.png'));
  const bare = readFileSync(join(web.exportDir, 'composition-unlabelled.png'));
  writeFileSync(join(SHOTS, 'composition-export.png'), png);
  const meta = await sharp(png).metadata();
  expect(meta.width).toBe(4323);

  // The letters' boxes from the sent document, laid out by the shared scene code in Node.
  expect(sent).not.toBeNull();
  const project = sent as unknown as Project;
  const figure = project.figures[0];
  expect(figure.page.widthMm).toBe(183);
  expect(figure.rows).toEqual([2, 2]);
  expect(figure.panels[0].crop).toMatchObject({ w: 1100, h: 900 });
  expect(figure.panels[1].rotation).toBe(90);
  expect(figure.panels[2].display.window).toEqual({ center: 40, width: 400 });
  const sizes = new Map<string, { width: number; height: number }>();
  const known: Record<string, [number, number]> = { 'retina_fundus.jpg': [1411, 1411], 'ct_chest_ge_implicit_le.dcm': [512, 512] };
  for (const p of figure.panels) {
    const name = project.sources
      .find((s) => s.id === p.sourceId)!
      .path.split('/')
      .pop()!;
    if (known[name]) sizes.set(p.id, { width: known[name][0], height: known[name][1] });
  }
  sizes.set(figure.panels[1].id, radiograph);
  const ihc = await sharp(join(import.meta.dirname, '../fixtures/images/histology/ihc.png')).metadata();
  sizes.set(figure.panels[3].id, { width: ihc.width!, height: ihc.height! });
  prepareHeadless();
  const scene = buildFigureScene(figure, { images: new Map(), sizes, showLabels: true });
  expect(scene.layout.pageWidthMm).toBe(183);
  expect(Math.round((scene.layout.pageHeightMm / 25.4) * 600)).toBe(meta.height);
  const letters = scene.layers[3].find('.panel-letter');
  expect(letters.map((n) => n.getAttr('letter'))).toEqual(['A', 'B', 'C', 'D']);

  const a = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const b = await sharp(bare).removeAlpha().raw().toBuffer();
  const W = a.info.width;
  const pxPerMm = 600 / 25.4;
  const changedIn = (x: number, y: number, w: number, h: number) => {
    let n = 0;
    for (let py = Math.floor(y * pxPerMm); py < Math.ceil((y + h) * pxPerMm); py++)
      for (let px = Math.floor(x * pxPerMm); px < Math.ceil((x + w) * pxPerMm); px++) {
        const i = (py * W + px) * 3;
        if (Math.abs(a.data[i] - b[i]) + Math.abs(a.data[i + 1] - b[i + 1]) + Math.abs(a.data[i + 2] - b[i + 2]) > 60) n++;
      }
    return n;
  };
  for (const node of letters) {
    const [x, y, w, h] = [node.x(), node.y(), node.width(), node.height()];
    // A 7 pt bold letter at 600 dpi is ~ 40 × 58 px; its fill and halo change hundreds of them.
    expect(changedIn(x, y, w, h), `letter ${node.getAttr('letter')} at ${x.toFixed(1)}, ${y.toFixed(1)} mm`).toBeGreaterThan(200);
    // The same box one letter-width to the right of the letter: nothing was drawn there.
    expect(changedIn(x + w * 1.5, y, w, h)).toBe(0);
  }
});

test('reorder renumbers letters; duplicate, inset and sync; settings undo', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await openViaPicker(page, ['fixtures', 'images', 'histology'], 'ihc.png');
  await expect(page.getByTestId('panel-list').locator('li.panel-row')).toHaveCount(2);
  const names = () => page.getByTestId('panel-list').locator('li.panel-row .panel-name').allInnerTexts();
  expect((await names())[0]).toContain('A retina_fundus.jpg');

  // Drag the micrograph above the photo: it becomes A.
  await page.getByTestId('panel-row-1').dragTo(page.getByTestId('panel-row-0'));
  await expect.poll(names).toEqual([expect.stringContaining('A ihc.png'), expect.stringContaining('B retina_fundus.jpg')]);
  // ↑/↓ do the same from the keyboard.
  await page.getByTestId('panel-up-1').click();
  await expect.poll(names).toEqual([expect.stringContaining('A retina_fundus.jpg'), expect.stringContaining('B ihc.png')]);

  // An inset of the micrograph: a third panel after it, outlined on it.
  await selectPanel(page, 1);
  await page.getByTestId('panel-inset').click();
  await expect(page.getByTestId('panel-list').locator('li.panel-row')).toHaveCount(3);
  await expect(page.getByTestId('panel-row-2')).toContainText('inset of B');
  // Duplicate the photo: it lands right after it and the later letters move on.
  await selectPanel(page, 0);
  await page.getByTestId('panel-duplicate').click();
  await expect
    .poll(names)
    .toEqual([
      expect.stringContaining('A retina'),
      expect.stringContaining('B retina'),
      expect.stringContaining('C ihc'),
      expect.stringContaining('D ihc'),
    ]);
  await expect(page.getByTestId('panel-row-3')).toContainText('inset of C');

  // Sync: brighten A, tick B, sync; B's brightness follows.
  await page.locator('.inspector input[type=range]').first().fill('0.3');
  await page.getByTestId('panel-tick-1').check();
  await page.getByTestId('panel-sync').click();
  await selectPanel(page, 1);
  await expect(page.locator('.inspector input[type=range]').first()).toHaveValue('0.3');

  // Letter style (a) and an override on D.
  await page.getByTestId('letter-format-(a)').click();
  await expect
    .poll(() => page.getByTestId('panel-list').locator('li.panel-row .letter').allInnerTexts())
    .toEqual(['(a)', '(b)', '(c)', '(d)']);
  await selectPanel(page, 3);
  await page.getByTestId('panel-letter').fill('c′');
  await expect(page.getByTestId('panel-row-3').locator('.letter')).toHaveText('c′');

  // Page: fixed height and a margin, then undo restores auto height.
  await page.getByTestId('page-fixed-height').check();
  await expect(page.getByTestId('page-height')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('page-height')).toHaveCount(0);
  await page.getByTestId('canvas').hover({ position: { x: 2, y: 2 } });
  await canvasSettled(page);
  await page.screenshot({ path: join(SHOTS, 'composition-inset.png') });
});

test('a missing image: placeholder with the reason, the rest keeps working, export refused naming the panel', async ({
  app: page,
  web,
}) => {
  const dir = join(web.workDir, 'missing-case');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES, 'photos/retina_fundus.jpg'), join(dir, 'fundus.jpg'));
  copyFileSync(join(FIXTURES, 'images/histology/ihc.png'), join(dir, 'ihc.png'));
  const work = basename(web.workDir);
  await openViaPicker(page, [work, 'missing-case'], 'fundus.jpg');
  await openViaPicker(page, [work, 'missing-case'], 'ihc.png');
  await page.keyboard.press('Control+Shift+s');
  const picker = page.getByTestId('project-picker');
  await picker.getByTestId(`pp-${work}`).click();
  await picker.getByTestId('pp-missing-case').click();
  await picker.getByTestId('pp-name').fill('case');
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('project-title')).toHaveText('case');
  rmSync(join(dir, 'ihc.png'));

  await page.getByTestId('open-project').click();
  await picker.getByTestId(`pp-${work}`).click();
  await picker.getByTestId('pp-missing-case').click();
  await picker.getByTestId('pp-case.medfig').click();
  await picker.getByTestId('pp-ok').click();
  await expect(page.getByTestId('panel-missing-1')).toBeVisible();
  await expect(page.getByTestId('panel-missing-0')).toHaveCount(0);
  await selectPanel(page, 1);
  await expect(page.getByTestId('panel-missing-reason')).toContainText(/ihc\.png|not found/);
  await expect(page.getByTestId('panel-relink')).toBeVisible();

  // The rest works: reorder puts the missing panel first, the letters follow.
  await page.getByTestId('panel-up-1').click();
  await expect(page.getByTestId('panel-missing-0')).toBeVisible();
  await page.getByTestId('canvas').hover({ position: { x: 2, y: 2 } });
  await canvasSettled(page);
  await page.screenshot({ path: join(SHOTS, 'composition-missing.png') });

  // Export is refused with a message naming the panel (now A) and its file.
  await page.getByTestId('export-open').click();
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  const err = page.getByTestId('toast-error').last();
  await expect(err).toContainText('panel A');
  await expect(err).toContainText('ihc.png');
});
