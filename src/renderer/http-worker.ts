// The web host's pixel calls (getFrame, getRegion) run here, off the page's thread: the fetch,
// reading its half-megabyte body and decoding it would otherwise take several milliseconds of
// every frame while a series scrolls. The answer's buffer is transferred to the page, not copied.
import { buffersIn, httpCall } from './http-call';

interface Request {
  id: number;
  method: string;
  req: unknown;
  token: string;
}

self.onmessage = async (e: MessageEvent<Request>) => {
  const { id, method, req, token } = e.data;
  const result = await httpCall(method, req, token);
  (self as unknown as Worker).postMessage({ id, result }, result.ok ? buffersIn(result.value) : []);
};
