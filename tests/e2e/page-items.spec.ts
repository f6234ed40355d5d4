// Page texts and lines are moved with Select, as in any layout program: a header placed with the
// page tool is then pressed, dragged, nudged, edited and deleted without changing tool.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Figure } from '../../src/shared/figure/schema';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { panelRect } from './editor-helpers';

async function figure(page: Page): Promise<Figure> {
  return page.evaluate(() => (window as unknown as { medfigEditor: { figure(): Figure } }).medfigEditor.figure());
}

/** The stage's origin on screen and its px per page mm. */
async function stage(page: Page) {
  return page.evaluate(() => {
    type S = { x(): number; y(): number; scaleX(): number; container(): HTMLElement };
    const s = (window as unknown as { Konva: { stages: S[] } }).Konva.stages.find((x) => x.container().closest('[data-testid="canvas"]'))!;
    const r = s.container().getBoundingClientRect();
    return { x: r.left + s.x(), y: r.top + s.y(), k: s.scaleX() };
  });
}

/** A page item's box in page mm. */
async function itemBox(page: Page, id: string) {
  return page.evaluate((v) => {
    type Node = { getClientRect(o: object): { x: number; y: number; width: number; height: number } };
    type S = { container(): HTMLElement; findOne(f: (n: { getAttr(k: string): unknown }) => boolean): Node | undefined };
    const s = (window as unknown as { Konva: { stages: S[] } }).Konva.stages.find((x) => x.container().closest('[data-testid="canvas"]'))!;
    return s.findOne((n) => n.getAttr('pageItemId') === v)!.getClientRect({ relativeTo: s });
  }, id);
}

