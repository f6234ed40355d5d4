// Shell polish in the real renderer: panels reordered by dragging them on the canvas (drop bar,
// one undo step, letters follow; annotation drags unchanged), the crop ratio picker, settings
// that survive a restart (style for new shapes, export DPI/format, theme), the light theme, and
// an accessibility sweep (every control named, keyboard focus visible, rem-based sizes).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { canvasSettled } from './settled';

const FILES: [string[], string][] = [
  [['fixtures', 'photos'], 'retina_fundus.jpg'],
  [['fixtures', 'images', 'histology'], 'ihc.png'],
  [['fixtures', 'dicom', 'ct'], 'ct_chest_ge_implicit_le.dcm'],
];

async function openThree(page: Page) {
  for (const [dirs, name] of FILES) {
    await openViaPicker(page, dirs, name);
    await expect(page.getByTestId('panel-list')).toContainText(name);
  }
  await expect(page.getByTestId('panel-list').locator('li.panel-row')).toHaveCount(3);
  await dismissToasts(page);
}

/** Info toasts (e.g. the CT's privacy note) sit over the canvas: a release there is not on the stage. */
async function dismissToasts(page: Page) {
  const close = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
  while (await close.count()) await close.first().click();
}

/** File names in layout (= letter) order, as the panel list shows them. */
async function order(page: Page): Promise<string[]> {
  return page
    .getByTestId('panel-list')
    .locator('li.panel-row .panel-name')
    .evaluateAll((els) =>
      els.map((e) =>
        (e.textContent ?? '')
          .replace(/^\s*\S+\s+/, '')
          .split(' · ')[0]
          .trim(),
      ),
    );
}

async function letters(page: Page): Promise<string[]> {
  return page.getByTestId('panel-list').locator('li.panel-row .letter').allInnerTexts();
}

/** Screen centre of panel i, from the page layout the canvas draws (stage transform + layout). */
async function panelCentre(page: Page, i: number): Promise<{ x: number; y: number }> {
  // Three panels sit in one row across a page fitted to the canvas width (24 px padding).
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const pad = 24;
  const w = (box.width - 2 * pad) / 3;
  return { x: box.x + pad + w * (i + 0.5), y: box.y + box.height / 2 };
}

async function dragOnCanvas(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, beforeUp?: () => Promise<void>) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let s = 1; s <= 12; s++) await page.mouse.move(from.x + ((to.x - from.x) * s) / 12, from.y + ((to.y - from.y) * s) / 12);
  await beforeUp?.();
  await page.mouse.up();
}

