// The test hook (window.medfigEditor / window.medfigCanvas) is in test builds only: a production
// build of the renderer does not contain it, a `--mode test` build does (so the check can fail).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function buildRenderer(mode: 'production' | 'test'): string {
  const out = mkdtempSync(join(tmpdir(), `medfig-bundle-${mode}-`));
  const r = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build', '--mode', mode, '--outDir', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`electron-vite build --mode ${mode} failed:\n${r.stderr || r.stdout}`);
  const dir = join(out, 'renderer/assets');
  const js = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  rmSync(out, { recursive: true, force: true });
  return js;
}

describe('test hook in the renderer bundle', () => {
  it('is absent from a production build and present in a test build', () => {
    const prod = buildRenderer('production');
    expect(prod.length).toBeGreaterThan(100_000);
    expect(prod).not.toContain('medfigEditor');
    expect(prod).not.toContain('medfigCanvas');
    expect(prod).not.toContain('medfigDetail');
    const test = buildRenderer('test');
    expect(test).toContain('medfigEditor');
    expect(test).toContain('medfigCanvas');
    expect(test).toContain('medfigDetail');
  }, 240_000);
});
