// `medfig` — the headless CLI, a thin host over the same services as the app. Each command is
// its own module (commands/), loaded on demand so a quick command starts quickly.
// Exit codes: 0 success, 1 preflight violations, 2 bad input or usage (one line, no stack).
import { basename } from 'node:path';
import { ImageError } from '../shared/imaging/types';
import { checkFlags, consoleIo, parseArgs, UsageError, type CliIo } from './args';
import { runCleanup } from './cleanup';
import { COMMANDS } from './commands';

export { parseArgs, UsageError, type CliIo } from './args';

async function help(): Promise<string> {
  const [{ CT_WINDOW_PRESETS }, { JOURNALS }] = await Promise.all([
    import('../shared/imaging/presets'),
    import('../shared/figure/journals'),
  ]);
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return `medfig — publication figures from clinical images (headless)

${commands.map((c) => `  ${c.usage}`).join('\n')}

Presets: ${CT_WINDOW_PRESETS.map((p) => `${p.id} (${p.center}/${p.width})`).join(', ')}
Journals: ${JOURNALS.map((j) => j.id).join(', ')}
Exit: 0 ok, 1 preflight violations, 2 bad input or usage.`;
}

export async function runCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(await help());
      return cmd ? 0 : 2;
    }
    const load = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
    if (!load) throw new UsageError(`unknown command "${cmd}" (${Object.keys(COMMANDS).join(', ')}; --help)`);
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
