// Decoded-size caps: every decoder refuses a frame whose declared width × height × channels ×
// bytes-per-sample is over budget, from the header, quickly, before allocating it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRaster, readRasterPreview, readRasterRegion } from '../../src/services/images/raster';
import { decodeDicom } from '../../src/services/images/dicom';
import { checkDecodedSize, MAX_DECODED_BYTES } from '../../src/services/images/limits';
import { createDecodePool } from '../../src/services/images/worker';
import { ImageError } from '../../src/shared/imaging/types';
import { read as readDicom } from '../fixtures/dicom/reference';

const GEN = join(__dirname, '../fixtures/images/generated');
const pool = createDecodePool({ size: 1, timeoutMs: 20_000, maxOldGenerationSizeMb: 256 });
afterAll(() => pool.close());

/** Runs `f`, expecting an ImageError with `code`; returns the bytes of array buffers it left allocated. */
async function refused(f: () => Promise<unknown>, code: string): Promise<number> {
  const before = process.memoryUsage().arrayBuffers;
  const e = await f().then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'should have been refused').toBeInstanceOf(ImageError);
  expect((e as ImageError).code).toBe(code);
  return process.memoryUsage().arrayBuffers - before;
}

/** The 1.7 KB RLE8 fixture with its header saying 24 × 8,388,624 (201 MP, 604 MB of RGB). */
function rleBomb(): Uint8Array {
  const b = new Uint8Array(readFileSync(join(GEN, 'pal8_rle8.bmp')));
  const dv = new DataView(b.buffer);
  dv.setInt32(18, 24, true);
  dv.setInt32(22, 8_388_624, true);
  return b;
}

function pngHeaderOnly(width: number, height: number, bitDepth: number, colourType: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(64))),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

describe('decoded-size budget', () => {
  it('checkDecodedSize counts width × height × channels × bytes per sample', () => {
    expect(() => checkDecodedSize('x', 20_000, 20_000, 3, 1)).not.toThrow(); // 1.2 GB
    expect(() => checkDecodedSize('x', 20_000, 20_000, 3, 2)).toThrow(ImageError); // 2.4 GB
    expect(() => checkDecodedSize('x', 1, MAX_DECODED_BYTES + 1, 1, 1)).toThrow(/over the 1536 MB limit/);
    expect(() => checkDecodedSize('x', NaN, 1, 1, 1)).toThrow(ImageError);
  });
});

describe('BMP', () => {
  it('a 1.7 KB RLE8 file declaring 8.4 M rows is refused as too-large, in every path, without allocating', async () => {
    const bomb = rleBomb();
    expect(bomb.length).toBeLessThan(2000);
    const before = process.memoryUsage().arrayBuffers;
    const grownBy = [
      await refused(() => decodeRaster(bomb), 'too-large'),
      await refused(() => readRasterPreview(bomb, 512), 'too-large'),
      await refused(() => readRasterRegion(bomb, { x: 0, y: 0, w: 24, h: 24 }, 24), 'too-large'),
    ];
    for (const grown of grownBy) expect(grown).toBeLessThan(50 * 2 ** 20);
    // Nothing near the 600 MB the header asks for was allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * 2 ** 20);
    // And through the worker pool, as the app decodes.
    expect(await refused(() => pool.decode(bomb, 0), 'too-large')).toBeLessThan(50 * 2 ** 20);
  });

  it('a small uncompressed BMP declaring 250 MP is refused before its 750 MB output is allocated', async () => {
    const b = new Uint8Array(readFileSync(join(GEN, 'rgb24.bmp')));
    const dv = new DataView(b.buffer);
    dv.setInt32(18, 20_000, true);
    dv.setInt32(22, 12_500, true);
    const before = process.memoryUsage().arrayBuffers;
    // Under the pixel and byte caps, but the file cannot hold the rows it declares.
    expect(await refused(() => decodeRaster(b), 'truncated')).toBeLessThan(50 * 2 ** 20);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * 2 ** 20);
  });

  it('previews of BMP (always decoded whole) get the full-decode pixel limit, not the streaming one', async () => {
    const b = new Uint8Array(readFileSync(join(GEN, 'rgb24.bmp')));
    new DataView(b.buffer).setInt32(22, 400_000_000 / new DataView(b.buffer).getInt32(18, true), true);
    await refused(() => readRasterPreview(b, 256), 'too-large');
  });
});

describe('sharp rasters', () => {
  it('a full decode of a 16-bit RGBA PNG declaring 250 MP (2 GB) is refused from its header', async () => {
    const png = pngHeaderOnly(16_000, 15_625, 16, 6);
    expect(await refused(() => decodeRaster(png), 'too-large')).toBeLessThan(50 * 2 ** 20);
  });

  it('region and preview outputs are capped at 64 MP', async () => {
    const png = new Uint8Array(readFileSync(join(GEN, 'bmp_source.png')));
    await refused(() => readRasterRegion(png, { x: 0, y: 0, w: 4, h: 4 }, 9000), 'too-large');
    // A preview of a small image is never enlarged, so a huge maxSide is harmless.
    expect((await readRasterPreview(png, 20_000)).width).toBeLessThan(2000);
  });
});

describe('DICOM', () => {
  /** Patch the first explicit-LE US value of (0028,xxxx) after the meta header. */
  function setUS(b: Uint8Array, elem: number, v: number): void {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
    const at = buf.indexOf(Buffer.from([0x28, 0x00, elem & 0xff, elem >> 8, 0x55, 0x53]), 132);
    expect(at).toBeGreaterThan(0);
    buf.writeUInt16LE(v, at + 8);
  }

  it('Rows × Columns of 65535² (8.6 GB of 16-bit samples) is refused from the header', async () => {
    const b = readDicom('ct/ct_chest_ge_explicit_le.dcm').slice();
    setUS(b, 0x0010, 65535);
    setUS(b, 0x0011, 65535);
    expect(await refused(() => decodeDicom(b), 'too-large')).toBeLessThan(50 * 2 ** 20);
  });

  /** Overwrite height and width in the first SOFn marker of the encapsulated JPEG frame. */
  function patchSof(b: Uint8Array, sof: number): void {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
    const at = buf.indexOf(Buffer.from([0xff, sof]), 132);
    expect(at).toBeGreaterThan(0);
    buf.writeUInt16BE(65535, at + 5);
    buf.writeUInt16BE(65535, at + 7);
  }

  it('a JPEG lossless codestream whose SOF says 65535² is refused by the codec before it allocates', async () => {
    const b = readDicom('ct/ct_chest_ge_jpeg_lossless_sv1.dcm').slice();
    patchSof(b, 0xc3);
    const e = await decodeDicom(b).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'too-large' });
    expect(String((e as Error).message)).toMatch(/JPEG lossless codestream declares 65535×65535/);
  });

  it('a 12-bit JPEG (DCT) codestream whose SOF says 65535² is refused by the codec before it allocates', async () => {
    const b = readDicom('ct/ct_chest_ge_jpeg_extended_12bit.dcm').slice();
    patchSof(b, 0xc1);
    const e = await decodeDicom(b).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'too-large' });
    expect(String((e as Error).message)).toMatch(/JPEG codestream declares 65535×65535/);
  });
});
