// Source references: relative path (forward slashes) + SHA-256 + size. Never pixels.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { newId } from '../../shared/figure/factory';
import type { SourceRef } from '../../shared/figure/schema';
import { DocumentError, fileLabel, whyFsFailed } from './errors';
import { hashFile } from './hash';
import { sniffKind } from './sniff-kind';

/** Path stored in the document: relative to the project folder, '/' on every OS. */
export function toStoredPath(projectDir: string, absPath: string): string {
  // On Windows a file on another drive has no relative path: relative() returns it absolute.
  return path.relative(projectDir, absPath).split(path.sep).join('/');
}

function isAbsoluteAnywhere(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

export function resolveSourcePath(projectDir: string, ref: Pick<SourceRef, 'path'>): string {
  if (isAbsoluteAnywhere(ref.path)) return path.normalize(ref.path);
  return path.resolve(projectDir, ...ref.path.split('/'));
}

export async function addSource(projectDir: string, absPath: string, id: string = newId()): Promise<SourceRef> {
  try {
    const st = await fsp.stat(absPath);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    const [{ sha256, size }, kind] = await Promise.all([hashFile(absPath), sniffKind(absPath)]);
    return { id, path: toStoredPath(projectDir, path.resolve(absPath)), sha256, size, kind };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DocumentError(
      `Could not add ${fileLabel(absPath)}: ${code === 'ENOENT' ? 'the file does not exist' : whyFsFailed(err)}.`,
      code === 'ENOENT' ? 'not-found' : 'io',
      absPath,
      { cause: err },
    );
  }
}

export interface LocateResult {
  /** The candidate could be read. */
  ok: boolean;
  /** Same bytes as the original source: relinking changes nothing in the figure. */
  sameHash: boolean;
  /** The ref to store if the user accepts (its hash/size are the candidate's). */
  newRef: SourceRef | null;
  /** Set when the user should confirm or retry. */
  warning?: string;
}

/** "Locate…": check a file the user picked against the missing source's hash. */
export async function locateSource(projectDir: string, ref: SourceRef, candidatePath: string): Promise<LocateResult> {
  let fresh: SourceRef;
  try {
    fresh = await addSource(projectDir, candidatePath, ref.id);
  } catch (err) {
    return { ok: false, sameHash: false, newRef: null, warning: (err as Error).message };
  }
  const sameHash = fresh.sha256 === ref.sha256;
  return {
    ok: true,
    sameHash,
    newRef: fresh,
    warning: sameHash
      ? undefined
      : `${fileLabel(candidatePath)} is a different image from the one this panel was made with (SHA-256 differs). Annotations, crop and calibration may no longer fit it.`,
  };
}
