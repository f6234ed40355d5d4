// `medfig pacs studies|pull|store <dicomweb-url> …`: the DICOMweb client from the command line.
// The login comes from MEDFIG_PACS_USER/MEDFIG_PACS_PASSWORD or MEDFIG_PACS_TOKEN. Any failure
// (refused login, unreachable server, missing study, server error) is one line and exit 2.
import { basename, resolve } from 'node:path';
import { UsageError, str, type Parsed } from '../args';
import type { CliCommand } from '../command';
import { DicomWebClient } from '../../services/pacs/client';
import { authFromEnv } from '../../services/pacs/credentials';
import { PacsError } from '../../services/pacs/errors';
import { pullInstances } from '../../services/pacs/pull';
import { storeFigure } from '../../services/pacs/store';

const SUB_FLAGS: Record<string, string[]> = {
  studies: ['patient-id', 'accession', 'modality', 'json'],
  pull: ['study', 'series', 'o', 'output'],
  store: ['study'],
};

function checkSub(sub: string, p: Parsed): void {
  const allowed = new Set(SUB_FLAGS[sub]);
  for (const f of p.flags.keys())
    if (!allowed.has(f))
      throw new UsageError(
        `pacs ${sub} has no option --${f} (it takes ${SUB_FLAGS[sub].map((x) => (x.length === 1 ? `-${x}` : `--${x}`)).join(', ')})`,
      );
}

function client(url: string | undefined, sub: string): DicomWebClient {
  if (!url) throw new UsageError(`pacs ${sub} needs the server's DICOMweb URL (e.g. http://127.0.0.1:8042/dicom-web)`);
  return new DicomWebClient(url, authFromEnv());
}

function need(p: Parsed, flag: string, sub: string): string {
  const v = str(p, flag);
  if (!v) throw new UsageError(`pacs ${sub} needs --${flag} UID`);
  return v;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function studies(p: Parsed, url?: string): Promise<number> {
  const c = client(url, 'studies');
  const list = await c.searchStudies({ patientId: str(p, 'patient-id'), accession: str(p, 'accession'), modality: str(p, 'modality') });
  if (p.flags.has('json')) {
    p.io.out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (!list.length) p.io.out('no studies found');
  for (const s of list)
    p.io.out(
      `${s.studyInstanceUid}  ${s.studyDate || '--------'}  ${s.modalities.join('/') || '?'}  ${s.series ?? '?'} series, ${s.instances ?? '?'} instances  ${s.description}`,
    );
  return 0;
}

async function pull(p: Parsed, url?: string): Promise<number> {
  const c = client(url, 'pull');
  const study = need(p, 'study', 'pull');
  const out = str(p, 'o', 'output');
  if (!out) throw new UsageError('pacs pull needs -o DIR (where the instances are written)');
  const r = await pullInstances(c, { root: resolve(out), studyUid: study, seriesUid: str(p, 'series') });
  p.io.out(
    `${r.done} instance(s) of study ${study} in ${out}: ${r.done - r.resumed} downloaded (${mb(r.bytes)})${r.resumed ? `, ${r.resumed} already there` : ''}`,
  );
  return 0;
}

async function store(p: Parsed, url?: string): Promise<number> {
  const image = p.positional[2];
  if (!image) throw new UsageError('pacs store needs an image (PNG, JPEG or TIFF) after the URL');
  const c = client(url, 'store');
  const study = need(p, 'study', 'store');
  const sc = await storeFigure(c, { studyUid: study, imagePath: resolve(image), displayName: basename(image) });
  p.io.out(`stored ${basename(image)} in study ${study} as Secondary Capture ${sc.sopInstanceUid} (new series ${sc.seriesInstanceUid})`);
  return 0;
}

const pacs: CliCommand = {
  name: 'pacs',
  usage: `medfig pacs studies <dicomweb-url> [--patient-id ID] [--accession A] [--modality M] [--json]
  medfig pacs pull <dicomweb-url> --study UID [--series UID] -o DIR
  medfig pacs store <dicomweb-url> <image.png|.jpg|.tif> --study UID
      (login from MEDFIG_PACS_USER/MEDFIG_PACS_PASSWORD or MEDFIG_PACS_TOKEN)`,
  flags: ['patient-id', 'accession', 'modality', 'json', 'study', 'series', 'o', 'output'],
  valueFlags: ['patient-id', 'accession', 'modality', 'study', 'series', 'o', 'output'],
  async run(p) {
    const [sub, url] = p.positional;
    if (!sub || !(sub in SUB_FLAGS)) throw new UsageError(`pacs needs a subcommand: studies, pull or store${sub ? ` (not "${sub}")` : ''}`);
    checkSub(sub, p);
    try {
      if (sub === 'studies') return await studies(p, url);
      if (sub === 'pull') return await pull(p, url);
      return await store(p, url);
    } catch (e) {
      // A PACS failure is the user's to fix (login, address, study): one line, exit 2.
      if (e instanceof PacsError) {
        p.io.err(`medfig: pacs ${sub}: ${e.message}`);
        return 2;
      }
      throw e;
    }
  },
};

export default pacs;
