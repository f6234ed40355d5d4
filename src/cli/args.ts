// Command-line parsing shared by every command: the parsed words, the usage error (exit 2, one
// line) and small helpers that read a flag as a string or a checked number.

export class UsageError extends Error {}

/** Where a command writes: stdout for results, stderr for progress and the one-line error. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

export const consoleIo: CliIo = { out: (s) => console.log(s), err: (s) => console.error(s) };

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  io: CliIo;
}

/**
 * Splits argv into positional words and flags. `valueFlags` are the flags that take a value
 * (`--dpi 300` or `--dpi=300`); any other flag is a switch.
 */
export function parseArgs(argv: string[], valueFlags: Iterable<string> = [], io: CliIo = consoleIo): Parsed {
  const takesValue = new Set(valueFlags);
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const m = /^--?([a-z][a-z0-9-]*)(?:=(.*))?$/i.exec(a);
    if (!m) {
      positional.push(a);
      continue;
    }
    const name = m[1];
    if (m[2] !== undefined) flags.set(name, m[2]);
    else if (takesValue.has(name)) {
      // A value may start with '-' (a negative window centre), so take the next word as is.
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      flags.set(name, argv[++i]);
    } else flags.set(name, true);
  }
  return { positional, flags, io };
}

/** Refuses any flag the command does not take: a typo must not pass silently. */
export function checkFlags(cmd: string, allowedFlags: string[], p: Parsed): void {
  const allowed = new Set(allowedFlags);
  for (const name of p.flags.keys())
    if (!allowed.has(name))
      throw new UsageError(
        `${cmd} has no option --${name} (it takes ${[...allowed].map((f) => (f.length === 1 ? `-${f}` : `--${f}`)).join(', ') || 'none'})`,
      );
}

export function str(p: Parsed, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = p.flags.get(n);
    if (typeof v === 'string') return v;
  }
  return undefined;
}

export function num(p: Parsed, name: string, check: (n: number) => boolean, what: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${what} (got "${v}")`);
  return n;
}
