// HTTP for DICOMweb: an answer within 15 s or a clear failure (an unreachable server must not hang
// the app or the CLI), a pause limit while a body streams, limited retries with backoff on 5xx,
// response sizes capped while reading (a hostile server cannot fill memory), auth headers.
import { PacsError, serverName } from './errors';

export type PacsAuth = { kind: 'none' } | { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

export interface HttpConfig {
  auth: PacsAuth;
  /** Until the answer's status line arrives (connecting included). */
  answerTimeoutMs?: number;
  /** The longest pause while a body streams in. */
  idleTimeoutMs?: number;
  /** Further attempts after a 5xx answer. */
  retries?: number;
  /** First backoff; doubled each retry. */
  backoffMs?: number;
  /** Injected in unit tests (retry/backoff, caps); the real fetch otherwise. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  accept: string;
  body?: Uint8Array;
  contentType?: string;
  /** Largest body accepted; more is refused as 'too-large' while reading. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

export const ANSWER_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 30_000;
const RETRYABLE = new Set([500, 502, 503, 504]);

export function authHeader(auth: PacsAuth): string | null {
  if (auth.kind === 'basic') return 'Basic ' + Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64');
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  return null;
}

/** A DICOMweb base URL checked once: http(s), no credentials inside, no trailing slash. */
export function checkBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new PacsError('bad-input', `"${raw.slice(0, 100)}" is not a URL (expected e.g. http://pacs.example.org/dicom-web)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new PacsError('bad-input', `${raw.slice(0, 100)}: only http and https DICOMweb servers are supported`);
  if (u.username || u.password)
    throw new PacsError('bad-input', 'put the login in MEDFIG_PACS_USER/MEDFIG_PACS_PASSWORD (or MEDFIG_PACS_TOKEN), not in the URL');
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

function networkFailure(e: unknown, host: string, timedOut: boolean, ms: number): PacsError {
  if (timedOut) return new PacsError('unreachable', `${host} did not answer within ${Math.round(ms / 1000)} s`);
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (e as { code?: string })?.code;
  // fetch refuses a few well-known ports outright (WHATWG "bad port").
  if (cause?.message === 'bad port') return new PacsError('unreachable', `cannot reach ${host}: that port is not allowed for HTTP`);
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'unknown host name'
        : code === 'ECONNRESET'
          ? 'the connection was reset'
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
            ? 'no route to the host'
            : code?.startsWith('ERR_TLS') || code?.includes('CERT')
              ? 'its TLS certificate was refused'
              : 'the connection failed';
  return new PacsError('unreachable', `cannot reach ${host}: ${why}`);
}

/** Read a body chunk by chunk under a byte cap and a pause limit. */
async function readCapped(res: Response, maxBytes: number, host: string, onIdle: () => void): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new PacsError('too-large', `${host} sent an answer of ${declared} bytes, more than the ${maxBytes} accepted`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    onIdle();
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new PacsError('too-large', `${host} sent more than the ${maxBytes} bytes accepted for this answer`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/**
 * One request with retries on 5xx. Resolves with a 2xx answer; anything else is a PacsError:
 * 401/403 'auth', 404 'not-found', other statuses 'server' (quoting the status).
 */
export async function httpRequest(cfg: HttpConfig, req: HttpRequest): Promise<HttpAnswer> {
  const doFetch = cfg.fetch ?? fetch;
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  const answerMs = cfg.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
  const idleMs = cfg.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const retries = cfg.retries ?? 2;
  const host = serverName(req.url);
  const headers: Record<string, string> = { Accept: req.accept };
  const auth = authHeader(cfg.auth);
  if (auth) headers.Authorization = auth;
  if (req.contentType) headers['Content-Type'] = req.contentType;

  for (let attempt = 0; ; attempt++) {
    if (req.signal?.aborted) throw new PacsError('cancelled', 'cancelled');
    const ctrl = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        ctrl.abort();
      }, ms);
    };
    const onCancel = () => ctrl.abort();
    req.signal?.addEventListener('abort', onCancel);
    arm(answerMs);
    try {
      let res: Response;
      try {
        res = await doFetch(req.url, {
          method: req.method ?? 'GET',
          headers,
          body: req.body ? (req.body as BodyInit) : undefined,
          signal: ctrl.signal,
          redirect: 'error',
        });
      } catch (e) {
        if (req.signal?.aborted) throw new PacsError('cancelled', 'cancelled');
        throw networkFailure(e, host, timedOut, answerMs);
      }
      const ok = res.status >= 200 && res.status < 300;
      if (ok) {
        try {
          const body = await readCapped(res, req.maxBytes, host, () => arm(idleMs));
          return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
        } catch (e) {
          if (e instanceof PacsError) throw e;
          if (req.signal?.aborted) throw new PacsError('cancelled', 'cancelled');
          if (timedOut) throw new PacsError('unreachable', `${host} stopped sending for ${Math.round(idleMs / 1000)} s`);
          throw networkFailure(e, host, false, answerMs);
        }
      }
      await res.body?.cancel().catch(() => {});
      const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (res.status === 401 || res.status === 403) throw new PacsError('auth', `${host} refused the login (${status})`, res.status);
      if (res.status === 404) throw new PacsError('not-found', `${host} has no such item (${status})`, 404);
      if (RETRYABLE.has(res.status) && attempt < retries) {
        clearTimeout(timer);
        await sleep((cfg.backoffMs ?? 500) * 2 ** attempt);
        continue;
      }
      throw new PacsError('server', `${host} answered ${status}`, res.status);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCancel);
    }
  }
}
