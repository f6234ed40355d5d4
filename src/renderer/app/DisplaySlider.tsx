// A display slider (brightness, contrast, gamma, saturation) that previews while dragged: the
// canvas shows each value at once without a document change, and the release commits ONE
// command. Keyboard steps (arrow keys) commit each step, as they are single changes.
import { useEffect, useRef, useState } from 'react';

interface Props {
  value: number;
  min: number;
  max: number;
  step: number;
  /** Show this value on the canvas (null: the document's again). */
  onPreview(v: number | null): void;
  onCommit(v: number): void;
  testId?: string;
}

export function DisplaySlider({ value, min, max, step, onPreview, onCommit, testId }: Props) {
  const [live, setLive] = useState<number | null>(null);
  const dragging = useRef(false);
  const latest = useRef({ live, value, onPreview, onCommit });
  useEffect(() => {
    latest.current = { live, value, onPreview, onCommit };
  });

  // A release anywhere (the pointer may leave the slider) ends the drag.
  useEffect(() => {
    const end = () => {
      if (!dragging.current) return;
      dragging.current = false;
      const { live: v, value: doc, onPreview: preview, onCommit: commit } = latest.current;
      setLive(null);
      if (v === null) return;
      if (v === doc) preview(null);
      else commit(v);
    };
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    return () => {
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
    };
  }, []);

  return (
    <input
      type="range"
      min={min}
      max={max}
      step={step}
      value={live ?? value}
      data-testid={testId}
      onPointerDown={() => {
        dragging.current = true;
      }}
      onChange={(e) => {
        const v = Number(e.target.value);
        if (dragging.current) {
          setLive(v);
          onPreview(v);
        } else onCommit(v);
      }}
    />
  );
}
