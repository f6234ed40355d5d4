// Edits redraw only the part of a layer they change (src/renderer/canvas/region-draw.ts), and the
// screen then holds exactly the pixels a whole redraw gives: after moving, deleting and adding
// annotations by command, dragging one with the Select tool (hidden while dragged, committed on
// release) and undoing, every scene layer's canvas (and hit canvas) is compared with a whole draw
// of the same layer, pixel for pixel.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { SCENE_LAYER_NAMES } from '../../src/scene/figure-scene';

interface CanvasApi {
  annotationRect(id: string): { x: number; y: number; width: number; height: number } | null;
  drawCounts(): { whole: number; regions: number };
  differencesFromWholeDraw(): Promise<{ layer: string; scene: number; hit: number; first: string[] }[]>;
}
const canvasApi = <T>(page: Page, fn: (c: CanvasApi, arg: string) => T, arg = '') =>
  page.evaluate(
    ([src, a]) => {
      const c = (window as unknown as { medfigCanvas: CanvasApi }).medfigCanvas;
      return (0, eval)(src as string)(c, a) as T;
    },
    [fn.toString(), arg] as const,
  );

/** After two frames (the change has reached React and the canvas), compares with a whole draw. */
async function expectSameAsWholeDraw(page: Page, step: string) {
  await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res))));
  const diffs = await canvasApi(page, (c) => c.differencesFromWholeDraw());
  // Every scene layer (images, labels, scale bars, letters, redactions, page).
  expect(diffs.length, step).toBe(SCENE_LAYER_NAMES.length);
  expect(
    diffs.filter((d) => d.scene || d.hit),
    step,
  ).toEqual([]);
}

type Dispatch = (cmd: (p: any) => any) => void;
/** Runs `edit(annotations of panel i)` on the current figure as one command. */
async function editPanel(page: Page, panel: number, edit: string) {
  await page.evaluate(
    ([panelIndex, src]) => {
      const store = (window as unknown as { medfigEditor: { figure(): { id: string }; dispatch: Dispatch } }).medfigEditor;
      const figId = store.figure().id;
      const fn = (0, eval)(src as string) as (a: unknown[]) => unknown[];
      store.dispatch((p) => ({
        ...p,
        figures: p.figures.map((f: any) =>
          f.id !== figId
            ? f
            : { ...f, panels: f.panels.map((x: any, i: number) => (i === panelIndex ? { ...x, annotations: fn(x.annotations) } : x)) },
        ),
      }));
    },
    [panel, edit] as const,
  );
}

test('edits redraw only where they change and leave the pixels of a whole redraw', async ({ app: page }) => {
  await page.getByTestId('start-sample').click();
  const figures = page.getByRole('complementary', { name: 'Figures and panels' });
  await expect(figures.getByText('Figure 5 — Composite A–D')).toBeVisible({ timeout: 30_000 });
  await figures.getByText('Figure 5 — Composite A–D').click();
  await expect(page.getByTestId('panel-list')).toContainText('skin-biopsy-micrograph.png');

  // 40 annotations of mixed kinds on each panel, with halos, in one command.
  for (let i = 0; i < 4; i++)
    await editPanel(
      page,
      i,
      `(list) => [...list, ...Array.from({ length: 40 }, (_, k) => {
        const style = { color: '#ffee00', strokePt: 2, fontPt: 9, halo: true, haloColor: '#000000', opacity: k % 5 ? 1 : 0.6, fill: k % 7 ? null : '#3366ff', bold: false };
        const x = 30 + ((k * 53) % 400), y = 30 + ((k * 37) % 300);
        const base = { id: 'tPANEL-' + k, layer: 'labels', style };
        return k % 4 === 0 ? { ...base, type: 'arrow', points: [[x, y], [x + 60, y + 30]], head: 'filled', tail: 'none' }
          : k % 4 === 1 ? { ...base, type: 'rect', at: [x, y], size: [50, 30], rotation: k * 7 }
          : k % 4 === 2 ? { ...base, type: 'text', at: [x, y], text: 'label ' + k, rotation: 0 }
          : { ...base, type: 'ellipse', at: [x, y], size: [40, 25], rotation: 0 };
      })]`.replace('PANEL', String(i)),
    );
  await expectSameAsWholeDraw(page, 'after adding 160 annotations');
  const counts0 = await canvasApi(page, (c) => c.drawCounts());

  // Move one arrow (the command a nudge or a tool's release sends).
  await editPanel(
    page,
    2,
    `(list) => list.map((a) => a.id === 't2-4' ? { ...a, points: [[a.points[0][0] + 25, a.points[0][1] + 12], a.points[1]] } : a)`,
  );
  await expectSameAsWholeDraw(page, 'after moving an arrow');
  // Delete a text label, add a redaction over other annotations, restyle a rectangle.
  await editPanel(
    page,
    1,
    `(list) => [...list.filter((a) => a.id !== 't1-6').map((a) => a.id === 't1-5' ? { ...a, style: { ...a.style, color: '#ff0000', strokePt: 4 } } : a),
      { id: 'red-1', type: 'redaction', layer: 'redactions', style: list[0].style, at: [60, 40], size: [80, 50] }]`,
  );
  await expectSameAsWholeDraw(page, 'after delete, restyle and a new redaction');
  const counts1 = await canvasApi(page, (c) => c.drawCounts());
  // Those edits were drawn as parts of layers, not whole layers.
  expect(counts1.regions).toBeGreaterThan(counts0.regions);

  // Drag a text label with the Select tool: hidden while dragged (the preview draws it), then committed.
  await page.keyboard.press('v');
  const r = (await canvasApi(page, (c, id) => c.annotationRect(id), 't2-38'))!;
  expect(r).not.toBeNull();
  const from = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + 20, { steps: 6 });
  await expectSameAsWholeDraw(page, 'mid-drag (the label hidden)');
  await page.mouse.up();
  await expectSameAsWholeDraw(page, 'after the drag');
  const moved = (await canvasApi(page, (c, id) => c.annotationRect(id), 't2-38'))!;
  expect(Math.round(moved.x - r.x)).toBeGreaterThan(20);

  // Undo the drag: the label is back where it was, and the pixels are still those of a whole draw.
  await page.getByTestId('undo').click();
  await expect.poll(async () => Math.round((await canvasApi(page, (c, id) => c.annotationRect(id), 't2-38'))!.x)).toBe(Math.round(r.x));
  await expectSameAsWholeDraw(page, 'after undo');
});
