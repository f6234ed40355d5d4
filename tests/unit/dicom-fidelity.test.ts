// The bar: for every DICOM fixture we decode, our 8-bit rendering equals dcmtk's within ±1 grey level
// on every pixel — for a given window, the file's own window, min–max, and chosen frames.
import { describe, expect, it } from 'vitest';
import { decodeDicom, readDicomInfo } from '../../src/services/images/dicom';
import { minMaxWindow, toRGBA8, windowToGrey8 } from '../../src/shared/imaging/window';
import { dcmtk, dcmtkRender, fixture, greyModule, maxDiff, read, writeDicom, writeTmp, type Tool } from '../fixtures/dicom/reference';
import { readFileSync } from 'node:fs';

type Case = [file: string, tool: Tool, windows: Array<{ center: number; width: number } | 'file' | 'minmax'>];

const SOFT = { center: 40, width: 400 };
const BONE = { center: 300, width: 1500 };
const LUNG = { center: -600, width: 1500 };

const GREY: Case[] = [
  ['ct/ct_chest_ge_implicit_le.dcm', 'dcmj2pnm', [SOFT, BONE, LUNG, 'file', 'minmax']],
  ['ct/ct_chest_ge_explicit_le.dcm', 'dcmj2pnm', [SOFT, 'file']],
  ['ct/ct_chest_ge_explicit_be.dcm', 'dcmj2pnm', [SOFT, BONE]],
  ['ct/ct_chest_ge_deflate.dcm', 'dcmj2pnm', [SOFT, LUNG]],
  ['ct/ct_chest_ge_rle.dcm', 'dcmj2pnm', [SOFT, BONE]],
  ['ct/ct_chest_ge_jpeg_lossless_sv1.dcm', 'dcmj2pnm', [SOFT, BONE]],
  ['ct/ct_chest_ge_jpeg_baseline_8bit.dcm', 'dcmj2pnm', [SOFT, BONE, 'file']],
  ['ct/ct_chest_ge_jpeg_extended_12bit.dcm', 'dcmj2pnm', [SOFT, BONE, 'file']],
  ['ct/ct_chest_ge_jpegls_lossless.dcm', 'dcml2pnm', [SOFT, LUNG]],
  ['ct/ct1_j2k_lossless.dcm', 'gdcm', [SOFT, BONE, 'minmax']],
  ['ct/ct1_j2k_lossy.dcm', 'gdcm', [SOFT, LUNG]],
  ['ct-series/ct2_slice_17106.dcm', 'dcmj2pnm', ['file', SOFT]],
  ['mr-series/brain_003.dcm', 'dcmj2pnm', ['minmax', { center: 300, width: 600 }]],
  ['radiograph/cr_mono1_6154.dcm', 'dcmj2pnm', ['file', { center: 1000, width: 2000 }, 'minmax']],
  ['radiograph/nm_planar_jpeg_extended.dcm', 'dcmj2pnm', ['minmax', { center: 100, width: 200 }]],
  ['non-image/seg_liver_1bit.dcm', 'dcmj2pnm', ['minmax']],
];

async function compareGrey(path: string, bytes: Uint8Array, tool: Tool, w: Case[2][number], frame = 0): Promise<number> {
  const decoded = await decodeDicom(bytes, frame);
  const info = readDicomInfo(bytes);
  const win = w === 'file' ? info.windows[0] : w === 'minmax' ? minMaxWindow(decoded) : w;
  expect(win).toBeDefined();
  const ours = windowToGrey8(decoded, win);
  const ref = await dcmtkRender(path, w, { tool, frame });
  expect([ref.width, ref.height]).toEqual([decoded.width, decoded.height]);
  return maxDiff(ours, 1, ref);
}

describe('grey fixtures match dcmtk within ±1', () => {
  for (const [file, tool, windows] of GREY) {
    for (const w of windows) {
      it(`${file} ${typeof w === 'string' ? w : `${w.center}/${w.width}`} (${tool})`, async () => {
        expect(await compareGrey(fixture(file), read(file), tool, w)).toBeLessThanOrEqual(1);
      });
    }
  }
});

describe('colour fixtures match dcmtk within ±1', () => {
  for (const file of ['color/sc_rgb_rle.dcm', 'color/sc_ybr_full_422_uncompressed.dcm', 'color/sc_rgb_jpeg_ybr_full.dcm']) {
    it(file, async () => {
      const decoded = await decodeDicom(read(file));
      expect(decoded.channels).toBe(3);
      const ref = await dcmtkRender(fixture(file), null);
      expect(ref.channels).toBeGreaterThanOrEqual(3);
      expect(maxDiff(toRGBA8(decoded, null), 4, ref)).toBeLessThanOrEqual(1);
    });
  }
});

