// The "Check Pixels" run, in the status bar: what is being read, how far it is, Cancel; then how
// many proposals it left on the canvas and what a click does. The reading runs in the host's
// pools, so the editor stays usable meanwhile.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Figure } from '../../shared/figure/schema';
import { pixelScan } from './pixel-scan';
import { isDismissed, onProposals, proposalsOf } from './privacy-reports';
import { pendingProposals, redactionRects } from './privacy-check';

function pendingCount(figure: Figure): { all: number; identifying: number; found: number } {
  let all = 0;
  let identifying = 0;
  let found = 0;
  for (const p of figure.panels) {
    const st = proposalsOf(p.sourceId, p.frame);
    if (st?.status !== 'done') continue;
    found += st.suggestions.length;
    const list = pendingProposals(st.suggestions, redactionRects(p), (s) => isDismissed(p.sourceId, p.frame, s));
    all += list.length;
    identifying += list.filter((s) => s.identifier).length;
  }
  return { all, identifying, found };
}

export function PixelCheckStatus({ figure }: { figure: Figure }) {
  const progress = useSyncExternalStore(pixelScan.subscribe, pixelScan.progress);
  const [, setTick] = useState(0);
  useEffect(() => onProposals(() => setTick((t) => t + 1)), []);
  const finished = useSyncExternalStore(pixelScan.subscribe, pixelScan.finished);

  if (progress)
    return (
      <div className="pixel-check" role="status" data-testid="pixel-check-status">
        <span className="spinner" /> Checking pixels of {progress.label}: {progress.done} of {progress.total} read…{' '}
        <button type="button" className="small" onClick={() => pixelScan.cancel()} data-testid="pixel-check-cancel">
          Cancel
        </button>
      </div>
    );
  if (!finished) return null;
  const n = pendingCount(figure);
  return (
    <div className="pixel-check" role="status" data-testid="pixel-check-done">
      {n.all
        ? `${n.all} proposal${n.all > 1 ? 's' : ''} on the canvas${n.identifying ? ` (${n.identifying} identifying)` : ''}: click one to redact it (Enter), × to dismiss it.`
        : n.found
          ? 'Every proposal is decided (redacted or dismissed).'
          : `Nothing identifying found in the pixels of ${finished.label}.`}{' '}
      <button type="button" className="small" aria-label="Hide the pixel check summary" onClick={() => pixelScan.dismiss()}>
        ×
      </button>
    </div>
  );
}
