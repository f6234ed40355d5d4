// Recent projects for the native menu and the start screen: a small JSON file, newest
// first, at most `max`, one entry per file, files that no longer exist dropped on read.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile } from './atomic-write';

export interface RecentEntry {
  path: string;
  name: string;
  openedAt: string;
}

export interface Recents {
  list(): Promise<RecentEntry[]>;
  add(projectPath: string): Promise<RecentEntry[]>;
  remove(projectPath: string): Promise<RecentEntry[]>;
  clear(): Promise<void>;
}

// Windows and macOS file systems are case-insensitive by default: one file, one entry.
const sameKey = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);

function sanitize(raw: unknown): RecentEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (e): e is RecentEntry =>
        typeof e === 'object' && e !== null && typeof e.path === 'string' && path.isAbsolute(e.path) && typeof e.openedAt === 'string',
    )
    .map((e) => ({ path: e.path, name: path.basename(e.path, '.medfig'), openedAt: e.openedAt }));
}

export function createRecents(file: string, max = 10): Recents {
  // Serialise writes: two quick "open" clicks must not lose an entry.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn, fn);
    chain = p.catch(() => {});
    return p;
  };

  async function read(): Promise<RecentEntry[]> {
    try {
      return sanitize(JSON.parse(await fsp.readFile(file, 'utf8')));
    } catch {
      return []; // missing or corrupt: a recents list is never worth an error dialog
    }
  }
  async function write(list: RecentEntry[]): Promise<void> {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await atomicWriteFile(file, JSON.stringify(list, null, 2) + '\n');
  }
  const exists = (p: string) =>
    fsp.stat(p).then(
      (s) => s.isFile(),
      () => false,
    );

  return {
    list: () =>
      serial(async () => {
        const all = await read();
        const present: RecentEntry[] = [];
        for (const e of all) if (await exists(e.path)) present.push(e);
        if (present.length !== all.length) await write(present).catch(() => {});
        return present;
      }),
    add: (projectPath) =>
      serial(async () => {
        const abs = path.resolve(projectPath);
        const entry: RecentEntry = { path: abs, name: path.basename(abs, '.medfig'), openedAt: new Date().toISOString() };
        const list = [entry, ...(await read()).filter((e) => sameKey(e.path) !== sameKey(abs))].slice(0, max);
        await write(list);
        return list;
      }),
    remove: (projectPath) =>
      serial(async () => {
        const abs = path.resolve(projectPath);
        const list = (await read()).filter((e) => sameKey(e.path) !== sameKey(abs));
        await write(list);
        return list;
      }),
    clear: () => serial(() => write([])),
  };
}