// Encodings the fixture set lacks, made at run time by dcmtk itself from a fixture.
describe('dcmtk re-encodings', () => {
  const src = fixture('ct/ct_chest_ge_implicit_le.dcm');
  it('JPEG-LS near-lossless (NEAR 2), from an unsigned 12-bit CT', async () => {
    // dcmcjpls refuses signed pixels for near-lossless: use the (unsigned, 12-bit) JPEG extended CT's pixels.
    const f = await decodeDicom(read('ct/ct_chest_ge_jpeg_extended_12bit.dcm'));
    const native = writeTmp(
      'ct12-native.dcm',
      writeDicom([
        ...greyModule({ rows: 512, cols: 512, ba: 16, bs: 12, pr: 0 }),
        { tag: 0x00281052, vr: 'DS', value: String(f.intercept) },
        { tag: 0x00281053, vr: 'DS', value: String(f.slope) },
        { tag: 0x7fe00010, vr: 'OW', value: f.data as Uint16Array },
      ]),
    );
    const out = writeTmp('ct12-jls-near.dcm', new Uint8Array());
    dcmtk('dcmcjpls', ['+en', native, out]);
    const bytes = new Uint8Array(readFileSync(out));
    expect(readDicomInfo(bytes).transferSyntax?.uid).toBe('1.2.840.10008.1.2.4.81');
    expect(await compareGrey(out, bytes, 'dcml2pnm', SOFT)).toBeLessThanOrEqual(1);
  });
  const cases: Array<[name: string, tool: string, args: string[], render: Tool]> = [
    ['JPEG lossless SV 6 (1.2.840.10008.1.2.4.57)', 'dcmcjpeg', ['+el', '+sv', '6'], 'dcmj2pnm'],
    ['JPEG lossless SV 3', 'dcmcjpeg', ['+el', '+sv', '3'], 'dcmj2pnm'],
  ];
  for (const [name, tool, args, render] of cases) {
    it(name, async () => {
      const out = writeTmp(`${tool}-${args.join('')}.dcm`, new Uint8Array());
      dcmtk(tool, [...args, src, out]);
      const bytes = new Uint8Array(readFileSync(out));
      expect(await compareGrey(out, bytes, render, SOFT)).toBeLessThanOrEqual(1);
    });
  }
});

describe('multi-frame', () => {
  // Three real MR slices stacked into one file, then RLE-encoded by dcmtk too.
  const slices = ['mr-series/brain_002.dcm', 'mr-series/brain_003.dcm', 'mr-series/brain_004.dcm'];
  async function build(): Promise<string> {
    const frames = await Promise.all(slices.map((s) => decodeDicom(read(s))));
    const pixels = new Int16Array(256 * 256 * 3);
    frames.forEach((f, i) => pixels.set(f.data as Int16Array, i * 256 * 256));
    const bytes = writeDicom([
      ...greyModule({ rows: 256, cols: 256, ba: 16, bs: 16, pr: 1, frames: 3 }),
      { tag: 0x7fe00010, vr: 'OW', value: pixels },
    ]);
    return writeTmp('multiframe.dcm', bytes);
  }
  it('native: every frame matches dcmtk +F N, and info.frames = NumberOfFrames', async () => {
    const path = await build();
    const bytes = new Uint8Array(readFileSync(path));
    expect(readDicomInfo(bytes).frames).toBe(3);
    for (const frame of [0, 1, 2]) {
      expect(await compareGrey(path, bytes, 'dcmj2pnm', { center: 300, width: 600 }, frame)).toBeLessThanOrEqual(1);
    }
    // Frame 1 is brain_003 itself.
    const one = await decodeDicom(bytes, 1);
    const direct = await decodeDicom(read(slices[1]));
    expect(
      Buffer.from(one.data.buffer, one.data.byteOffset, one.data.byteLength).equals(
        Buffer.from(direct.data.buffer, direct.data.byteOffset, direct.data.byteLength),
      ),
    ).toBe(true);
  });
  it('RLE multi-frame (one fragment per frame)', async () => {
    const path = await build();
    const rle = writeTmp('multiframe-rle.dcm', new Uint8Array());
    dcmtk('dcmcrle', [path, rle]);
    const bytes = new Uint8Array(readFileSync(rle));
    for (const frame of [0, 2]) {
      expect(await compareGrey(rle, bytes, 'dcmj2pnm', 'minmax', frame)).toBeLessThanOrEqual(1);
    }
  });
});

