// The decode time cap's setting, apart from the pool: the CLI's quick bundle (info, render) reads
// it without loading worker_threads.

export const DECODE_TIMEOUT_ENV = 'MEDFIG_DECODE_TIMEOUT';
export const DEFAULT_DECODE_LIMIT_MS = 30_000;

/**
 * The per-job limit when none is given: MEDFIG_DECODE_TIMEOUT (seconds) when it is a sensible
 * number, else 30 s. Read here so that every pool follows it, the export worker's too (a worker
 * thread inherits the environment); the CLI refuses a value it cannot read (cli/time-cap.ts).
 */
export function decodeLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env[DECODE_TIMEOUT_ENV] ?? '');
  return env[DECODE_TIMEOUT_ENV]?.trim() && Number.isFinite(s) && s > 0 && s <= 86_400 ? s * 1000 : DEFAULT_DECODE_LIMIT_MS;
}
