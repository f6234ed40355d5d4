// The DICOMweb client's own logic: multipart/related parsing, UID sanitising (a hostile server
// cannot write outside the cache), response size caps, retries with backoff on 5xx, the answer
// timeout, and a pull that is cancelled then resumed by instance. Real HTTP over loopback where a
// server's behaviour matters (a hostile one here; the real Orthanc is in pacs-cli.test.ts).
import { describe, expect, it, afterEach } from 'vitest';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseMultipart, buildMultipart, contentTypeParam } from '../../src/services/pacs/multipart';
import { isUid, uidFileName, pathInside, checkUid } from '../../src/services/pacs/uid';
import { httpRequest, checkBaseUrl } from '../../src/services/pacs/http';
import { PacsError } from '../../src/services/pacs/errors';
import { DicomWebClient } from '../../src/services/pacs/client';
import { pullInstances } from '../../src/services/pacs/pull';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const dec = (b: Uint8Array) => Buffer.from(b).toString('latin1');

async function failure(p: Promise<unknown>): Promise<PacsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PacsError);
    return e as PacsError;
  }
  throw new Error('expected a failure');
}

describe('multipart/related', () => {
  it('splits parts whose bodies hold CRLFs, dashes and near-boundaries; quoted boundary; preamble', () => {
    const a = '\r\n--not-the-boundary\r\n\r\nbinary\0\xff--b';
    const b = 'second';
    const body = enc(
      `preamble text\r\n--abc123\r\nContent-Type: application/dicom\r\n\r\n${a}\r\n--abc123\r\nContent-Type: application/dicom\r\nX-Other: 1\r\n\r\n${b}\r\n--abc123--\r\n`,
    );
    const parts = parseMultipart(body, 'multipart/related; type="application/dicom"; boundary="abc123"');
    expect(parts.map((p) => dec(p.body))).toEqual([a, b]);
    expect(parts[1].headers).toEqual({ 'content-type': 'application/dicom', 'x-other': '1' });
  });
  it('round-trips what buildMultipart writes (the STOW body), bytes intact', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 31) & 255);
    const { body, contentType } = buildMultipart([{ type: 'application/dicom', body: bytes }], 'application/dicom');
    expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=medfig-[0-9a-f]{32}$/);
    const [p] = parseMultipart(body, contentType);
    expect(Buffer.from(p.body).equals(Buffer.from(bytes))).toBe(true);
    expect(p.headers['content-type']).toBe('application/dicom');
  });
  it('refuses a truncated body, a missing boundary, a non-multipart type and too many parts', () => {
    const ct = 'multipart/related; boundary=zz';
    expect(() => parseMultipart(enc('--zz\r\nContent-Type: a\r\n\r\npartial data'), ct)).toThrow(/truncated/);
    expect(() => parseMultipart(enc('--zz\r\n\r\nx\r\n--zz--'), 'multipart/related; type=x')).toThrow(/no boundary/);
    expect(() => parseMultipart(enc('{}'), 'application/json')).toThrow(/expected a multipart answer/);
    const many = Array.from({ length: 5 }, () => '--zz\r\n\r\nx\r\n').join('') + '--zz--';
    expect(parseMultipart(enc(many), ct)).toHaveLength(5);
    expect(() => parseMultipart(enc(many), ct, 3)).toThrow(/more than 3 parts/);
  });
  it('reads content-type parameters quoted or not', () => {
    expect(contentTypeParam('multipart/related; type="application/dicom"; boundary=x-1', 'boundary')).toBe('x-1');
    expect(contentTypeParam('multipart/related;Boundary="a b"', 'boundary')).toBe('a b');
    expect(contentTypeParam('multipart/related', 'boundary')).toBeNull();
  });
});

