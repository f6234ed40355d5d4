// The renderer is served from app://medfig/, a privileged standard scheme of our own, instead
// of file://: a page on file:// (with Electron's file-protocol fuse on) may read any local
// file, while this handler answers only for files inside the built renderer folder. Plain
// (no electron import) so tests can drive it and a browser stand-in can use it.
import { promises as fs } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { CSP } from '../shared/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'medfig';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

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
  '.traineddata': 'application/octet-stream',
  '.gz': 'application/gzip',
};

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CSP } });

/** The app:// handler: GET of a file inside `rendererDir`, by URL path; everything else 4xx. */
export function createAppProtocolHandler(rendererDir: string): (req: Request) => Promise<Response> {
  const base = resolve(rendererDir);
  return async (req) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return text(400, 'bad url');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'method not allowed');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return text(400, 'bad path');
    }
    if (rel.includes('\0')) return text(400, 'bad path');
    if (rel === '/' || rel === '') rel = '/index.html';
    const full = resolve(join(base, rel));
    if (!full.startsWith(base + sep)) return text(403, 'forbidden');
    // The real path too: a symlink inside the renderer folder must not lead out of it.
    const real = await fs.realpath(full).catch(() => null);
    const realBase = await fs.realpath(base).catch(() => base);
    if (!real || !real.startsWith(realBase + sep)) return text(404, 'not found');
    const st = await fs.stat(real).catch(() => null);
    if (!st?.isFile()) return text(404, 'not found');
    const body = req.method === 'HEAD' ? null : await fs.readFile(real);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Content-Length': String(st.size),
      },
    });
  };
}
