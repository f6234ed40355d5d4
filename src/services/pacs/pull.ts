// Pull a study or a series into a folder, one Part-10 file per instance, laid out as
// <root>/<study>/<series>/<instance>.dcm. Each file is written whole or not at all (temporary name,
// then rename), so an interrupted pull keeps what it finished and the next pull resumes from there
// by instance. Names come from UIDs sanitised as file names: nothing lands outside root.
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PacsError } from './errors';
import type { DicomWebClient, SeriesSummary } from './client';
import { checkUid, pathInside, uidFileName } from './uid';
import type { PacsPullProgress } from '../../shared/api';

export type PullProgress = PacsPullProgress;

export interface PullResult extends PullProgress {
  /** Absolute paths of every instance file of what was asked for, in instance order per series. */
  files: string[];
  series: { seriesInstanceUid: string; files: string[] }[];
}

async function isComplete(path: string): Promise<boolean> {
  // Only finished files carry the final name; a zero-length or foreign file is fetched again.
  const fh = await fs.open(path, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 128);
    return bytesRead === 4 && b.toString('latin1') === 'DICM';
  } finally {
    await fh.close();
  }
}

export async function pullInstances(
  client: DicomWebClient,
  opts: { root: string; studyUid: string; seriesUid?: string; signal?: AbortSignal; onProgress?: (p: PullProgress) => void },
): Promise<PullResult> {
  const study = checkUid(opts.studyUid, 'study');
  if (opts.seriesUid) checkUid(opts.seriesUid, 'series');
  const all = await client.searchSeries(study, opts.signal);
  if (!all.length) throw new PacsError('not-found', `${client.host} has no study ${study}`);
  let chosen: SeriesSummary[] = all;
  if (opts.seriesUid) {
    chosen = all.filter((s) => s.seriesInstanceUid === opts.seriesUid);
    if (!chosen.length) throw new PacsError('not-found', `${client.host} has no series ${opts.seriesUid} in study ${study}`);
  }
  const lists = [];
  for (const s of chosen)
    lists.push({ series: s.seriesInstanceUid, instances: await client.searchInstances(study, s.seriesInstanceUid, opts.signal) });
  const progress: PullProgress = { done: 0, total: lists.reduce((n, l) => n + l.instances.length, 0), bytes: 0, resumed: 0 };
  opts.onProgress?.({ ...progress });
  const result: PullResult = { ...progress, files: [], series: [] };
  for (const l of lists) {
    const dir = pathInside(opts.root, uidFileName(study), uidFileName(l.series));
    await fs.mkdir(dir, { recursive: true });
    const files: string[] = [];
    const seen = new Set<string>();
    for (const inst of l.instances) {
      if (opts.signal?.aborted) throw new PacsError('cancelled', 'pull cancelled; the instances already downloaded are kept');
      const name = uidFileName(inst.sopInstanceUid) + '.dcm';
      if (seen.has(name)) continue; // a server listing one instance twice
      seen.add(name);
      const target = pathInside(dir, name);
      if (await isComplete(target)) progress.resumed++;
      else {
        const bytes = await client.retrieveInstance(study, l.series, inst.sopInstanceUid, opts.signal).catch((e: unknown) => {
          if (e instanceof PacsError && e.kind === 'cancelled')
            throw new PacsError('cancelled', 'pull cancelled; the instances already downloaded are kept');
          throw e;
        });
        const tmp = `${target}.part-${randomBytes(6).toString('hex')}`;
        try {
          await fs.writeFile(tmp, bytes, { flag: 'wx' });
          await fs.rename(tmp, target);
        } catch (e) {
          await fs.rm(tmp, { force: true });
          throw e;
        }
        progress.bytes += bytes.byteLength;
      }
      progress.done++;
      files.push(target);
      opts.onProgress?.({ ...progress });
    }
    result.series.push({ seriesInstanceUid: l.series, files });
    result.files.push(...files);
  }
  return { ...result, ...progress };
}