describe('bit layouts and palettes the fixtures lack', () => {
  it('signed 12 bits in 16 with garbage above HighBit: masked and sign-extended like dcmtk', async () => {
    const rows = 32,
      cols = 32;
    const px = new Uint16Array(rows * cols);
    const values: number[] = [];
    for (let i = 0; i < px.length; i++) {
      const v = ((i * 37) % 4096) - 2048; // −2048 … 2047
      values.push(v);
      px[i] = (v & 0x0fff) | 0xa000; // junk in bits 12–15
    }
    const bytes = writeDicom([...greyModule({ rows, cols, ba: 16, bs: 12, pr: 1 }), { tag: 0x7fe00010, vr: 'OW', value: px }]);
    const path = writeTmp('signed12.dcm', bytes);
    const f = await decodeDicom(bytes);
    expect(Array.from(f.data)).toEqual(values);
    expect(f.minStored).toBe(Math.min(...values));
    expect(f.maxStored).toBe(Math.max(...values));
    expect(await compareGrey(path, bytes, 'dcmj2pnm', { center: 0, width: 1000 })).toBeLessThanOrEqual(1);
  });

  it('PALETTE COLOR with 16-bit LUTs → RGB like dcmtk', async () => {
    const rows = 16,
      cols = 64;
    const idx = new Uint8Array(rows * cols).map((_, i) => (i * 5) % 256);
    const lut = (f: (i: number) => number) => Uint16Array.from({ length: 256 }, (_, i) => f(i));
    const bytes = writeDicom([
      ...greyModule({ rows, cols, ba: 8, bs: 8, pr: 0, pi: 'PALETTE COLOR' }),
      { tag: 0x00281101, vr: 'US', value: [256, 0, 16] },
      { tag: 0x00281102, vr: 'US', value: [256, 0, 16] },
      { tag: 0x00281103, vr: 'US', value: [256, 0, 16] },
      { tag: 0x00281201, vr: 'OW', value: lut((i) => i * 257) },
      { tag: 0x00281202, vr: 'OW', value: lut((i) => (255 - i) * 257) },
      { tag: 0x00281203, vr: 'OW', value: lut((i) => ((i * 3) % 256) * 257) },
      { tag: 0x7fe00010, vr: 'OB', value: idx },
    ]);
    const path = writeTmp('palette.dcm', bytes);
    const f = await decodeDicom(bytes);
    expect(f.channels).toBe(3);
    const ref = await dcmtkRender(path, null);
    expect(maxDiff(toRGBA8(f, null), 4, ref)).toBeLessThanOrEqual(1);
  });

  it('RGB planar configuration 1 → interleaved, like dcmtk', async () => {
    const rows = 8,
      cols = 8,
      n = rows * cols;
    const planes = new Uint8Array(n * 3).map((_, i) => (i * 11) % 256);
    const bytes = writeDicom([
      { tag: 0x00280002, vr: 'US', value: [3] },
      { tag: 0x00280004, vr: 'CS', value: 'RGB' },
      { tag: 0x00280006, vr: 'US', value: [1] },
      { tag: 0x00280010, vr: 'US', value: [rows] },
      { tag: 0x00280011, vr: 'US', value: [cols] },
      { tag: 0x00280100, vr: 'US', value: [8] },
      { tag: 0x00280101, vr: 'US', value: [8] },
      { tag: 0x00280102, vr: 'US', value: [7] },
      { tag: 0x00280103, vr: 'US', value: [0] },
      { tag: 0x7fe00010, vr: 'OB', value: planes },
    ]);
    const path = writeTmp('planar.dcm', bytes);
    const f = await decodeDicom(bytes);
    expect([f.data[0], f.data[1], f.data[2]]).toEqual([planes[0], planes[n], planes[2 * n]]);
    expect(maxDiff(toRGBA8(f, null), 4, await dcmtkRender(path, null))).toBeLessThanOrEqual(1);
  });

  it('a bare data set (no preamble, no meta) opens, as dcmtk reads it', async () => {
    const bytes = writeDicom(
      [
        ...greyModule({ rows: 4, cols: 4, ba: 16, bs: 16, pr: 0 }),
        { tag: 0x7fe00010, vr: 'OW', value: Uint16Array.from({ length: 16 }, (_, i) => i * 100) },
      ],
      { preamble: false },
    );
    const path = writeTmp('bare.dcm', bytes);
    const f = await decodeDicom(bytes);
    expect(f.maxStored).toBe(1500);
    expect(await compareGrey(path, bytes, 'dcmj2pnm', { center: 700, width: 1000 })).toBeLessThanOrEqual(1);
  });
});