describe('UIDs as file names', () => {
  it('keeps well-formed UIDs and hashes anything else', () => {
    expect(isUid('1.2.840.10008.5.1.4.1.1.7')).toBe(true);
    for (const bad of ['', '../../etc/passwd', '1.2/3', '1..2', '.', '..', '1.2.', 'C:\\x', '1'.repeat(65), '1.2\0']) {
      expect(isUid(bad)).toBe(false);
      const name = uidFileName(bad);
      expect(name).toMatch(/^x[0-9a-f]{40}$/);
    }
    expect(uidFileName('1.2.3')).toBe('1.2.3');
    expect(uidFileName('../a')).not.toBe(uidFileName('../b'));
  });
  it('pathInside refuses a result outside the root', () => {
    const root = '/tmp/medfig-cache';
    expect(pathInside(root, '1.2', '3.4.dcm')).toBe('/tmp/medfig-cache/1.2/3.4.dcm');
    expect(() => pathInside(root, '..', 'x')).toThrow(/outside/);
    expect(() => pathInside(root, '/etc/passwd')).toThrow(/outside/);
    expect(() => pathInside(root, '.')).toThrow(/outside/);
    expect(() => checkUid('1.2;DROP', 'study')).toThrow(/not a DICOM UID/);
  });
  it('a base URL with credentials, another scheme or garbage is refused', () => {
    expect(checkBaseUrl('http://pacs.example.org/dicom-web/')).toBe('http://pacs.example.org/dicom-web');
    expect(() => checkBaseUrl('http://u:p@pacs/dicom-web')).toThrow(/MEDFIG_PACS_USER/);
    expect(() => checkBaseUrl('file:///etc')).toThrow(/only http and https/);
    expect(() => checkBaseUrl('not a url')).toThrow(/is not a URL/);
  });
});

/** A fetch that answers from a list of canned Responses (the logic under test is ours, not a server's). */
function scripted(responses: (() => Response)[]) {
  const calls: string[] = [];
  const f = (async (url: string) => {
    calls.push(String(url));
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next();
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('http: retries, caps, timeouts, statuses', () => {
  const req = { url: 'http://pacs.test/dicom-web/studies', accept: 'application/dicom+json', maxBytes: 1000 };

  it('retries a 5xx with doubling backoff, then succeeds', async () => {
    const { f, calls } = scripted([
      () => new Response('busy', { status: 503 }),
      () => new Response('oops', { status: 502 }),
      () => new Response('[]', { status: 200 }),
    ]);
    const waits: number[] = [];
    const r = await httpRequest({ auth: { kind: 'none' }, fetch: f, sleep: async (ms) => void waits.push(ms), backoffMs: 100 }, req);
    expect(dec(r.body)).toBe('[]');
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });
  it('gives up after the retries and quotes the status', async () => {
    const { f, calls } = scripted(
      Array.from({ length: 3 }, () => () => new Response('x', { status: 500, statusText: 'Internal Server Error' })),
    );
    const e = await failure(httpRequest({ auth: { kind: 'none' }, fetch: f, sleep: async () => {}, retries: 2 }, req));
    expect(e.kind).toBe('server');
    expect(e.message).toBe('pacs.test answered HTTP 500 Internal Server Error');
    expect(calls).toHaveLength(3);
  });
  it('does not retry 401, 403, 404 or 400', async () => {
    for (const [status, kind] of [
      [401, 'auth'],
      [403, 'auth'],
      [404, 'not-found'],
      [400, 'server'],
    ] as const) {
      const { f, calls } = scripted([() => new Response('', { status }), () => new Response('[]')]);
      const e = await failure(httpRequest({ auth: { kind: 'basic', user: 'u', password: 'p' }, fetch: f, sleep: async () => {} }, req));
      expect([e.kind, e.status, calls.length]).toEqual([kind, status, 1]);
    }
  });
  it('sends basic and bearer logins', async () => {
    const seen: (string | null)[] = [];
    const f = (async (_u: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get('authorization'));
      return new Response('[]');
    }) as unknown as typeof fetch;
    await httpRequest({ auth: { kind: 'basic', user: 'ann', password: 'sé' }, fetch: f }, req);
    await httpRequest({ auth: { kind: 'bearer', token: 'tok' }, fetch: f }, req);
    await httpRequest({ auth: { kind: 'none' }, fetch: f }, req);
    expect(seen).toEqual(['Basic ' + Buffer.from('ann:sé').toString('base64'), 'Bearer tok', null]);
  });
  it('caps a body while it streams, and refuses a declared oversize at once', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(300));
      },
    });
    const { f } = scripted([() => new Response(endless)]);
    const e = await failure(httpRequest({ auth: { kind: 'none' }, fetch: f }, req));
    expect(e.kind).toBe('too-large');
    expect(pulled).toBeLessThan(10); // stopped soon after the cap, not read to the end
    const { f: f2 } = scripted([() => new Response('x'.repeat(10), { headers: { 'content-length': '5000' } })]);
    expect((await failure(httpRequest({ auth: { kind: 'none' }, fetch: f2 }, req))).message).toMatch(/5000 bytes, more than the 1000/);
  });
  it('a server that never answers fails with "did not answer" (answer timeout)', async () => {
    const hang = ((_u: string, init: RequestInit) =>
      new Promise<Response>((_ok, fail) =>
        init.signal!.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))),
      )) as unknown as typeof fetch;
    const e = await failure(httpRequest({ auth: { kind: 'none' }, fetch: hang, answerTimeoutMs: 50 }, req));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/pacs.test did not answer within/);
  });
  it('a cancelled request says so (not "unreachable")', async () => {
    const ctrl = new AbortController();
    const hang = ((_u: string, init: RequestInit) =>
      new Promise<Response>((_ok, fail) =>
        init.signal!.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))),
      )) as unknown as typeof fetch;
    const p = httpRequest({ auth: { kind: 'none' }, fetch: hang }, { ...req, signal: ctrl.signal });
    ctrl.abort();
    expect((await failure(p)).kind).toBe('cancelled');
  });
});

