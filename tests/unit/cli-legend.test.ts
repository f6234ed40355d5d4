// `medfig legend`: stdout is only the legend (the author's captions, never a placeholder); the
// facts still missing are asked on stderr, one line per question naming the figure.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const SAMPLE = join(root, 'resources/sample-case');

function medfig(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/medfig.js'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('medfig legend', () => {
  it("prints the sample case's authored captions, figure by figure, with nothing left to ask", () => {
    const proj = join(SAMPLE, 'calcinosis-cutis-sle.medfig');
    const r = medfig('legend', proj);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines.map((l) => l.slice(0, 8))).toEqual(['Figure 1', 'Figure 2', 'Figure 3', 'Figure 4', 'Figure 5']);
    for (const l of lines) expect(l).not.toMatch(/\[|…\]|\?/);
    const one = medfig('legend', proj, '--figure', '2');
    expect(one.out.trim()).toBe(lines[1]);
    expect(r.out).toContain(
      'Subcutaneous calcification on CT. Axial CT, window centre 40 HU, width 400 HU. Calcification confined to the subcutaneous fat',
    );
    expect(r.out).toContain('Arrows (3), subcutaneous calcific deposits.');
    expect(r.out).toMatch(
      /Skin biopsy, H&E, original magnification ×40\. Basophilic calcium deposits .* Arrow, a calcium deposit\. Scale bar, \d+ µm\./,
    );
    expect(r.out).toContain('(D) Skin biopsy');
  }, 120_000);

  it('asks for missing facts on stderr and prints the finished legend when the author wrote one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'medfig-legend-'));
    cpSync(SAMPLE, dir, { recursive: true });
    const file = join(dir, 'calcinosis-cutis-sle.medfig');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.figures[2].title = '';
    doc.figures[2].panels[0].caption.markers.arrows = '';
    doc.figures[3].legend = 'Skin biopsy (H&E): dermal calcium deposits.';
    writeFileSync(file, JSON.stringify(doc));
    const r = medfig('legend', file);
    expect(r.code, r.err).toBe(0);
    expect(r.err.trim().split('\n')).toEqual([
      "Figure 3 — CT: What is the figure's title?",
      'Figure 3 — CT: What do the arrows (2) in the panel point at?',
    ]);
    const lines = r.out.trim().split('\n');
    expect(lines[2]).toBe(
      'Figure 3 — CT. Axial CT, window centre 40 HU, width 400 HU. Calcification confined to the subcutaneous fat, without visceral involvement.',
    );
    expect(lines[3]).toBe('Figure 4 — Skin biopsy. Skin biopsy (H&E): dermal calcium deposits.');
  }, 120_000);
});
