// Shared helpers for the documents tests: temp folders and small real files.
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Project } from '../../../src/shared/figure/schema';
import { migrate } from '../../../src/shared/figure/migrations';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/projects');

export async function tempDir(prefix = 'medfig-doc-'): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A fixture of any format, upgraded to the current one as opening it would. */
export async function fixtureProject(version = 1): Promise<Project> {
  return migrate(JSON.parse(await fsp.readFile(path.join(FIXTURES, `v${version}.medfig`), 'utf8')));
}

/** Distinct bytes per seed, so two "images" never share a hash by accident. */
export function fakeImageBytes(seed: number, size = 4096): Buffer {
  const b = Buffer.alloc(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  b.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
  return b;
}

export async function writeFileDeep(file: string, data: Buffer | string): Promise<string> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, data);
  return file;
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Makes a folder read-only with a read-only bind mount of itself (root only); returns the undo. */
export function bindReadOnly(dir: string): () => Promise<void> {
  const mount = (...args: string[]) => {
    const r = spawnSync('mount', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mount ${args.join(' ')} failed: ${r.stderr.trim()}`);
  };
  mount('--bind', dir, dir);
  mount('-o', 'remount,ro,bind', dir);
  return async () => {
    spawnSync('umount', [dir]);
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection<E = import('../../../src/services/documents').DocumentError>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
