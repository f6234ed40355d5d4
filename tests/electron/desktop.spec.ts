// The real Electron app as the desktop uses it, beyond the smoke tests: a .medfig given on the
// command line opens at launch, Copy legend reaches the system clipboard, an export typed without
// an extension gets its format's, a close during an export asks first, a second launch hands its
// project to the running app and quits (one instance, one recovery folder). Skipped where the Electron binary is not installed.
import { _electron as electron, test, expect, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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
let env: Record<string, string>;
const main = join(root, 'out/main/index.js');

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'medfig-electron-desktop-'));
  // A copy of the sample case under another name, images beside it: the project a second launch hands over.
  cpSync(join(root, 'resources/sample-case'), join(home, 'case'), { recursive: true });
  renameSync(join(home, 'case/calcinosis-cutis-sle.medfig'), join(home, 'case/handed-over.medfig'));
  env = {
    ...(process.env as Record<string, string>),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DOCUMENTS_DIR: join(home, 'Documents'),
  };
  app = await electron.launch({
    executablePath: binary!,
    // As a double-click on Linux/Windows starts it: the project's path on the command line.
    args: [main, '--no-sandbox', join(root, 'resources/sample-case/calcinosis-cutis-sle.medfig')],
    env,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close().catch(() => {});
  rmSync(home, { recursive: true, force: true });
});

test('a project on the command line opens at launch', async () => {
  await expect(page).toHaveTitle(/^calcinosis-cutis-sle — Medfig$/);
  await expect(page.getByTestId('canvas')).toBeVisible();
});

test('Copy legend writes the legend to the system clipboard (the one permission the page has)', async () => {
  await page.keyboard.press('Control+E');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  const legend = await dialog.getByTestId('legend').inputValue();
  expect(legend.length).toBeGreaterThan(10);
  await dialog.getByRole('button', { name: 'Copy legend' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe(legend);
  // Reading the clipboard stays denied.
  expect(
    await page.evaluate(() =>
      navigator.clipboard.readText().then(
        () => 'read',
        () => 'denied',
      ),
    ),
  ).toBe('denied');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test("an export named without an extension is written with its format's (GTK adds none); Documents/Medfig is made", async () => {
  const typed = join(home, 'Figure one');
  await app.evaluate(({ dialog }, file) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
  }, typed);
  await page.keyboard.press('Control+E');
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-format').selectOption('png');
  await dialog.getByTestId('export-dpi').selectOption('300');
  await acknowledgePreflight(page);
  await dialog.getByTestId('export-run').click();
  await expect(dialog.getByTestId('export-result')).toBeVisible({ timeout: 60_000 });
  expect(existsSync(`${typed}.png`)).toBe(true);
  expect(existsSync(typed)).toBe(false);
  expect((await sharp(readFileSync(`${typed}.png`)).metadata()).format).toBe('png');
  const documents = await app.evaluate(({ app }) => app.getPath('documents'));
  expect(statSync(join(documents, 'Medfig')).isDirectory()).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a close that would quit while an export runs asks first; "Keep exporting" keeps the window', async () => {
  await app.evaluate(({ dialog }) => {
    const g = globalThis as { medfigAsked?: string[] };
    g.medfigAsked = [];
    dialog.showMessageBox = (async (...args: unknown[]) => {
      const o = args.find((a): a is { message: string } => !!a && typeof a === 'object' && 'message' in a);
      g.medfigAsked!.push(o?.message ?? '');
      return { response: 0, checkboxChecked: false }; // "Keep exporting"
    }) as typeof dialog.showMessageBox;
  });
  type Api = Record<string, (req: unknown) => Promise<Record<string, unknown>>>;
  // A long export through the contract, as the export dialog starts one (a job id to follow it).
  await page.evaluate(async () => {
    const api = (window as unknown as { medfig: Api }).medfig;
    const { fileId } = await api.sampleCase({});
    const { project } = (await api.openProject({ fileId, searchDirIds: [] })) as { project: { figures: { id: string }[] } };
    void api
      .exportFigure({
        project,
        projectPath: null,
        figureId: project.figures[0].id,
        format: 'tiff',
        dpi: 1200,
        widthMm: null,
        unlabelled: false,
        quality: 92,
        fileName: 'held.tif',
        jobId: 'held-export',
      })
      .catch(() => undefined);
  });
  const running = () =>
    page.evaluate(() =>
      (window as unknown as { medfig: Api }).medfig.exportProgress({ jobId: 'held-export' }).then((p) => p.fraction !== null),
    );
  await expect.poll(running).toBe(true);
  // Linux/Windows: closing the window quits. macOS: closing does not (the export goes on), a quit does.
  if (process.platform === 'darwin') await app.evaluate(({ app: a }) => a.quit());
  else await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
  await expect
    .poll(() => app.evaluate(() => (globalThis as { medfigAsked?: string[] }).medfigAsked))
    .toEqual(['An export is still running. Quit anyway?']);
  expect(app.windows()).toHaveLength(1);
  expect(await running()).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { medfig: Api }).medfig.cancelExport({ jobId: 'held-export' }))).toEqual({
    cancelled: true,
  });
});

test('a second launch hands its project to the running app and quits', async () => {
  const second = spawn(binary!, [main, '--no-sandbox', join(home, 'case/handed-over.medfig')], { env, stdio: 'ignore' });
  const code = await new Promise<number | null>((ok) => second.once('exit', (c) => ok(c)));
  expect(code).toBe(0);
  await expect(page).toHaveTitle(/^handed-over — Medfig$/);
  expect(app.windows()).toHaveLength(1);
});
