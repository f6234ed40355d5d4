// One call to the loopback web host over HTTP: the request framed by the wire format, the answer
// decoded into views over the response body (no second copy of the pixels), the outcome as data.
import { decodeWire, encodeWire } from '../shared/wire';

/** A call's outcome. */
export type CallResult =
  | { ok: true; value: unknown }
  | { ok: false; kind: 'host'; code: string; message: string }
  | { ok: false; kind: 'network'; message: string };

export async function httpCall(method: string, req: unknown, token: string): Promise<CallResult> {
  let res: Response;
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'X-Medfig-Token': token, 'Content-Type': 'application/octet-stream' },
      body: encodeWire(req ?? {}) as BodyInit,
    });
  } catch (e) {
    return { ok: false, kind: 'network', message: (e as Error).message };
  }
  if (res.status === 401)
    return {
      ok: false,
      kind: 'host',
      code: 'unauthorized',
      message: 'This page lost its access token: open the address the web host printed.',
    };
  let msg: { ok: boolean; value?: unknown; code?: string; message?: string };
  try {
    // Views over the response body: it is ours alone, and the pixels need no second copy.
    msg = decodeWire(await bodyBytes(res), { views: true }) as typeof msg;
  } catch {
    return { ok: false, kind: 'host', code: 'transport', message: `The host answered ${res.status} ${res.statusText}` };
  }
  if (msg.ok) return { ok: true, value: msg.value };
  return { ok: false, kind: 'host', code: msg.code ?? 'internal', message: msg.message ?? 'unknown error' };
}

/**
 * The whole body in one buffer of the declared size, read straight into it (a BYOB reader): no
 * growing buffer and no second copy of a slice's pixels.
 */
async function bodyBytes(res: Response): Promise<Uint8Array> {
  const declared = Number(res.headers.get('Content-Length'));
  if (!res.body || !Number.isSafeInteger(declared) || declared <= 0) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader({ mode: 'byob' });
  let buf = new ArrayBuffer(declared);
  let at = 0;
  while (at < declared) {
    const { done, value } = await reader.read(new Uint8Array(buf, at, declared - at));
    if (done || !value) break;
    buf = value.buffer as ArrayBuffer;
    at += value.byteLength;
  }
  return new Uint8Array(buf, 0, at);
}
