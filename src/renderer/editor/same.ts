// Structural sharing restored after a command: every part of `next` that equals the part of
// `prev` at the same place is replaced by `prev`'s object. So a command that changed nothing
// (clicking an already-chosen value, setting a field to what it was) returns `prev` itself and
// records no undo step, and a real edit keeps the identity of every panel and annotation it did
// not touch (the canvas redraws by identity).
export function keepUnchanged<T>(prev: T, next: T): T {
  if (prev === next) return prev;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  if (Array.isArray(prev)) {
    const a = next as unknown as unknown[];
    const out = a.map((x, i) => (i < prev.length ? keepUnchanged(prev[i], x) : x));
    const same = out.length === prev.length && out.every((x, i) => x === prev[i]);
    return (same ? prev : out) as T;
  }
  // Only plain data (the document is JSON): a Set, Map or class instance is compared by identity.
  if (Object.getPrototypeOf(prev) !== Object.prototype || Object.getPrototypeOf(next) !== Object.prototype) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = k in p ? keepUnchanged(p[k], n[k]) : n[k];
    out[k] = v;
    if (v !== p[k] || !(k in p)) same = false;
  }
  return (same ? prev : out) as T;
}
