// Bundles the `medfig` CLI (src/cli) to JavaScript in out/cli with esbuild: one chunk per command
// (code splitting), so a command loads only what it imports; the worker entries are built beside
// it. npm packages stay external (native and wasm ones must; the rest load fine from
// node_modules). Writes out/cli/inputs.json: the source files and their mtimes, which bin/medfig.js
// checks so an edited checkout never runs a stale build.
import { build } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'out/cli');

export async function buildCli({ quiet = false } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const r = await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/cli/main.ts',
      decodeWorker: 'src/services/images/worker/decodeWorker.ts',
      exportWorker: 'src/services/export/worker/exportWorker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  const inputs = {};
  for (const file of Object.keys(r.metafile.inputs)) {
    if (file.startsWith('node_modules/')) continue;
    inputs[relative(root, join(root, file))] = statSync(join(root, file)).mtimeMs;
  }
  writeFileSync(join(outdir, 'inputs.json'), JSON.stringify(inputs));
  return r;
}

if (process.argv[1] === import.meta.filename) {
  await buildCli();
}