test('drag a panel on the canvas to reorder: drop bar, letters follow, one undo; annotation drags unchanged', async ({ app: page }) => {
  await openThree(page);
  const before = await order(page);
  expect(before).toEqual(['retina_fundus.jpg', 'ihc.png', 'ct_chest_ge_implicit_le.dcm']);
  await page.getByTestId('tool-select').click();
  await page.getByTestId('canvas').hover({ position: { x: 2, y: 2 } });
  await canvasSettled(page);

  // A (the photo) dragged onto C: it goes last; the hint names the move while dragging.
  const a = await panelCentre(page, 0);
  const c = await panelCentre(page, 2);
  await dragOnCanvas(page, a, c, async () => {
    await expect(page.getByTestId('canvas-drop-hint')).toHaveText('Move panel A to position 3');
    await page.screenshot({ path: join(SHOTS, 'shell-polish-panel-drag.png') });
  });
  await expect(page.getByTestId('canvas-drop-hint')).toHaveCount(0);
  await expect.poll(() => order(page)).toEqual(['ihc.png', 'ct_chest_ge_implicit_le.dcm', 'retina_fundus.jpg']);
  expect(await letters(page)).toEqual(['A', 'B', 'C']);
  // The document agrees, and the drop was one undo step.
  const ids = () =>
    page.evaluate(
      () => (window as unknown as { medfigEditor: { figure(): { panels: { sourceId: string }[] } } }).medfigEditor.figure().panels.length,
    );
  expect(await ids()).toBe(3);
  await page.getByTestId('undo').click();
  await expect.poll(() => order(page)).toEqual(before);

  // Dragging within a panel is still a marquee: nothing moves.
  const b = await panelCentre(page, 1);
  await dragOnCanvas(page, { x: b.x - 30, y: b.y - 30 }, { x: b.x + 30, y: b.y + 30 });
  expect(await order(page)).toEqual(before);

  // An arrow on B, then dragged towards C with the select tool: the arrow moves, not the panel.
  await page.getByTestId('tool-arrow').click();
  await dragOnCanvas(page, { x: b.x - 40, y: b.y }, { x: b.x + 10, y: b.y });
  const arrowAt = () =>
    page.evaluate(() => {
      const f = (
        window as unknown as { medfigEditor: { figure(): { panels: { annotations: { type: string; points?: number[][] }[] }[] } } }
      ).medfigEditor.figure();
      const arrow = f.panels.flatMap((p) => p.annotations).find((x) => x.type === 'arrow') as { points: number[][] } | undefined;
      return arrow ? arrow.points[0][0] : null;
    });
  const x0 = await arrowAt();
  expect(x0).not.toBeNull();
  await page.getByTestId('tool-select').click();
  await dragOnCanvas(page, { x: b.x - 15, y: b.y }, { x: b.x + 60, y: b.y });
  await expect.poll(arrowAt).not.toBe(x0);
  expect(await order(page)).toEqual(before);
});

test('crop ratio picker: 1:1 gives a square crop; "like panel" offers each panel ratio', async ({ app: page }) => {
  await openThree(page);
  await page.keyboard.press('c');
  const pick = page.getByTestId('opt-crop-ratio');
  await expect(pick).toBeVisible();
  const labels = await pick.locator('option').allInnerTexts();
  expect(labels.slice(0, 7)).toEqual(['Free', '1 : 1', '4 : 3', '3 : 4', '3 : 2', '2 : 3', '16 : 9']);
  expect(labels.filter((l) => l.startsWith('Like panel'))).toHaveLength(3);
  await pick.selectOption('1:1');
  const b = await panelCentre(page, 1);
  await dragOnCanvas(page, { x: b.x - 50, y: b.y - 40 }, { x: b.x + 40, y: b.y + 10 });
  await page.getByTestId('panel-select-1').click();
  // The inspector shows the committed crop a painted frame after the edit (views render after paint).
  const crop = async () => [Number(await page.getByTestId('crop-w').inputValue()), Number(await page.getByTestId('crop-h').inputValue())];
  await expect.poll(async () => (await crop())[0] / (await crop())[1]).toBeCloseTo(1, 2);
  expect((await crop())[0]).toBeGreaterThan(10);
  await page.screenshot({ path: join(SHOTS, 'shell-polish-crop-ratio.png') });
});

