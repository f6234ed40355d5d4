// The CLI's decode time cap (src/cli/time-cap.ts, MEDFIG_DECODE_TIMEOUT). `info` and `render`
// decode on their own thread; a file whose decode runs past the cap must end the command with the
// decode pool's one sentence and exit 2, leave no output behind, and never hang. The slow files
// are real: small files that declare large images (a 722-byte JPEG 2000 codestream of 8192², an
// RLE frame of 8192², a 1 MB RLE8 BMP of 12000²), 1.5 million empty elements for the DICOM parser,
// and a large flat PNG for sharp.
// Runs the real bin; also holds read-image.ts to its claim that the DICOM decoders it calls
// through capSync decode within that call (else the cap would not cover them).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { dicomDecoder } from '../../src/services/images/decode';
import { loadCodec, type CodecName } from '../../src/services/images/dicom/codecs/wasm';
import { capSync, decodeTimeoutMessage, startCap } from '../../src/cli/time-cap';
import { decoderOf } from '../../src/cli/read-image';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { addSource, saveProject } from '../../src/services/documents';

const root = resolve(import.meta.dirname, '../..');
const CT = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm');
const LOSSLESS = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_jpeg_lossless_sv1.dcm');
const EXTENDED_12 = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_jpeg_extended_12bit.dcm');
const SPECTRAL_12 = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_jpeg_spectral_retired.dcm');

function medfig(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin/medfig.js'), ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

// --- A small writer of explicit VR little-endian Part 10 files, enough for one frame. ---

function element(group: number, el: number, vr: string, value: Uint8Array): Buffer {
  const v = value.length % 2 ? Buffer.concat([value, Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]) : Buffer.from(value);
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const h = Buffer.alloc(long ? 12 : 8);
  h.writeUInt16LE(group, 0);
  h.writeUInt16LE(el, 2);
  h.write(vr, 4, 'latin1');
  if (long) h.writeUInt32LE(v.length, 8);
  else h.writeUInt16LE(v.length, 6);
  return Buffer.concat([h, v]);
}
const us = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const text = (s: string) => Buffer.from(s, 'latin1');

function dicom(transferSyntax: string, side: { rows: number; cols: number; bits: 8 | 16 }, body: Buffer): Buffer {
  const meta = Buffer.concat([
    element(2, 1, 'OB', Buffer.from([0, 1])),
    element(2, 2, 'UI', text('1.2.840.10008.5.1.4.1.1.7')),
    element(2, 3, 'UI', text('1.2.826.0.1.3680043.10.1.1')),
    element(2, 0x10, 'UI', text(transferSyntax)),
  ]);
  const metaLength = Buffer.alloc(4);
  metaLength.writeUInt32LE(meta.length);
  return Buffer.concat([
    Buffer.alloc(128),
    text('DICM'),
    element(2, 0, 'UL', metaLength),
    meta,
    element(0x28, 2, 'US', us(1)),
    element(0x28, 4, 'CS', text('MONOCHROME2')),
    element(0x28, 0x10, 'US', us(side.rows)),
    element(0x28, 0x11, 'US', us(side.cols)),
    element(0x28, 0x100, 'US', us(side.bits)),
    element(0x28, 0x101, 'US', us(side.bits)),
    element(0x28, 0x102, 'US', us(side.bits - 1)),
    element(0x28, 0x103, 'US', us(0)),
    body,
  ]);
}

/** Encapsulated Pixel Data: an empty offset table and the frame as one fragment. */
function encapsulated(frame: Uint8Array): Buffer {
  const item = (b: Uint8Array) => {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(0xfffe, 0);
    h.writeUInt16LE(0xe000, 2);
    h.writeUInt32LE(b.length, 4);
    return Buffer.concat([h, b]);
  };
  const head = Buffer.alloc(12);
  head.writeUInt16LE(0x7fe0, 0);
  head.writeUInt16LE(0x10, 2);
  head.write('OB', 4, 'latin1');
  head.writeUInt32LE(0xffffffff, 8);
  const end = Buffer.alloc(8);
  end.writeUInt16LE(0xfffe, 0);
  end.writeUInt16LE(0xe0dd, 2);
  const even = frame.length % 2 ? Buffer.concat([frame, Buffer.from([0])]) : Buffer.from(frame);
  return Buffer.concat([head, item(new Uint8Array(0)), item(even), end]);
}

// opj_compress of an all-zero 16-bit 8192 × 8192 image: 357 bytes that take OpenJPEG seconds.
const J2K_8192 = Buffer.from(
  '/0//UQApAAAAACAAAAAgAAAAAAAAAAAAAAAgAAAAIAAAAAAAAAAAAAABDwEB/1IADAAAAAEABQQEAAH/XAATQICIiJCIiJCIiJCIiJCIiJD/ZAAlAAFDcmVhdGVkIGJ5IE9wZW5KUEVHIHZlcnNpb24gMi41LjD/kAAKAAAAAADsAAH/k/f/RIK/+JBX/2JBX/xIK/9Egr/4kFf/CQV/8SCv/0SCv/iQV/9iQV/8SCv/RIK/+JBX/wkFf/EgoBFQVK//f+mJYH8RUFSv/3/piWB/EVBUr/9/6YlgfxFQVK//f+mJYH8RUFSv/3/piWB/EVBUr/9/6YlgfxFQVK//f+mJYH8RUFSv/3/piWB/EVBUr/9/6YlgfxFQVK//f+mJYH8RUFSv/3/piWB/EVBUr/9/6YlgfxFQVK//f+mJYH8RUFSv/3/piWB/EVBUr/9/6YlgfxFQVK//f+mJYH+AgICAgP/Z',
  'base64',
);

const j2kDicom = () => dicom('1.2.840.10008.1.2.4.90', { rows: 8192, cols: 8192, bits: 16 }, encapsulated(J2K_8192));

/** RLE Lossless (PS3.5 G), 16-bit, all zero: two byte planes of runs of 128 (2 bytes each). */
function rleDicom(side: number): Buffer {
  const segment = Buffer.alloc(((side * side) / 128) * 2);
  for (let i = 0; i < segment.length; i += 2) segment[i] = 0x81; // repeat the next byte 128 times
  const header = Buffer.alloc(64);
  header.writeUInt32LE(2, 0);
  header.writeUInt32LE(64, 4);
  header.writeUInt32LE(64 + segment.length, 8);
  return dicom('1.2.840.10008.1.2.5', { rows: side, cols: side, bits: 16 }, encapsulated(Buffer.concat([header, segment, segment])));
}

/** A valid file whose data set holds `n` empty private elements before an 8 × 8 image. */
function manyElementsDicom(n: number): Buffer {
  const elements = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) {
    elements.writeUInt16LE(0x0009 + 2 * Math.floor(i / 0xff00), i * 8);
    elements.writeUInt16LE(0x0100 + (i % 0xff00), i * 8 + 2);
    elements.write('LO', i * 8 + 4, 'latin1');
  }
  const pixels = element(0x7fe0, 0x10, 'OW', Buffer.alloc(8 * 8 * 2));
  return dicom('1.2.840.10008.1.2.1', { rows: 8, cols: 8, bits: 16 }, Buffer.concat([elements, pixels]));
}

