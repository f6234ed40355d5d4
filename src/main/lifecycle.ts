// When the desktop app may close its window and quit, as plain state (no electron import), so
// every path is unit-tested (tests/unit/lifecycle.test.ts); index.ts feeds it Electron's events.
//
// - Unsaved work: the renderer's beforeunload holds the close and asks in the page, then closes
//   the window itself (that close emits no BrowserWindow 'close'). A quit held that way goes on
//   when the window does close — and only that quit: a close asked for later starts afresh.
// - Running jobs: an export (or Collect) runs in the services of this process; quitting kills it
//   and its file is never written. A close that would quit asks first ("Quit anyway?"). On macOS
//   closing the window does not quit, so only a quit asks there.

/** API methods whose calls are jobs a quit would kill, with what the question says about them. */
export const JOB_METHODS: Readonly<Record<string, string>> = {
  exportFigure: 'An export is still running.',
  exportSlides: 'An export is still running.',
  exportCine: 'An export is still running.',
  exportPackage: 'An export is still running.',
  collectProject: 'Collect Project is still copying files.',
};

/** Counts the job calls under way (index.ts wraps every IPC call). */
export function createJobTracker(onIdle: () => void = () => {}) {
  const running = new Map<number, string>();
  let next = 0;
  return {
    /** A call began; the function it returns ends it (null: not a job). */
    start(method: string): (() => void) | null {
      const what = JOB_METHODS[method];
      if (!what) return null;
      const id = next++;
      running.set(id, what);
      return () => {
        if (running.delete(id) && running.size === 0) onIdle();
      };
    },
    get count(): number {
      return running.size;
    },
    /** What the question names: the first job still running. */
    describe(): string | null {
      return running.values().next().value ?? null;
    },
  };
}

/** The question asked before a quit kills a job: message box options, "Keep …" first (the default). */
export function jobQuestion(what: string): { message: string; detail: string; buttons: [string, string] } {
  const exporting = what.startsWith('An export');
  return {
    message: `${what} Quit anyway?`,
    detail: exporting ? 'Quitting now stops it, and its file is not written.' : 'Quitting now stops it, and the folder is left incomplete.',
    buttons: [exporting ? 'Keep exporting' : 'Keep copying', 'Quit anyway'],
  };
}

export type CloseDecision = 'proceed' | 'ask' | 'hold';
export type Answer = 'quit' | 'close' | 'stay';

export function createLifecycle(platform: NodeJS.Platform) {
  /** A quit is under way (before-quit seen, not yet held by a question). */
  let quitting = false;
  /** A quit held by the unsaved-work question: it goes on if the window closes after it. */
  let resumeQuit = false;
  /** "Quit anyway" was answered while jobs ran (until they are all done). */
  let confirmed = false;
  /** A question about running jobs is open. */
  let asking: { quit: boolean } | null = null;
  const closeQuits = platform !== 'darwin';

  return {
    /** app 'before-quit'. 'ask': prevent it and ask (jobs run, no window would ask). */
    beforeQuit(jobs: number, hasWindow: boolean): CloseDecision {
      if (jobs > 0 && !confirmed && !hasWindow) {
        if (asking) return 'hold';
        asking = { quit: true };
        return 'ask';
      }
      quitting = true;
      return 'proceed';
    },
    /** BrowserWindow 'close' (close button, Cmd+W, a quit closing it). 'ask'/'hold': prevent it. */
    close(jobs: number): CloseDecision {
      // A fresh close: a quit cancelled at the unsaved-work question does not ride along.
      resumeQuit = false;
      if (asking) return 'hold';
      if (jobs > 0 && !confirmed && (closeQuits || quitting)) {
        // Preventing the close cancels the quit too: remember it for the answer.
        asking = { quit: quitting };
        quitting = false;
        return 'ask';
      }
      return 'proceed';
    },
    /** The answer to the jobs question: quit again, close the window again, or stay. */
    answered(quitAnyway: boolean): Answer {
      const wasQuit = asking?.quit ?? false;
      asking = null;
      if (!quitAnyway) return 'stay';
      confirmed = true;
      return wasQuit ? 'quit' : 'close';
    },
    /** webContents 'will-prevent-unload': the page holds the close to ask about unsaved work. */
    unloadPrevented(): void {
      resumeQuit = quitting;
      quitting = false;
    },
    /** BrowserWindow 'closed': true when a held quit goes on now. */
    closed(): boolean {
      const q = resumeQuit;
      resumeQuit = false;
      return q;
    },
    /** Every job has ended: a later one is asked about again. */
    jobsIdle(): void {
      confirmed = false;
    },
  };
}

/**
 * Whether a crashed page is reloaded: not after a clean exit or during a quit, and not a fourth
 * time within a minute (a page that crashes on load would otherwise loop).
 */
export function createCrashPolicy(now: () => number = Date.now, limit = 3, windowMs = 60_000) {
  const crashes: number[] = [];
  return (reason: string): 'reload' | 'give-up' | 'ignore' => {
    if (reason === 'clean-exit') return 'ignore';
    const t = now();
    while (crashes.length && t - crashes[0] > windowMs) crashes.shift();
    crashes.push(t);
    return crashes.length > limit ? 'give-up' : 'reload';
  };
}
