#!/usr/bin/env node
// The `medfig` command. CommonJS (bin/package.json), so that Node starts it without its ES module
// loader: `info` and `render` then run from one CommonJS bundle (out/cli/quick.cjs), every other
// command from the ES module build (out/cli/main.js); both are built by `npm install`'s prepare
// step or `node scripts/build-cli.mjs`. When the build is missing or older than a source it was
// built from (an edited checkout), the TypeScript sources run through tsx instead.
'use strict';
const { readFileSync, stat } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const QUICK = new Set(['info', 'render']);

/**
 * Whether every source the build came from is unchanged (out/cli/inputs.json: file → mtime). The
 * stats run in libuv's thread pool, so the build loads meanwhile instead of after them.
 */
function builtIsCurrent() {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, 'out/cli/inputs.json'), 'utf8'));
  } catch {
    return Promise.resolve(false);
  }
  const files = Object.keys(inputs);
  return new Promise((resolve) => {
    let left = files.length;
    let current = true;
    if (left === 0) resolve(true);
    // Plain concatenation: path.join per file costs more than the stat at start-up.
    for (const file of files)
      stat(`${root}/${file}`, (err, st) => {
        if (err || st.mtimeMs !== inputs[file]) current = false;
        if (--left === 0) resolve(current);
      });
  });
}

function loadQuick() {
  try {
    return require(join(root, 'out/cli/quick.cjs'));
  } catch {
    return null; // not built: builtIsCurrent says so too
  }
}

async function run(argv) {
  if (process.env.MEDFIG_CLI_FROM_SOURCE !== '1') {
    const current = builtIsCurrent();
    const quick = QUICK.has(argv[0]) ? loadQuick() : null;
    if (await current) {
      if (quick) return quick.runQuick(argv);
      return (await import(pathToFileURL(join(root, 'out/cli/main.js')).href)).runCli(argv);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(pathToFileURL(join(root, 'src/cli/main.ts')).href)).runCli(argv);
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
