// The PACS service the hosts dispatch to: connections from the settings, logins from the host's
// secret store (never from the renderer), pulls into the user's cache folder as files the
// workspace issues (so a pulled series opens, hashes and relinks like a local one), thumbnails,
// store-back. Every failure reaches the renderer as an ApiError with one readable sentence.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { ApiError, type ApiMethod, type ApiParsed, type ApiResponses, type PacsPullProgress } from '../../shared/api';
import type { PacsConnection, Settings } from '../../shared/settings';
import { defaultWindow, toRGBA8 } from '../../shared/imaging/window';
import type { Workspace } from '../workspace';
import { DicomWebClient } from './client';
import { authFromSecret, type SecretStore } from './credentials';
import { PacsError } from './errors';
import { pullInstances } from './pull';
import { storeFigure } from './store';
import { pathInside, uidFileName } from './uid';

type Handler<M extends ApiMethod> = (req: ApiParsed<M>) => Promise<ApiResponses[M]>;

export interface PacsService {
  pacsStatus: Handler<'pacsStatus'>;
  pacsSetSecret: Handler<'pacsSetSecret'>;
  pacsSearch: Handler<'pacsSearch'>;
  pacsSeries: Handler<'pacsSeries'>;
  pacsThumbnail: Handler<'pacsThumbnail'>;
  pacsPull: Handler<'pacsPull'>;
  pacsPullProgress: Handler<'pacsPullProgress'>;
  pacsCancelPull: Handler<'pacsCancelPull'>;
  pacsStore: Handler<'pacsStore'>;
}

export interface PacsServiceOptions {
  ws: Workspace;
  /** <user data>/pacs-cache: one folder per server, then study/series/instance.dcm. */
  cacheDir: string;
  settings(): Promise<Settings>;
  secrets: SecretStore;
}

const THUMB = 128;

function asApi(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof PacsError) return new ApiError(`pacs-${e.kind}`, e.message);
  return new ApiError('internal', (e as Error)?.message ?? String(e));
}

