// Open from PACS in the real renderer over the web host, against a real Orthanc: add the server,
// search by modality, pick the study, see its series with a server-rendered thumbnail, pull the
// series (into the user's cache, byte-identical to what was uploaded) and open it in a panel.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, SHOTS, FIXTURES } from './fixtures';
import { startOrthanc, orthancAvailable, type Orthanc } from '../helpers/orthanc';

const MR = ['brain_002.dcm', 'brain_003.dcm', 'brain_004.dcm', 'brain_005.dcm'].map((f) => join(FIXTURES, 'dicom/mr-series', f));
const CT = join(FIXTURES, 'dicom/ct/ct_chest_ge_explicit_le.dcm');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

test.describe('Open from PACS', () => {
  test.skip(!orthancAvailable(), 'Orthanc (apt: orthanc, orthanc-dicomweb) is not installed');
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
});
