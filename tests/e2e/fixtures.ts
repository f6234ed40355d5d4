// Each Playwright worker runs its own loopback web host over the real services, serving the
// built renderer; tests open its tokenised address.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src/web/server';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const SHOTS = join(ROOT, 'test-results/screenshots');
mkdirSync(SHOTS, { recursive: true });

interface HostFixture {
  host: WebHost;
  exportDir: string;
  workDir: string;
}

export const test = base.extend<{ app: Page }, { web: HostFixture }>({
  web: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const workDir = mkdtempSync(join(tmpdir(), 'medfig-e2e-'));
      const exportDir = join(workDir, 'exports');
      const host = await startWebHost({
        // A test build carries the e2e hook (`electron-vite build --mode test`); npm test makes one in
        // out-test/ and names it with MEDFIG_OUT_DIR, beside the production build in out/.
        rendererDir: join(process.env.MEDFIG_OUT_DIR ?? join(ROOT, 'out'), 'renderer'),
        roots: [FIXTURES, workDir],
        importDir: join(workDir, 'imports'),
        exportDir,
      });
      await use({ host, exportDir, workDir });
      await host.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, web }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Every test starts as a new user: settings (export DPI, style defaults, theme) are saved
    // across starts, and one test's choices must not become the next test's defaults.
    rmSync(join(web.workDir, 'medfig-user-data', 'settings.json'), { force: true });
    await page.goto(web.host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached();
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Open a file through the in-app picker (the web host's file dialog). */
export async function openViaPicker(page: Page, folderPath: string[], fileName: string): Promise<void> {
  await page.getByTestId('open-image').click();
  const picker = page.getByTestId('file-picker');
  await expect(picker).toBeVisible();
  for (const dir of folderPath) await picker.getByTestId(`entry-${dir}`).first().click();
  await picker.getByTestId(`entry-${fileName}`).click();
  await picker.getByTestId('picker-open').click();
}

export { acknowledgePreflight } from './export-check';
