#!/usr/bin/env node
// The `medfig` command: runs the TypeScript CLI through tsx (a dependency), so it works right
// after `npm install` without a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { runCli } = await import(join(here, '../src/cli/main.ts'));
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
