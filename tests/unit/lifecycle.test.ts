// When the desktop app closes and quits (src/main/lifecycle.ts), driven through the event orders
// Electron produces: a quit held by the unsaved-work question, a quit cancelled there, a close
// while an export runs, and a page that crashes.
import { describe, expect, it } from 'vitest';
import { createCrashPolicy, createJobTracker, createLifecycle, jobQuestion, JOB_METHODS } from '../../src/main/lifecycle';
import { API_METHODS } from '../../src/shared/api';

describe('unsaved work on quit', () => {
  it('a quit held by the question goes on when the window closes after "Don\'t save"', () => {
    const l = createLifecycle('darwin');
    expect(l.beforeQuit(0, true)).toBe('proceed');
    expect(l.close(0)).toBe('proceed');
    l.unloadPrevented(); // the page holds the close and asks
    // "Don't save": the page closes the window itself (no BrowserWindow 'close').
    expect(l.closed()).toBe(true);
  });

  it('a quit cancelled at the question does not make a later plain close quit (macOS)', () => {
    const l = createLifecycle('darwin');
    l.beforeQuit(0, true);
    l.close(0);
    l.unloadPrevented();
    // Cancel: nothing happens. Later the document is saved and the window closed with Cmd+W.
    expect(l.close(0)).toBe('proceed');
    expect(l.closed()).toBe(false);
  });

  it('a plain close with unsaved work never quits', () => {
    const l = createLifecycle('darwin');
    l.close(0);
    l.unloadPrevented();
    expect(l.closed()).toBe(false);
  });
});

describe('running jobs', () => {
  it('Linux/Windows: closing the window (which quits) asks while an export runs', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const l = createLifecycle(platform);
      expect(l.close(1)).toBe('ask');
      // A second click while the question is open is held, not asked twice.
      expect(l.close(1)).toBe('hold');
      expect(l.answered(false)).toBe('stay');
      expect(l.close(1)).toBe('ask');
      expect(l.answered(true)).toBe('close');
      // Closed again: goes through; then the app quits with no window left.
      expect(l.close(1)).toBe('proceed');
      expect(l.beforeQuit(1, false)).toBe('proceed');
    }
  });

  it('macOS: closing the window does not ask (the export goes on), a quit does', () => {
    const l = createLifecycle('darwin');
    expect(l.close(1)).toBe('proceed');
    expect(l.beforeQuit(1, true)).toBe('proceed');
    expect(l.close(1)).toBe('ask');
    expect(l.answered(true)).toBe('quit');
    // The quit again: every close goes through.
    expect(l.beforeQuit(1, true)).toBe('proceed');
    expect(l.close(1)).toBe('proceed');
  });

  it('macOS: a quit with no window open asks in before-quit', () => {
    const l = createLifecycle('darwin');
    expect(l.beforeQuit(2, false)).toBe('ask');
    expect(l.beforeQuit(2, false)).toBe('hold');
    expect(l.answered(false)).toBe('stay');
    expect(l.beforeQuit(2, false)).toBe('ask');
    expect(l.answered(true)).toBe('quit');
    expect(l.beforeQuit(2, false)).toBe('proceed');
  });

  it('"Keep exporting" during a quit leaves no quit behind it', () => {
    const l = createLifecycle('darwin');
    l.beforeQuit(1, true);
    expect(l.close(1)).toBe('ask');
    expect(l.answered(false)).toBe('stay');
    // The export ends; a plain close with unsaved work then is not a quit.
    l.jobsIdle();
    l.close(0);
    l.unloadPrevented();
    expect(l.closed()).toBe(false);
  });

  it('the answer holds until the jobs are done; later jobs are asked about again', () => {
    const l = createLifecycle('linux');
    l.close(1);
    l.answered(true);
    expect(l.close(1)).toBe('proceed');
    l.jobsIdle();
    expect(l.close(1)).toBe('ask');
  });

  it('no job, no question', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const l = createLifecycle(platform);
      expect(l.beforeQuit(0, false)).toBe('proceed');
      expect(l.close(0)).toBe('proceed');
    }
  });
});

describe('createJobTracker', () => {
  it('counts the job calls under way and says which; others are not jobs', () => {
    let idle = 0;
    const t = createJobTracker(() => idle++);
    expect(t.start('getFrame')).toBeNull();
    const a = t.start('exportFigure')!;
    const b = t.start('collectProject')!;
    expect(t.count).toBe(2);
    expect(t.describe()).toBe('An export is still running.');
    a();
    a(); // ending twice counts once
    expect(t.count).toBe(1);
    expect(t.describe()).toBe('Collect Project is still copying files.');
    expect(idle).toBe(0);
    b();
    expect(t.count).toBe(0);
    expect(t.describe()).toBeNull();
    expect(idle).toBe(1);
  });

  it('every job method is an API method', () => {
    for (const m of Object.keys(JOB_METHODS)) expect(API_METHODS).toContain(m);
  });

  it('the question names the job, keeping it as the default answer', () => {
    expect(jobQuestion('An export is still running.')).toEqual({
      message: 'An export is still running. Quit anyway?',
      detail: 'Quitting now stops it, and its file is not written.',
      buttons: ['Keep exporting', 'Quit anyway'],
    });
    expect(jobQuestion(JOB_METHODS.collectProject).buttons).toEqual(['Keep copying', 'Quit anyway']);
  });
});

describe('createCrashPolicy', () => {
  it('reloads a crashed page, but not after a clean exit, and gives up on a crash loop', () => {
    let t = 0;
    const p = createCrashPolicy(() => t);
    expect(p('clean-exit')).toBe('ignore');
    expect(p('crashed')).toBe('reload');
    t += 1000;
    expect(p('oom')).toBe('reload');
    t += 1000;
    expect(p('killed')).toBe('reload');
    t += 1000;
    expect(p('crashed')).toBe('give-up');
    // A minute later the count starts again.
    t += 61_000;
    expect(p('crashed')).toBe('reload');
  });
});
