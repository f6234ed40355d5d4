// Running one command from a table of lazily loaded commands: parse its flags, run it, turn any
// failure into one line (exit 2), close what it opened. main.ts runs it over every command; the
// quick bundles (quick.ts) over one command each.
import { basename } from 'node:path';
import { ImageError } from '../shared/imaging/types';
import { checkFlags, parseArgs, UsageError, type CliIo } from './args';
import type { CliCommand } from './command';
import { runCleanup } from './cleanup';
import { decodeLimitMs } from './time-cap';

export type CommandTable = Record<string, () => Promise<CliCommand>>;

export async function runCommand(commands: CommandTable, cmd: string, rest: string[], io: CliIo): Promise<number> {
  try {
    const load = Object.hasOwn(commands, cmd) ? commands[cmd] : undefined;
    if (!load) throw new UsageError(`unknown command "${cmd}" (${Object.keys(commands).join(', ')}; --help)`);
    // Every command that decodes follows the cap (the export worker's pool reads it too): a value
    // it cannot read is refused up front, not ignored.
    decodeLimitMs();
    const command = await load();
    const p = parseArgs(rest, command.valueFlags, io);
    checkFlags(cmd, command.flags, p);
    return await command.run(p);
  } catch (e) {
    io.err(`medfig: ${describe(e, rest[0]).replace(/\s*\n\s*/g, '; ')}`);
    return 2;
  } finally {
    await runCleanup();
  }
}

function describe(e: unknown, file?: string): string {
  const name = file && !file.startsWith('-') ? `${basename(file)}: ` : '';
  if (e instanceof UsageError) return e.message;
  if (e instanceof ImageError) return `${name}${e.message}`;
  // By name: the documents module is loaded only by the commands that open projects.
  if (e instanceof Error && e.name === 'DocumentError') return e.message.replace(/\n/g, ' ');
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err?.code === 'ENOENT') return `${name}file not found`;
  if (err?.code === 'EACCES' || err?.code === 'EPERM' || err?.code === 'EROFS') return `${name}permission denied (${err.path ?? ''})`;
  return `${name}${(err?.message ?? String(e)).split('\n')[0]}`;
}
