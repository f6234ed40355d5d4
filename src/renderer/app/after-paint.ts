// The canvas first, the rest right after: an edit paints the figure in the next frame, and the
// views around it (figure and panel lists, inspector, legend, toolbar and menu states) re-render
// once that frame is painted, with whatever the document is by then. Rendering them on the way
// to the frame would cost the edit its frame with a large figure; a frame later, nobody sees it.
// Except while the user works in those views (focus in an element marked data-live-edits): a
// controlled text field, checkbox or slider must show its own change at once, or React puts the
// old value back under the caret.
import { startTransition, useEffect, useReducer, useRef, useState } from 'react';

/** Runs `fn` once the next frame has been painted (a task queued from that frame's rAF). */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** Whether focus is in a view whose own controls edit the document (see above). */
export function editingInViews(): boolean {
  const el = typeof document === 'undefined' ? null : document.activeElement;
  return !!el && !!el.closest('[data-live-edits]');
}

/**
 * `value` as of the last painted frame: the latest value, one frame after it changed; with
 * `live`, the latest value at once.
 */
export function useAfterPaint<T>(value: T, live = false): T {
  const [shown, setShown] = useState(value);
  // Catch up during this render (React's pattern for state derived from props), so that going
  // back to the frame-late value never shows an older one.
  if (live && !Object.is(shown, value)) setShown(value);
  const latest = useRef(value);
  const pending = useRef(false);
  useEffect(() => {
    latest.current = value;
    if (Object.is(value, shown) || pending.current) return;
    pending.current = true;
    afterNextPaint(() => {
      pending.current = false;
      // A transition: React may spread the render over several tasks, and an input wins over it.
      startTransition(() => setShown(latest.current));
    });
  }, [value, shown]);
  return live ? value : shown;
}

/** Re-renders the calling component after the frame that follows any change of `store`. */
export function useRenderAfterPaint(subscribe: (listener: () => void) => () => void): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    let pending = false;
    let alive = true;
    const unsubscribe = subscribe(() => {
      if (pending) return;
      pending = true;
      afterNextPaint(() => {
        pending = false;
        if (alive) startTransition(() => bump());
      });
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [subscribe]);
}