test('a page header is moved, nudged, edited and deleted with Select', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  const margin = page.getByTestId('page-margin');
  await margin.fill('10');
  await margin.press('Enter');
  await expect.poll(async () => (await figure(page)).page.marginMm).toBe(10);

  await page.getByTestId('tool-page').click();
  const panel = await panelRect(page, 0);
  const s = await stage(page);
  await page.mouse.click(panel.x + panel.width * 0.3, panel.y - 6 * s.k);
  const editor = page.getByLabel('Label text');
  await expect(editor).toBeFocused();
  await page.keyboard.type('Baseline');
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();
  const before = (await figure(page)).pageItems[0] as Extract<Figure['pageItems'][number], { type: 'text' }>;
  expect(before).toMatchObject({ type: 'text', text: 'Baseline' });

  // Select (V), then drag the header 30 mm to the right: one undo step.
  await page.keyboard.press('v');
  await expect(page.getByTestId('tool-select')).toHaveAttribute('aria-pressed', 'true');
  const box = await itemBox(page, before.id);
  const from = { x: s.x + (box.x + box.width / 2) * s.k, y: s.y + (box.y + box.height / 2) * s.k };
  const steps = await page.evaluate(
    () => (window as unknown as { medfigEditor: { get(): { history: { past: unknown[] } } } }).medfigEditor.get().history.past.length,
  );
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 15 * s.k, from.y, { steps: 5 });
  await page.mouse.move(from.x + 30 * s.k, from.y, { steps: 5 });
  await page.mouse.up();
  const moved = (await figure(page)).pageItems[0] as typeof before;
  expect(moved.at[0] - before.at[0]).toBeCloseTo(30, 0);
  expect(moved.at[1]).toBeCloseTo(before.at[1], 1);
  await page.screenshot({ path: join(SHOTS, 'page-items-select-moved.png') });
  const after = await page.evaluate(
    () => (window as unknown as { medfigEditor: { get(): { history: { past: unknown[] } } } }).medfigEditor.get().history.past.length,
  );
  expect(after).toBe(steps + 1);
  // The header's ink moved with it: its box is 30 mm further right.
  expect((await itemBox(page, before.id)).x - box.x).toBeCloseTo(30, 0);

  // Arrow keys nudge it in print units (0.5 mm; Shift 5 mm).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowLeft');
  const nudged = (await figure(page)).pageItems[0] as typeof before;
  expect(nudged.at[0]).toBeCloseTo(moved.at[0] - 5, 5);
  expect(nudged.at[1]).toBeCloseTo(moved.at[1] + 0.5, 5);

  // A double click edits it in place.
  const box2 = await itemBox(page, before.id);
  await page.mouse.dblclick(s.x + (box2.x + box2.width / 2) * s.k, s.y + (box2.y + box2.height / 2) * s.k);
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Week 12');
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();
  await expect.poll(async () => ((await figure(page)).pageItems[0] as typeof before).text).toBe('Week 12');

  // A press that comes before the next frame has painted an edit still lands on the edited item:
  // the edit rebuilt its nodes, and what a click reads must know them already.
  const pressedBeforePaint = await page.evaluate((id) => {
    type S = {
      container(): HTMLElement;
      content: HTMLElement;
      findOne(f: (n: { getAttr(k: string): unknown }) => boolean): {
        getClientRect(): { x: number; y: number; width: number; height: number };
      };
    };
    const w = window as unknown as {
      Konva: { stages: S[] };
      medfigEditor: { undo(): void; redo(): void; setUi(p: object): void; get(): { ui: { pageSelection?: Set<string> } } };
    };
    const store = w.medfigEditor;
    store.setUi({ pageSelection: new Set() });
    // Back to "Baseline" and forward to "Week 12": the view redraws the header in the next frame.
    store.undo();
    store.redo();
    const s = w.Konva.stages.find((x) => x.container().closest('[data-testid="canvas"]'))!;
    const r = s.findOne((n) => n.getAttr('pageItemId') === id).getClientRect();
    const c = s.container().getBoundingClientRect();
    const at = { clientX: c.left + r.x + r.width / 2, clientY: c.top + r.y + r.height / 2, bubbles: true, button: 0 };
    s.content.dispatchEvent(new MouseEvent('mousedown', at));
    s.content.dispatchEvent(new MouseEvent('mouseup', at));
    return [...(store.get().ui.pageSelection ?? [])];
  }, before.id);
  expect(pressedBeforePaint).toEqual([before.id]);

  // Selected, Delete removes it; Ctrl+Z brings it back where it was.
  await page.mouse.click(s.x + (box2.x + box2.width / 2) * s.k, s.y + (box2.y + box2.height / 2) * s.k);
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await figure(page)).pageItems.length).toBe(0);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await figure(page)).pageItems.length).toBe(1);
  expect(((await figure(page)).pageItems[0] as typeof before).at).toEqual(nudged.at);

  // A marquee drawn round it from the empty page selects it as well.
  await page.mouse.click(s.x + 2 * s.k, s.y + 2 * s.k);
  const box3 = await itemBox(page, before.id);
  await page.mouse.move(s.x + (box3.x - 3) * s.k, s.y + 1 * s.k);
  await page.mouse.down();
  await page.mouse.move(s.x + (box3.x + box3.width + 3) * s.k, s.y + (box3.y + box3.height + 1) * s.k, { steps: 6 });
  await page.mouse.up();
  const pageSelection = () =>
    page.evaluate(() => [
      ...((window as unknown as { medfigEditor: { get(): { ui: { pageSelection?: Set<string> } } } }).medfigEditor.get().ui.pageSelection ??
        []),
    ]);
  await expect.poll(pageSelection).toEqual([before.id]);
});

test('the Text tool off the panels writes a page text there, instead of letting the letters run as shortcuts', async ({ app: page }) => {
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  const margin = page.getByTestId('page-margin');
  await margin.fill('10');
  await margin.press('Enter');
  await expect.poll(async () => (await figure(page)).page.marginMm).toBe(10);

  await page.getByTestId('tool-text').click();
  await expect(page.getByTestId('tool-text')).toHaveAttribute('aria-pressed', 'true');
  const panel = await panelRect(page, 0);
  const s = await stage(page);
  // In the top margin, above the panel.
  await page.mouse.click(panel.x + panel.width * 0.5, panel.y - 5 * s.k);
  const editor = page.getByLabel('Label text');
  await expect(editor).toBeFocused();
  await page.keyboard.type('Before treatment');
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();
  const items = (await figure(page)).pageItems;
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ type: 'text', text: 'Before treatment' });
  // No letter ran as a shortcut: the Text tool is still the one chosen, and no panel gained a label.
  await expect(page.getByTestId('tool-text')).toHaveAttribute('aria-pressed', 'true');
  expect((await figure(page)).panels[0].annotations).toEqual([]);

  // Off the page (the canvas around it), a click does nothing.
  await page.mouse.click(s.x - 20, s.y + 20);
  await expect(editor).toBeHidden();
});
