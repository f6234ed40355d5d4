// The canvas first, the rest right after: an edit paints the figure in the next frame, and the
// views around it (figure and panel lists, inspector, legend, toolbar and menu states) re-render
// once that frame is painted, with whatever the document is by then. Rendering them on the way
// to the frame would cost the edit its frame with a large figure; a frame later, nobody sees it.
// Except while focus is on a form control (the inspector's, a dialog's): a controlled text field,
// checkbox or slider must show its own change at once, or React puts the old value back under the
// caret (and a checkbox looks as if the click did nothing).
import { startTransition, useEffect, useReducer, useRef, useState } from 'react';
import type { EditorState, EditorStore } from '../editor/store';

/** Runs `fn` once the next frame has been painted (a task queued from that frame's rAF). */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/**
 * Whether focus is on a form control, whose own change must show at once (see above). A focused
 * button or list row shows nothing of its own that could go stale.
 */
export function editingInViews(): boolean {
  const el = typeof document === 'undefined' ? null : document.activeElement;
  return !!el && el.matches('input, textarea, select, [contenteditable]:not([contenteditable="false"])');
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

/**
 * The editor's state as the app shows it. A document edit alone (an annotation moved, a display
 * changed) arrives one painted frame later: the canvas controller paints it from the store
 * itself, and rendering the app on the way would cost that frame. A change of the UI state (a
 * selection, a tool, a figure) or of the project's path, and any change while the user works in
 * the views, arrives at once, with the latest document.
 */
export function useShownState(store: EditorStore): EditorState {
  const [shown, setShown] = useState(store.get);
  const latest = useRef(shown);
  latest.current = shown;
  useEffect(() => {
    let pending = false;
    let alive = true;
    const now = () => {
      const s = store.get();
      return s.ui !== latest.current.ui || s.projectPath !== latest.current.projectPath || editingInViews();
    };
    const publish = () => {
      latest.current = store.get();
      setShown(latest.current);
    };
    const onChange = () => {
      if (store.get() === latest.current) return;
      if (now()) return publish();
      if (pending) return;
      pending = true;
      afterNextPaint(() => {
        pending = false;
        if (alive) startTransition(publish);
      });
    };
    const unsubscribe = store.subscribe(onChange);
    // A change between the first render and this subscription.
    onChange();
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [store]);
  return shown;
}
