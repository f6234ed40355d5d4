// The renderer's handle on the API contract: Electron's preload object when present,
// else the loopback web host over HTTP (token from the page address).
import type { MedfigApi } from '../shared/api';
import { API_METHODS } from '../shared/api';
import type { ActionStates } from '../shared/actions';
import { httpCall } from './http-call';

declare global {
  interface Window {
    medfig?: MedfigApi;
    medfigHost?: { onAction(cb: (id: string) => void): void; setActionState?(state: ActionStates): void };
  }
}

export class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function httpApi(token: string): MedfigApi {
  const api: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    api[method] = async (req: unknown) => {
      const r = await httpCall(method, req, token);
      if (r.ok) return r.value;
      // As fetch itself says it (failureText turns it into the user's sentence).
      if (r.kind === 'network') throw new TypeError(r.message);
      throw new HostError(r.code, r.message);
    };
  }
  return api as unknown as MedfigApi;
}

function tokenFromPage(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('medfig-token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('medfig-token') ?? '';
}

export const api: MedfigApi = window.medfig ? wrapPreload(window.medfig) : httpApi(tokenFromPage());

/** The preload rethrows plain Errors with a code; give them the same class as HTTP errors. */
function wrapPreload(p: MedfigApi): MedfigApi {
  const out: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const m of API_METHODS) {
    out[m] = async (req: unknown) => {
      try {
        return await (p[m] as (r: unknown) => Promise<unknown>)(req);
      } catch (e) {
        const err = e as { code?: string; message?: string };
        throw new HostError(err.code ?? 'internal', (err.message ?? String(e)).replace(/^Error invoking remote method '[^']+': /, ''));
      }
    };
  }
  return out as unknown as MedfigApi;
}

export const isWebHost = !window.medfig;

// ---- Failed host calls: one place turns a rejection into what the user reads ----

/** One sentence in the user's words: the host's own message (it already names the file and
 * the reason), a dropped connection said plainly; never a stack or a library's second line. */
export function failureText(e: unknown): string {
  if (e instanceof TypeError && /fetch|network|load failed/i.test(e.message))
    return 'Medfig could not reach its host (it may have stopped): try again, or restart Medfig.';
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  const line = raw
    .split('\n')[0]
    .replace(/^(Error|TypeError|HostError):\s*/, '')
    .trim();
  if (!line) return 'Something went wrong in Medfig: try again.';
  return /[.!?)]$/.test(line) ? line : `${line}.`;
}

let showFailure: (text: string) => void = (t) => console.error(t);

/** The app's toast, once it exists (App mounts it). */
export function onHostFailure(show: (text: string) => void): void {
  showFailure = show;
}

/** A rejected host call becomes the toast. */
export function reportFailure(e: unknown): void {
  showFailure(failureText(e));
}

/** For event handlers: runs `f`; whatever it rejects with (a host call) is reported, not lost. */
export function guarded<A extends unknown[]>(f: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      void Promise.resolve(f(...args)).catch(reportFailure);
    } catch (e) {
      reportFailure(e);
    }
  };
}

/** The last net: a rejection no call site caught shows the same toast (and no console noise). */
export function installRejectionNet(): void {
  window.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    reportFailure(e.reason);
  });
}
