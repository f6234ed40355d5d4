// Bundles the `medfig` CLI (src/cli) to JavaScript in out/cli with esbuild: one chunk per command
// (code splitting), so a command loads only what it imports; the worker entries are built beside
// it; the quick commands (info, render) also as one CommonJS file, quick.cjs. npm packages stay
// external (native and wasm ones must; the rest load fine from node_modules) but for the few in
// BUNDLED. Writes out/cli/inputs.json: the source files and their mtimes, which bin/medfig.js
// checks so an edited checkout never runs a stale build.
import { build } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

/**
 * Pure-JavaScript CommonJS packages bundled into the chunks rather than loaded from node_modules:
 * Node's ESM loader scans a CommonJS file for its export names (cjs-module-lexer) before running
 * it, which costs dicom-parser's 160 KB more than the whole DICOM parse of a CT slice.
 */
const BUNDLED = new Set(['dicom-parser']);
const pkgName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
/** Every other package stays external (native and wasm ones must). */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => (BUNDLED.has(pkgName(a.path)) ? undefined : { path: a.path, external: true }));
  },
};
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
    // A bundled CommonJS package may require() a Node built-in (dicom-parser: zlib); ESM has no
    // require, so each chunk gets one.
    banner: { js: "import { createRequire as __medfigRequire } from 'node:module'; const require = __medfigRequire(import.meta.url);" },
    plugins: [externals],
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  // The quick commands (info, render) again as one CommonJS file (src/cli/quick.ts says why).
  const q = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/quick.ts'],
    outfile: join(outdir, 'quick.cjs'),
    // Less to read and pre-parse at every start (errors reach the user as sentences, never as stacks).
    minify: true,
    keepNames: true,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    // import.meta does not exist in CommonJS: the services use its url to find their worker
    // scripts and wasm files, so it is this file's own URL.
    define: { 'import.meta.url': '__medfigModuleUrl' },
    banner: { js: "const __medfigModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [externals],
  });
  const inputs = {};
  for (const file of [...Object.keys(r.metafile.inputs), ...Object.keys(q.metafile.inputs)]) {
    if (file.includes('node_modules/')) continue;
    inputs[relative(root, join(root, file))] = statSync(join(root, file)).mtimeMs;
  }
  writeFileSync(join(outdir, 'inputs.json'), JSON.stringify(inputs));
  return r;
}

if (process.argv[1] === import.meta.filename) {
  await buildCli();
}
