// A real Orthanc (Debian's /usr/sbin/Orthanc with its DICOMweb plugin) for the PACS tests: a free
// loopback port, a JSON config written here (storage in a temp folder, authentication on, remote
// access off, no DICOM port), fixtures uploaded through its REST API, stopped afterwards.
// Debian packages: orthanc, orthanc-dicomweb.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BIN = process.env.ORTHANC_BIN ?? '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = process.env.ORTHANC_DICOMWEB_PLUGIN ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface Orthanc {
  port: number;
  /** Orthanc's REST root, e.g. http://127.0.0.1:PORT */
  url: string;
  /** The DICOMweb root: http://127.0.0.1:PORT/dicom-web */
  dicomweb: string;
  user: string;
  password: string;
  /** Upload one Part-10 file through POST /instances; returns Orthanc's answer (ParentStudy etc.). */
  upload(path: string): Promise<{ ID: string; ParentStudy: string; ParentSeries: string; Status: string }>;
  /** GET on the REST API with the test's credentials. */
  rest<T = unknown>(path: string): Promise<T>;
  restBytes(path: string): Promise<Uint8Array>;
  stop(): Promise<void>;
}

export function orthancAvailable(): boolean {
  return existsSync(ORTHANC_BIN) && existsSync(DICOMWEB_PLUGIN);
}

/** A port nobody listens on right now (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

export async function startOrthanc(opts: { user?: string; password?: string } = {}): Promise<Orthanc> {
  // Missing is a failure, not a skip: the PACS tests exist to run against the real server.
  if (!orthancAvailable())
    throw new Error(`Orthanc is not installed (${ORTHANC_BIN}, ${DICOMWEB_PLUGIN}): apt-get install orthanc orthanc-dicomweb`);
  const user = opts.user ?? 'medfig';
  const password = opts.password ?? 'pacs-test-secret';
  const dir = mkdtempSync(join(tmpdir(), 'medfig-orthanc-'));
  const auth = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  let lastLog = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = {
      Name: 'MEDFIG-TEST',
      StorageDirectory: join(dir, 'storage'),
      IndexDirectory: join(dir, 'storage'),
      HttpPort: port,
      HttpBindAddress: '127.0.0.1',
      RemoteAccessAllowed: false,
      AuthenticationEnabled: true,
      RegisteredUsers: { [user]: password },
      DicomServerEnabled: false,
      DicomPort: 0,
      Plugins: [DICOMWEB_PLUGIN],
      StorageCompression: false,
      DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Host: `127.0.0.1:${port}`, Ssl: false },
    };
    const cfgPath = join(dir, 'orthanc.json');
    writeFileSync(cfgPath, JSON.stringify(config, null, 2));
    const logPath = join(dir, `orthanc-${attempt}.log`);
    const child: ChildProcess = spawn(ORTHANC_BIN, [`--logfile=${logPath}`, cfgPath], { stdio: 'ignore' });
    let exited = false;
    child.once('exit', () => (exited = true));
    const url = `http://127.0.0.1:${port}`;
    // Ready when /system answers; a signal, not a sleep: poll until it answers or the process ends.
    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      try {
        const r = await fetch(`${url}/system`, { headers: { Authorization: auth }, signal: AbortSignal.timeout(2000) });
        if (r.ok) {
          ready = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) {
      lastLog = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-2000) : '';
      child.kill('SIGKILL');
      continue; // the port may have been taken in between: try another
    }
    const rest = async <T>(path: string): Promise<T> => {
      const r = await fetch(url + path, { headers: { Authorization: auth } });
      if (!r.ok) throw new Error(`Orthanc ${path}: ${r.status}`);
      return (await r.json()) as T;
    };
    const restBytes = async (path: string): Promise<Uint8Array> => {
      const r = await fetch(url + path, { headers: { Authorization: auth } });
      if (!r.ok) throw new Error(`Orthanc ${path}: ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    };
    return {
      port,
      url,
      dicomweb: `${url}/dicom-web`,
      user,
      password,
      rest,
      restBytes,
      async upload(path) {
        const r = await fetch(`${url}/instances`, {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/dicom' },
          body: readFileSync(path),
        });
        if (!r.ok) throw new Error(`Orthanc refused ${path}: ${r.status} ${await r.text()}`);
        return (await r.json()) as { ID: string; ParentStudy: string; ParentSeries: string; Status: string };
      },
      async stop() {
        if (!exited) {
          const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await gone;
          clearTimeout(t);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`Orthanc did not start: ${lastLog}`);
}
