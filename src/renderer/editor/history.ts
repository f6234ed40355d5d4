// Undo/redo over immutable document snapshots. Commands produce a new document; the history
// keeps the previous ones (structural sharing keeps this cheap). A drag coalesces into one
// entry through its coalesce key, so one gesture is one undo step.
import { keepUnchanged } from './same';

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key of the last change, for coalescing successive changes of one gesture. */
  lastKey: string | null;
}

export const MAX_HISTORY = 500;

export function initHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

export function commit<T>(h: History<T>, changed: T, coalesceKey: string | null = null): History<T> {
  // A command whose result equals its input is no change at all: no undo step, no autosave.
  const next = keepUnchanged(h.present, changed);
  if (next === h.present) return h;
  if (coalesceKey !== null && coalesceKey === h.lastKey) return { ...h, present: next, future: [] };
  const past = [...h.past, h.present];
  if (past.length > MAX_HISTORY) past.shift();
  return { past, present: next, future: [], lastKey: coalesceKey };
}

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future], lastKey: null };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1), lastKey: null };
}
