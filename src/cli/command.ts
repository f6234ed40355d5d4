// The shape of one `medfig` command. Each lives in commands/<name>.ts, default-exports one of
// these, and imports only what it uses (commands/index.ts loads it on demand), so a light
// command such as `info` never pays for the export stack.
import type { Parsed } from './args';

export interface CliCommand {
  name: string;
  /** Its lines in `medfig --help`, without the leading indent (continuation lines may be indented). */
  usage: string;
  /** Every option the command accepts, without dashes, in the order the usage error lists them. */
  flags: string[];
  /** Those of `flags` that take a value (`--dpi 300`); the rest are switches. */
  valueFlags: string[];
  /** 0 ok, 1 a check failed (preflight), 2 bad input or usage (throw UsageError/ImageError/...). */
  run(args: Parsed): Promise<number>;
}
