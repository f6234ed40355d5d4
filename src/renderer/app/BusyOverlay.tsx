// Anything that takes more than ~300 ms (opening a large TIFF, loading a series) shows what is
// happening and can be cancelled: the result is then dropped (the services finish on their own).
import { useEffect, useState } from 'react';

export function BusyOverlay({ text, onCancel }: { text: string | null; onCancel(): void }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    if (!text) return;
    const t = setTimeout(() => setShown(true), 300);
    return () => clearTimeout(t);
  }, [text]);
  if (!text || !shown) return null;
  return (
    <div className="busy-overlay" role="status" aria-live="polite" data-testid="busy">
      <span className="spinner" /> {text}
      <button className="small" onClick={onCancel} data-testid="busy-cancel">
        Cancel
      </button>
    </div>
  );
}
