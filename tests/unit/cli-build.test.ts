// The built CLI (scripts/build-cli.mjs → out/cli): each command's static import graph holds only
// what it uses, so `medfig info` never loads Konva, the canvas backend, sharp or the schema, and
// `render` never loads the export stack or sharp; the decode worker loads each decoder on first use.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { buildCli } from '../../scripts/build-cli.mjs';

const root = resolve(import.meta.dirname, '../..');
let meta: Metafile;

beforeAll(async () => {
  meta = ((await buildCli({ quiet: true })) as { metafile: Metafile }).metafile;
}, 60_000);

/** Packages a built file loads before any of its code runs (static imports, followed through chunks). */
function staticPackages(file: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const imp of meta.outputs[f]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) packages.add(imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]);
      else visit(imp.path);
    }
  };
  visit(file);
  return packages;
}

function commandChunk(name: string): string {
  // A lazily imported command is an entry point of its own chunk.
  const f = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === `src/cli/commands/${name}.ts`);
  if (!f) throw new Error(`no chunk for ${name}`);
  return f[0];
}

describe('built CLI', () => {
  it('main loads no package at all; info loads none of Konva, canvas, sharp, zod', () => {
    expect([...staticPackages('out/cli/main.js')].filter((p) => !p.startsWith('node:'))).toEqual([]);
    const info = staticPackages(commandChunk('info'));
    for (const heavy of ['konva', '@napi-rs/canvas', 'sharp', 'zod', 'dicom-parser']) expect(info).not.toContain(heavy);
  });
  it('render loads neither sharp (its PNG writer is on node:zlib), the export stack nor the schema', () => {
    const render = staticPackages(commandChunk('render'));
    for (const heavy of ['sharp', 'konva', '@napi-rs/canvas', 'zod']) expect(render).not.toContain(heavy);
    expect(render).toContain('node:zlib');
  });
  it('info and render run from out/cli/quick.cjs, and a DICOM render loads none of sharp, Konva, canvas, zod', () => {
    const ct = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm');
    const out = join(mkdtempSync(join(tmpdir(), 'medfig-quick-')), 'r.png');
    const script = `require(${JSON.stringify(join(root, 'out/cli/quick.cjs'))})
      .runQuick(['render', ${JSON.stringify(ct)}, '-o', ${JSON.stringify(out)}, '--window', '40,400'])
      .then((code) => console.log(JSON.stringify({ code, loaded: Object.keys(require.cache), builtins: process.moduleLoadList })));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const { code, loaded, builtins } = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      code: number;
      loaded: string[];
      builtins: string[];
    };
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
    for (const heavy of ['/sharp/', '/konva/', '/@napi-rs/', '/zod/', '/@img/'])
      expect(loaded.filter((f) => f.includes(heavy))).toEqual([]);
    // A small file decodes on this thread: no worker pool, and no crypto at all.
    expect(builtins.filter((m) => /^NativeModule (worker_threads|crypto|os)$/.test(m))).toEqual([]);
  });
  it('the decode worker loads no decoder until a file needs it', () => {
    const worker = staticPackages('out/cli/decodeWorker.js');
    expect(worker).not.toContain('sharp');
    expect(worker).not.toContain('exifr');
  });
  it('bin/medfig.js runs the build and answers like the sources', () => {
    const ct = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm');
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(root, 'bin/medfig.js'), 'info', ct, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const built = run({});
    const source = run({ MEDFIG_CLI_FROM_SOURCE: '1' });
    expect(built.status).toBe(0);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(source.stdout));
  });
});