/** 8-bit grey noise (a fixed LCG: the same bytes every run), which no codec compresses away. */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let seed = 1;
  for (let i = 0; i < n; i++) out[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** Grey noise as a baseline JPEG (sharp), wrapped under `transferSyntax`. */
async function jpegDicom(transferSyntax: string, cols: number, rows: number): Promise<Buffer> {
  const jpeg = await sharp(noise(cols * rows), { raw: { width: cols, height: rows, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality: 90 })
    .toBuffer();
  return dicom(transferSyntax, { rows, cols, bits: 8 }, encapsulated(jpeg));
}

/** Grey noise as JPEG-LS (CharLS's encoder, from the same package as its decoder). */
async function jpegLsDicom(side: number): Promise<Buffer> {
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-charls/wasmjs') as () => Promise<{
    JpegLSEncoder: new () => {
      getDecodedBuffer(info: object): Uint8Array;
      encode(): void;
      getEncodedBuffer(): Uint8Array;
      delete(): void;
    };
  }>;
  const charls = await factory();
  const encoder = new charls.JpegLSEncoder();
  encoder.getDecodedBuffer({ width: side, height: side, bitsPerSample: 8, componentCount: 1 }).set(noise(side * side));
  encoder.encode();
  const codestream = Buffer.from(encoder.getEncodedBuffer());
  encoder.delete();
  return dicom('1.2.840.10008.1.2.4.80', { rows: side, cols: side, bits: 8 }, encapsulated(codestream));
}

/** A BMP (BI_RLE8) of one grey: runs of 255 pixels, 2 bytes each, end of line per row. */
function rle8Bmp(width: number, height: number): Buffer {
  const row: number[] = [];
  for (let left = width; left > 0; left -= 255) row.push(Math.min(255, left), 7);
  row.push(0, 0);
  const data = Buffer.alloc(row.length * height + 2);
  const rowBytes = Buffer.from(row);
  for (let y = 0; y < height; y++) rowBytes.copy(data, y * row.length);
  data[data.length - 1] = 1; // end of bitmap: 0, 1
  const palette = Buffer.alloc(256 * 4);
  for (let i = 0; i < 256; i++) palette.fill(i, i * 4, i * 4 + 3);
  const head = Buffer.alloc(54);
  head.write('BM', 0, 'latin1');
  head.writeUInt32LE(54 + palette.length + data.length, 2);
  head.writeUInt32LE(54 + palette.length, 10);
  head.writeUInt32LE(40, 14);
  head.writeInt32LE(width, 18);
  head.writeInt32LE(height, 22);
  head.writeUInt16LE(1, 26);
  head.writeUInt16LE(8, 28);
  head.writeUInt32LE(1, 30); // BI_RLE8
  head.writeUInt32LE(data.length, 34);
  head.writeUInt32LE(256, 46);
  return Buffer.concat([head, palette, data]);
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'medfig-time-cap-'));
});
// The inputs weigh some 100 MB.
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder holding only `name` (written from `bytes`), for a run whose output goes beside it. */
function alone(name: string, bytes: Uint8Array): { dir: string; file: string } {
  const dir = join(work, name.replace(/\W/g, '-'));
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return { dir, file };
}

