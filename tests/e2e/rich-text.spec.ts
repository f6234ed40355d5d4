// Rich text and page text, as a user makes them: a column header placed on the page with the page
// tool, an italic label with a superscript ("CD3⁺", by shortcuts) and a callout with a subscript
// and a symbol from the picker ("T₂-weighted, 50 µm", by the format bar). Then the figure is
// exported: the header and the label are ink in the PNG where the scene puts them, real text runs
// in the PDF (pdftotext; pdffonts: no Type 3, the italic face embedded) and <tspan>s in the SVG.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import type { Annotation, Figure } from '../../src/shared/figure/schema';
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { acknowledgePreflight } from './export-check';
import { panelRect } from './editor-helpers';

async function figure(page: Page): Promise<Figure> {
  return page.evaluate(() => (window as unknown as { medfigEditor: { figure(): Figure } }).medfigEditor.figure());
}

/** A scene node's box in page mm (the stage's own units), found by an attribute. */
async function nodeBoxMm(page: Page, attr: string, id: string) {
  return page.evaluate(
    ([a, v]) => {
      type Node = { getClientRect(o: object): { x: number; y: number; width: number; height: number } };
      type Stage = { container(): HTMLElement; findOne(f: (n: { getAttr(k: string): unknown }) => boolean): Node | undefined };
      const stage = (window as unknown as { Konva: { stages: Stage[] } }).Konva.stages.find((s) =>
        s.container().closest('[data-testid="canvas"]'),
      )!;
      const node = stage.findOne((n) => n.getAttr(a) === v)!;
      return node.getClientRect({ relativeTo: stage });
    },
    [attr, id] as const,
  );
}

/** One export from the open export dialog (it stays open for the next). */
async function exportAs(page: Page, format: 'png' | 'pdf' | 'svg', name: string, unlabelled = false) {
  await page.getByTestId('export-format').selectOption(format);
  await page.getByTestId('export-dpi').selectOption('300');
  await page.getByTestId('export-name').fill(name);
  if (unlabelled) await page.getByTestId('export-copies').selectOption('unlabelled');
  else await page.getByTestId('export-copies').selectOption('labelled');
  await acknowledgePreflight(page);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result').last()).toContainText(unlabelled ? 'unlabelled' : `${name}.${format}`, {
    timeout: 90_000,
  });
}

