// `npm test`: build the renderer, run Vitest (services, pure logic) and Playwright (the real
// renderer in Debian Chromium over the web host), then print one line that sums both:
// `tests: N passed, M failed`. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

let passed = 0;
let failed = 0;
let ok = true;

if (run(bin('electron-vite'), ['build']) !== 0) {
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
} else failed += 1;
if (vStatus !== 0) ok = false;

const pwJson = join(results, 'e2e.json');
rmSync(pwJson, { force: true });
// Playwright needs the built renderer; it runs even when a unit test failed, so CI reports both.
const built = existsSync(join(root, 'out/renderer/index.html'));
const pStatus = built ? run(bin('playwright'), ['test']) : (console.error('skipping Playwright: the renderer did not build'), 1);
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
} else if (pStatus !== 0) failed += 1;
if (pStatus !== 0) ok = false;

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
