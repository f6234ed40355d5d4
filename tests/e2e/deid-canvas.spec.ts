// Pixel de-identification on the editing canvas (issue 21): "Check pixels" reads the panel in the
// host's pools and draws its proposals over the panel; a click on one accepts it as a redaction
// (undo/redo), its × dismisses it; exported, the accepted text is black. A photograph's face
// proposal, clicked, becomes a blur burned into the exported pixels.
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, ROOT, FIXTURES, openViaPicker } from './fixtures';
import { BURNED_TEXT, FONT_PX } from '../fixtures/dicom/burned-in/generate';

GlobalFonts.registerFromPath(join(ROOT, 'resources/fonts/LiberationSans-Regular.ttf'), 'Liberation Sans');

type Rect = { x: number; y: number; width: number; height: number };
interface Drawn {
  panelId: string;
  n: number;
  kind: string;
  text: string | null;
  box: Rect;
  dismiss: Rect;
}
type Redaction = { type: string; at: [number, number]; size: [number, number]; mode?: string };

const proposals = (page: Page) =>
  page.evaluate(() => (window as unknown as { medfigCanvas: { proposals(): Drawn[] } }).medfigCanvas.proposals());
const redactions = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { medfigEditor: { figure(): { panels: { annotations: Redaction[] }[] } } }).medfigEditor
      .figure()
      .panels[0].annotations.filter((a) => a.type === 'redaction'),
  );
const centre = (r: Rect) => [r.x + r.width / 2, r.y + r.height / 2] as const;

/** Where each burned-in line is in the 512² source (ink extents of the drawn text). */
function textBoxes() {
  const g = createCanvas(8, 8).getContext('2d');
  g.font = `${FONT_PX}px "Liberation Sans"`;
  return BURNED_TEXT.map((t) => {
    const m = g.measureText(t.text);
    return {
      text: t.text,
      x: t.x - m.actualBoundingBoxLeft,
      y: t.y - m.actualBoundingBoxAscent,
      w: m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
      h: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
    };
  });
}

async function exportPng(page: Page, name: string): Promise<void> {
  await page.getByTestId('export-open').click();
  const checklist = page.getByTestId('privacy-checklist');
  await expect(checklist).toHaveAttribute('data-ready', '1', { timeout: 60_000 });
  // A small file: the check is about the pixels, not the print size.
  await page.getByTestId('export-dpi').selectOption('300');
  await page.getByTestId('export-width').fill('86');
  const preflight = page.getByTestId('preflight-ack');
  if (await preflight.isVisible()) await preflight.check();
  // Labels off, so the panel letter does not sit over a redacted corner.
  await page.getByTestId('export-copies').selectOption('unlabelled');
  await page.getByTestId('export-name').fill(name);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText(`${name}-unlabelled.png`, { timeout: 90_000 });
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();
}

