// Teaching outputs from the app (File › Export Slides / Cine…), through the real services:
// a quiz deck of the sample case's composite (unlabelled slide, then labelled; the alt text the
// user typed in the notes) and a cine loop of an MR series opened in the app (ffprobe counts
// one frame per slice, H.264).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect, SHOTS, FIXTURES } from './fixtures';

test('quiz deck of the composite, with alt text typed in the dialog', async ({ app: page, web }) => {
  await page.getByTestId('start-sample').click();
  const figures = page.getByRole('complementary', { name: 'Figures and panels' });
  await expect(figures.getByText('Figure 5 — Composite A–D')).toBeVisible({ timeout: 30_000 });
  await figures.getByText('Figure 5 — Composite A–D').click();
  await expect(page.getByTestId('panel-list')).toContainText('skin-biopsy-micrograph.png');

  await page.getByTestId('teaching-open').click();
  const dialog = page.getByTestId('teaching-export');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('teaching-copies')).toHaveValue('quiz');
  // The generated alt text is offered; the user starts from it and adds a sentence.
  await page.getByTestId('alt-text-fill').click();
  await expect(page.getByTestId('alt-text')).toHaveValue(/^Figure 5 — Composite A–D: 4 panels/);
  await page.getByTestId('alt-text').press('End');
  await page.getByTestId('alt-text').pressSequentially(' Teaching case.');
  await page.screenshot({ path: join(SHOTS, 'teaching-1-slides-dialog.png') });
  await page.getByTestId('teaching-run').click();
  await expect(page.getByTestId('teaching-result')).toContainText('2 slide(s)', { timeout: 60_000 });
  await page.screenshot({ path: join(SHOTS, 'teaching-2-slides-done.png') });

  const z = unzipSync(new Uint8Array(readFileSync(join(web.exportDir, 'figure-5-quiz.pptx'))));
  const slide = (n: number) => strFromU8(z[`ppt/slides/slide${n}.xml`]);
  expect(slide(1)).not.toMatch(/<a:tailEnd|<a:headEnd/);
  expect(slide(1).match(/<p:pic>/g)).toHaveLength(4);
  expect(slide(2).match(/<a:tailEnd type="triangle"\/>/g)).toHaveLength(6);
  const notes = strFromU8(z['ppt/notesSlides/notesSlide2.xml']);
  expect(notes).toContain('Legend: Figure 5 — Composite A–D. Calcinosis cutis in systemic lupus erythematosus. (A) Clinical photograph');
  expect(notes).toMatch(/Alt text: Figure 5 — Composite A–D: 4 panels.* Teaching case\.<\/a:t>/s);

  // The alt text is saved in the document: it is still there when the dialog opens again.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('teaching-open').click();
  await expect(page.getByTestId('alt-text')).toHaveValue(/ Teaching case\.$/);
});

test('cine loop (MP4) of an MR series opened in the app: one frame per slice', async ({ app: page, web }) => {
  const work = web.workDir.split('/').pop()!;
  cpSync(join(FIXTURES, 'dicom/mr-series'), join(web.workDir, 'mr'), { recursive: true });
  await page.getByRole('button', { name: 'Series…', exact: true }).click();
  const picker = page.getByTestId('file-picker');
  await picker.getByRole('button', { name: `Open folder ${work}` }).click();
  await picker.getByTestId('entry-mr').click();
  await picker.getByTestId('picker-open').click();
  // Opening decodes every slice in the services; a loaded 2-core machine can take a while.
  await expect(page.getByTestId('series-browser')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('series-use').click();
  await expect(page.getByTestId('panel-list')).toContainText('brain_00');

  await page.getByTestId('teaching-open').click();
  await page.getByTestId('teaching-kind-cine').click();
  await page.getByTestId('cine-format').selectOption('mp4');
  await page.getByTestId('cine-fps').fill('6');
  await page.getByTestId('cine-width').fill('320');
  await expect(page.getByTestId('cine-counter')).toBeChecked();
  await page.screenshot({ path: join(SHOTS, 'teaching-3-cine-dialog.png') });
  await page.getByTestId('teaching-run').click();
  await expect(page.getByTestId('teaching-result')).toContainText('4 frame(s), 320 × 320 px', { timeout: 60_000 });
  await page.screenshot({ path: join(SHOTS, 'teaching-4-cine-done.png') });

  const mp4 = join(web.exportDir, 'figure-1-cine.mp4');
  const j = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', mp4], { encoding: 'utf8' }),
  );
  expect([j.streams[0].codec_name, j.streams[0].pix_fmt, j.streams[0].nb_read_frames]).toEqual(['h264', 'yuv420p', '4']);
  // The frames as pictures to look at (counter "1/4" … "4/4" in the corner).
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', mp4, join(SHOTS, 'teaching-5-cine-frame-%d.png')]);
  expect(existsSync(join(SHOTS, 'teaching-5-cine-frame-4.png'))).toBe(true);
});
