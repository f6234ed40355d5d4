// The PACS service as the hosts dispatch it, against a real Orthanc: connections from the settings,
// logins from the host's secret store (never in the settings file), search → series → server
// thumbnail → pull into the user's cache → openSeries, with each pulled file hashed like a local
// file so a project whose image was moved relinks to the pulled copy; store-back of an issued
// figure; a refused login as a 'pacs-auth' ApiError.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request, type Server } from 'node:http';
import { join, resolve, sep } from 'node:path';
import sharp from 'sharp';
import { startOrthanc, type Orthanc } from '../helpers/orthanc';
import { createHostServices, type HostServices } from '../../src/services/host-services';
import { createDispatcher, type Dispatch } from '../../src/services/dispatch';
import { envSecretStore } from '../../src/services/pacs/credentials';
import { Settings } from '../../src/shared/settings';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { saveProject, addSource } from '../../src/services/documents';

const FIX = resolve(import.meta.dirname, '../fixtures/dicom/mr-series');
const MR = ['brain_002.dcm', 'brain_003.dcm', 'brain_004.dcm', 'brain_005.dcm'].map((f) => join(FIX, f));
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('PACS service (hosts) against Orthanc', () => {
  let o: Orthanc;
  let dir: string;
  let host: HostServices;
  let dispatch: Dispatch;
  let proxy: Server | undefined;
  const env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    o = await startOrthanc();
    for (const f of MR) await o.upload(f);
    dir = mkdtempSync(join(tmpdir(), 'medfig-pacs-svc-'));
    env.MEDFIG_PACS_USER = o.user;
    env.MEDFIG_PACS_PASSWORD = o.password;
    host = createHostServices({
      roots: [dir],
      importDir: join(dir, 'imports'),
      exportDir: join(dir, 'exports'),
      userDataDir: join(dir, 'user'),
      pacsSecrets: envSecretStore(env),
    });
    dispatch = createDispatcher(
      host.ws,
      host.projects,
      {
        hostInfo: () => ({ host: 'web', version: 'test', exportDir: null }),
        openDialog: async () => ({ supported: false, files: [] }),
        saveDialog: async () => ({ supported: false, fileName: null, fileId: null }),
      },
      host.pacs,
    );
    // The same Orthanc behind a loopback proxy that has no /rendered (as some archives): thumbnails
    // must then come from one instance through Medfig's own decoder.
    proxy = createServer((req, res) => {
      if (/\/rendered$/.test(new URL(req.url!, 'http://x').pathname)) return void res.writeHead(404).end();
      const up = request({ host: '127.0.0.1', port: o.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((ok) => proxy!.listen(0, '127.0.0.1', () => ok()));
    const proxied = `http://127.0.0.1:${(proxy!.address() as { port: number }).port}/dicom-web`;
    const settings = Settings.parse({});
    settings.pacsConnections = [
      { id: 'orthanc', name: 'Test Orthanc', qidoUrl: o.dicomweb, wadoUrl: o.dicomweb, stowUrl: o.dicomweb, auth: 'basic' },
      { id: 'no-render', name: 'Archive without /rendered', qidoUrl: proxied, wadoUrl: proxied, stowUrl: proxied, auth: 'basic' },
    ];
    await dispatch('setSettings', { settings });
  }, 60_000);
  afterAll(async () => {
    proxy?.close();
    proxy?.closeAllConnections();
    await host?.close();
    await o?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('search, series, thumbnail, pull, open: pulled files hash like the uploaded ones', async () => {
    const { studies } = await dispatch('pacsSearch', { connectionId: 'orthanc', modality: 'MR' });
    expect(studies).toHaveLength(1);
    expect(studies[0]).toMatchObject({ modalities: ['MR'], series: 1, instances: 4, description: 'BRAIN' });
    const { series } = await dispatch('pacsSeries', { connectionId: 'orthanc', studyUid: studies[0].studyInstanceUid });
    expect(series).toHaveLength(1);
    expect(series[0].instances).toBe(4);
    const ids = { connectionId: 'orthanc', studyUid: studies[0].studyInstanceUid, seriesUid: series[0].seriesInstanceUid };
    const { thumbnail } = await dispatch('pacsThumbnail', ids);
    expect(thumbnail).toMatchObject({ from: 'server', width: 128, height: 128 });
    expect(thumbnail!.rgba.byteLength).toBe(128 * 128 * 4);
    expect(Math.max(...thumbnail!.rgba.filter((_, i) => i % 4 === 0))).toBeGreaterThan(150); // an image, not black

    // Without /rendered on the server: one instance decoded here, the same size and an image too.
    const own = (await dispatch('pacsThumbnail', { ...ids, connectionId: 'no-render' })).thumbnail!;
    expect(own).toMatchObject({ from: 'decoded', width: 128, height: 128 });
    const grey = own.rgba.filter((_, i) => i % 4 === 0);
    expect(Math.max(...grey) - Math.min(...grey)).toBeGreaterThan(150);
    // Both show the same slice: the server's rendering and ours agree on where the head is.
    const bright = (px: Uint8Array) => px.filter((v, i) => i % 4 === 0 && v > 60).length;
    expect(Math.abs(bright(own.rgba) - bright(thumbnail!.rgba)) / bright(thumbnail!.rgba)).toBeLessThan(0.35);

    const pulled = await dispatch('pacsPull', { ...ids, jobId: 'job-1' });
    expect([pulled.done, pulled.total, pulled.resumed]).toEqual([4, 4, 0]);
    expect(pulled.bytes).toBe(MR.reduce((n, f) => n + readFileSync(f).byteLength, 0));
    const cache = resolve(dir, 'user', 'pacs-cache');
    for (const f of pulled.files) expect(host.ws.pathOf(f.id).startsWith(cache + sep)).toBe(true);
    // The same path as a local folder: openSeries hashes and registers each file as a source.
    const opened = await dispatch('openSeries', { fileIds: pulled.files.map((f) => f.id) });
    expect(opened.slices).toHaveLength(4);
    expect(opened.slices.map((s) => s.source.sha256).sort()).toEqual(MR.map(sha).sort());
    // Again: everything is already in the cache.
    const again = await dispatch('pacsPull', { ...ids, jobId: 'job-2' });
    expect([again.done, again.resumed, again.bytes]).toEqual([4, 4, 0]);
    expect(await dispatch('pacsPullProgress', { jobId: 'job-2' })).toEqual({ progress: null });
  });

  it('a project whose local image is gone relinks to the pulled copy by SHA-256', async () => {
    const local = join(dir, 'local');
    mkdirSync(local, { recursive: true });
    copyFileSync(MR[2], join(local, 'scan.dcm'));
    const src = await addSource(local, join(local, 'scan.dcm'));
    const p = newProject({ ...newFigure(), panels: [newPanel(src.id)], rows: [1] });
    p.sources.push(src);
    await saveProject(join(local, 'case.medfig'), p);
    rmSync(join(local, 'scan.dcm'));
    const cacheDir = host.ws.issue(join(dir, 'user', 'pacs-cache'), 'dir');
    const r = await dispatch('openProject', { fileId: host.ws.issue(join(local, 'case.medfig')).id, searchDirIds: [cacheDir.id] });
    expect(r.missing).toEqual([]);
    expect(r.relinked.map((x) => x.sourceId)).toEqual([src.id]);
    expect(r.sources[0].source.path.startsWith(resolve(dir, 'user', 'pacs-cache'))).toBe(true);
    expect(r.sources[0].source.sha256).toBe(sha(MR[2]));
  });

  it('stores an issued figure in the study; the secret is never in the settings file', async () => {
    const png = join(dir, 'exports', 'figure.png');
    mkdirSync(join(dir, 'exports'), { recursive: true });
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3060c0' } })
      .png()
      .toFile(png);
    const { studies } = await dispatch('pacsSearch', { connectionId: 'orthanc', modality: 'MR' });
    const r = await dispatch('pacsStore', {
      connectionId: 'orthanc',
      studyUid: studies[0].studyInstanceUid,
      fileId: host.ws.issue(png).id,
    });
    expect(r.studyInstanceUid).toBe(studies[0].studyInstanceUid);
    const { series } = await dispatch('pacsSeries', { connectionId: 'orthanc', studyUid: studies[0].studyInstanceUid });
    expect(series.map((s) => s.seriesInstanceUid)).toContain(r.seriesInstanceUid);
    expect(series.find((s) => s.seriesInstanceUid === r.seriesInstanceUid)).toMatchObject({ modality: 'OT', instances: 1 });
    const settingsText = readFileSync(join(dir, 'user', 'settings.json'), 'utf8');
    expect(settingsText).toContain(o.dicomweb);
    expect(settingsText).not.toContain(o.password);
    expect(await dispatch('pacsStatus', {})).toEqual({ canStoreSecrets: false, storedSecrets: ['orthanc', 'no-render'] });
    await expect(dispatch('pacsSetSecret', { connectionId: 'orthanc', password: 'x' })).rejects.toThrow(/keeps no PACS passwords/);
  });

  it('a refused login and an unknown study reach the renderer as one readable sentence', async () => {
    env.MEDFIG_PACS_PASSWORD = 'wrong';
    try {
      await expect(dispatch('pacsSearch', { connectionId: 'orthanc' })).rejects.toMatchObject({
        code: 'pacs-auth',
        message: expect.stringMatching(/refused the login \(HTTP 401/),
      });
    } finally {
      env.MEDFIG_PACS_PASSWORD = o.password;
    }
    await expect(dispatch('pacsSeries', { connectionId: 'orthanc', studyUid: '1.2.3.999' })).rejects.toMatchObject({
      code: 'pacs-not-found',
    });
    await expect(dispatch('pacsSearch', { connectionId: 'nope' })).rejects.toThrow(/no longer in the settings/);
    await expect(dispatch('pacsPull', { connectionId: 'orthanc', studyUid: '../x', seriesUid: '1.2', jobId: 'j' })).rejects.toMatchObject({
      code: 'bad-request',
    });
  });
});