test('burned-in text: Check pixels shows proposals on the canvas; a click redacts (undo, redo), × dismisses; the PNG is black there', async ({
  app: page,
  web,
}) => {
  test.setTimeout(300_000);
  await openViaPicker(page, ['fixtures', 'dicom', 'burned-in'], 'ct_sc_burned_in.dcm');
  await expect(page.getByTestId('check-pixels')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('check-pixels').click();
  // The reading runs in the host's pools: progress with Cancel, and the editor answers meanwhile.
  await expect(page.getByTestId('pixel-check-status')).toContainText('Checking pixels of panel A');
  await page.getByTestId('tool-arrow').click();
  await expect(page.getByTestId('tool-arrow')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('tool-select').click();
  await expect(page.getByTestId('pixel-check-done')).toContainText('identifying', { timeout: 120_000 });
  let drawn = await proposals(page);
  expect(drawn.length).toBeGreaterThanOrEqual(BURNED_TEXT.length);
  expect(drawn.map((d) => d.text).join(' ')).toContain('IMAGING');
  await page.screenshot({ path: join(SHOTS, 'deid-canvas-1-proposals.png') });

  // × dismisses one; a fresh check shows it again.
  const first = drawn[0];
  await page.mouse.click(...centre(first.dismiss));
  await expect.poll(async () => (await proposals(page)).length).toBe(drawn.length - 1);
  expect(await redactions(page)).toHaveLength(0);
  await page.getByTestId('check-pixels').click();
  await expect.poll(async () => (await proposals(page)).length, { timeout: 60_000 }).toBe(drawn.length);

  // A click on the institution's line accepts it: one redaction over its box.
  const inst = drawn.find((d) => d.text?.includes('IMAGING'))!;
  await page.mouse.click(...centre(inst.box));
  await expect.poll(async () => (await redactions(page)).length).toBe(1);
  await expect.poll(async () => (await proposals(page)).some((d) => d.text?.includes('IMAGING'))).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'deid-canvas-2-accepted.png') });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await redactions(page)).length).toBe(0);
  await expect.poll(async () => (await proposals(page)).some((d) => d.text?.includes('IMAGING'))).toBe(true);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await redactions(page)).length).toBe(1);

  // The others: hovered, Enter accepts.
  for (let guard = 0; guard < 20; guard++) {
    drawn = await proposals(page);
    if (!drawn.length) break;
    const before = (await redactions(page)).length;
    await page.mouse.move(...centre(drawn[0].box));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await redactions(page)).length).toBe(before + 1);
  }
  expect(await proposals(page)).toHaveLength(0);
  expect((await redactions(page)).every((r) => (r.mode ?? 'solid') === 'solid')).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'deid-canvas-3-all-redacted.png') });

  await exportPng(page, 'sc-canvas');
  const { data, info } = await sharp(join(web.exportDir, 'sc-canvas-unlabelled.png'))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const s = info.width / 512;
  for (const b of textBoxes()) {
    let max = 0;
    for (let y = Math.floor(b.y * s); y < Math.ceil((b.y + b.h) * s); y++)
      for (let x = Math.floor(b.x * s); x < Math.ceil((b.x + b.w) * s); x++) max = Math.max(max, data[y * info.width + x]);
    expect(max, `"${b.text}" is black in the export`).toBeLessThanOrEqual(8);
  }
});

/** Mean squared 4-neighbour Laplacian of a grey image inside a box. */
function hf(d: Uint8Array | Buffer, width: number, b: { x: number; y: number; w: number; h: number }): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.ceil(b.y) + 1; y < Math.floor(b.y + b.h) - 1; y++)
    for (let x = Math.ceil(b.x) + 1; x < Math.floor(b.x + b.w) - 1; x++) {
      const i = y * width + x;
      const l = 4 * d[i] - d[i - 1] - d[i + 1] - d[i - width] - d[i + width];
      sum += l * l;
      n++;
    }
  return sum / n;
}

test('a photograph: the face proposal, clicked on the canvas, is a blur in the exported pixels', async ({ app: page, web }) => {
  test.setTimeout(300_000);
  await openViaPicker(page, ['fixtures', 'photos'], 'astronaut_face.png');
  await expect(page.getByTestId('check-pixels')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('check-pixels').click();
  await expect.poll(async () => (await proposals(page)).some((d) => d.kind === 'face'), { timeout: 240_000 }).toBe(true);
  const face = (await proposals(page)).find((d) => d.kind === 'face')!;
  expect(face.n).toBe(1);
  await page.screenshot({ path: join(SHOTS, 'deid-canvas-4-face-proposal.png') });
  await page.mouse.click(...centre(face.box));
  await expect.poll(async () => (await redactions(page)).length).toBe(1);
  const [blur] = await redactions(page);
  expect(blur.mode).toBe('blur');
  // Selected, the redaction shows its style (blur or solid), the author's to change.
  await page.mouse.click(...centre(face.box));
  await expect(page.getByTestId('sel-redaction-mode')).toHaveValue('blur');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(SHOTS, 'deid-canvas-5-face-blurred.png') });

  await exportPng(page, 'face-blur');
  const out = await sharp(join(web.exportDir, 'face-blur-unlabelled.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
  const src = await sharp(join(FIXTURES, 'photos/astronaut_face.png'))
    .greyscale()
    .resize(out.info.width, out.info.height)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const s = out.info.width / 512;
  const inset = 3;
  const b = { x: blur.at[0] * s + inset, y: blur.at[1] * s + inset, w: blur.size[0] * s - 2 * inset, h: blur.size[1] * s - 2 * inset };
  const ratio = hf(out.data, out.info.width, b) / hf(src.data, src.info.width, b);
  expect(ratio, 'high-frequency share left in the face').toBeLessThan(0.05);
});
