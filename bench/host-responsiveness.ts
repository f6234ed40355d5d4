// Host thread responsiveness during an export (see bench/README.md).
//   node --import tsx bench/host-responsiveness.ts
// A trivial API call (`exportProgress` through the same dispatcher the web host and Electron's IPC
// use) is issued every 20 ms while figure 5 of the sample case (four panels) exports at 600 dpi;
// its round trip (issue → answer) is recorded. Two runs in the same go:
//   before: the export on the host thread, as it ran before (renderProjectFigure + atomic write);
//   after:  exportFigure through the dispatcher (the export worker).
// Prints p50/p95/max round trip of each, and after/before.
import { mkdtempSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createWorkspace } from '../src/services/workspace';
import { createDispatcher } from '../src/services/dispatch';
import { createProjectService } from '../src/services/projects';
import { renderProjectFigure } from '../src/services/export/render-figure';
import { writeFileAtomic } from '../src/services/export/write-atomic';
import { closeExportWorker } from '../src/services/export/worker';

const root = resolve(import.meta.dirname, '..');
const SAMPLE = join(root, 'resources/sample-case');
const FORMAT = (process.env.FORMAT ?? 'png') as 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg';
const dir = mkdtempSync(join(tmpdir(), 'medfig-host-bench-'));
const ws = createWorkspace({ roots: [SAMPLE], importDir: join(dir, 'imp'), exportDir: join(dir, 'out') });
const projects = createProjectService(ws, {
  recoveryDir: join(dir, 'rec'),
  recentsFile: join(dir, 'r.json'),
  settingsFile: join(dir, 's.json'),
  sampleCaseDir: SAMPLE,
});
const dispatch = createDispatcher(ws, projects, {
  hostInfo: () => ({ host: 'web', version: 'bench', exportDir: null }),
  openDialog: async () => ({ supported: false, files: [] }),
  saveDialog: async () => ({ supported: false, fileName: null, fileId: null }),
});
const projectPath = join(SAMPLE, 'calcinosis-cutis-sle.medfig');
const project = JSON.parse(readFileSync(projectPath, 'utf8'));
for (const s of project.sources) ws.issue(resolve(SAMPLE, s.path));
const figureId = project.figures[4].id;

/**
 * Runs `work` while a call is due every 20 ms; each round trip counts from when the call was due
 * (a host thread busy with an export delays the timer too, and a window would feel that) to its
 * answer. Returns the round trips in ms.
 */
async function pingDuring(work: () => Promise<unknown>): Promise<number[]> {
  const trips: number[] = [];
  let running = true;
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      await dispatch('exportProgress', { jobId: 'none' });
      trips.push(performance.now() - due);
      // Calls fall due every 20 ms whatever happens: during a stall they queue up and each waits.
      due += 20;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
  })();
  await work();
  running = false;
  await loop;
  return trips;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];
const show = (name: string, xs: number[]) =>
  `${name}: ${xs.length} calls, p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

const { loadProject, resolveSourcePath } = await import('../src/services/documents');
const loaded = await loadProject(projectPath);
const resolveSource = (id: string) => {
  const ref = loaded.project.sources.find((s) => s.id === id);
  return ref ? resolveSourcePath(loaded.projectDir, ref) : null;
};
const common = { project, figureId, format: FORMAT, dpi: 600, widthMm: null, unlabelled: false, quality: 92 };

// Warm both paths once (worker start-up, decoder and font loading), then measure.
await dispatch('exportFigure', { ...common, projectPath, fileName: 'warm.png' });
if (process.env.ONLY_AFTER) {
  const t = await pingDuring(() => dispatch('exportFigure', { ...common, projectPath, fileName: 'after.out' }));
  console.log(show('after', t));
  console.log(t.map((x) => x.toFixed(0)).join(' '));
  await closeExportWorker();
  await ws.close();
  process.exit(0);
}
// The worker run first: the host-thread run leaves canvases and buffers for the host's GC.
const { monitorEventLoopDelay } = await import('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
const elu0 = performance.eventLoopUtilization();
const after = await pingDuring(() => dispatch('exportFigure', { ...common, projectPath, fileName: 'after.out' }));
h.disable();
const elu = performance.eventLoopUtilization(elu0);
const before = await pingDuring(async () => {
  const { buf } = await renderProjectFigure({ ...common, images: ws.images, resolveSource });
  await writeFileAtomic(join(dir, 'before.out'), buf);
});

console.log(`600 dpi four-panel ${FORMAT.toUpperCase()} export, a trivial API call every 20 ms:`);
console.log('  ' + show('before (export on the host thread)', before));
console.log('  ' + show('after (export worker)', after));
console.log(
  `  host event loop during the worker export: busy ${(elu.utilization * 100).toFixed(1)} %, delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`,
);
if (process.env.TRACE) console.log(after.map((x) => x.toFixed(0)).join(' '));
console.log(`  p95 after/before: ${(pct(after, 0.95) / pct(before, 0.95)).toFixed(3)} (goal p95 ≤ 50 ms)`);
await closeExportWorker();
await ws.close();
