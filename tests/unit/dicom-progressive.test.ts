// Every Huffman DCT JPEG process in DICOM decodes within ±1 of dcmtk's dcmj2pnm: full progression
// (1.2.840.10008.1.2.4.55, processes 10/12) at 12 and 8 bits, grey and colour, and spectral selection
// (4.53). The files are made here with dcmtk's `dcmcjpeg +ep` / `+es` from the classic fixtures.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeDicom, readDicomInfo } from '../../src/services/images/dicom';
import { minMaxWindow, toRGBA8, windowToGrey8 } from '../../src/shared/imaging/window';
import { dcmtk, dcmtkRender, fixture, maxDiff, tmp } from '../fixtures/dicom/reference';

type Made = { name: string; src: string; args: string[]; syntax: string; bits: number };
const MADE: Made[] = [
  { name: 'ct-prog-12.dcm', src: 'ct/ct_chest_ge_implicit_le.dcm', args: ['+ep'], syntax: '1.2.840.10008.1.2.4.55', bits: 12 },
  { name: 'ct-prog-8.dcm', src: 'ct/ct_chest_ge_implicit_le.dcm', args: ['+ep', '+be'], syntax: '1.2.840.10008.1.2.4.55', bits: 8 },
  { name: 'mr-prog-12.dcm', src: 'mr-series/brain_003.dcm', args: ['+ep', '+bt'], syntax: '1.2.840.10008.1.2.4.55', bits: 12 },
  { name: 'cr-prog-12.dcm', src: 'radiograph/cr_mono1_6154.dcm', args: ['+ep', '+bt'], syntax: '1.2.840.10008.1.2.4.55', bits: 12 },
  { name: 'ct-spectral-12.dcm', src: 'ct/ct_chest_ge_implicit_le.dcm', args: ['+es'], syntax: '1.2.840.10008.1.2.4.53', bits: 12 },
];

const path = (m: Made) => tmp(m.name);

beforeAll(() => {
  for (const m of MADE) dcmtk('dcmcjpeg', [...m.args, fixture(m.src), path(m)]);
  dcmtk('dcmcjpeg', ['+ep', fixture('color/sc_ybr_full_422_uncompressed.dcm'), tmp('colour-prog.dcm')]);
});

describe('JPEG progressive and spectral selection match dcmj2pnm within ±1', () => {
  for (const m of MADE) {
    for (const w of [{ center: 40, width: 400 }, { center: 300, width: 1500 }, 'minmax'] as const) {
      it(`${m.name} ${typeof w === 'string' ? w : `${w.center}/${w.width}`}`, async () => {
        const bytes = new Uint8Array(readFileSync(path(m)));
        const info = readDicomInfo(bytes);
        expect(info.transferSyntax?.uid).toBe(m.syntax);
        const frame = await decodeDicom(bytes);
        const win = w === 'minmax' ? minMaxWindow(frame) : w;
        const ref = await dcmtkRender(path(m), w);
        expect([ref.width, ref.height]).toEqual([frame.width, frame.height]);
        expect(maxDiff(windowToGrey8(frame, win), 1, ref)).toBeLessThanOrEqual(1);
        // Not a flat image: the decode carries the picture.
        expect(frame.maxStored - frame.minStored).toBeGreaterThan(50);
      });
    }
  }

  it('8-bit colour full progression (YBR_FULL_422 source, libjpeg-turbo)', async () => {
    const bytes = new Uint8Array(readFileSync(tmp('colour-prog.dcm')));
    expect(readDicomInfo(bytes).transferSyntax?.uid).toBe('1.2.840.10008.1.2.4.55');
    const frame = await decodeDicom(bytes);
    expect(frame.channels).toBe(3);
    const ref = await dcmtkRender(tmp('colour-prog.dcm'), null);
    expect(maxDiff(toRGBA8(frame, null, false), 4, ref)).toBeLessThanOrEqual(1);
  });
});
