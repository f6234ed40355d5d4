// `medfig pacs` against a real Orthanc (Debian's, with its DICOMweb plugin): search finds the
// uploaded studies, pull gives the uploaded PixelData byte for byte and resumes by instance,
// store adds a Secondary Capture (Burned In Annotation YES, new UIDs, the study's patient) that
// Orthanc lists; a refused login, a dead port, a silent server and an unknown study each give
// exit 2 with one line.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import sharp from 'sharp';
import { startOrthanc, freePort, type Orthanc } from '../helpers/orthanc';

const root = resolve(import.meta.dirname, '../..');
const FIX = join(root, 'tests/fixtures/dicom');
const CT_SERIES = ['ct-series/ct2_slice_17106.dcm', 'ct-series/ct2_slice_17136.dcm', 'ct-series/ct2_slice_17166.dcm'];
const MR = 'mr-series/brain_002.dcm';
const JPEG_LOSSLESS = 'ct/ct_chest_ge_jpeg_lossless_sv1.dcm';

// The real bin (the built CLI when current, else the sources through tsx).
const entry = [join(root, 'bin/medfig.js')];

function medfig(env: Record<string, string | undefined>, ...args: string[]) {
  const r = spawnSync(process.execPath, [...entry, 'pacs', ...args], {
    encoding: 'utf8',
    cwd: root,
    timeout: 60_000,
    env: { ...process.env, MEDFIG_PACS_USER: undefined, MEDFIG_PACS_PASSWORD: undefined, MEDFIG_PACS_TOKEN: undefined, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function oneLine(err: string): string {
  const lines = err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(err).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  return lines[0];
}

/** The PixelData value bytes (fragments concatenated when encapsulated). */
function pixelData(bytes: Uint8Array): Buffer {
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements.x7fe00010;
  if (el.encapsulatedPixelData && el.fragments)
    return Buffer.concat(el.fragments.map((f) => Buffer.from(bytes.subarray(f.position, f.position + f.length))));
  return Buffer.from(bytes.subarray(el.dataOffset, el.dataOffset + el.length));
}

function uidOf(bytes: Uint8Array, tag: string): string {
  return dicomParser.parseDicom(bytes).string(tag) ?? '';
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

describe('medfig pacs against Orthanc', () => {
  let o: Orthanc;
  let env: Record<string, string>;
  let dir: string;
  const ctStudy = uidOf(readFileSync(join(FIX, CT_SERIES[0])), 'x0020000d');
  const ctSeries = uidOf(readFileSync(join(FIX, CT_SERIES[0])), 'x0020000e');
  const mrStudy = uidOf(readFileSync(join(FIX, MR)), 'x0020000d');
  const jlStudy = uidOf(readFileSync(join(FIX, JPEG_LOSSLESS)), 'x0020000d');

  beforeAll(async () => {
    o = await startOrthanc();
    for (const f of [...CT_SERIES, MR, JPEG_LOSSLESS]) await o.upload(join(FIX, f));
    env = { MEDFIG_PACS_USER: o.user, MEDFIG_PACS_PASSWORD: o.password };
    dir = mkdtempSync(join(tmpdir(), 'medfig-pacs-cli-'));
  }, 60_000);
  afterAll(async () => {
    await o?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('studies --json lists every uploaded study with its counts', () => {
    const r = medfig(env, 'studies', o.dicomweb, '--json');
    expect(r.code, r.err).toBe(0);
    const list = JSON.parse(r.out) as Record<string, unknown>[];
    expect(list.map((s) => s.studyInstanceUid).sort()).toEqual([ctStudy, mrStudy, jlStudy].sort());
    const ct = list.find((s) => s.studyInstanceUid === ctStudy)!;
    expect(ct).toMatchObject({ modalities: ['CT'], series: 1, instances: 3, studyDate: '19950903' });
    expect(typeof ct.description).toBe('string');
    for (const s of list)
      for (const k of ['studyInstanceUid', 'studyDate', 'modalities', 'description', 'series', 'instances']) expect(s).toHaveProperty(k);
  });

  it('studies filters by patient id, accession and modality', () => {
    const mr = JSON.parse(medfig(env, 'studies', o.dicomweb, '--modality', 'MR', '--json').out) as { studyInstanceUid: string }[];
    expect(mr.map((s) => s.studyInstanceUid)).toEqual([mrStudy]);
    const pid = dicomParser.parseDicom(readFileSync(join(FIX, CT_SERIES[0]))).string('x00100020')!;
    const byId = JSON.parse(medfig(env, 'studies', o.dicomweb, '--patient-id', pid, '--json').out) as { studyInstanceUid: string }[];
    expect(byId.map((s) => s.studyInstanceUid)).toEqual([ctStudy]);
    const none = JSON.parse(medfig(env, 'studies', o.dicomweb, '--accession', 'NO-SUCH-ACCESSION', '--json').out);
    expect(none).toEqual([]);
    const text = medfig(env, 'studies', o.dicomweb);
    expect(text.code).toBe(0);
    expect(text.out).toContain(ctStudy);
  });

  it('pull writes each instance as Part-10 with the uploaded PixelData, and resumes by instance', () => {
    const out = join(dir, 'pull');
    const r = medfig(env, 'pull', o.dicomweb, '--study', ctStudy, '-o', out);
    expect(r.code, r.err).toBe(0);
    const files = walk(out).filter((f) => f.endsWith('.dcm'));
    expect(files).toHaveLength(CT_SERIES.length);
    for (const f of CT_SERIES) {
      const src = new Uint8Array(readFileSync(join(FIX, f)));
      const sop = uidOf(src, 'x00080018');
      const pulled = files.find((p) => p.endsWith(`${sop}.dcm`));
      expect(pulled, sop).toBeDefined();
      const got = new Uint8Array(readFileSync(pulled!));
      expect(Buffer.from(got.subarray(128, 132)).toString('latin1')).toBe('DICM');
      expect(pixelData(got).equals(pixelData(src))).toBe(true);
      const ds = dicomParser.parseDicom(got);
      expect(pixelData(got).length).toBe(ds.uint16('x00280010')! * ds.uint16('x00280011')! * 2);
    }
    // Lose one instance (and leave a stray partial file): the next pull fetches only that one.
    rmSync(files[1]);
    writeFileSync(files[1] + '.part-deadbeef', 'partial');
    const again = medfig(env, 'pull', o.dicomweb, '--study', ctStudy, '--series', ctSeries, '-o', out);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/3 instance\(s\).*1 downloaded.*2 already there/);
    const src1 = new Uint8Array(readFileSync(join(FIX, CT_SERIES[1])));
    const back = walk(out).find((f) => f.endsWith(`${uidOf(src1, 'x00080018')}.dcm`))!;
    expect(pixelData(new Uint8Array(readFileSync(back))).equals(pixelData(src1))).toBe(true);
  });

  it('pull keeps compressed pixel data as the server holds it (JPEG Lossless fragments)', () => {
    const out = join(dir, 'pull-jl');
    const r = medfig(env, 'pull', o.dicomweb, '--study', jlStudy, '-o', out);
    expect(r.code, r.err).toBe(0);
    const [file] = walk(out);
    const got = new Uint8Array(readFileSync(file));
    const src = new Uint8Array(readFileSync(join(FIX, JPEG_LOSSLESS)));
    expect(dicomParser.parseDicom(got).string('x00020010')).toBe(dicomParser.parseDicom(src).string('x00020010'));
    expect(pixelData(got).equals(pixelData(src))).toBe(true);
  });

  it('store adds a Secondary Capture that Orthanc lists in the study', async () => {
    // A figure with known pixels: left half red, right half blue, 64 × 40.
    const w = 64;
    const h = 40;
    const rgb = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb.set(x < w / 2 ? [220, 30, 20] : [10, 40, 200], (y * w + x) * 3);
    const png = join(dir, 'figure.png');
    await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(png);
    const r = medfig(env, 'store', o.dicomweb, png, '--study', mrStudy);
    expect(r.code, r.err).toBe(0);
    // Orthanc's own view of the study: a new OT series with one SC instance.
    const studies = await o.rest<{ ID: string; MainDicomTags: { StudyInstanceUID: string } }[]>('/studies?expand');
    const study = studies.find((s) => s.MainDicomTags.StudyInstanceUID === mrStudy)!;
    const instances = await o.rest<{ ID: string; MainDicomTags: { SOPInstanceUID: string } }[]>(`/studies/${study.ID}/instances?expand`);
    expect(instances).toHaveLength(2);
    const mrSop = uidOf(new Uint8Array(readFileSync(join(FIX, MR))), 'x00080018');
    const sc = instances.find((i) => i.MainDicomTags.SOPInstanceUID !== mrSop)!;
    const file = await o.restBytes(`/instances/${sc.ID}/file`);
    const scPath = join(dir, 'sc.dcm');
    writeFileSync(scPath, file);
    const dump = execFileSync('dcmdump', ['+P', 'BurnedInAnnotation', '+P', 'SOPClassUID', '+P', 'Modality', scPath], { encoding: 'utf8' });
    expect(dump).toMatch(/\(0028,0301\) CS \[YES\]/);
    expect(dump).toContain('=SecondaryCaptureImageStorage');
    const ds = dicomParser.parseDicom(file);
    const mr = dicomParser.parseDicom(new Uint8Array(readFileSync(join(FIX, MR))));
    // The study's patient and study modules, copied; the series and instance new.
    expect(ds.string('x0020000d')).toBe(mrStudy);
    expect(ds.string('x00100020')).toBe(mr.string('x00100020'));
    expect(ds.string('x0020000e')).not.toBe(mr.string('x0020000e'));
    expect(ds.string('x00080018')).not.toBe(mrSop);
    expect(ds.string('x00080018')).toMatch(/^[0-9.]+$/);
    // The pixels are the figure's.
    expect([ds.uint16('x00280010'), ds.uint16('x00280011'), ds.uint16('x00280002'), ds.string('x00280004')]).toEqual([h, w, 3, 'RGB']);
    const px = pixelData(file);
    expect([...px.subarray(0, 3)]).toEqual([220, 30, 20]);
    expect([...px.subarray((w - 1) * 3, w * 3)]).toEqual([10, 40, 200]);
  });

  it('a refused login: exit 2, one line quoting the status', () => {
    const r = medfig({ MEDFIG_PACS_USER: o.user, MEDFIG_PACS_PASSWORD: 'wrong' }, 'studies', o.dicomweb);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/refused the login \(HTTP 401/);
    const none = medfig({}, 'pull', o.dicomweb, '--study', ctStudy, '-o', join(dir, 'x'));
    expect(none.code).toBe(2);
    expect(oneLine(none.err)).toMatch(/401/);
  });

  it('an unknown study: exit 2, one line naming it', () => {
    for (const args of [
      ['pull', o.dicomweb, '--study', '1.2.3.4.5.6.7', '-o', join(dir, 'none')],
      ['store', o.dicomweb, join(root, 'tests/fixtures/photos/retina_fundus.jpg'), '--study', '1.2.3.4.5.6.7'],
    ]) {
      const r = medfig(env, ...args);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toContain('no study 1.2.3.4.5.6.7');
    }
  });

  it('a dead port: exit 2, one line', async () => {
    const port = await freePort();
    const r = medfig(env, 'studies', `http://127.0.0.1:${port}/dicom-web`);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toContain(`cannot reach 127.0.0.1:${port}: connection refused`);
  });

  it('a server that accepts but never answers: exit 2 after the answer timeout, one line', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()));
    const port = (silent.address() as { port: number }).port;
    // Asynchronous spawn: this process must keep serving the silent socket meanwhile.
    const child = spawn(process.execPath, [...entry, 'pacs', 'studies', `http://127.0.0.1:${port}/dicom-web`], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    for (const s of sockets) s.destroy();
    silent.close();
    expect(code).toBe(2);
    expect(oneLine(err)).toContain(`127.0.0.1:${port} did not answer within 15 s`);
  }, 60_000);

  it('a bad image or URL is refused before the server is asked', () => {
    const bad = join(dir, 'not-an-image.png');
    writeFileSync(bad, 'hello');
    const r = medfig(env, 'store', o.dicomweb, bad, '--study', mrStudy);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toContain('not-an-image.png: not a readable PNG, JPEG or TIFF image');
    const u = medfig(env, 'studies', 'ftp://example.org/x');
    expect(u.code).toBe(2);
    oneLine(u.err);
  });
});
