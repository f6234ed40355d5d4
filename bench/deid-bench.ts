// OCR for pixel de-identification (issue 21): the whole proposal step (grey + scale + the 2–3
// passes over the image, its inverse and a contrast stretch, merged) on a CT-like image with text
// drawn in the corners, over bright anatomy and on a grey strip, at 512² and 2048², with the
// Tesseract workers already started (their one-time start is printed apart). No Tesseract CLI is
// installed here to compare against, so each figure is a ratio to the goal
// (512²: 3 s, 2048²: 10 s; < 1 = within it). If `tesseract` is on PATH, one plain pass of it on
// the same image is timed too, as a reference.
//
//   node --import tsx bench/deid-bench.ts        RUNS=n (default 3; median)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOcrEngine } from '../src/services/deid/ocr';
import { proposeRedactions } from '../src/services/deid/propose';
import { toPgm } from '../src/services/deid/prepare';
import type { ImageInfo } from '../src/shared/imaging/types';
import { coveredShare, ctLikeWithText } from '../tests/unit/helpers/deid-images';

const RUNS = Number(process.env.RUNS ?? 3);
const GOALS: Record<number, number> = { 512: 3000, 2048: 10000 };

function info(size: number, format: 'png' | 'dicom'): ImageInfo {
  return {
    format,
    width: size,
    height: size,
    frames: 1,
    channels: 1,
    bitsAllocated: 8,
    bitsStored: 8,
    photometric: 'MONOCHROME2',
    transferSyntax: null,
    modality: format === 'dicom' ? 'CT' : null,
    studyDate: null,
    pixelSpacing: null,
    warnings: [],
    windows: [],
    rescale: null,
    burnedInAnnotation: null,
    phi: [],
    orientation: null,
    densityDpi: null,
    imagePositionPatient: null,
    imageOrientationPatient: null,
    instanceNumber: null,
    seriesInstanceUid: null,
    sliceThickness: null,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const hasTesseract = spawnSync('tesseract', ['--version']).status === 0;
const ocr = createOcrEngine();
let t = performance.now();
await ocr.warm();
console.log(`Tesseract workers started (one-time, language data loaded): ${Math.round(performance.now() - t)} ms`);

for (const size of [512, 2048]) {
  const { frame, drawn } = ctLikeWithText(size);
  const cases: [string, ImageInfo][] = [
    ['photo/micrograph (2 passes)', info(size, 'png')],
    ['DICOM, BurnedInAnnotation absent (3 passes)', info(size, 'dicom')],
  ];
  for (const [label, real] of cases) {
    const times: number[] = [];
    let covered = 0;
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      const found = await proposeRedactions({ ocr }, { frame, info: real });
      times.push(performance.now() - t);
      covered = drawn.filter(
        (d) =>
          coveredShare(
            d.box,
            found.map((s) => s.box),
          ) >= 0.98,
      ).length;
    }
    const ms = median(times);
    console.log(
      `${size}² ${label}: ${Math.round(ms)} ms (median of ${RUNS}) → ${(ms / GOALS[size]).toFixed(2)} of the ${GOALS[size] / 1000} s goal; ${covered}/${drawn.length} drawn lines covered`,
    );
  }
  if (hasTesseract) {
    const dir = mkdtempSync(join(tmpdir(), 'medfig-deid-bench-'));
    const pgm = join(dir, 'in.pgm');
    writeFileSync(pgm, toPgm({ data: ctLikeWithText(size).frame.data as Uint8Array, width: size, height: size }));
    t = performance.now();
    execFileSync('tesseract', [pgm, 'stdout', '--psm', '11'], { stdio: 'ignore' });
    console.log(`${size}² reference: tesseract CLI, one pass: ${Math.round(performance.now() - t)} ms`);
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!hasTesseract) console.log('(no tesseract CLI on PATH: ratios are to the goal)');
await ocr.close();
