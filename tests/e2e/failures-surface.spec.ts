// Failures the user must learn of at once, through the real renderer and the real services:
// an autosave that cannot write (its folder replaced by a file: tests run as root, so a chmod
// would not stop the write) and a host that stops answering (its server closed).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startWebHost } from '../../src/web/server';
import { test, expect, openViaPicker, SHOTS, FIXTURES, ROOT } from './fixtures';

async function drawArrow(page: Page, from: [number, number], to: [number, number]) {
  await page.getByTestId('tool-arrow').click();
  const box = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 6 });
  await page.mouse.up();
}

test('an autosave that cannot write says so after the first change, stays, and closing asks Save as…', async ({ app: page, web }) => {
  const recovery = join(web.workDir, 'medfig-user-data/recovery');
  await openViaPicker(page, ['fixtures', 'photos'], 'retina_fundus.jpg');
  await expect(page.getByTestId('panel-list')).toContainText('retina_fundus.jpg');
  // The open is a change too: its autosave must have landed before the folder is taken away, or
  // that write fails first, with its own reason ("the folder no longer exists").
  await expect
    .poll(() => existsSync(recovery) && readdirSync(recovery).some((f) => f.endsWith('.recovery.medfig')), { timeout: 15_000 })
    .toBe(true);
  rmSync(recovery, { recursive: true, force: true });
  writeFileSync(recovery, 'not a folder'); // where the recovery folder should be
  try {
    // One edit, nothing after it: the warning comes from that edit's own write.
    await drawArrow(page, [0.35, 0.3], [0.5, 0.5]);
    const warning = page.getByTestId('autosave-warning');
    await expect(warning).toBeVisible({ timeout: 10_000 });
    await expect(warning).toContainText('Your changes are not being autosaved.');
    await expect(warning).toContainText(recovery); // the path in full
    // The reason, in words: the folder made by the open's autosave (mkdir: EEXIST) or by now (the write: ENOTDIR).
    await expect(warning).toContainText(/a file (of that name )?is in the way/);
    await expect(warning).not.toContainText('EEXIST');
    await page.screenshot({ path: join(SHOTS, 'failures-autosave-warning.png') });
    // Persistent: still there well after a toast would have gone (12 s), with nothing else happening.
    await page.waitForTimeout(13_000); // not a signal wait: the point is that time passes and it stays
    await expect(warning).toBeVisible();

    // Closing the tab: the browser's own prompt first (answered Stay), then the app's question.
    page.once('dialog', (d) => void d.dismiss());
    await page.close({ runBeforeUnload: true });
    const ask = page.getByTestId('ask-dialog');
    await expect(ask).toBeVisible();
    await expect(ask).toContainText('autosave could not keep');
    await expect(ask.getByTestId('ask-saveAs')).toHaveText('Save as…');
    await expect(ask.getByTestId('ask-discard')).toHaveText('Quit without saving');
    await expect(ask.getByTestId('ask-cancel')).toHaveText('Cancel');
    await page.screenshot({ path: join(SHOTS, 'failures-autosave-close-question.png') });
    await ask.getByTestId('ask-cancel').click();
    await expect(ask).toHaveCount(0);
  } finally {
    rmSync(recovery, { force: true });
    mkdirSync(recovery, { recursive: true });
  }
  // The folder is back: the next change is autosaved and the warning goes by itself.
  await drawArrow(page, [0.55, 0.3], [0.7, 0.5]);
  await expect(page.getByTestId('autosave-warning')).toHaveCount(0, { timeout: 10_000 });
});

test('a host call that fails shows one sentence in a toast: the open dialog of a host that stopped', async ({ page }) => {
  // A host of this test's own, so stopping it leaves the worker's host to the other tests.
  const workDir = mkdtempSync(join(tmpdir(), 'medfig-e2e-stop-'));
  const host = await startWebHost({
    rendererDir: join(process.env.MEDFIG_OUT_DIR ?? join(ROOT, 'out'), 'renderer'),
    roots: [FIXTURES, workDir],
    importDir: join(workDir, 'imports'),
    exportDir: join(workDir, 'exports'),
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await host.close();
  rmSync(workDir, { recursive: true, force: true });

  // "Open project…": its openDialog call rejects (nothing answers).
  await page.getByTestId('open-project').click();
  const toast = page.getByTestId('toast-error').last();
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('Medfig could not reach its host (it may have stopped): try again, or restart Medfig.');
  await page.screenshot({ path: join(SHOTS, 'failures-host-stopped-toast.png') });
  const text = (await toast.innerText()).replace(/×\s*$/, '').trim();
  expect(text.split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/at \w+ \(|TypeError|Failed to fetch/);

  // One outage, one sentence: the settings write that also failed did not stack a second toast.
  await expect(page.getByTestId('toast-error').filter({ hasText: 'could not reach its host' })).toHaveCount(1);
  await expect(page.getByTestId('toast-error').filter({ hasText: 'Failed to fetch' })).toHaveCount(0);

  // "Open image…" goes through the same wrapper (once the first toast is dismissed, it comes again).
  while (await page.getByTestId('toast-error').count())
    await page.getByTestId('toast-error').first().getByRole('button', { name: 'Dismiss' }).click();
  await page.getByTestId('open-image').click();
  await expect(page.getByTestId('toast-error').filter({ hasText: 'could not reach its host' })).toHaveCount(1);

  // The last net: a rejection no code caught becomes the same kind of toast, not a page error.
  await page.evaluate(() => void Promise.reject(new Error('The export folder is gone\n    at secret (internal.js:1:1)')));
  await expect(page.getByTestId('toast-error').last()).toContainText('The export folder is gone.');
  await expect(page.getByTestId('toast-error').last()).not.toContainText('internal.js');
  expect(errors).toEqual([]);
});
