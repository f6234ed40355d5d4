// Reading the pixels of panels for identifying text and faces (the host's services/deid, in its
// worker pools: the UI never waits on it). One runner for both callers: the "Check Pixels"
// action (with progress and Cancel in the canvas) and the export check (which reads what the
// figures use when it opens). Results go to the one proposal store (privacy-reports.ts), which
// the canvas and the export check's list both show.
import type { RedactionSuggestion } from '../../shared/api';
import { onProposals, proposalsOf, restoreDismissed, setProposals } from './privacy-reports';

export interface ScanTarget {
  sourceId: string;
  frame: number;
}

export interface ScanIo {
  suggest(sourceId: string, frame: number, jobId: string): Promise<{ suggestions: RedactionSuggestion[]; notes: string[] }>;
  cancel(jobId: string): void;
}

/**
 * Reads every target not read yet (or whose reading failed); returns a stop function that
 * cancels the readings still running (their state is forgotten, so the next request reads again).
 */
export function readProposals(targets: readonly ScanTarget[], io: ScanIo, onSettled?: (t: ScanTarget) => void): () => void {
  const jobs = new Map<string, ScanTarget>();
  for (const t of targets) {
    const known = proposalsOf(t.sourceId, t.frame);
    if (known && known.status !== 'failed') {
      // Already read, or being read by another caller: nothing to start.
      if (known.status === 'done') onSettled?.(t);
      continue;
    }
    const jobId = globalThis.crypto.randomUUID();
    jobs.set(jobId, t);
    setProposals(t.sourceId, t.frame, { status: 'reading' });
    io.suggest(t.sourceId, t.frame, jobId).then(
      (r) => {
        jobs.delete(jobId);
        setProposals(t.sourceId, t.frame, { status: 'done', suggestions: r.suggestions, notes: r.notes });
        onSettled?.(t);
      },
      (e: Error) => {
        jobs.delete(jobId);
        // Cancelled: forget, so the next request reads again.
        if (/cancel/i.test(e.message)) setProposals(t.sourceId, t.frame, undefined);
        else setProposals(t.sourceId, t.frame, { status: 'failed', message: e.message });
        onSettled?.(t);
      },
    );
  }
  return () => {
    for (const jobId of jobs.keys()) io.cancel(jobId);
  };
}

// ---- the "Check Pixels" action: one run at a time, its progress for the canvas ----------------

export interface ScanProgress {
  total: number;
  done: number;
  /** What was checked: "panel B" or "all 4 panels". */
  label: string;
}

let io: ScanIo | null = null;
let progress: ScanProgress | null = null;
/** The last run that read everything it was asked (cleared by the next run or dismiss()). */
let finished: ScanProgress | null = null;
let stop: (() => void) | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** The app wires the host API in once (the registry stays free of transport). */
export function configurePixelScan(next: ScanIo): void {
  io = next;
}

export const pixelScan = {
  progress: (): ScanProgress | null => progress,
  finished: (): ScanProgress | null => finished,
  /** Hides the last run's summary. */
  dismiss(): void {
    finished = null;
    notify();
  },
  running: (): boolean => progress !== null,
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  /** Checks the targets (dismissed proposals of theirs show again); a run in progress is replaced. */
  start(targets: readonly ScanTarget[], label: string): void {
    if (!io) throw new Error('the pixel check is not connected to the host');
    pixelScan.cancel();
    const unique = [...new Map(targets.map((t) => [`${t.sourceId}#${t.frame}`, t])).values()];
    for (const t of unique) restoreDismissed(t.sourceId, t.frame);
    const run: ScanProgress = { total: unique.length, done: 0, label };
    progress = run;
    finished = null;
    notify();
    const settled = new Set<string>();
    const finishOne = (t: ScanTarget) => {
      if (progress !== run) return;
      settled.add(`${t.sourceId}#${t.frame}`);
      progress = { ...run, done: settled.size };
      if (settled.size >= run.total) {
        finished = progress;
        progress = null;
        stop = null;
      }
      notify();
    };
    stop = readProposals(unique, io, finishOne);
    // A target another caller is reading settles through the store; watch it there.
    for (const t of unique) if (proposalsOf(t.sourceId, t.frame)?.status === 'reading') watch(t, () => finishOne(t));
  },
  cancel(): void {
    if (!progress) return;
    progress = null;
    stop?.();
    stop = null;
    notify();
  },
};

/** Calls `done` once the target's reading is no longer in progress. */
function watch(t: ScanTarget, done: () => void): void {
  const off = onProposals(() => {
    if (proposalsOf(t.sourceId, t.frame)?.status === 'reading') return;
    off();
    done();
  });
}