test('a page header and rich labels: edited on the canvas, exported as ink and as text runs', async ({ app: page, web }) => {
  // Four exports of a 174 mm figure on a shared, loaded machine.
  test.setTimeout(300_000);
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('image-info')).toContainText('1411 × 1411 px');
  // A top band for the column header: an 8 mm page margin.
  const margin = page.getByTestId('page-margin');
  await margin.fill('8');
  await margin.press('Enter');
  await expect.poll(async () => (await figure(page)).page.marginMm).toBe(8);

  // The header: the page tool, a click in the band above the panel, typed in place.
  await page.getByTestId('tool-page').click();
  const panel = await panelRect(page, 0);
  const zoom = await page.evaluate(() => (window as unknown as { Konva: { stages: { scaleX(): number }[] } }).Konva.stages[0].scaleX());
  await page.mouse.click(panel.x + panel.width * 0.5, panel.y - 6 * zoom);
  const editor = page.getByLabel('Label text');
  await expect(editor).toBeFocused();
  await page.keyboard.type('Baseline');
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();
  const header = (await figure(page)).pageItems[0];
  expect(header).toMatchObject({ type: 'text', text: 'Baseline', align: 'center' });

  // "CD3⁺": Ctrl+I for "CD", Ctrl+Shift+= for the "+".
  await page.getByTestId('tool-text').click();
  await page.mouse.click(panel.x + panel.width * 0.3, panel.y + panel.height * 0.3);
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+i');
  await page.keyboard.type('CD');
  await page.keyboard.press('Control+i');
  await page.keyboard.type('3');
  await page.keyboard.press('Control+Shift+Equal');
  await page.keyboard.type('+');
  await page.screenshot({ path: join(SHOTS, 'rich-text-editing.png') });
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();

  // "T₂-weighted, 50 µm": the format bar's subscript button and the symbol picker.
  await page.getByTestId('tool-callout').click();
  await page.mouse.move(panel.x + panel.width * 0.55, panel.y + panel.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(panel.x + panel.width * 0.35, panel.y + panel.height * 0.65, { steps: 6 });
  await page.mouse.up();
  await expect(editor).toBeFocused();
  await page.keyboard.type('T');
  await page.getByTestId('rich-sub').click();
  await page.keyboard.type('2');
  await page.getByTestId('rich-sub').click();
  await page.keyboard.type('-weighted, 50 ');
  await page.getByTestId('rich-symbols').click();
  await page.getByTestId('rich-symbol-µ').click();
  await page.keyboard.type('m');
  await page.screenshot({ path: join(SHOTS, 'rich-text-picker.png') });
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();

  const labels = (await figure(page)).panels[0].annotations as Extract<Annotation, { type: 'text' | 'callout' }>[];
  expect(labels.map((a) => [a.type, a.text, a.runs])).toEqual([
    ['text', 'CD3+', [{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' }]],
    ['callout', 'T2-weighted, 50 µm', [{ text: 'T' }, { text: '2', script: 'sub' }, { text: '-weighted, 50 µm' }]],
  ]);
  await page.getByTestId('tool-select').click();
  await page.screenshot({ path: join(SHOTS, 'rich-text-page-header.png') });

  // The select tool's strip formats a whole label: bold on, then undone.
  const cd3At = await nodeBoxMm(page, 'annotationId', labels[0].id);
  const stageAt = await page.evaluate(() => {
    const s = (window as unknown as { Konva: { stages: { x(): number; y(): number; scaleX(): number; container(): HTMLElement }[] } }).Konva
      .stages[0];
    const r = s.container().getBoundingClientRect();
    return { x: r.left + s.x(), y: r.top + s.y(), k: s.scaleX() };
  });
  await page.mouse.click(stageAt.x + (cd3At.x + cd3At.width / 2) * stageAt.k, stageAt.y + (cd3At.y + cd3At.height / 2) * stageAt.k);
  await page.getByTestId('sel-format-bold').click();
  expect(((await figure(page)).panels[0].annotations[0] as (typeof labels)[0]).runs).toEqual([
    { text: 'CD', italic: true, bold: true },
    { text: '3', bold: true },
    { text: '+', bold: true, script: 'super' },
  ]);
  await page.keyboard.press('Control+z');
  expect(((await figure(page)).panels[0].annotations[0] as (typeof labels)[0]).runs).toEqual(labels[0].runs);

  // Undo removes the callout; redo brings it back (one command each).
  await page.keyboard.press('Control+z');
  expect((await figure(page)).panels[0].annotations).toHaveLength(1);
  await page.keyboard.press('Control+Shift+z');
  expect((await figure(page)).panels[0].annotations).toHaveLength(2);

  // Where the scene draws them, in page mm.
  const headerBox = await nodeBoxMm(page, 'pageItemId', header.id);
  const cd3Box = await nodeBoxMm(page, 'annotationId', labels[0].id);
  expect(headerBox.y + headerBox.height).toBeLessThan(8);

  await page.getByTestId('export-open').click();
  await exportAs(page, 'png', 'rich');
  await exportAs(page, 'png', 'rich', true);
  await exportAs(page, 'pdf', 'rich');
  await exportAs(page, 'svg', 'rich');

  // PNG: ink (dark on the white page) in the header's box, none there in the unlabelled copy; the
  // label's box differs between the two.
  const read = async (f: string) =>
    sharp(readFileSync(join(web.exportDir, f)))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  const a = await read('rich.png');
  const b = await read('rich-unlabelled.png');
  const px = (mm: number) => Math.round((mm / 25.4) * 300);
  const count = (img: typeof a, box: typeof headerBox, test: (r: number, g: number, b: number, i: number) => boolean) => {
    let n = 0;
    for (let y = px(box.y); y < px(box.y + box.height); y++)
      for (let x = px(box.x); x < px(box.x + box.width); x++) {
        const i = (y * img.info.width + x) * 3;
        if (test(img.data[i], img.data[i + 1], img.data[i + 2], i)) n++;
      }
    return n;
  };
  const dark = (r: number, g: number, bl: number) => r + g + bl < 200;
  const area = px(headerBox.width) * px(headerBox.height);
  // The box includes the glyphs' overhang margin: a few percent of it is ink.
  expect(count(a, headerBox, dark)).toBeGreaterThan(area * 0.04);
  expect(count(b, headerBox, dark)).toBe(0);
  const changed = count(a, cd3Box, (_r, _g, _b, i) => a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1]);
  expect(changed).toBeGreaterThan(px(cd3Box.width) * px(cd3Box.height) * 0.15);
  const white = count(a, cd3Box, (r, g, bl) => r > 235 && g > 235 && bl > 235);
  expect(white).toBeGreaterThan(50);

  // PDF: real text, the italic face embedded as TrueType, no Type 3.
  const pdf = join(web.exportDir, 'rich.pdf');
  const fonts = execFileSync('pdffonts', [pdf]).toString();
  expect(fonts).not.toMatch(/Type 3/);
  expect(fonts).toMatch(/LiberationSans-Italic\s+CID TrueType/);
  const text = execFileSync('pdftotext', [pdf, '-']).toString();
  expect(text.split('Baseline').length - 1).toBe(1);
  expect(text).toMatch(/CD3\s?\+/);
  expect(text).toMatch(/T\s?2\s?-weighted, 50 µm/);

  // SVG: one <text> per label, its runs in <tspan>s; "CD" italic, "+" smaller and raised.
  const svg = readFileSync(join(web.exportDir, 'rich.svg'), 'utf8');
  const m = /<text[^>]*><tspan([^>]*)>CD<\/tspan><tspan([^>]*)>3<\/tspan><tspan([^>]*)>\+<\/tspan><\/text>/.exec(svg);
  expect(m).not.toBeNull();
  expect(m![1]).toMatch(/font-style="italic"/);
  expect(m![2]).not.toMatch(/font-style/);
  const size = (s: string) => Number(/font-size="([\d.]+)"/.exec(s)![1]);
  expect(size(m![3])).toBeLessThan(size(m![2]));
  expect(Number(/dy="(-?[\d.]+)"/.exec(m![3])![1])).toBeLessThan(0);
  expect(svg).toMatch(/<g id="page">[\s\S]*<tspan[^>]*>Baseline<\/tspan>/);
});
