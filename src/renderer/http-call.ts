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
    msg = decodeWire(new Uint8Array(await res.arrayBuffer()), { views: true }) as typeof msg;
  } catch {
    return { ok: false, kind: 'host', code: 'transport', message: `The host answered ${res.status} ${res.statusText}` };
  }
  if (msg.ok) return { ok: true, value: msg.value };
  return { ok: false, kind: 'host', code: msg.code ?? 'internal', message: msg.message ?? 'unknown error' };
}
