// The time cap on the decode `info` and `render` run on the CLI's own thread (read-image.ts). The
// app's hosts decode in a worker pool whose per-job limit terminates a decoder that spins; here a
// synchronous decoder (a wasm or JavaScript codec) that spins would block this thread, so no timer
// of its own could fire and the command would hang. Two guards, by how the decode runs:
// - capSync: work done within one synchronous call (the DICOM parse, and each DICOM decoder: the
//   hand-written ones, and a wasm codec once loaded) runs under node:vm's timeout, whose watchdog
//   is a bare native thread that stops the JavaScript or wasm running on this one. It costs a
//   fraction of a millisecond, so DICOM files pay nothing that shows.
// - capAsync: a decode that continues after awaits (raster files: sharp works in libuv's pool, the
//   BMP and TIFF readers on this thread) runs with a watchdog worker thread that, past the deadline,
//   writes the error line and ends the process. A worker costs tens of milliseconds of CPU to
//   start, hence only there.
// Either way the user reads the decode pool's sentence and gets exit 2, as for any image that
// cannot be decoded. MEDFIG_DECODE_TIMEOUT (seconds) sets the cap, for the pool too (images.ts).
import { basename } from 'node:path';
import { Script } from 'node:vm';
import { ImageError } from '../shared/imaging/types';
import { consoleIo, UsageError, type CliIo } from './args';
import { DECODE_TIMEOUT_ENV, DEFAULT_DECODE_LIMIT_MS } from '../services/images/decode-limit';

export { DECODE_TIMEOUT_ENV, DEFAULT_DECODE_LIMIT_MS };

/** The cap in ms: MEDFIG_DECODE_TIMEOUT in seconds (fractions allowed), else 30 s. */
export function decodeLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[DECODE_TIMEOUT_ENV];
  if (v === undefined || v.trim() === '') return DEFAULT_DECODE_LIMIT_MS;
  const s = Number(v);
  // Above a day a timer would overflow (Node fires it at once), and no decode is meant to take that long.
  if (!Number.isFinite(s) || s <= 0 || s > 86_400)
    throw new UsageError(`${DECODE_TIMEOUT_ENV} must be a number of seconds above 0 and at most 86400 (got "${v}")`);
  return s * 1000;
}

/** The decode pool's words for the same event, so that every path reads alike. */
export function decodeTimeoutMessage(limitMs: number): string {
  return `decoding took longer than ${limitMs / 1000} s and was stopped (file too large or malformed)`;
}

/** One decode's budget: every guarded step of it draws on the same deadline. */
export interface DecodeCap {
  limitMs: number;
  /** Date.now() when the cap runs out (a wall clock, so the watchdog thread reads the same one). */
  deadline: number;
}

export function startCap(limitMs: number): DecodeCap {
  return { limitMs, deadline: Date.now() + limitMs };
}

const timedOut = (cap: DecodeCap) => new ImageError(decodeTimeoutMessage(cap.limitMs), 'too-large');

// The guarded call goes through a global: the vm timeout covers only what runs inside the script.
const SLOT = '__medfigTimeCapped';
let script: Script | null = null;

/** Runs `fn` on this thread, stopped (ImageError) if it is still running at the cap's deadline. */
export function capSync<T>(cap: DecodeCap, fn: () => T): T {
  const left = Math.ceil(cap.deadline - Date.now());
  if (left <= 0) throw timedOut(cap);
  script ??= new Script(`globalThis.${SLOT}()`, { filename: 'medfig-time-cap' });
  const g = globalThis as unknown as Record<string, unknown>;
  let out: T | undefined;
  g[SLOT] = () => {
    out = fn();
  };
  try {
    script.runInThisContext({ timeout: left });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw timedOut(cap);
    throw e;
  } finally {
    delete g[SLOT];
  }
  return out as T;
}

const ARMED = 0;
const DONE = 1;
const FIRED = 2;

// Run on the main thread by the inspector (the one way into a thread busy in JavaScript or wasm):
// fd 2 is closed first because Node prints "Waiting for the debugger to disconnect..." when a
// process exits with a session attached, and the error must stay one line.
const EXIT_EXPRESSION = "process.getBuiltinModule('node:fs').closeSync(2), process.exit(2)";

// CommonJS, evaluated in the watchdog thread: it sleeps in Atomics.wait (no event loop, no CPU)
// until the main thread says done or the deadline passes. If the main thread never takes the
// inspector's request (stuck inside a native call, or a Node built without the inspector), it is
// killed after a grace period: an exit by signal, but never a hang.
const WATCHDOG = `'use strict';
const { workerData: d } = require('node:worker_threads');
const s = new Int32Array(d.state);
for (let left; Atomics.load(s, 0) === ${ARMED} && (left = d.deadline - Date.now()) > 0; ) Atomics.wait(s, 0, ${ARMED}, left);
if (Atomics.compareExchange(s, 0, ${ARMED}, ${FIRED}) === ${ARMED}) {
  try { require('node:fs').writeSync(2, d.line); } catch {}
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 2000);
  try {
    const session = new (require('node:inspector').Session)();
    session.connectToMainThread();
    session.post('Runtime.evaluate', { expression: d.exit });
  } catch {}
}`;

/**
 * Runs `work` (the decode of `file`) with the watchdog thread. Only a console run is guarded so:
 * the watchdog writes straight to stderr and ends the whole process, which an in-process caller
 * with its own `io` (a test, a host) has not agreed to.
 */
export async function capAsync<T>(cap: DecodeCap, file: string, io: CliIo, work: () => Promise<T>): Promise<T> {
  if (cap.deadline <= Date.now()) throw timedOut(cap);
  // Loaded here only: the DICOM paths never need a thread, and loading worker_threads costs start-up.
  const { isMainThread, Worker } = await import('node:worker_threads');
  if (io !== consoleIo || !isMainThread) return work();
  const state = new Int32Array(new SharedArrayBuffer(4));
  const watchdog = new Worker(WATCHDOG, {
    eval: true,
    workerData: {
      state: state.buffer,
      deadline: cap.deadline,
      line: `medfig: ${basename(file)}: ${decodeTimeoutMessage(cap.limitMs)}\n`,
      exit: EXIT_EXPRESSION,
    },
  });
  // The watchdog never keeps the process alive, and a fault of its own must not become the command's.
  watchdog.unref();
  watchdog.on('error', () => {});
  try {
    return await work();
  } finally {
    if (Atomics.compareExchange(state, 0, ARMED, DONE) === ARMED) Atomics.notify(state, 0);
    else {
      // The deadline passed as the work ended: the watchdog owns the outcome and is ending the
      // process. Nothing more may run (no output after the error line), and the process must stay
      // up until the watchdog ends it.
      watchdog.ref();
      await new Promise<never>(() => {});
    }
  }
}
