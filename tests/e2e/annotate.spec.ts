// Every annotation tool drawn by mouse in the real renderer; selection, nudge, drag and undo;
// then the labels layer hidden and the figure exported: labels gone, redaction burned in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import type { Annotation } from '../../src/shared/figure/schema';
import { test, expect, openViaPicker, SHOTS } from './fixtures';

type Frac = [number, number];

async function canvasBox(page: Page) {
  return (await page.getByTestId('canvas').boundingBox())!;
}
async function toScreen(page: Page, [fx, fy]: Frac): Promise<[number, number]> {
  const b = await canvasBox(page);
  return [b.x + b.width * fx, b.y + b.height * fy];
}
async function drag(page: Page, from: Frac, to: Frac, steps = 8) {
  const a = await toScreen(page, from);
  const b = await toScreen(page, to);
  await page.mouse.move(...a);
  await page.mouse.down();
  await page.mouse.move(b[0], b[1], { steps });
  await page.mouse.up();
}
async function click(page: Page, at: Frac) {
  const [x, y] = await toScreen(page, at);
  await page.mouse.click(x, y);
}
async function annotations(page: Page): Promise<Annotation[]> {
  return page.evaluate(() => {
    const w = window as unknown as { medfigEditor: { figure(): { panels: { annotations: Annotation[] }[] } } };
    return w.medfigEditor.figure().panels[0].annotations;
  });
}
async function tool(page: Page, id: string) {
  await page.getByTestId(`tool-${id}`).click();
}

