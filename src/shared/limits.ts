// One set of size limits for everything a user or a renderer can hand Medfig: the document
// schema, the project loader, the wire format and the hosts read them from here, so the web
// host never accepts a body the schema would refuse (or the other way round). Each limit is
// far above what a real figure needs and low enough that a hostile file is refused in
// milliseconds, before anything large is allocated.

const MiB = 1024 * 1024;

export const LIMITS = {
  /** A file dropped into the app (importBytes). */
  importBytes: 512 * MiB,
  /** A .medfig file on disk (or in a request): the sample case is 30 KB. */
  projectBytes: 32 * MiB,
  /** JSON nesting of a project or a wire message (the schema's deepest path is 9 levels). */
  jsonDepth: 64,
  /** Points in one polygon, freehand or measured path. */
  pointsPerShape: 100_000,
  /** Annotations on one panel. */
  annotationsPerPanel: 20_000,
  /** Annotations in a whole project. */
  annotationsPerProject: 50_000,
  /** Points over all annotations of a project (each is drawn at every export). */
  pointsPerProject: 1_000_000,
  /** Typed arrays in one wire message. */
  wireBuffers: 64,
} as const;

/** Largest request body a host accepts: one import plus the JSON around it. */
export const MAX_REQUEST_BYTES = LIMITS.importBytes + 4 * MiB;

export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(n % (1024 * MiB) ? 1 : 0)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(n % MiB ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}

/**
 * Deepest nesting of objects/arrays in JSON text, stopping as soon as `limit` is passed.
 * A linear scan without recursion: JSON.parse and validators recurse, and 50,000 levels
 * overflow their stacks ("Maximum call stack size exceeded") instead of giving a message.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
