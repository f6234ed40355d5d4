// The canvas controller's two figures, in the real renderer in Chromium, each as a ratio to
// the build of the commit before it ("before") run in the same go:
//
// 1. Edit → painted frame: a four-panel figure holding 500 annotations; one annotation is moved
//    (one command through the store, as a tool's release does) and the time to the end of the
//    next painted frame is taken (rAF, then a task after it). Median and p95 of EDITS edits.
// 2. Window/level drag on a 2048 × 2048 grey panel: frame intervals (rAF) during a scripted
//    drag with the Window tool. p95 against the 60 Hz budget (16.7 ms).
//
//   npx electron-vite build --mode test                     # the build under test (out/)
//   git worktree add /tmp/before <base> && (cd /tmp/before && ln -s /work/main/node_modules &&
//     npx electron-vite build)                               # the reference build
//   BEFORE_OUT=/tmp/before/out node --import tsx bench/canvas-bench.ts
//
// EDITS=n (default 40), MOVES=n pointer moves of the drag (default 120). Without BEFORE_OUT only
// the current build is measured (no ratio).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startWebHost } from '../src/web/server';

const ROOT = resolve(import.meta.dirname, '..');
const EDITS = Number(process.env.EDITS ?? 40);
const MOVES = Number(process.env.MOVES ?? 120);
const BUDGET_MS = 1000 / 60;
/** PROFILE=<path prefix>: a CPU profile of the edit loop per build (<prefix>-<build>.cpuprofile), top functions printed. */
const PROFILE = process.env.PROFILE;
/** ONLY=edit or ONLY=drag runs one of the two figures. */
const ONLY = process.env.ONLY;
const NONE: Stats = { n: 0, median: NaN, p95: NaN, max: NaN };
const NO_EDITS: EditStats = { task: NONE, committed: NONE, presented: NONE, toFrame: NONE, withinFrame: NaN };

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
/** The functions with the most self time, and the most total (inclusive) time, of a CPU profile. */
function printProfile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, label: string): void {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    selfBy.set(name(n), (selfBy.get(name(n)) ?? 0) + ms);
    // Inclusive: once per distinct frame on the stack (recursion counted once).
    const seen = new Set<string>();
    for (let k: number | undefined = id; k !== undefined; k = parent.get(k)) {
      const nm = name(byId.get(k)!);
      if (seen.has(nm)) continue;
      seen.add(nm);
      totalBy.set(nm, (totalBy.get(nm) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n');
  console.log(`[${label}] self time:\n${top(selfBy, 30)}\n[${label}] total time:\n${top(totalBy, 50)}`);
}

interface Stats {
  n: number;
  median: number;
  p95: number;
  max: number;
}
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/** A 2048 × 2048 8-bit grey image with structure (rings + noise), in the bench's folder. */
async function makeGrey(dir: string): Promise<string> {
  const W = 2048;
  const px = Buffer.alloc(W * W);
  let seed = 7;
  for (let y = 0; y < W; y++)
    for (let x = 0; x < W; x++) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      const r = Math.hypot(x - W / 2, y - W / 2);
      px[y * W + x] = Math.max(0, Math.min(255, 128 + 80 * Math.sin(r / 30) + ((seed >>> 24) % 40) - 20));
    }
  const file = join(dir, 'grey-2048.png');
  await sharp(px, { raw: { width: W, height: W, channels: 1 } })
    .png()
    .toFile(file);
  return file;
}

async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // tsx compiles this file with esbuild's keepNames: functions passed to evaluate() call __name.
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(url);
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
  return page;
}

interface EditStats {
  /** To the first task after the frame's rAF (what a script can observe: the old figure). */
  task: Stats;
  /** To the end of the main thread's commit of the frame that drew the edit (Chromium's trace). */
  committed: Stats;
  /** To that frame being displayed by the compositor (Chromium's trace: Display::FrameDisplayed). */
  presented: Stats;
  /** Waiting for the frame: to the start of the frame's rAF callbacks (the canvas draws there). */
  toFrame: Stats;
  /** Share of edits displayed within one 60 Hz frame (16.7 ms) of the command. */
  withinFrame: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

/**
 * Per edit, from the trace: `medfig-edit` (the command dispatched) and `medfig-drawn` (a rAF
 * callback queued right after the command, so it runs in the frame that draws the edit, after
 * the canvas's own draw); the first main-thread Commit after `drawn` is that frame's, and the
 * first Display::FrameDisplayed after its end is the frame on screen.
 */
function frameTimes(events: TraceEvent[]): { committed: number[]; presented: number[]; toFrame: number[] } {
  const marks = (n: string) =>
    events
      .filter((e) => e.name === n)
      .map((e) => e.ts)
      .sort((a, b) => a - b);
  const edits = marks('medfig-edit');
  const drawn = marks('medfig-drawn');
  const renderer = events.find((e) => e.name === 'medfig-edit');
  const commits = events
    .filter((e) => e.name === 'Commit' && e.ph === 'X' && e.pid === renderer?.pid && e.tid === renderer?.tid)
    .map((e) => e.ts + (e.dur ?? 0))
    .sort((a, b) => a - b);
  const shown = marks('Display::FrameDisplayed');
  const committed: number[] = [];
  const presented: number[] = [];
  const toFrame: number[] = [];
  edits.forEach((t0, i) => {
    const d = drawn.find((x) => x > t0);
    if (d === undefined || (edits[i + 1] !== undefined && d > edits[i + 1])) return;
    const c = commits.find((x) => x > d);
    const p = c === undefined ? undefined : shown.find((x) => x > c);
    if (c === undefined || p === undefined) return;
    committed.push((c - t0) / 1000);
    toFrame.push((d - t0) / 1000);
    presented.push((p - t0) / 1000);
  });
  return { committed, presented, toFrame };
}

async function editToPaint(browser: Browser, url: string, label: string): Promise<EditStats> {
  const page = await openApp(browser, url);
  await page.getByTestId('start-sample').click();
  const figures = page.getByRole('complementary', { name: 'Figures and panels' });
  await figures.getByText('Figure 5 — Composite A–D').waitFor({ timeout: 60_000 });
  await figures.getByText('Figure 5 — Composite A–D').click();
  await page.getByTestId('panel-list').getByText('skin-biopsy-micrograph.png').waitFor();
  // 125 annotations on each of the four panels (one command).
  await page.evaluate(() => {
    type Store = { figure(): { id: string }; dispatch(c: (p: any) => any): void };
    const store = (window as unknown as { medfigEditor: Store }).medfigEditor;
    const figId = store.figure().id;
    const style = { color: '#ffffff', strokePt: 1.5, fontPt: 8, halo: true, haloColor: '#000000', opacity: 1, fill: null, bold: false };
    let seed = 42;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 500 + 20;
    store.dispatch((p: any) => ({
      ...p,
      figures: p.figures.map((f: any) =>
        f.id !== figId
          ? f
          : {
              ...f,
              panels: f.panels.map((x: any, pi: number) => ({
                ...x,
                annotations: Array.from({ length: 125 }, (_, i) => {
                  const base = { id: `b${pi}-${i}`, layer: 'labels', style };
                  return i % 3 === 0
                    ? {
                        ...base,
                        type: 'arrow',
                        points: [
                          [r(), r()],
                          [r(), r()],
                        ],
                        head: 'filled',
                        tail: 'none',
                      }
                    : i % 3 === 1
                      ? { ...base, type: 'rect', at: [r(), r()], size: [40, 30], rotation: 0 }
                      : { ...base, type: 'text', at: [r(), r()], text: `label ${i}`, rotation: 0 };
                }),
              })),
            },
      ),
    }));
  });
  await page.waitForTimeout(1500);
  const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await browser.startTracing(page, {
    categories: process.env.TRACE_OUT
      ? ['blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'viz', 'v8', 'blink.console']
      : ['blink.user_timing', 'disabled-by-default-devtools.timeline', 'viz'],
  });
  const times = await page.evaluate(async (edits) => {
    type Store = { figure(): { id: string }; dispatch(c: (p: any) => any): void };
    const store = (window as unknown as { medfigEditor: Store }).medfigEditor;
    const figId = store.figure().id;
    const afterPaint = () =>
      new Promise<number>((res) =>
        requestAnimationFrame(() => {
          // A task queued in the frame's rAF runs after that frame is painted.
          const ch = new MessageChannel();
          ch.port1.onmessage = () => res(performance.now());
          ch.port2.postMessage(0);
        }),
      );
    const out: number[] = [];
    for (let k = 0; k < edits; k++) {
      await afterPaint();
      await new Promise((r) => setTimeout(r, 30));
      performance.mark('medfig-edit');
      const t0 = performance.now();
      // Move one annotation of panel C (the third panel) by a pixel: one command.
      store.dispatch((p: any) => ({
        ...p,
        figures: p.figures.map((f: any) =>
          f.id !== figId
            ? f
            : {
                ...f,
                panels: f.panels.map((x: any, pi: number) =>
                  pi !== 2
                    ? x
                    : { ...x, annotations: x.annotations.map((a: any, i: number) => (i === 1 ? { ...a, at: [a.at[0] + 1, a.at[1]] } : a)) },
                ),
              },
        ),
      }));
      requestAnimationFrame(() => performance.mark('medfig-drawn'));
      // Chromium has run React's update and Konva's batched draw by the end of the next frame.
      await new Promise((r) => setTimeout(r, 0));
      out.push((await afterPaint()) - t0);
    }
    return out;
  }, EDITS);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const frames = frameTimes(trace.traceEvents);
  if (process.env.TRACE_OUT) writeFileSync(`${process.env.TRACE_OUT}-${label}.json`, JSON.stringify(trace));
  if (process.env.VERBOSE)
    console.log(label, frames.presented.map((x) => x.toFixed(1)).join(' '), '\n', times.map((x) => x.toFixed(1)).join(' '));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${PROFILE}-${label}.cpuprofile`, JSON.stringify(profile));
    printProfile(profile, label);
  }
  await page.close();
  return {
    task: stats(times),
    committed: stats(frames.committed),
    presented: stats(frames.presented),
    toFrame: stats(frames.toFrame),
    withinFrame: frames.presented.filter((x) => x <= BUDGET_MS).length / Math.max(1, frames.presented.length),
  };
}

async function windowDrag(browser: Browser, url: string, dirName: string): Promise<Stats & { window: string }> {
  const page = await openApp(browser, url);
  await page.getByTestId('open-image').click();
  const picker = page.getByTestId('file-picker');
  await picker.getByTestId(`entry-${dirName}`).first().click();
  await picker.getByTestId('entry-grey-2048.png').click();
  await picker.getByTestId('picker-open').click();
  await page.getByTestId('image-info').waitFor();
  await page.waitForTimeout(1500);
  await page.keyboard.press('w');
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
  });
  for (let i = 1; i <= MOVES; i++) await page.mouse.move(cx + 200 * Math.sin((i / MOVES) * Math.PI * 2), cy + i);
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
  await page.mouse.up();
  await page.waitForTimeout(800);
  const win =
    (await page
      .getByTestId('panel-window')
      .textContent()
      .catch(() => '')) ?? '';
  await page.close();
  return { ...stats(frames), window: win.trim() };
}

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'medfig-canvas-bench-'));
  await makeGrey(workDir);
  const dirName = workDir.split('/').pop()!;
  const builds: [string, string][] = [['after', process.env.AFTER_OUT ?? join(ROOT, 'out')]];
  if (process.env.BEFORE_OUT) builds.unshift(['before', process.env.BEFORE_OUT]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const results: Record<string, { edit: EditStats; drag: Stats & { window: string } }> = {};
  try {
    for (const [name, out] of builds) {
      const host = await startWebHost({
        rendererDir: join(out, 'renderer'),
        roots: [join(ROOT, 'resources'), join(ROOT, 'tests/fixtures'), workDir],
        importDir: join(workDir, `imports-${name}`),
        exportDir: join(workDir, `exports-${name}`),
      });
      try {
        results[name] = {
          edit: ONLY === 'drag' ? NO_EDITS : await editToPaint(browser, host.url, name),
          drag: ONLY === 'edit' ? { ...NONE, window: '' } : await windowDrag(browser, host.url, dirName),
        };
      } finally {
        await host.close();
      }
    }
  } finally {
    await browser.close();
  }
  const f = (x: number) => x.toFixed(1);
  const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : '—');
  console.log(`Canvas bench (Chromium, software canvas): ${EDITS} edits, ${MOVES} drag moves`);
  console.log('| figure | build | median ms | p95 ms | max ms | p95 / 16.7 ms | p95 / before |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name] of builds) {
    const r = results[name];
    const b = results.before;
    const rows: [string, 'presented' | 'committed' | 'toFrame' | 'task'][] = [
      [`edit → frame displayed (trace), 4 panels, 500 annotations; ${(r.edit.withinFrame * 100).toFixed(0)} % within 16.7 ms`, 'presented'],
      ['edit → frame committed (trace)', 'committed'],
      ['  of which: waiting for the frame to begin (rAF)', 'toFrame'],
      ['edit → first task after the frame (rAF + message)', 'task'],
    ];
    for (const [what, k] of rows) {
      const e = r.edit[k];
      console.log(
        `| ${what} | ${name} | ${f(e.median)} | ${f(e.p95)} | ${f(e.max)} | ${(e.p95 / BUDGET_MS).toFixed(2)} | ${ratio(e.p95, b?.edit[k].p95)} |`,
      );
    }
    console.log(
      `| window/level drag, 2048 px panel (${r.drag.n} frames) | ${name} | ${f(r.drag.median)} | ${f(r.drag.p95)} | ${f(r.drag.max)} | ${(r.drag.p95 / BUDGET_MS).toFixed(2)} | ${ratio(r.drag.p95, b?.drag.p95)} |`,
    );
  }
  for (const [name] of builds) console.log(`${name}: window after the drag: ${results[name].drag.window}`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
