// Open from PACS in the real renderer over the web host, against a real Orthanc: add the server,
// search by modality, pick the study, see its series with a server-rendered thumbnail, pull the
// series (into the user's cache, byte-identical to what was uploaded) and open it in a panel.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { test, expect, SHOTS, FIXTURES } from './fixtures';
import { startOrthanc, type Orthanc } from '../helpers/orthanc';

const MR = ['brain_002.dcm', 'brain_003.dcm', 'brain_004.dcm', 'brain_005.dcm'].map((f) => join(FIXTURES, 'dicom/mr-series', f));
const CT = join(FIXTURES, 'dicom/ct/ct_chest_ge_explicit_le.dcm');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

test.describe('Open from PACS', () => {
  let o: Orthanc;
  let mrStudy = '';
  let mrSeries = '';
  test.beforeAll(async () => {
    o = await startOrthanc();
    for (const f of [...MR, CT]) {
      const r = await o.upload(f);
      if (f === MR[0]) {
        mrStudy = (await o.rest<{ MainDicomTags: { StudyInstanceUID: string } }>(`/studies/${r.ParentStudy}`)).MainDicomTags
          .StudyInstanceUID;
        mrSeries = (await o.rest<{ MainDicomTags: { SeriesInstanceUID: string } }>(`/series/${r.ParentSeries}`)).MainDicomTags
          .SeriesInstanceUID;
      }
    }
    // The web host reads PACS logins from its environment (it keeps no passwords).
    process.env.MEDFIG_PACS_USER = o.user;
    process.env.MEDFIG_PACS_PASSWORD = o.password;
  });
  test.afterAll(async () => {
    delete process.env.MEDFIG_PACS_USER;
    delete process.env.MEDFIG_PACS_PASSWORD;
    await o?.stop();
  });

  test('search → pick a series → it opens in a panel', async ({ app: page, web }) => {
    await page.getByTestId('open-pacs').click();
    const pacs = page.getByTestId('pacs-browser');
    await expect(pacs).toBeVisible();
    // No server yet: the form is open.
    await pacs.getByTestId('pacs-conn-name').fill('Test Orthanc');
    await pacs.getByTestId('pacs-conn-url').fill(o.dicomweb);
    await pacs.getByTestId('pacs-conn-auth').selectOption('basic');
    await expect(pacs.getByText('reads the login from its environment')).toBeVisible();
    await pacs.getByTestId('pacs-conn-save').click();
    await expect(pacs.getByTestId('pacs-connection')).toContainText('Test Orthanc');

    // Everything, then only MR.
    await pacs.getByTestId('pacs-search').click();
    await expect(pacs.locator('[data-testid^="pacs-study-"]')).toHaveCount(2);
    await pacs.getByTestId('pacs-q-modality').selectOption('MR');
    await pacs.getByTestId('pacs-search').click();
    await expect(pacs.locator('[data-testid^="pacs-study-"]')).toHaveCount(1);
    const row = pacs.getByTestId(`pacs-study-${mrStudy}`);
    await expect(row).toContainText('BRAIN');
    await expect(row).toContainText('1 / 4');
    await row.click();

    // The series with its count and a thumbnail rendered by the server.
    const series = pacs.getByTestId('pacs-series');
    await expect(series).toContainText('4 image(s)');
    const thumb = pacs.getByTestId(`pacs-thumb-${mrSeries}`);
    await expect(thumb).toHaveAttribute('data-state', 'server');
    // The thumbnail shows an image, not a blank: its pixels vary.
    const spread = await thumb.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let lo = 255;
      let hi = 0;
      for (let i = 0; i < d.length; i += 4) {
        lo = Math.min(lo, d[i]);
        hi = Math.max(hi, d[i]);
      }
      return hi - lo;
    });
    expect(spread).toBeGreaterThan(100);
    await pacs.screenshot({ path: join(SHOTS, 'pacs-browser.png') });

    // Pull and open: the app's own series viewer, then a panel.
    await pacs.getByTestId(`pacs-open-${mrSeries}`).click();
    const browser = page.getByTestId('series-browser');
    await expect(browser).toBeVisible();
    await expect(pacs).toBeHidden();
    await expect(browser.getByTestId('slice-count')).toHaveText('4');
    await page.screenshot({ path: join(SHOTS, 'pacs-series-opened.png') });
    await browser.getByTestId('series-use').click();
    await expect(browser).toBeHidden();
    await expect(page.getByTestId('panel-row-0')).toBeVisible();
    await expect(page.getByTestId('panel-row-1')).toHaveCount(0);
    await page.screenshot({ path: join(SHOTS, 'pacs-panel.png') });

    // The pulled files are in the user's cache, byte for byte what was uploaded.
    const cached = walk(join(web.workDir, 'medfig-user-data', 'pacs-cache')).filter((f) => f.endsWith('.dcm') && !f.includes('thumbnails'));
    expect(cached).toHaveLength(4);
    const uploaded = new Set(MR.map((f) => readFileSync(f).toString('base64')));
    for (const f of cached) expect(uploaded.has(readFileSync(f).toString('base64'))).toBe(true);
  });

  test('store the current figure back into the chosen study', async ({ app: page }) => {
    // A figure with one panel: open the MR series from PACS as above, use its middle slice.
    await page.getByTestId('open-pacs').click();
    const pacs = page.getByTestId('pacs-browser');
    // The server saved by the first test is in this worker's settings (a new user would add it again).
    if (await pacs.getByTestId('pacs-connection-form').isVisible()) {
      await pacs.getByTestId('pacs-conn-name').fill('Test Orthanc');
      await pacs.getByTestId('pacs-conn-url').fill(o.dicomweb);
      await pacs.getByTestId('pacs-conn-save').click();
    }
    await pacs.getByTestId('pacs-q-modality').selectOption('MR');
    await pacs.getByTestId('pacs-search').click();
    await pacs.getByTestId(`pacs-study-${mrStudy}`).click();
    await pacs.getByTestId(`pacs-open-${mrSeries}`).click();
    await page.getByTestId('series-browser').getByTestId('series-use').click();
    await expect(page.getByTestId('panel-row-0')).toBeVisible();

    // Store: the browser asks before writing identifiers; accept.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.getByTestId('open-pacs').click();
    await pacs.getByTestId('pacs-q-modality').selectOption('MR');
    await pacs.getByTestId('pacs-search').click();
    await pacs.getByTestId(`pacs-study-${mrStudy}`).click();
    await expect(pacs.getByTestId('pacs-series')).toContainText('4 image(s)');
    await pacs.getByTestId('pacs-store').click();
    await expect(page.getByTestId('toast-info').filter({ hasText: 'Figure stored in the study' })).toBeVisible({ timeout: 60_000 });
    expect(asked).toContain('Secondary Capture');
    // The study now lists a second series, an OT one with one image, in the browser and in Orthanc.
    await expect(pacs.getByTestId('pacs-series')).toContainText('OT — Medfig figure');
    const studies = await o.rest<{ ID: string; MainDicomTags: { StudyInstanceUID: string } }[]>('/studies?expand');
    const study = studies.find((s) => s.MainDicomTags.StudyInstanceUID === mrStudy)!;
    const series = await o.rest<{ MainDicomTags: { Modality: string }; Instances: string[] }[]>(`/studies/${study.ID}/series?expand`);
    const ot = series.filter((s) => s.MainDicomTags.Modality === 'OT');
    expect(ot.length).toBeGreaterThanOrEqual(1);
    const tags = await o.rest<Record<string, string>>(`/instances/${ot[0].Instances[0]}/simplified-tags`);
    expect(tags.BurnedInAnnotation).toBe('YES');
    expect(tags.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.7');
    expect(Number(tags.Columns)).toBeGreaterThan(500); // the exported page at 300 dpi, not a thumbnail
    // Its thumbnail, rendered by the server from the stored figure.
    await expect(pacs.locator('[data-testid^="pacs-thumb-"]').nth(1)).toHaveAttribute('data-state', /server|decoded/);
    await pacs.screenshot({ path: join(SHOTS, 'pacs-stored.png') });
  });

  test('pull progress, cancel, and resume by instance', async ({ app: page }) => {
    // The real Orthanc behind a loopback relay that holds the third instance download until the
    // test lets it go: the pull is caught mid-way, on screen, without timing guesses.
    let downloads = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((ok) => (release = ok));
    let holding: () => void = () => {};
    const reachedHold = new Promise<void>((ok) => (holding = ok));
    const relay: Server = createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      const go = () => {
        const up = request({ host: '127.0.0.1', port: o.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode!, r.headers);
          r.pipe(res);
        });
        // The held download's client is gone once cancelled: drop the answer quietly.
        up.on('error', () => res.destroy());
        req.pipe(up);
      };
      if (/\/instances\/[0-9.]+$/.test(path) && ++downloads === 3) {
        holding();
        void held.then(go);
      } else go();
    });
    await new Promise<void>((ok) => relay.listen(0, '127.0.0.1', () => ok()));
    const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}/dicom-web`;
    try {
      await page.getByTestId('open-pacs').click();
      const pacs = page.getByTestId('pacs-browser');
      if (!(await pacs.getByTestId('pacs-connection-form').isVisible())) await pacs.getByTestId('pacs-add-server').click();
      await pacs.getByTestId('pacs-conn-name').fill('Slow relay');
      await pacs.getByTestId('pacs-conn-url').fill(relayUrl);
      await pacs.getByTestId('pacs-conn-save').click();
      await pacs.getByTestId('pacs-connection').selectOption({ label: `Slow relay — ${relayUrl}` });
      await pacs.getByTestId('pacs-q-modality').selectOption('MR');
      await pacs.getByTestId('pacs-search').click();
      await pacs.getByTestId(`pacs-study-${mrStudy}`).click();
      await pacs.getByTestId(`pacs-open-${mrSeries}`).click();
      await reachedHold;
      const progress = pacs.getByTestId('pacs-progress');
      await expect(progress).toContainText('2 / 4 images');
      await expect(progress).toContainText('KB');
      await pacs.screenshot({ path: join(SHOTS, 'pacs-pull-progress.png') });
      await pacs.getByTestId('pacs-cancel').click();
      await expect(pacs.getByTestId('pacs-error')).toContainText('Pull cancelled');
      release();
      // Open again: the two finished images come from the cache, the other two are fetched.
      const before = downloads;
      await pacs.getByTestId(`pacs-open-${mrSeries}`).click();
      // (An info toast lasts 5 s: checked as soon as the pull ends.)
      await expect(page.getByTestId('toast-info').filter({ hasText: '2 of 4 image(s) were already in the local cache' })).toBeVisible();
      await expect(page.getByTestId('series-browser').getByTestId('slice-count')).toHaveText('4');
      expect(downloads - before).toBe(2);
    } finally {
      release();
      relay.close();
      relay.closeAllConnections();
    }
  });
});
