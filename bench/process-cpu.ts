// CPU time per thread of Chromium's processes and of this Node process, read from /proc (Linux), so
// a bench can say where a run's CPU went — on a 2-core machine every process competes for the same
// two cores, and a frame waits for whichever of them is busy.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on every Linux that ships today). */
const HZ = 100;

export type CpuSnapshot = Map<string, number>;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process or thread ended between listing and reading
  }
}

/** CPU ms per "process kind: thread name" (Chromium's --type, or "node host" for this process). */
export function cpuSnapshot(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out; // not Linux: the bench prints no CPU table
  }
  for (const pid of pids) {
    const cmd = read(`/proc/${pid}/cmdline`);
    if (cmd === null) continue;
    const self = pid === String(process.pid);
    if (!self && !/chrom/.test(cmd)) continue;
    const kind = self ? 'node host' : `chromium ${/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser'}`;
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const st = read(`/proc/${pid}/task/${tid}/stat`);
      if (st === null) continue;
      const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
      const fields = st.slice(st.lastIndexOf(')') + 2).split(' ');
      // Thread names of a kind add up (Node's decode workers and V8's helpers are all "node").
      const thread = self ? (tid === pid ? 'main' : name === 'node' ? 'workers and V8 helpers' : name) : name;
      const key = `${kind}: ${thread}`;
      out.set(key, (out.get(key) ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / HZ);
    }
  }
  return out;
}

/** CPU ms spent between two snapshots, largest first. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): [string, number][] {
  return [...after]
    .map(([k, v]) => [k, v - (before.get(k) ?? 0)] as [string, number])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
}
