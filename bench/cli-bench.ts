// CLI start-to-exit against native tools, whole processes run in turns (see bench/README.md).
//   node scripts/build-cli.mjs && node --import tsx bench/cli-bench.ts
// - `medfig render` of the 512² CT with a window vs `dcmj2pnm` on the same file and window.
// - `medfig info` vs `dcmdump` plus Node's own start-up (`node -e 0`).
// Each round runs every command once, in turn, so load on the machine hits them alike; medians.
// BEFORE=<checkout with its CLI built> adds that checkout's `medfig render`/`info` to the rounds
// (e.g. `git worktree add /tmp/before <commit>`, link node_modules, `node scripts/build-cli.mjs`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);
const root = new URL('..', import.meta.url).pathname;
const ct = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm');
const dir = mkdtempSync(join(tmpdir(), 'medfig-cli-bench-'));
const bin = join(root, 'bin/medfig.js');
if (!existsSync(join(root, 'out/cli/main.js'))) throw new Error('build the CLI first: node scripts/build-cli.mjs');

const cases: Record<string, [string, string[], Record<string, string>?]> = {
  'medfig render': [process.execPath, [bin, 'render', ct, '-o', join(dir, 'm.png'), '--window', '40,400']],
  dcmj2pnm: ['dcmj2pnm', ['+Ww', '40', '400', '+on', ct, join(dir, 'd.png')]],
  'medfig info': [process.execPath, [bin, 'info', ct]],
  dcmdump: ['dcmdump', [ct]],
  'node -e 0': [process.execPath, ['-e', '0']],
  'medfig render (tsx, before)': [
    process.execPath,
    [bin, 'render', ct, '-o', join(dir, 't.png'), '--window', '40,400'],
    { MEDFIG_CLI_FROM_SOURCE: '1' },
  ],
};

// NODE_EXTRA_CA_CERTS makes every Node process read and parse that CA bundle before it runs a
// line (about 40 ms on the 2-core dev machine, whose environment sets it). A user's shell does not
// usually set it, so the figures are taken without it; when it is set here, the render and
// `node -e 0` also run with it, and both ratios are printed.
const extraCa = process.env.NODE_EXTRA_CA_CERTS;
const baseEnv: NodeJS.ProcessEnv = { ...process.env };
delete baseEnv.NODE_EXTRA_CA_CERTS;
if (extraCa) {
  const [cmd, args] = cases['medfig render'];
  cases['medfig render (NODE_EXTRA_CA_CERTS set)'] = [cmd, args, { NODE_EXTRA_CA_CERTS: extraCa }];
  cases['node -e 0 (NODE_EXTRA_CA_CERTS set)'] = [process.execPath, ['-e', '0'], { NODE_EXTRA_CA_CERTS: extraCa }];
}

const before = process.env.BEFORE;
if (before) {
  if (!existsSync(join(before, 'out/cli/main.js'))) throw new Error(`no built CLI in ${before}`);
  cases['medfig render (BEFORE)'] = [
    process.execPath,
    [join(before, 'bin/medfig.js'), 'render', ct, '-o', join(dir, 'b.png'), '--window', '40,400'],
  ];
  cases['medfig info (BEFORE)'] = [process.execPath, [join(before, 'bin/medfig.js'), 'info', ct]];
}
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i <= RUNS; i++) {
  for (const [name, [cmd, args, env]] of Object.entries(cases)) {
    if (name.includes('tsx') && i > 3) continue; // the old path is slow: a few runs suffice
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...baseEnv, ...env } });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${name} failed (${r.status})`);
    if (i > 0) times[name].push(ms); // round 0 warms the page cache
  }
}
const med = (k: string) => {
  const t = [...times[k]].sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
};
const f = (ms: number) => `${ms.toFixed(0)} ms`;
const render = med('medfig render') / med('dcmj2pnm');
const infoRef = med('dcmdump') + med('node -e 0');
const info = med('medfig info') / infoRef;
console.log(`medfig render ${f(med('medfig render'))} vs dcmj2pnm ${f(med('dcmj2pnm'))}: ${render.toFixed(2)}x (goal ≤ 3)`);
console.log(
  `  before (TypeScript through tsx): ${f(med('medfig render (tsx, before)'))}: ${(med('medfig render (tsx, before)') / med('dcmj2pnm')).toFixed(2)}x`,
);
console.log(`  node -e 0 alone: ${f(med('node -e 0'))} (${(med('node -e 0') / med('dcmj2pnm')).toFixed(2)}x dcmj2pnm)`);
if (extraCa) {
  const k = 'medfig render (NODE_EXTRA_CA_CERTS set)';
  const n = 'node -e 0 (NODE_EXTRA_CA_CERTS set)';
  console.log(
    `  with NODE_EXTRA_CA_CERTS as this environment sets it: ${f(med(k))}: ${(med(k) / med('dcmj2pnm')).toFixed(2)}x; node -e 0 ${f(med(n))} (${(med(n) / med('dcmj2pnm')).toFixed(2)}x)`,
  );
}
console.log(
  `medfig info ${f(med('medfig info'))} vs dcmdump ${f(med('dcmdump'))} + node -e 0 ${f(med('node -e 0'))} = ${f(infoRef)}: ${info.toFixed(2)}x (goal ≤ 3)`,
);
if (before) {
  const r = (k: string) => `${f(med(k))} (${(med(k) / med('dcmj2pnm')).toFixed(2)}x dcmj2pnm)`;
  console.log(
    `BEFORE ${before}: render ${r('medfig render (BEFORE)')}; info ${f(med('medfig info (BEFORE)'))} (${(med('medfig info (BEFORE)') / infoRef).toFixed(2)}x)`,
  );
}
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
