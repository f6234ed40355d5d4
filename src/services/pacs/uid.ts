// UIDs from a server become folder and file names in the cache: a hostile server must not be able
// to name "../../.bashrc". A well-formed UID (digits and dots, at most 64 characters) is used as
// is; anything else is replaced by a hash of it, and every path is checked to stay inside its root.
import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { PacsError } from './errors';

const UID = /^[0-9]+(\.[0-9]+)*$/;

/** DICOM PS3.5 §9.1 UIDs (lenient about leading zeros, which real archives do emit). */
export function isUid(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= 64 && UID.test(s);
}

/** A file-system-safe name for a UID: the UID itself when well formed, else "x" + a hash. */
export function uidFileName(uid: string): string {
  if (isUid(uid)) return uid;
  return 'x' + createHash('sha256').update(uid).digest('hex').slice(0, 40);
}

/** Join names under root and refuse any result outside it (belt and braces after uidFileName). */
export function pathInside(root: string, ...names: string[]): string {
  const r = resolve(root);
  const full = resolve(r, ...names);
  if (!full.startsWith(r + sep)) throw new PacsError('protocol', 'the server named a file outside the download folder; refused');
  return full;
}

/** A UID the user or the renderer gave us: well formed or refused with one sentence. */
export function checkUid(uid: string, what: string): string {
  if (!isUid(uid))
    throw new PacsError('bad-input', `${what} "${String(uid).slice(0, 80)}" is not a DICOM UID (digits and dots, at most 64 characters)`);
  return uid;
}
