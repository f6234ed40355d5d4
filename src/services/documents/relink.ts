// Find moved sources by content: walk a few folders (bounded, so a project saved in the home
// folder does not hash the whole disk), hash only files whose size matches a wanted ref.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { hashFile } from './hash';

export interface SearchLimits {
  /** Folder levels below each root. */
  maxDepth: number;
  /** Directory entries looked at, over all roots. */
  maxEntries: number;
  /** Candidate files hashed, over all roots. */
  maxHashes: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { maxDepth: 4, maxEntries: 20000, maxHashes: 200 };

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '$RECYCLE.BIN', 'System Volume Information']);

export interface Wanted {
  sha256: string;
  size: number;
  /** Basename of the old path: files with that name are hashed first. */
  name: string;
}

/** Returns sha256 → absolute path for every wanted hash found. */
export async function findByHash(
  roots: string[],
  wanted: Wanted[],
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (wanted.length === 0) return found;
  const sizes = new Set(wanted.map((w) => w.size));
  const names = new Set(wanted.map((w) => w.name.toLowerCase()));
  const hashes = new Set(wanted.map((w) => w.sha256));
  const candidates: string[] = [];
  const seenDirs = new Set<string>();
  let entries = 0;

  // Breadth-first, so files near the project are seen before deep ones when a limit bites.
  const queue: [string, number][] = roots.map((r) => [r, 0]);
  while (queue.length > 0 && entries <= limits.maxEntries) {
    const [dir, depth] = queue.shift()!;
    const real = await fsp.realpath(dir).catch(() => null);
    if (!real || seenDirs.has(real)) continue; // symlink loops, overlapping roots
    seenDirs.add(real);
    const list = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of list) {
      if (++entries > limits.maxEntries) break;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < limits.maxDepth && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) queue.push([full, depth + 1]);
      } else if (e.isFile()) {
        const st = await fsp.stat(full).catch(() => null);
        if (st && sizes.has(st.size)) candidates.push(full);
      }
    }
  }
  // Same-name files first: the usual case is a folder that was moved or renamed.
  candidates.sort((a, b) => Number(!names.has(path.basename(a).toLowerCase())) - Number(!names.has(path.basename(b).toLowerCase())));
  let hashed = 0;
  for (const c of candidates) {
    if (found.size === hashes.size || hashed++ >= limits.maxHashes) break;
    const h = await hashFile(c).catch(() => null);
    if (h && hashes.has(h.sha256) && !found.has(h.sha256)) found.set(h.sha256, c);
  }
  return found;
}
