// `npm test`: set up the system tools the tests need (scripts/setup-system.mjs), build the app
// (production, for Electron) and a test build of the renderer (with the e2e test hook), build the
// CLI, typecheck, lint, run Vitest (services, pure logic) and Playwright (the real renderer in
// Debian Chromium over the web host; the real Electron app where its binary is installed), then
// print one line that sums them: `tests: N passed, M failed, K skipped`.
// A skipped test is only allowed for a missing Electron binary; any other skip fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
const summary = () => `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;

if (run(process.execPath, [join(root, 'scripts/setup-system.mjs')]) !== 0) {
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

// The production build (what Electron runs) and a test build of the same sources that installs
// the e2e hook (`--mode test`), in out-test/, which the web e2e tests serve.
const testOut = join(root, 'out-test');
if (run(bin('electron-vite'), ['build']) !== 0 || run(bin('electron-vite'), ['build', '--mode', 'test', '--outDir', testOut]) !== 0) {
  console.error('build failed');
  ok = false;
}
// The CLI runs as built JavaScript (out/cli); the tests run that build.
if (run(process.execPath, [join(root, 'scripts/build-cli.mjs')]) !== 0) {
  console.error('CLI build failed');
  ok = false;
}

// The whole tree must typecheck (TypeScript strict): a type error fails the run like a test.
if (run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) {
  console.error('typecheck failed');
  failed += 1;
  ok = false;
}

// Lint and formatting are part of the suite: ESLint (typescript-eslint, react-hooks) and Prettier.
if (run(bin('eslint'), ['.']) !== 0) {
  console.error('lint failed');
  failed += 1;
  ok = false;
}
if (run(bin('prettier'), ['--check', '--log-level', 'warn', '.']) !== 0) {
  console.error('formatting differs from Prettier (npm run format fixes it)');
  failed += 1;
  ok = false;
}

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites && !v.numFailedTests ? v.numFailedTestSuites : 0);
  // Vitest has no Electron tests: any skipped or todo test there is a test that did not run.
  const vSkipped = (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  if (vSkipped) {
    skipped += vSkipped;
    failed += vSkipped;
    console.error(`${vSkipped} Vitest test(s) skipped: only a missing Electron binary may skip a test`);
  }
} else failed += 1;
if (vStatus !== 0) ok = false;

const pwJson = join(results, 'e2e.json');
rmSync(pwJson, { force: true });
// Playwright needs the built renderer; it runs even when a unit test failed, so CI reports both.
const built = existsSync(join(testOut, 'renderer/index.html')) && existsSync(join(root, 'out/main/index.js'));
const pStatus = built
  ? run(bin('playwright'), ['test'], { MEDFIG_OUT_DIR: testOut })
  : (console.error('skipping Playwright: the app did not build'), 1);
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  const { allowed, other } = skippedTests(p);
  skipped += allowed.length + other.length;
  if (allowed.length) console.log(`${allowed.length} Electron test(s) skipped: ${allowed[0].reason}`);
  for (const t of other) console.error(`skipped without an allowed reason: ${t.title} (${t.reason || 'no reason given'})`);
  if (other.length) {
    failed += other.length;
    ok = false;
  }
} else if (pStatus !== 0) failed += 1;
if (pStatus !== 0) ok = false;

console.log(summary());
process.exit(ok && failed === 0 ? 0 : 1);

/** Playwright's skipped tests, split by whether the skip is the one allowed reason (no Electron binary). */
function skippedTests(report) {
  const allowed = [];
  const other = [];
  const walk = (suite, titles) => {
    for (const s of suite.suites ?? []) walk(s, [...titles, s.title]);
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const reason = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? '';
        const entry = { title: [...titles, spec.title].filter(Boolean).join(' › '), reason };
        (t.projectName === 'electron' && /^Electron binary not installed/.test(reason) ? allowed : other).push(entry);
      }
  };
  for (const s of report.suites ?? []) walk(s, []);
  return { allowed, other };
}
