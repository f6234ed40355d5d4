// The quick commands, `info` and `render`, as one CommonJS bundle (out/cli/quick.cjs, built by
// scripts/build-cli.mjs) that bin/medfig.js require()s: a command a user runs per file should
// start like a native tool, and Node starts a single CommonJS file faster than a graph of ES
// modules (no ESM loader, no per-chunk resolve/link). Every other command loads out/cli/main.js.
import { consoleIo } from './args';
import info from './commands/info';
import render from './commands/render';
import { runCommand } from './run';

export const QUICK_COMMANDS = ['info', 'render'];

export function runQuick(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  return runCommand({ info: async () => info, render: async () => render }, cmd, rest, consoleIo);
}
