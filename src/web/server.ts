// The loopback web host: serves the built renderer and the same API contract over HTTP,
// backed by the same services as Electron main. 127.0.0.1 only, a random per-run token,
// Origin and Host checks (DNS-rebinding safe), no path traversal, size limits.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { extname, join, resolve, sep, basename } from 'node:path';
import type { AddressInfo } from 'node:net';
import { encodeWire, encodeWireParts, decodeWire, WireError } from '../shared/wire';
import { MAX_REQUEST_BYTES, formatBytes } from '../shared/limits';
import { API_METHODS, ApiError, type ApiMethod } from '../shared/api';
import { type WorkspaceOptions } from '../services/workspace';
import { createHostServices } from '../services/host-services';
import { createDispatcher } from '../services/dispatch';
import { CSP } from '../shared/csp';

export interface WebHostOptions extends WorkspaceOptions {
  /** User data (recovery files, recents, settings); default: a folder beside the import folder. */
  userDataDir?: string;
  rendererDir: string;
  port?: number;
  token?: string;
  version?: string;
  /** Largest request body accepted (bytes). */
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? MAX_REQUEST_BYTES;
  const rendererDir = resolve(opts.rendererDir);
  await fs.mkdir(opts.importDir, { recursive: true });
  await fs.mkdir(opts.exportDir, { recursive: true });
  const { ws, projects, pacs } = createHostServices({
    ...opts,
    userDataDir: opts.userDataDir ?? join(opts.importDir, '..', 'medfig-user-data'),
  });
  let port = 0;
  const dispatch = createDispatcher(
    ws,
    projects,
    {
      hostInfo: () => ({ host: 'web', version: opts.version ?? '0.0.0', exportDir: opts.exportDir }),
      openDialog: async () => ({ supported: false, files: [] }),
      saveDialog: async (req) => ({ supported: false, fileName: req.defaultName, fileId: null }),
    },
    pacs,
  );

  const tokenOk = (given: string | null): boolean => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const hostOk = (req: IncomingMessage): boolean => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  const originOk = (req: IncomingMessage): boolean => {
    const o = req.headers.origin;
    return o === undefined || o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
  };

  function send(
    res: ServerResponse,
    status: number,
    body: string | Uint8Array | Uint8Array[],
    type = 'text/plain; charset=utf-8',
    extra: Record<string, string> = {},
  ): void {
    // A message in parts (encodeWireParts): written one after another, the pixels never copied
    // into one buffer first.
    const parts = Array.isArray(body) ? body : null;
    if (parts) extra = { ...extra, 'Content-Length': String(parts.reduce((n, p) => n + p.byteLength, 0)) };
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      ...extra,
    });
    if (!parts) return void res.end(body);
    for (const p of parts) res.write(p);
    res.end();
  }

  async function readBody(req: IncomingMessage): Promise<Uint8Array> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) throw new ApiError('too-large', `request larger than ${formatBytes(maxBody)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const c of req) {
      total += (c as Buffer).length;
      if (total > maxBody) throw new ApiError('too-large', `request larger than ${formatBytes(maxBody)}`);
      chunks.push(c as Buffer);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  async function serveStatic(res: ServerResponse, urlPath: string): Promise<void> {
    let rel: string;
    try {
      rel = decodeURIComponent(urlPath);
    } catch {
      return send(res, 400, 'bad path');
    }
    if (rel.includes('\0')) return send(res, 400, 'bad path');
    if (rel === '/' || rel === '') rel = '/index.html';
    const full = resolve(join(rendererDir, rel));
    if (full !== rendererDir && !full.startsWith(rendererDir + sep)) return send(res, 403, 'forbidden');
    const st = await fs.stat(full).catch(() => null);
    if (!st || !st.isFile()) return send(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(full)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': st.size,
    });
    createReadStream(full).pipe(res);
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (!hostOk(req)) return send(res, 421, 'wrong host');
        const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
        if (url.pathname.startsWith('/api/')) {
          if (req.method !== 'POST') return send(res, 405, 'POST only');
          if (!originOk(req)) return send(res, 403, 'cross-origin request refused');
          if (!tokenOk(req.headers['x-medfig-token'] as string | null)) return send(res, 401, 'missing or wrong token');
          const method = url.pathname.slice(5) as ApiMethod;
          if (!API_METHODS.includes(method)) return send(res, 404, 'unknown method');
          let payload: unknown;
          try {
            payload = decodeWire(await readBody(req));
          } catch (e) {
            const err =
              e instanceof ApiError
                ? e
                : new ApiError('bad-request', `request body is not a valid message${e instanceof WireError ? ` (${e.message})` : ''}`);
            return send(
              res,
              err.code === 'too-large' ? 413 : 400,
              encodeWire({ ok: false, code: err.code, message: err.message }),
              'application/octet-stream',
            );
          }
          try {
            const value = await dispatch(method, payload);
            return send(res, 200, encodeWireParts({ ok: true, value }), 'application/octet-stream');
          } catch (e) {
            const err = e as { code?: string; message?: string };
            return send(
              res,
              200,
              encodeWire({ ok: false, code: err.code ?? 'internal', message: err.message ?? String(e) }),
              'application/octet-stream',
            );
          }
        }
        if (url.pathname.startsWith('/files/')) {
          // Download of a file the host issued (an export), token required.
          if (!tokenOk(url.searchParams.get('token'))) return send(res, 401, 'missing or wrong token');
          let path: string;
          try {
            path = ws.pathOf(decodeURIComponent(url.pathname.slice(7)));
          } catch {
            return send(res, 404, 'unknown file');
          }
          if (!path.startsWith(resolve(opts.exportDir) + sep)) return send(res, 403, 'forbidden');
          const st = await fs.stat(path).catch(() => null);
          if (!st) return send(res, 404, 'not found');
          res.writeHead(200, {
            'Content-Type': 'application/octet-stream', // RFC 6266/5987: an ASCII fallback plus the UTF-8 name (a non-Latin-1 header value would throw).
            'Content-Disposition': `attachment; filename="${basename(path).replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(basename(path))}`,
            'Content-Length': st.size,
          });
          createReadStream(path).pipe(res);
          return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
        return await serveStatic(res, url.pathname);
      } catch (e) {
        if (!res.headersSent) send(res, 500, 'internal error');
        else res.destroy();
        console.error('[medfig web]', e);
      }
    })();
  });
  server.requestTimeout = 10 * 60 * 1000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      // Stopping means stopping: a socket Chromium opened ahead of a request (or one mid-request)
      // would otherwise hold close() open until a timeout fires, seconds or minutes later.
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await closed;
      await projects.close();
      await ws.close();
    },
  };
}