export function createPacsService(opts: PacsServiceOptions): PacsService {
  const jobs = new Map<string, { progress: PacsPullProgress; abort: AbortController }>();

  async function connection(id: string): Promise<PacsConnection> {
    const c = (await opts.settings()).pacsConnections.find((x) => x.id === id);
    if (!c) throw new ApiError('pacs-bad-input', 'that PACS connection is no longer in the settings');
    return c;
  }

  async function clientFor(id: string): Promise<{ client: DicomWebClient; conn: PacsConnection }> {
    const conn = await connection(id);
    let auth;
    try {
      auth = authFromSecret(conn.auth, await opts.secrets.get(conn.id), conn.name);
    } catch (e) {
      if (e instanceof PacsError && !opts.secrets.canStore)
        throw new PacsError(
          'auth',
          `${conn.name}: this host reads PACS logins from its environment: start it with ${conn.auth === 'bearer' ? 'MEDFIG_PACS_TOKEN' : 'MEDFIG_PACS_USER and MEDFIG_PACS_PASSWORD'} set`,
        );
      throw e;
    }
    return { client: new DicomWebClient({ qido: conn.qidoUrl, wado: conn.wadoUrl, stow: conn.stowUrl }, auth), conn };
  }

  /** One cache folder per server (its WADO base), so two archives never share a folder. */
  const serverDir = (c: DicomWebClient) => join(opts.cacheDir, createHash('sha256').update(c.endpoints.wado).digest('hex').slice(0, 16));

  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await f(...a);
      } catch (e) {
        throw asApi(e);
      }
    };

  async function thumbnail(req: ApiParsed<'pacsThumbnail'>): Promise<ApiResponses['pacsThumbnail']> {
    const { client } = await clientFor(req.connectionId);
    const list = await client.searchInstances(req.studyUid, req.seriesUid);
    if (!list.length) return { thumbnail: null };
    const mid = list[Math.floor(list.length / 2)];
    const toThumb = async (img: sharp.Sharp, from: 'server' | 'decoded') => {
      const { data, info } = await img
        .resize(THUMB, THUMB, { fit: 'inside', withoutEnlargement: true })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { thumbnail: { width: info.width, height: info.height, rgba: new Uint8Array(data), from } };
    };
    // Rendered by the server (Orthanc and most archives); else one instance decoded by our own decoder.
    try {
      const bytes = await client.renderedInstance(req.studyUid, req.seriesUid, mid.sopInstanceUid);
      return await toThumb(sharp(bytes, { limitInputPixels: 64_000_000 }), 'server');
    } catch (e) {
      if (e instanceof PacsError && (e.kind === 'auth' || e.kind === 'unreachable')) throw e;
    }
    const dir = pathInside(serverDir(client), 'thumbnails');
    await fs.mkdir(dir, { recursive: true });
    const path = pathInside(dir, uidFileName(mid.sopInstanceUid) + '.dcm');
    await fs.writeFile(path, await client.retrieveInstance(req.studyUid, req.seriesUid, mid.sopInstanceUid));
    try {
      const entry = await opts.ws.images.open(path);
      const frame = await opts.ws.images.frame(path, 0, 512);
      const rgba = toRGBA8(frame, frame.channels === 1 ? defaultWindow(frame, entry.info.windows) : null);
      return await toThumb(
        sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
          raw: { width: frame.width, height: frame.height, channels: 4 },
        }),
        'decoded',
      );
    } catch {
      return { thumbnail: null }; // not an image (SR, SEG…): no thumbnail rather than an error
    } finally {
      await fs.rm(path, { force: true });
    }
  }

  async function pull(req: ApiParsed<'pacsPull'>): Promise<ApiResponses['pacsPull']> {
    const { client } = await clientFor(req.connectionId);
    if (jobs.has(req.jobId)) throw new ApiError('bad-request', 'that pull is already running');
    const job = { progress: { done: 0, total: 0, bytes: 0, resumed: 0 }, abort: new AbortController() };
    jobs.set(req.jobId, job);
    try {
      const r = await pullInstances(client, {
        root: serverDir(client),
        studyUid: req.studyUid,
        seriesUid: req.seriesUid,
        signal: job.abort.signal,
        onProgress: (p) => (job.progress = p),
      });
      // Issued like files the user picked: openSeries hashes and registers them as sources.
      const files = await Promise.all(
        r.files.map(async (f) => ({ ...opts.ws.issue(f, 'file'), size: (await fs.stat(f)).size, name: basename(f) })),
      );
      return { files, done: r.done, total: r.total, bytes: r.bytes, resumed: r.resumed };
    } finally {
      jobs.delete(req.jobId);
    }
  }

  async function store(req: ApiParsed<'pacsStore'>): Promise<ApiResponses['pacsStore']> {
    const { client } = await clientFor(req.connectionId);
    const path = opts.ws.pathOf(req.fileId);
    const sc = await storeFigure(client, { studyUid: req.studyUid, imagePath: path, displayName: basename(path) });
    return { studyInstanceUid: sc.studyInstanceUid, seriesInstanceUid: sc.seriesInstanceUid, sopInstanceUid: sc.sopInstanceUid };
  }

  return {
    pacsStatus: guard(async () => {
      const s = await opts.settings();
      const stored: string[] = [];
      for (const c of s.pacsConnections) if (await opts.secrets.get(c.id).catch(() => null)) stored.push(c.id);
      return { canStoreSecrets: opts.secrets.canStore, storedSecrets: stored };
    }),
    pacsSetSecret: guard(async (req) => {
      await connection(req.connectionId);
      const empty = !req.user && !req.password && !req.token;
      await opts.secrets.set(req.connectionId, empty ? null : { user: req.user, password: req.password, token: req.token });
      return { ok: true as const };
    }),
    pacsSearch: guard(async (req) => {
      const { client } = await clientFor(req.connectionId);
      const { connectionId: _c, ...query } = req;
      void _c;
      return { studies: await client.searchStudies(query) };
    }),
    pacsSeries: guard(async (req) => {
      const { client } = await clientFor(req.connectionId);
      const series = await client.searchSeries(req.studyUid);
      if (!series.length) throw new PacsError('not-found', `${client.host} has no study ${req.studyUid}`);
      return { series };
    }),
    pacsThumbnail: guard(thumbnail),
    pacsPull: guard(pull),
    pacsPullProgress: guard(async (req) => ({ progress: jobs.get(req.jobId)?.progress ?? null })),
    pacsCancelPull: guard(async (req) => {
      const j = jobs.get(req.jobId);
      j?.abort.abort();
      return { cancelled: !!j };
    }),
    pacsStore: guard(store),
  };
}