test('draw every tool, select, nudge, drag, undo; export without labels keeps the redaction', async ({ app: page, web }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('image-info')).toContainText('1411 × 1411 px');

  await tool(page, 'arrow');
  await drag(page, [0.3, 0.25], [0.4, 0.35]);
  await tool(page, 'line');
  await drag(page, [0.55, 0.25], [0.7, 0.25]);
  await tool(page, 'rect');
  await drag(page, [0.25, 0.42], [0.35, 0.52]);
  await tool(page, 'ellipse');
  await drag(page, [0.4, 0.42], [0.5, 0.52]);
  // Polygon by keyboard shortcut: three clicks, then a click on the first point closes it.
  await page.keyboard.press('p');
  for (const p of [
    [0.55, 0.42],
    [0.65, 0.42],
    [0.6, 0.52],
    [0.55, 0.42],
  ] as Frac[])
    await click(page, p);
  await page.keyboard.press('f');
  {
    const [x0, y0] = await toScreen(page, [0.25, 0.62]);
    const [x1] = await toScreen(page, [0.4, 0.62]);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(x0 + ((x1 - x0) * i) / 30, y0 + 12 * Math.sin(i / 3));
    await page.mouse.up();
  }
  await tool(page, 'marker');
  await page.getByTestId('opt-marker-shape').selectOption('star');
  await click(page, [0.45, 0.62]);
  await tool(page, 'number');
  await click(page, [0.5, 0.62]);
  await click(page, [0.54, 0.62]);

  await tool(page, 'text');
  await click(page, [0.58, 0.58]);
  const editor = page.getByLabel('Label text');
  await expect(editor).toBeFocused();
  await editor.fill('Nodule\nsecond line');
  await editor.press('Enter');
  await expect(editor).toBeHidden();

  await tool(page, 'callout');
  await drag(page, [0.7, 0.4], [0.76, 0.33]);
  await expect(editor).toBeFocused();
  await editor.fill('Calcified');
  await editor.press('Enter');

  await page.keyboard.press('m');
  await drag(page, [0.3, 0.75], [0.45, 0.75]);
  await page.keyboard.press('Shift+M');
  for (const p of [
    [0.5, 0.8],
    [0.55, 0.72],
    [0.62, 0.8],
  ] as Frac[])
    await click(page, p);
  await page.keyboard.press('Shift+P');
  for (const p of [
    [0.66, 0.7],
    [0.74, 0.7],
    [0.74, 0.78],
  ] as Frac[])
    await click(page, p);
  await page.keyboard.press('Enter');
  await page.keyboard.press('x');
  await drag(page, [0.72, 0.48], [0.8, 0.56]);

  const drawn = await annotations(page);
  expect(drawn.map((a) => a.type)).toEqual([
    'arrow',
    'line',
    'rect',
    'ellipse',
    'polygon',
    'freehand',
    'marker',
    'number',
    'number',
    'text',
    'callout',
    'measure-length',
    'measure-angle',
    'measure-area',
    'redaction',
  ]);
  const byType = <T extends Annotation['type']>(t: T) => drawn.filter((a) => a.type === t) as Extract<Annotation, { type: T }>[];
  expect(byType('number').map((a) => a.n)).toEqual([1, 2]);
  expect(byType('text')[0].text).toBe('Nodule\nsecond line');
  expect(byType('callout')[0].text).toBe('Calcified');
  expect(byType('marker')[0].shape).toBe('star');
  expect(byType('polygon')[0].points).toHaveLength(3);
  expect(byType('measure-area')[0].points).toHaveLength(3);
  // The freehand stroke was smoothed and simplified: fewer points than the 31 samples.
  expect(byType('freehand')[0].points.length).toBeLessThan(31);
  expect(byType('freehand')[0].points.length).toBeGreaterThan(2);
  // Uncalibrated photo: the measurement says px.
  await tool(page, 'select');
  await page.screenshot({ path: join(SHOTS, 'annotate-all-tools.png') });

  // Select the line by clicking on it, nudge it right, undo.
  await click(page, [0.625, 0.25]);
  await expect(page.getByTestId('options-bar')).toContainText('Duplicate');
  const line0 = byType('line')[0];
  await page.keyboard.press('Shift+ArrowRight');
  const line1 = (await annotations(page)).find((a) => a.id === line0.id) as typeof line0;
  expect(line1.points[0][0]).toBeGreaterThan(line0.points[0][0]);
  expect(line1.points[0][1]).toBeCloseTo(line0.points[0][1], 6);
  await page.keyboard.press('Control+z');
  expect((await annotations(page)).find((a) => a.id === line0.id)).toEqual(line0);

  // Drag the line: many pointer moves, one undo step.
  await drag(page, [0.625, 0.25], [0.625, 0.3], 12);
  const dragged = (await annotations(page)).find((a) => a.id === line0.id) as typeof line0;
  expect(dragged.points[0][1]).toBeGreaterThan(line0.points[0][1] + 20);
  await page.keyboard.press('Control+z');
  expect((await annotations(page)).find((a) => a.id === line0.id)).toEqual(line0);
  await page.keyboard.press('Control+Shift+z');
  expect((await annotations(page)).find((a) => a.id === line0.id)).toEqual(dragged);

  // Select the rectangle by its outline and resize it by its bottom-right handle.
  const rect0 = byType('rect')[0];
  await click(page, [0.3, 0.42]);
  await page.screenshot({ path: join(SHOTS, 'annotate-handles.png') });
  await drag(page, [0.35, 0.52], [0.39, 0.57]);
  const rect1 = (await annotations(page)).find((a) => a.id === rect0.id) as typeof rect0;
  expect(rect1.at[0]).toBeCloseTo(rect0.at[0], 6);
  expect(rect1.at[1]).toBeCloseTo(rect0.at[1], 6);
  expect(rect1.size[0]).toBeGreaterThan(rect0.size[0] + 30);
  expect(rect1.size[1]).toBeGreaterThan(rect0.size[1] + 30);

  // Hide the labels layer: on screen only the redaction remains.
  await page.getByTestId('layer-labels').uncheck();
  await page.screenshot({ path: join(SHOTS, 'annotate-labels-hidden.png') });

  // Export labelled, then the unlabelled teaching copy.
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-dpi').selectOption('300');
  await page.getByTestId('export-width').fill('89');
  await page.getByTestId('export-name').fill('annotate');
  await page.getByTestId('export-copies').selectOption('labelled');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result')).toContainText('×', { timeout: 60_000 });
  await page.getByTestId('export-copies').selectOption('unlabelled');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result')).toContainText('unlabelled', { timeout: 60_000 });

  const final = await annotations(page);
  const read = async (name: string) => {
    const { data, info } = await sharp(readFileSync(join(web.exportDir, name)))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      info,
      px: (x: number, y: number) => [
        ...data.subarray((Math.round(y) * info.width + Math.round(x)) * 3, (Math.round(y) * info.width + Math.round(x)) * 3 + 3),
      ],
    };
  };
  const labelled = await read('annotate.png');
  const bare = await read('annotate-unlabelled.png');
  const k = labelled.info.width / 1411; // one panel, no margin: export px per source px
  expect(bare.info.width).toBe(labelled.info.width);

  // The line (white, 1.5 pt) at its midpoint: white when labelled, the fundus when not.
  const line = final.find((a) => a.id === line0.id) as typeof line0;
  const mid = [(line.points[0][0] + line.points[1][0]) / 2, (line.points[0][1] + line.points[1][1]) / 2];
  const lp = labelled.px(mid[0] * k, mid[1] * k);
  const bp = bare.px(mid[0] * k, mid[1] * k);
  expect(Math.min(...lp)).toBeGreaterThan(200);
  expect(bp[2]).toBeLessThan(150); // the orange fundus has little blue
  // The redaction: solid black in both, across its whole interior.
  const red = byType('redaction')[0];
  for (const img of [labelled, bare]) {
    for (const fx of [0.1, 0.5, 0.9])
      for (const fy of [0.1, 0.5, 0.9]) {
        const p = img.px((red.at[0] + red.size[0] * fx) * k, (red.at[1] + red.size[1] * fy) * k);
        expect(Math.max(...p)).toBeLessThanOrEqual(2);
      }
  }
  // The same spot in the source is not black (the box really covers something).
  const src = await sharp(join(import.meta.dirname, '../fixtures/photos/retina_fundus.jpg'))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const c = (Math.round(red.at[1] + red.size[1] / 2) * src.info.width + Math.round(red.at[0] + red.size[0] / 2)) * 3;
  expect(Math.max(src.data[c], src.data[c + 1], src.data[c + 2])).toBeGreaterThan(40);
});

test('cheat sheet lists the tool shortcuts; tooltips name them', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('tool-polygon')).toHaveAttribute('title', /Polygon \(P\)/);
  await page.keyboard.press('F1');
  const sheet = page.getByTestId('cheat-sheet');
  await expect(sheet).toBeVisible();
  for (const t of ['Polygon Tool', 'Freehand Tool', 'Measure Angle Tool', 'Duplicate Annotations', 'Bring to Front', 'Nudge'])
    await expect(sheet).toContainText(t);
  await page.screenshot({ path: join(SHOTS, 'annotate-cheat-sheet.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});
