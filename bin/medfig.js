#!/usr/bin/env node
// The `medfig` command. Runs the CLI built to JavaScript (out/cli, by `npm install`'s prepare
// step or `node scripts/build-cli.mjs`); when that build is missing or older than a source it
// was built from (an edited checkout), it runs the TypeScript sources through tsx instead.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function builtIsCurrent() {
  try {
    const inputs = JSON.parse(readFileSync(join(root, 'out/cli/inputs.json'), 'utf8'));
    // Plain concatenation: path.join per file costs more than the stat at start-up.
    for (const file in inputs) if (statSync(`${root}/${file}`).mtimeMs !== inputs[file]) return false;
    return true;
  } catch {
    return false;
  }
}

let main;
if (process.env.MEDFIG_CLI_FROM_SOURCE !== '1' && builtIsCurrent()) {
  main = join(root, 'out/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = join(root, 'src/cli/main.ts');
}
const { runCli } = await import(pathToFileURL(main).href);
process.exitCode = await runCli(process.argv.slice(2));
