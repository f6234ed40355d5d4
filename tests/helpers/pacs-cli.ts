// Runs `medfig pacs …` through the command module the way src/cli/main.ts does (parse, check
// flags, run; any other error one line, exit 2). Used by the PACS CLI tests until the command is
// registered in commands/index.ts, after which they call bin/medfig.js.
import { parseArgs, checkFlags, UsageError } from '../../src/cli/args';
import pacs from '../../src/cli/commands/pacs';

const argv = process.argv.slice(2);
try {
  if (argv[0] !== 'pacs') throw new UsageError('only the pacs command runs here');
  const p = parseArgs(argv.slice(1), pacs.valueFlags);
  checkFlags('pacs', pacs.flags, p);
  process.exitCode = await pacs.run(p);
} catch (e) {
  console.error(`medfig: ${((e as Error).message ?? String(e)).split('\n')[0]}`);
  process.exitCode = 2;
}
