// Enhanced multi-frame DICOM (Enhanced CT / Enhanced MR): spacing, rescale (HU) and window come from
// the Shared / Per-frame Functional Groups, frames are ordered by position. The objects are built
// from the classic fixture slices (tests/fixtures/dicom/enhanced.ts, dcmjs writer); the values we
// report are checked against dcmtk's dcmdump of the functional groups, and the decoded frames
// against dcmtk's rendering of the classic slice each frame came from (±1 grey level).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeDicom, readDicomInfo } from '../../src/services/images/dicom';
import { windowToGrey8 } from '../../src/shared/imaging/window';
import { dcmtkRender, fixture, maxDiff, writeTmp } from '../fixtures/dicom/reference';
import { buildEnhanced } from '../fixtures/dicom/enhanced';

const root = resolve(import.meta.dirname, '../..');
const slices = (dir: string) =>
  readdirSync(fixture(dir))
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => join(fixture(dir), f));

/** Values of one attribute as dcmtk prints them, at any nesting depth (`dcmdump +P`). */
function dcmdumpValues(file: string, tag: string): string[] {
  const out = execFileSync('dcmdump', ['+P', tag, file], { encoding: 'utf8' });
  return [...out.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
}

const CT = slices('ct-series');

describe('Enhanced CT (1.2.840.10008.5.1.4.1.1.2.1)', () => {
  // Stored out of order; the third stored frame has its own rescale (stored +100, intercept −100).
  const built = buildEnhanced(CT, { sopClass: 'ct', storedOrder: [2, 0, 3, 1], perFrameShift: { frame: 2, shift: 100 } });
  const path = writeTmp('enhanced-ct.dcm', built.bytes);

  it('is a real enhanced object: dcmtk sees the functional groups and no top-level spacing, rescale or window', () => {
    const top = execFileSync('dcmdump', ['-M', path], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^\(/.test(l));
    expect(top.join('\n')).toMatch(/\(0008,0016\) UI =EnhancedCTImageStorage/);
    expect(top.some((l) => /^\(0028,(0030|1050|1052)\)/.test(l))).toBe(false);
    expect(top.some((l) => l.startsWith('(5200,9229)'))).toBe(true);
    expect(top.some((l) => l.startsWith('(5200,9230)'))).toBe(true);
  });

  it('info reports spacing, rescale and window from the functional groups, as dcmdump reads them', () => {
    const info = readDicomInfo(built.bytes);
    const [ps] = dcmdumpValues(path, '0028,0030');
    const [row, column] = ps.split('\\').map(Number);
    expect(info.pixelSpacing).toMatchObject({ row, column, source: 'PixelSpacing' });
    const intercepts = dcmdumpValues(path, '0028,1052').map(Number); // shared first, then the per-frame one
    expect(info.rescale).toEqual({ slope: Number(dcmdumpValues(path, '0028,1053')[0]), intercept: intercepts[0] });
    expect(intercepts).toContain(built.rescale.intercept - 100);
    expect(info.units).toBe('HU');
    expect(info.windows).toEqual([
      { center: Number(dcmdumpValues(path, '0028,1050')[0]), width: Number(dcmdumpValues(path, '0028,1051')[0]) },
    ]);
    expect(info.frames).toBe(4);
  });

  it('orders frames by position along the slice normal (a volume scrolls like a series)', () => {
    const info = readDicomInfo(built.bytes);
    const z = dcmdumpValues(path, '0020,0032').map((v) => Number(v.split('\\')[2])); // stored order
    expect(info.frameOrder).toBeDefined();
    const ordered = info.frameOrder!.map((f) => z[f]);
    expect(ordered).toEqual([...z].sort((a, b) => a - b));
    expect(info.imagePositionPatient?.[2]).toBe(Math.min(...z));
    expect(info.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('each frame decodes to the HU of its source slice, per-frame rescale included (dcmtk on the classic slice, ±1)', async () => {
    for (let f = 0; f < built.storedOrder.length; f++) {
      const frame = await decodeDicom(built.bytes, f);
      if (f === 2) expect(frame.intercept).toBe(built.rescale.intercept - 100);
      else expect(frame.intercept).toBe(built.rescale.intercept);
      for (const win of [built.window, { center: 40, width: 400 }]) {
        const ref = await dcmtkRender(CT[built.storedOrder[f]], win);
        expect(maxDiff(windowToGrey8(frame, win), 1, ref)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('frames with the shared rescale match dcmtk on the enhanced object itself (±1)', async () => {
    // dcmtk 3.6.7 applies the shared Pixel Value Transformation but not a per-frame one.
    for (const f of [0, 1, 3]) {
      const frame = await decodeDicom(built.bytes, f);
      const ref = await dcmtkRender(path, built.window, { frame: f });
      expect(maxDiff(windowToGrey8(frame, built.window), 1, ref)).toBeLessThanOrEqual(1);
    }
  });

  it('medfig info --json gives pixelSpacing (source PixelSpacing), rescale and windows', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/medfig.js'), 'info', path, '--json'], { encoding: 'utf8', cwd: root });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.pixelSpacing).toMatchObject({ row: built.spacing[0], column: built.spacing[1], source: 'PixelSpacing' });
    expect(j.rescale).toEqual({ slope: 1, intercept: -1024 });
    expect(j.windows).toEqual([{ center: 30, width: 100 }]);
  });

  it('a per-frame window (Frame VOI LUT in each frame) is read too', () => {
    const b = buildEnhanced(CT, { sopClass: 'ct', perFrameWindow: true });
    expect(readDicomInfo(b.bytes).windows).toEqual([b.window]);
  });

  it('implicit VR little endian (no VRs in the file) still reads the functional groups', async () => {
    const implicit = writeTmp('enhanced-ct-implicit.dcm', new Uint8Array(0));
    execFileSync('dcmconv', ['+ti', path, implicit]);
    const info = readDicomInfo(new Uint8Array(readFileSync(implicit)));
    expect(info.transferSyntax?.uid).toBe('1.2.840.10008.1.2');
    expect(info.pixelSpacing?.row).toBe(built.spacing[0]);
    expect(info.rescale?.intercept).toBe(-1024);
    expect(info.windows).toHaveLength(1);
    expect(info.frameOrder).toEqual(readDicomInfo(built.bytes).frameOrder);
  });
});

describe('Enhanced MR (1.2.840.10008.5.1.4.1.1.4.1)', () => {
  const MR = slices('mr-series');
  const built = buildEnhanced(MR, { sopClass: 'mr', storedOrder: [3, 1, 0, 2] });
  const path = writeTmp('enhanced-mr.dcm', built.bytes);

  it('spacing from Pixel Measures, order by position, pixels equal to the classic slices (dcmtk, ±1)', async () => {
    const info = readDicomInfo(built.bytes);
    expect(info.modality).toBe('MR');
    const [row, column] = dcmdumpValues(path, '0028,0030')[0].split('\\').map(Number);
    expect(info.pixelSpacing).toMatchObject({ row, column, source: 'PixelSpacing' });
    expect(info.frameOrder).toEqual([2, 1, 3, 0]);
    const win = { center: 300, width: 600 };
    for (let f = 0; f < 4; f++) {
      const ref = await dcmtkRender(MR[built.storedOrder[f]], win);
      expect(maxDiff(windowToGrey8(await decodeDicom(built.bytes, f), win), 1, ref)).toBeLessThanOrEqual(1);
    }
  });
});