function stoppedAfter(r: ReturnType<typeof medfig>, name: string, seconds: number): void {
  expect(r.signal, r.err).toBeNull();
  expect(r.code, r.err).toBe(2);
  // One sentence, the pool's words, and nothing else (no stack, no debugger notice).
  expect(r.err).toBe(`medfig: ${name}: ${decodeTimeoutMessage(seconds * 1000)}\n`);
  expect(r.out).toBe('');
}

describe('info and render stop a decode that runs past MEDFIG_DECODE_TIMEOUT', () => {
  it('a JPEG 2000 frame (wasm codec on this thread): exit 2, one sentence, no output file or temp left', () => {
    const { dir, file } = alone('slow-j2k.dcm', j2kDicom());
    const r = medfig(['render', file, '-o', join(dir, 'out.png')], { MEDFIG_DECODE_TIMEOUT: '0.3' });
    stoppedAfter(r, 'slow-j2k.dcm', 0.3);
    expect(readdirSync(dir)).toEqual(['slow-j2k.dcm']);
  });

  it('an RLE frame (hand-written decoder): exit 2, no output', () => {
    const { dir, file } = alone('slow-rle.dcm', rleDicom(8192));
    const r = medfig(['render', file, '-o', join(dir, 'out.png')], { MEDFIG_DECODE_TIMEOUT: '0.1' });
    stoppedAfter(r, 'slow-rle.dcm', 0.1);
    expect(readdirSync(dir)).toEqual(['slow-rle.dcm']);
  });

  it('info on a data set that keeps the parser busy: exit 2, no JSON', () => {
    const { file } = alone('many-elements.dcm', manyElementsDicom(1_500_000));
    stoppedAfter(medfig(['info', file, '--json'], { MEDFIG_DECODE_TIMEOUT: '0.3' }), 'many-elements.dcm', 0.3);
  });

  it('a BMP whose RLE8 runs paint 12000 × 12000 (hand-written raster decoder: the watchdog thread stops this thread)', () => {
    const { dir, file } = alone('slow-rle8.bmp', rle8Bmp(12000, 12000));
    // Loading sharp and reading the header take a fraction of the cap; the decode, seconds: the
    // deadline falls while this thread is busy in JavaScript, out of reach of any timer of its own.
    const r = medfig(['render', file, '-o', join(dir, 'out.png')], { MEDFIG_DECODE_TIMEOUT: '1' });
    stoppedAfter(r, 'slow-rle8.bmp', 1);
    expect(readdirSync(dir)).toEqual(['slow-rle8.bmp']);
  });

  it('a large PNG (sharp decodes in libuv’s pool; the watchdog thread ends the run)', async () => {
    const png = await sharp({ create: { width: 12000, height: 12000, channels: 3, background: '#0a141e' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const { dir, file } = alone('large.png', png);
    const r = medfig(['render', file, '-o', join(dir, 'out.png')], { MEDFIG_DECODE_TIMEOUT: '0.3' });
    stoppedAfter(r, 'large.png', 0.3);
    expect(readdirSync(dir)).toEqual(['large.png']);
  }, 60_000);

  it('a file over 64 MiB goes through the decode pool, under the same cap and in the same words', () => {
    const side = 5800; // 16-bit native: 67 MB
    const big = dicom(
      '1.2.840.10008.1.2.1',
      { rows: side, cols: side, bits: 16 },
      element(0x7fe0, 0x10, 'OW', Buffer.alloc(side * side * 2)),
    );
    const { file } = alone('large-native.dcm', big);
    stoppedAfter(medfig(['info', file], { MEDFIG_DECODE_TIMEOUT: '0.001' }), 'large-native.dcm', 0.001);
  });

  it('export: the export worker’s decode pool follows the cap too (exit 2, the same sentence, no file)', async () => {
    const { dir, file } = alone('slow-export.dcm', j2kDicom());
    const src = await addSource(dir, file);
    const proj = join(dir, 'slow.medfig');
    await saveProject(proj, { ...newProject({ ...newFigure('Figure 1', 80), panels: [newPanel(src.id)], rows: [1] }), sources: [src] });
    const r = medfig(['export', proj, '-o', join(dir, 'fig.png'), '--dpi', '150'], { MEDFIG_DECODE_TIMEOUT: '0.5' });
    expect(r.signal, r.err).toBeNull();
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(decodeTimeoutMessage(500));
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(['slow-export.dcm', 'slow.medfig']);
  }, 60_000);

  it('an unreadable cap is a usage error naming the variable, for every command', () => {
    const bad = medfig(['export', join(work, 'none.medfig'), '-o', join(work, 'x.png')], { MEDFIG_DECODE_TIMEOUT: '0' });
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('medfig: MEDFIG_DECODE_TIMEOUT must be a number of seconds above 0 and at most 86400 (got "0")\n');

    const r = medfig(['info', CT], { MEDFIG_DECODE_TIMEOUT: '30s' });
    expect(r.code).toBe(2);
    expect(r.err).toBe('medfig: MEDFIG_DECODE_TIMEOUT must be a number of seconds above 0 and at most 86400 (got "30s")\n');
  });
});

describe('under the cap, the same commands answer as before', () => {
  it('render on each path (this thread, codec, watchdog thread) writes its PNG and exits 0', () => {
    const dir = join(work, 'normal');
    mkdirSync(dir);
    for (const [name, input] of [
      ['ct', CT],
      ['j2k', join(root, 'tests/fixtures/dicom/ct/ct1_j2k_lossless.dcm')],
      ['jpeg-ls', join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_jpegls_lossless.dcm')],
      ['spectral', SPECTRAL_12],
      ['photo', join(root, 'tests/fixtures/photos/retina_fundus.jpg')],
    ]) {
      const out = join(dir, `${name}.png`);
      const r = medfig(['render', input, '-o', out], { MEDFIG_DECODE_TIMEOUT: '60' });
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      expect(r.err).toMatch(/^wrote .+\.png \(\d+ × \d+, (grey|RGB)\)\n$/);
      expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
    }
  }, 120_000);
});

describe('the DICOM decoders read-image.ts caps on this thread decode within the call', () => {
  // capSync stops only what runs inside its call: were any of these to decode after an await (or
  // need a codec decoderOf does not load), the call would return at once and the cap never fire.
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, 'in-call' | CodecName, number][] = [
    ['RLE', () => rleDicom(8192), 'in-call', 20],
    ['JPEG lossless', () => readFileSync(LOSSLESS), 'in-call', 2],
    ['JPEG 2000', j2kDicom, 'openjpeg', 20],
    ['JPEG-LS', () => jpegLsDicom(2048), 'charls', 5],
    ['JPEG baseline', () => jpegDicom('1.2.840.10008.1.2.4.50', 2048, 2048), 'libjpeg-turbo-8bit', 5],
    ['JPEG extended, 8-bit', () => jpegDicom('1.2.840.10008.1.2.4.51', 2048, 2048), 'libjpeg-turbo-8bit', 5],
    ['JPEG extended, 12-bit', () => readFileSync(EXTENDED_12), 'in-call', 2],
    ['JPEG spectral selection, 12-bit', () => readFileSync(SPECTRAL_12), 'in-call', 2],
  ];
  it.each(cases)(
    '%s',
    async (_name, build, expected, ms) => {
      const { parseDicom, infoFromParsed, decodeParsedFrame } = await dicomDecoder();
      const parsed = parseDicom(await build());
      const decoder = decoderOf(parsed.syntax.encoding, infoFromParsed(parsed).bitsStored);
      expect(decoder).toBe(expected);
      if (decoder && decoder !== 'in-call') await loadCodec(decoder);
      expect(() => capSync(startCap(ms), () => decodeParsedFrame(parsed, 0))).toThrow(decodeTimeoutMessage(ms));
    },
    60_000,
  );
});
