// `medfig deid <image> [--frame N] [--json]` (contract): suggestions in source pixels, exit 0 also
// when nothing is found, 2 with one line for bad input.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';

const FIX = join(import.meta.dirname, '../fixtures');
const dir = mkdtempSync(join(tmpdir(), 'medfig-deid-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err };
}

describe('medfig deid', () => {
  it('prints the burned-in lines of a Secondary Capture as JSON suggestions in source pixels', async () => {
    const r = await run('deid', join(FIX, 'dicom/burned-in/ct_sc_burned_in.dcm'), '--json');
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const j = JSON.parse(r.out) as { suggestions: { kind: string; box: Record<string, number>; text?: string; confidence: number }[] };
    expect(Object.keys(j)).toEqual(['suggestions']);
    const centre = j.suggestions.find((s) => /IMAGING CENTER/.test(s.text ?? ''));
    expect(centre).toBeDefined();
    expect(centre!.kind).toBe('text');
    expect(Object.keys(centre!.box)).toEqual(['x', 'y', 'w', 'h']);
    // Drawn at x 10, baseline 24, 16 px (tests/fixtures/dicom/burned-in/generate.ts).
    expect(centre!.box.x).toBeLessThanOrEqual(10);
    expect(centre!.box.y).toBeLessThanOrEqual(13);
    expect(centre!.box.y + centre!.box.h).toBeGreaterThanOrEqual(24);
    expect(centre!.confidence).toBeGreaterThan(0.5);
    expect(j.suggestions.some((s) => /2411/.test(s.text ?? ''))).toBe(true);
    for (const s of j.suggestions) expect(Object.keys(s).every((k) => ['kind', 'box', 'text', 'confidence'].includes(k))).toBe(true);
  }, 300_000);

  it('exits 0 with an empty list when nothing is found', async () => {
    const blank = join(dir, 'blank.png');
    await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .png()
      .toFile(blank);
    const r = await run('deid', blank, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ suggestions: [] });
    const plain = await run('deid', blank);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('no text or faces found');
  }, 300_000);

  it('bad input: exit 2 with one line naming the file', async () => {
    const missing = await run('deid', join(dir, 'nope.png'), '--json');
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual(['medfig: nope.png: file not found']);
    const frame = await run('deid', join(FIX, 'dicom/burned-in/ct_sc_burned_in.dcm'), '--frame', '3');
    expect(frame.code).toBe(2);
    expect(frame.err).toHaveLength(1);
    expect(frame.err[0]).toContain('frame 3 requested but the image has 1');
    const notImage = await run('deid', join(import.meta.dirname, '../../package.json'));
    expect(notImage.code).toBe(2);
    expect(notImage.err).toHaveLength(1);
    expect(notImage.err[0]).toMatch(/^medfig: package\.json: /);
    expect((await run('deid')).code).toBe(2);
    expect((await run('deid', 'a.png', '--frame', '0')).err[0]).toContain('--frame must be a frame number from 1');
  });
});
