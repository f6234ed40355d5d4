// `medfig` — the headless CLI, a thin host over the same services as the app. Each command is
// its own module (commands/), loaded on demand so a quick command starts quickly.
// Exit codes: 0 success, 1 preflight violations, 2 bad input or usage (one line, no stack).
import { consoleIo, type CliIo } from './args';
import { COMMANDS } from './commands';
import { runCommand } from './run';

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
Exit: 0 ok, 1 preflight violations, 2 bad input or usage.
A decode that takes longer than MEDFIG_DECODE_TIMEOUT seconds (default 30) is stopped: exit 2.`;
}

export async function runCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    try {
      io.out(await help());
      return cmd ? 0 : 2;
    } catch (e) {
      io.err(`medfig: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      return 2;
    }
  }
  return runCommand(COMMANDS, cmd, rest, io);
}