test('settings survive a restart: default colour, export DPI and format, theme', async ({ app: page }) => {
  await openThree(page);
  // No selection: the swatch sets the style for new shapes (a setting).
  const saved = () => page.waitForResponse((r) => r.url().includes('/api/setSettings') && r.ok());
  let write = saved();
  await page.getByTestId('swatch-orange').click();
  await write;
  await page.getByTestId('export-open').click();
  write = saved();
  await page.getByTestId('export-dpi').selectOption('1200');
  await page.getByTestId('export-format').selectOption('tiff');
  await write;
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('export-dialog')).toHaveCount(0);
  // Light theme from the command palette (View › Toggle Light Theme in the native menu).
  write = saved();
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').locator('input').fill('light theme');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await write;
  const bg = await page.getByRole('toolbar', { name: 'Tools' }).evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(bg).toBe('rgb(248, 249, 251)');
  await page.screenshot({ path: join(SHOTS, 'shell-polish-light-theme.png') });

  await page.reload();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('swatch-orange')).toHaveClass(/active/);
  await openViaPicker(page, FILES[0][0], FILES[0][1]);
  await dismissToasts(page);
  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-dpi')).toHaveValue('1200');
  await expect(page.getByTestId('export-format')).toHaveValue('tiff');
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();

  // A new arrow gets the saved colour.
  await page.getByTestId('tool-arrow').click();
  const box = (await page.getByTestId('canvas').boundingBox())!;
  // One panel now: it fills the page, centred.
  const mid = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await dragOnCanvas(page, { x: mid.x - 40, y: mid.y }, { x: mid.x + 20, y: mid.y });
  const colour = await page.evaluate(
    () =>
      (
        window as unknown as { medfigEditor: { figure(): { panels: { annotations: { style: { color: string } }[] }[] } } }
      ).medfigEditor.figure().panels[0].annotations[0]?.style.color,
  );
  expect(colour).toBe('#e69f00');

  // Dark again, and that is saved too.
  write = saved();
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').locator('input').fill('light theme');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await write;
});

test('accessibility: every control has a name, focus is visible, sizes follow the font size', async ({ app: page }) => {
  /** Controls without an accessible name: aria-label(ledby), a label with text, or own text. */
  const unnamed = () =>
    page.locator('button, input, select, textarea').evaluateAll((els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === 'fixed')
        .filter((e) => {
          const el = e as HTMLInputElement;
          if (el.type === 'hidden') return false;
          const aria =
            el.getAttribute('aria-label')?.trim() ||
            (el.getAttribute('aria-labelledby') ?? '')
              .split(/\s+/)
              .map((id) => document.getElementById(id)?.textContent?.trim())
              .join('');
          const label = Array.from(el.labels ?? []).some((l) => (l.textContent ?? '').trim().length > 0);
          // Own text counts only with a letter in it: "⤒", "×" or "↑" read as nothing useful.
          const text = el.tagName === 'BUTTON' && /\p{L}/u.test(el.textContent ?? '');
          return !(aria || label || text);
        })
        .map((e) => e.outerHTML.slice(0, 160)),
    );
  expect(await unnamed(), 'start screen').toEqual([]);
  await openThree(page);
  await page.getByTestId('panel-select-0').click();

  const controls = await page.locator('button, input, select, textarea').count();
  expect(controls).toBeGreaterThan(60);
  expect(await unnamed(), 'main window').toEqual([]);
  // The dialogs too.
  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  expect(await unnamed(), 'export dialog').toEqual([]);
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();
  // Crop options; a selected arrow's options (arrange buttons are glyphs).
  await page.keyboard.press('c');
  expect(await unnamed(), 'crop options').toEqual([]);
  await page.getByTestId('tool-arrow').click();
  const b = await panelCentre(page, 1);
  await dragOnCanvas(page, { x: b.x - 40, y: b.y }, { x: b.x + 10, y: b.y });
  await page.getByTestId('tool-select').click();
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('sel-duplicate')).toBeVisible();
  expect(await unnamed(), 'selection options').toEqual([]);
  await page.keyboard.press('Escape');

  // Keyboard: Tab reaches the toolbar and shows a focus ring.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    return { tag: el.tagName, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
  expect(ring.tag).toBe('BUTTON');
  expect(ring.outline).not.toBe('none');
  expect(ring.width).toBeGreaterThan(0);

  // The UI follows the font size (rem units): the toolbar's buttons grow with it.
  const size = () => page.getByTestId('tool-select').evaluate((e) => e.getBoundingClientRect().height);
  const base = await size();
  await page.evaluate(() => (document.documentElement.style.fontSize = '20px'));
  const big = await size();
  expect(big / base).toBeGreaterThan(1.15);
  await page.screenshot({ path: join(SHOTS, 'shell-polish-font-20px.png') });
});
