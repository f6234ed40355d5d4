// Helpers for the editor specs: open several files in one go through the in-app picker, find a
// panel on screen (from the Konva scene, which draws each panel in a named group), read the
// editor store the page exposes for tests, and count user actions.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Counts what a user does: each click, key press, drag or typed string is one action. */
export class Actions {
  n = 0;
  log: string[] = [];
  constructor(private page: Page) {}
  private count(what: string) {
    this.n++;
    this.log.push(what);
  }
  async click(testId: string, opts: { modifiers?: ('Control' | 'Shift')[] } = {}) {
    this.count(`click ${testId}`);
    await this.page.getByTestId(testId).first().click(opts);
  }
  async clickIn(parentTestId: string, testId: string, opts: { modifiers?: ('Control' | 'Shift')[] } = {}) {
    this.count(`click ${parentTestId} › ${testId}`);
    await this.page.getByTestId(parentTestId).getByTestId(testId).first().click(opts);
  }
  /** A button found by its accessible name. */
  async button(name: string) {
    this.count(`click "${name}"`);
    await this.page.getByRole('button', { name, exact: true }).click();
  }
  async press(key: string) {
    this.count(`key ${key}`);
    await this.page.keyboard.press(key);
  }
  async type(testId: string, text: string) {
    this.count(`type ${testId}=${text}`);
    await this.page.getByTestId(testId).fill(text);
  }
  async typeKeys(text: string) {
    this.count(`type "${text}"`);
    await this.page.keyboard.type(text);
  }
  async select(testId: string, value: { label: string } | { index: number } | string) {
    this.count(`choose ${testId}`);
    await this.page.getByTestId(testId).selectOption(value);
  }
  async selectByLabel(label: string, value: { label: string } | { index: number } | string) {
    this.count(`choose ${label}`);
    await this.page.getByLabel(label, { exact: true }).selectOption(value);
  }
  /** A drag inside panel `index`, from/to as fractions of the panel's box on screen. */
  async dragInPanel(index: number, from: [number, number], to: [number, number]) {
    this.count(`drag in panel ${index}`);
    await dragInPanel(this.page, index, from, to);
  }
  async clickInPanel(index: number, at: [number, number]) {
    this.count(`click in panel ${index}`);
    const r = await panelRect(this.page, index);
    await this.page.mouse.click(r.x + r.width * at[0], r.y + r.height * at[1]);
  }
}

/** The editor's document and UI state, as the page exposes it for tests. */
export async function editorState(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as {
      medfigEditor: {
        get(): { ui: { panelId: string | null; selection: Set<string>; tool: string }; history: { past: unknown[] } };
        figure(): {
          panels: {
            id: string;
            sourceId: string;
            rotation: number;
            calibration: { source: string; mmPerPxX: number; mmPerPxY: number } | null;
            display: { invert: boolean; window: { center: number; width: number } | null };
            annotations: { id: string; type: string }[];
          }[];
        };
      };
    };
    const s = w.medfigEditor.get();
    return {
      panelId: s.ui.panelId,
      selection: [...s.ui.selection],
      tool: s.ui.tool,
      undoSteps: s.history.past.length,
      panels: w.medfigEditor.figure().panels,
    };
  });
}

/** A panel's box on screen, read from the scene (each panel is a group `images-<panelId>`). */
export async function panelRect(page: Page, index: number): Promise<{ x: number; y: number; width: number; height: number }> {
  const ids = (await editorState(page)).panels.map((p) => p.id);
  const id = ids[index];
  return page.evaluate((panelId) => {
    type Node = { getClientRect(): { x: number; y: number; width: number; height: number } };
    type Stage = { container(): HTMLElement; findOne(sel: string): Node | undefined };
    const stages = (window as unknown as { Konva: { stages: Stage[] } }).Konva.stages;
    const stage = stages.find((s) => s.container().closest('[data-testid="canvas"]') || s.container().matches('[data-testid="canvas"]'));
    if (!stage) throw new Error('no canvas stage');
    const node = stage.findOne(`#images-${panelId}`);
    if (!node) throw new Error(`no panel ${panelId} on the canvas`);
    const r = node.getClientRect();
    const c = stage.container().getBoundingClientRect();
    return { x: c.left + r.x, y: c.top + r.y, width: r.width, height: r.height };
  }, id);
}

export async function dragInPanel(page: Page, index: number, from: [number, number], to: [number, number]) {
  const r = await panelRect(page, index);
  await page.mouse.move(r.x + r.width * from[0], r.y + r.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width * to[0], r.y + r.height * to[1], { steps: 8 });
  await page.mouse.up();
}

/** Opens files of one folder in one go (Ctrl+click in the picker): one panel each. */
export async function openMany(page: Page, folder: string[], names: string[], act?: Actions) {
  const a = act ?? new Actions(page);
  await a.click('open-image');
  await expect(page.getByTestId('file-picker')).toBeVisible();
  for (const d of folder) await a.clickIn('file-picker', `entry-${d}`);
  for (const [i, n] of names.entries()) await a.clickIn('file-picker', `entry-${n}`, i ? { modifiers: ['Control'] } : {});
  await a.clickIn('file-picker', 'picker-open');
}
