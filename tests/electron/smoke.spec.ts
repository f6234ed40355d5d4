// The real Electron app, started from the production build (out/main) with Playwright's Electron
// support: the window opens, the preload binds the contract, the sample case opens, an arrow is
// drawn, a PNG is exported through the real IPC, and quitting with unsaved work asks first.
// These run wherever the Electron binary is installed (`npm install` without
// ELECTRON_SKIP_BINARY_DOWNLOAD); elsewhere they are reported as skipped, with the reason.
import { _electron as electron, test, expect, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { acknowledgePreflight } from '../e2e/export-check';
import { electronBinary, NO_ELECTRON } from './electron-binary';

const root = resolve(import.meta.dirname, '../..');

const binary = electronBinary();
test.skip(!binary, NO_ELECTRON);
test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let page: Page;
let home: string;

test.beforeAll(async () => {
  // A home of its own: fresh settings, recents and Documents/Medfig for this run.
  home = mkdtempSync(join(tmpdir(), 'medfig-electron-'));
  app = await electron.launch({
    executablePath: binary!,
    args: [join(root, 'out/main/index.js'), '--no-sandbox'],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DOCUMENTS_DIR: join(home, 'Documents') },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close().catch(() => {});
  rmSync(home, { recursive: true, force: true });
});

test('the window opens over the preload: the contract is bound and the host is Electron', async () => {
  await expect(page).toHaveTitle(/Medfig/);
  const info = await page.evaluate(async () => {
    const api = (window as unknown as { medfig: Record<string, (p: unknown) => Promise<unknown>> }).medfig;
    return { methods: Object.keys(api).length, host: await api.hostInfo({}) };
  });
  expect(info.methods).toBeGreaterThan(10);
  expect(info.host).toMatchObject({ host: 'electron' });
  // Context isolation: the renderer has no Node.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
});

test('sample case → arrow → PNG through the real IPC → quit asks about unsaved work', async () => {
  await page.getByTestId('start-sample').click();
  const canvas = page.getByTestId('canvas');
  await expect(canvas).toBeVisible();

  // An arrow on the first panel, drawn by mouse.
  await page.keyboard.press('a');
  const b = (await canvas.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.4, b.y + b.height * 0.4, { steps: 6 });
  await page.mouse.up();
  await expect(page).toHaveTitle(/^● /);

  // The native save dialog answers with a file in this run's home: the rest is the real IPC.
  const target = join(home, 'smoke-figure.png');
  await app.evaluate(({ dialog }, file) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
  }, target);
  await page.keyboard.press('Control+E');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-format').selectOption('png');
  await dialog.getByTestId('export-dpi').selectOption('300');
  await acknowledgePreflight(page);
  await dialog.getByTestId('export-run').click();
  await expect(dialog.getByTestId('export-result')).toBeVisible({ timeout: 60_000 });
  expect(existsSync(target)).toBe(true);
  const meta = await sharp(readFileSync(target)).metadata();
  expect(meta.format).toBe('png');
  expect(meta.density).toBe(300);
  expect(meta.width).toBeGreaterThan(500);
  await page.keyboard.press('Escape');

  // Closing with unsaved work: the app asks; "Don't save" lets the window close and the app quit.
  const exited = new Promise<void>((ok) => app.process().once('exit', () => ok()));
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
  await expect(page.getByRole('button', { name: /don.t save/i })).toBeVisible();
  await page.getByRole('button', { name: /don.t save/i }).click();
  await exited;
});
