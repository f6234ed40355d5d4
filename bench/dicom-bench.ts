// DICOM decode benchmark, each figure as a ratio to a reference tool (see bench/README.md).
//   node --import tsx bench/dicom-bench.ts
// 1. CT slice: read + decode + window 40/400 + PNG, in process, vs `dcmj2pnm +Ww 40 400 +on`
//    (a child process per run, as the CLI user would run it: process start-up is part of its cost).
// 2. JPEG 2000: our decode of the codestream vs `opj_decompress` on the same codestream.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import dicomParser from 'dicom-parser';
import { decodeDicom } from '../src/services/images/dicom';
import { windowToGrey8 } from '../src/shared/imaging/window';

const RUNS = Number(process.env.RUNS ?? 20);
const root = new URL('..', import.meta.url).pathname;
const ct = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm');
const j2k = join(root, 'tests/fixtures/dicom/ct/ct1_j2k_lossless.dcm');
const dir = mkdtempSync(join(tmpdir(), 'medfig-bench-'));

async function time(fn: () => unknown | Promise<unknown>): Promise<{ median: number; min: number }> {
  await fn(); // warm-up: lazy codec init, JIT
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)], min: t[0] };
}

const fmt = (x: { median: number; min: number }) => `${x.median.toFixed(2)} ms (min ${x.min.toFixed(2)})`;

async function main(): Promise<void> {
  const win = { center: 40, width: 400 };
  const ours = await time(async () => {
    const f = await decodeDicom(new Uint8Array(readFileSync(ct)));
    const g = windowToGrey8(f, win);
    await sharp(g, { raw: { width: f.width, height: f.height, channels: 1 } })
      .png()
      .toBuffer();
  });
  const oursNoPng = await time(async () => windowToGrey8(await decodeDicom(new Uint8Array(readFileSync(ct))), win));
  const dcmtk = await time(() => execFileSync('dcmj2pnm', ['+Ww', '40', '400', '+on', ct, join(dir, 'ct.png')]));
  const processFloor = await time(() => execFileSync('dcmj2pnm', ['--version'], { stdio: 'ignore' }));

  // J2K: hand the same codestream to opj_decompress.
  const bytes = new Uint8Array(readFileSync(j2k));
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements.x7fe00010;
  const code = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments?.length);
  const cs = join(dir, 'ct1.j2k');
  writeFileSync(cs, code);
  const oursJ2k = await time(() => decodeDicom(bytes));
  const opj = await time(() => execFileSync('opj_decompress', ['-i', cs, '-o', join(dir, 'ct1.pgm'), '-quiet'], { stdio: 'ignore' }));

  // The two hand-written decoders, against dcmtk rendering the same files.
  const hand: Array<[string, string]> = [
    ['JPEG extended 12-bit (hand-written DCT)', 'ct_chest_ge_jpeg_extended_12bit.dcm'],
    ['JPEG lossless SV1 (hand-written)', 'ct_chest_ge_jpeg_lossless_sv1.dcm'],
    ['RLE (hand-written)', 'ct_chest_ge_rle.dcm'],
  ];
  const handFigures: string[] = [];
  for (const [name, file] of hand) {
    const path = join(root, 'tests/fixtures/dicom/ct', file);
    const b = new Uint8Array(readFileSync(path));
    const o = await time(async () => {
      const f = await decodeDicom(b);
      await sharp(windowToGrey8(f, win), { raw: { width: f.width, height: f.height, channels: 1 } })
        .png()
        .toBuffer();
    });
    const d = await time(() => execFileSync('dcmj2pnm', ['+Ww', '40', '400', '+on', path, join(dir, 'h.png')]));
    handFigures.push(`  ${name}: medfig ${fmt(o)} vs dcmj2pnm ${fmt(d)} → ratio ${(o.median / d.median).toFixed(2)}`);
  }

  console.log(`runs per figure: ${RUNS} (median, after one warm-up)`);
  console.log(`CT 512×512 implicit LE, window 40/400 → PNG`);
  console.log(`  medfig (read+decode+window+PNG, in process) ${fmt(ours)}`);
  console.log(`  medfig (read+decode+window, no PNG)         ${fmt(oursNoPng)}`);
  console.log(`  dcmj2pnm (child process)                    ${fmt(dcmtk)}`);
  console.log(`  dcmj2pnm --version (process start floor)    ${fmt(processFloor)}`);
  console.log(`  ratio medfig/dcmj2pnm: ${(ours.median / dcmtk.median).toFixed(2)}`);
  console.log(`  ratio medfig/(dcmj2pnm − start-up): ${(ours.median / Math.max(0.01, dcmtk.median - processFloor.median)).toFixed(2)}`);
  console.log(`JPEG 2000 lossless 512×512 (NEMA CT1), decode`);
  console.log(`  medfig (openjpeg wasm, in process) ${fmt(oursJ2k)}`);
  console.log(`  opj_decompress (child process)     ${fmt(opj)}`);
  console.log(`  ratio medfig/opj_decompress: ${(oursJ2k.median / opj.median).toFixed(2)}`);
  console.log('Hand-written decoders, decode+window+PNG vs dcmj2pnm on the same file');
  for (const line of handFigures) console.log(line);
}

void main();