/** A minimal Part-10 file: preamble, DICM, and a marker so files can be told apart. */
const part10 = (marker: string) => new Uint8Array(Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from(marker)]));

interface FakeArchive {
  url: string;
  server: Server;
  hits: string[];
  hold?: (url: string) => Promise<void> | void;
}

/** A deliberately hostile DICOMweb server on loopback (unit level only: e2e and CLI use Orthanc). */
async function hostileServer(instances: string[]): Promise<FakeArchive> {
  const study = '1.2.3';
  const series = '1.2.3.4';
  const arch = { hits: [] as string[] } as FakeArchive;
  arch.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const u = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
      arch.hits.push(u);
      const json = (v: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
        res.end(JSON.stringify(v));
      };
      if (u.endsWith(`/studies/${study}/series`)) return json([{ '0020000E': { vr: 'UI', Value: [series] } }]);
      if (u.endsWith(`/series/${series}/instances`))
        return json(instances.map((sop, i) => ({ '00080018': { vr: 'UI', Value: [sop] }, '00200013': { vr: 'IS', Value: [i + 1] } })));
      const m = /\/instances\/(.+)$/.exec(u);
      if (m) {
        await arch.hold?.(m[1]);
        const { body, contentType } = buildMultipart([{ type: 'application/dicom', body: part10(m[1]) }], 'application/dicom');
        res.writeHead(200, { 'Content-Type': contentType });
        return res.end(body);
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((ok) => arch.server.listen(0, '127.0.0.1', () => ok()));
  arch.url = `http://127.0.0.1:${(arch.server.address() as { port: number }).port}/dicom-web`;
  return arch;
}

describe('pull into a folder', () => {
  let arch: FakeArchive | null = null;
  afterEach(() => {
    arch?.server.close();
    arch?.server.closeAllConnections();
    arch = null;
  });

  it('a hostile server naming instances "../../…" cannot write outside the folder', async () => {
    const evil = ['../../../escaped', '/etc/medfig-evil', '..\\..\\win', '1.2.3.4.5'];
    arch = await hostileServer(evil);
    const root = join(mkdtempSync(join(tmpdir(), 'medfig-pacs-pull-')), 'cache');
    const r = await pullInstances(new DicomWebClient(arch.url, { kind: 'none' }), { root, studyUid: '1.2.3' });
    expect(r.done).toBe(4);
    const parent = dirname(root);
    const everything = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? everything(join(d, e.name)) : [join(d, e.name)]));
    // Every file is inside root/<study>/<series>/, hashed names for the bad UIDs, and nothing else was written.
    expect(everything(parent).map((f) => relative(root, f).split('/').slice(0, 2).join('/'))).toEqual(Array(4).fill('1.2.3/1.2.3.4'));
    expect(r.files.map((f) => f.split('/').pop())).toContainEqual('1.2.3.4.5.dcm');
    expect(r.files.filter((f) => /\/x[0-9a-f]{40}\.dcm$/.test(f))).toHaveLength(3);
    expect(existsSync('/etc/medfig-evil')).toBe(false);
    // Each file holds the instance the server sent for it.
    expect(dec(new Uint8Array(readFileSync(r.files[0]))).slice(132)).toBe('../../../escaped');
  });

  it('a cancelled pull keeps the finished instances; the next pull fetches only the rest', async () => {
    const sops = ['1.9.1', '1.9.2', '1.9.3'];
    arch = await hostileServer(sops);
    const ctrl = new AbortController();
    // The second instance is held until the pull is cancelled (a signal, not a sleep).
    arch.hold = (sop) => {
      if (sop === '1.9.2' && !ctrl.signal.aborted)
        return new Promise<void>((ok) => {
          ctrl.abort();
          ok();
        });
    };
    const root = mkdtempSync(join(tmpdir(), 'medfig-pacs-resume-'));
    const client = new DicomWebClient(arch.url, { kind: 'none' });
    const e = await failure(pullInstances(client, { root, studyUid: '1.2.3', signal: ctrl.signal }));
    expect(e.kind).toBe('cancelled');
    const dir = join(root, '1.2.3', '1.2.3.4');
    expect(readdirSync(dir)).toEqual(['1.9.1.dcm']); // whole files only, no partial left behind
    arch.hits.length = 0;
    arch.hold = undefined;
    const r = await pullInstances(client, { root, studyUid: '1.2.3' });
    expect([r.done, r.total, r.resumed]).toEqual([3, 3, 1]);
    expect(arch.hits.filter((h) => /instances\/1\.9/.test(h))).toEqual([
      expect.stringContaining('1.9.2'),
      expect.stringContaining('1.9.3'),
    ]);
    expect(readdirSync(dir).sort()).toEqual(['1.9.1.dcm', '1.9.2.dcm', '1.9.3.dcm']);
  });

  it('an instance that is not Part-10 is refused, not written', async () => {
    arch = await hostileServer(['1.5']);
    arch.server.removeAllListeners('request');
    arch.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const u = new URL(req.url!, 'http://x').pathname;
      if (u.endsWith('/series')) return res.writeHead(200).end(JSON.stringify([{ '0020000E': { Value: ['1.2.3.4'] } }]));
      if (u.endsWith('/instances')) return res.writeHead(200).end(JSON.stringify([{ '00080018': { Value: ['1.5'] } }]));
      res.writeHead(200, { 'Content-Type': 'application/dicom' }).end('not dicom at all');
    });
    const root = mkdtempSync(join(tmpdir(), 'medfig-pacs-bad-'));
    const e = await failure(pullInstances(new DicomWebClient(arch.url, { kind: 'none' }), { root, studyUid: '1.2.3' }));
    expect(e.message).toMatch(/not a DICOM Part-10 file/);
    expect(readdirSync(join(root, '1.2.3', '1.2.3.4'))).toEqual([]);
  });
});
