// Kill -9 a process that is editing, at random (seeded) moments; every time, the project or
// its recovery file must open and hold every edit made more than 2 s before the kill.
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAutosaver, loadProject } from '../../src/services/documents';
import { tempDir } from './helpers/documents-fixtures';

const RUNS = 60;
const PARALLEL = 15;
const PROMISE_MS = 2000;
const SEED = Number(process.env.MEDFIG_CRASH_SEED ?? 0x5eed1e55);
const CHILD = path.resolve(__dirname, 'helpers/autosave-child.ts');
const REPO = path.resolve(__dirname, '../..');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RunResult {
  run: number;
  killDelayMs: number;
  killedAt: number;
  edits: Map<number, number>;
  saves: number;
  stderr: string;
  dir: string;
}

let root: string;
beforeAll(async () => {
  root = await tempDir('medfig-crash-');
});
afterAll(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

function runChild(run: number, killDelayMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const dir = path.join(root, `run-${run}`);
    const edits = new Map<number, number>();
    let stderr = '';
    let buf = '';
    let killedAt = 0;
    let saves = 0;
    void fsp.mkdir(dir, { recursive: true }).then(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      const guard = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`run ${run}: child never became ready; stderr: ${stderr}`));
      }, 30_000);
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const [tag, a, b] = buf.slice(0, nl).split(' ');
          buf = buf.slice(nl + 1);
          if (tag === 'ready') {
            clearTimeout(guard);
            setTimeout(() => {
              killedAt = Date.now();
              child.kill('SIGKILL');
            }, killDelayMs);
          } else if (tag === 'edit') edits.set(Number(a), Number(b));
          else if (tag === 'saved') saves++;
        }
      });
      child.on('error', reject);
      child.on('close', (_code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`run ${run}: child exited by itself (${signal}); stderr: ${stderr}`));
        else resolve({ run, killDelayMs, killedAt, edits, saves, stderr, dir });
      });
    }, reject);
  });
}

async function editsOnDisk(dir: string): Promise<{ from: string; edits: Set<number> }> {
  const projectPath = path.join(dir, 'case.medfig');
  // The project file itself must always parse, whether or not a recovery exists.
  const project = await loadProject(projectPath, { relink: false });
  const rec = createAutosaver({ recoveryDir: path.join(dir, 'recovery') }).pathsFor(projectPath).recoveryPath;
  const hasRecovery = await fsp.stat(rec).then(
    () => true,
    () => false,
  );
  const loaded = hasRecovery ? await loadProject(rec, { projectDir: dir, relink: false }) : project;
  const edits = new Set(
    loaded.project.figures[0].panels[0].annotations.map((a) => (a.type === 'text' ? Number(a.text.replace('edit ', '')) : -1)),
  );
  return { from: hasRecovery ? 'recovery' : 'project', edits };
}

it(`after SIGKILL at ${RUNS} random moments, every edit older than ${PROMISE_MS / 1000} s is on disk (seed ${SEED})`, async () => {
  const rand = mulberry32(SEED);
  // Kill between 0.1 s and 6.6 s after start: early kills test "always parses"; kills from
  // 2 s to ~5 s need the recovery file (the project is still empty); later ones cross the
  // explicit save at edit 60 (~3 s) and the recovery discard that follows it.
  const delays = Array.from({ length: RUNS }, () => 100 + Math.floor(rand() * 6500));
  const results: RunResult[] = [];
  for (let i = 0; i < RUNS; i += PARALLEL) {
    results.push(...(await Promise.all(delays.slice(i, i + PARALLEL).map((d, j) => runChild(i + j, d)))));
  }

  let checkedEdits = 0;
  let runsWithOldEdits = 0;
  const sources = new Set<string>();
  for (const r of results) {
    const due = [...r.edits].filter(([, t]) => t < r.killedAt - PROMISE_MS).map(([n]) => n);
    const { from, edits } = await editsOnDisk(r.dir);
    sources.add(from);
    const lost = due.filter((n) => !edits.has(n));
    expect(lost, `run ${r.run} (kill after ${r.killDelayMs} ms, read ${from}): lost edits ${lost.join(',')}`).toEqual([]);
    checkedEdits += due.length;
    if (due.length > 0) runsWithOldEdits++;
  }
  // Guard against a vacuous pass (e.g. children that never edit).
  expect(runsWithOldEdits).toBeGreaterThanOrEqual(RUNS / 3);
  expect(checkedEdits).toBeGreaterThan(RUNS * 5);
  expect(sources).toEqual(new Set(['recovery', 'project']));
  expect(results.filter((r) => r.saves > 0).length).toBeGreaterThan(0);
}, 120_000);
