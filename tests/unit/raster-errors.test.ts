// Bad inputs: each fails fast with the ImageError code the user needs to see.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRaster, readRasterInfo, readRasterPreview, readRasterRegion } from '../../src/services/images/raster';
import { ImageError } from '../../src/shared/imaging/types';

const FIX = join(__dirname, '../fixtures/images');
const load = (p: string) => new Uint8Array(readFileSync(join(FIX, p)));

// A hang would outlast the test's own timeout; how fast a refusal is belongs in bench/.
async function failure(p: Promise<unknown>): Promise<ImageError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImageError);
  return e as ImageError;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A valid-looking PNG header declaring width×height, with a tiny IDAT: a decompression-bomb shape. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grey
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(1024))),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

const ihc = () => sharp(load('histology/ihc.png'));

describe('bad raster input', () => {
  it('zero bytes → empty', async () => {
    expect((await failure(decodeRaster(new Uint8Array()))).code).toBe('empty');
    expect((await failure(readRasterInfo(new Uint8Array()))).code).toBe('empty');
  });

  it('a text file named .png → not-an-image, saying it is text', async () => {
    const e = await failure(decodeRaster(new TextEncoder().encode('Patient notes: follow up in 2 weeks.\n')));
    expect(e.code).toBe('not-an-image');
    expect(e.message).toMatch(/plain text \("Patient notes/);
  });

  it('a PDF → not-an-image, naming PDF', async () => {
    const e = await failure(readRasterInfo(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj')));
    expect([e.code, /PDF/.test(e.message)]).toEqual(['not-an-image', true]);
  });

  it('the truncated JPEG fixture → truncated', async () => {
    expect((await failure(decodeRaster(load('bad/truncated.jpg')))).code).toBe('truncated');
  });

  it('a JPEG cut in the middle of its scan → truncated, not grey garbage', async () => {
    const jpeg = await ihc().jpeg({ quality: 90 }).toBuffer();
    const e = await failure(decodeRaster(new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)))));
    expect(e.code).toBe('truncated');
  });

  for (const [name, encode] of [
    ['PNG', () => ihc().png().toBuffer()],
    ['TIFF', () => ihc().tiff({ compression: 'lzw' }).toBuffer()],
    ['tiled TIFF', () => ihc().tiff({ tile: true, compression: 'deflate' }).toBuffer()],
    ['WebP', () => ihc().webp().toBuffer()],
    ['GIF', () => ihc().resize(64).gif().toBuffer()],
  ] as const) {
    it(`a ${name} cut short → truncated`, async () => {
      const whole = await encode();
      const e = await failure(decodeRaster(new Uint8Array(whole.subarray(0, Math.floor(whole.length * 0.7)))));
      expect(e.code).toBe('truncated');
    });
  }

  it('a truncated BMP → truncated', async () => {
    const bmp = load('generated/rgb24.bmp');
    expect((await failure(decodeRaster(bmp.subarray(0, 600)))).code).toBe('truncated');
  });

  it('a PNG with damaged compressed data but an intact end → corrupt', async () => {
    const png = new Uint8Array(await ihc().png().toBuffer());
    for (let i = 2000; i < 2400; i++) png[i] ^= 0x5a;
    expect((await failure(decodeRaster(png))).code).toBe('corrupt');
  });

  it('a JPEG with damaged entropy data → corrupt', async () => {
    const jpeg = new Uint8Array(await ihc().jpeg().toBuffer());
    for (let i = 3000; i < 3400; i++) jpeg[i] ^= 0x5a;
    expect((await failure(decodeRaster(jpeg))).code).toBe('corrupt');
  });

  it('a header declaring 100000×100000 pixels → too-large, for decode, preview and region', async () => {
    const bomb = pngDeclaring(100_000, 100_000);
    const e = await failure(decodeRaster(bomb));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/100000×100000/);
    expect((await failure(readRasterPreview(bomb, 512))).code).toBe('too-large');
    expect((await failure(readRasterRegion(bomb, { x: 0, y: 0, w: 100, h: 100 }, 100))).code).toBe('too-large');
  });

  it('over 300 MP → too-large for a full decode, pointing to preview/region', async () => {
    const e = await failure(decodeRaster(pngDeclaring(20_000, 20_000)));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/preview or region/);
  });

  it('a page past the end → no-pixels', async () => {
    expect((await failure(decodeRaster(load('tiff/multipage_2.tif'), 2))).code).toBe('no-pixels');
  });

  it('the EXIF IFD loop does not hang info or decode', async () => {
    const bytes = load('bad/exif_infinite_loop.jpg');
    const info = await readRasterInfo(bytes);
    const frame = await decodeRaster(bytes);
    expect([info.width, frame.width]).toEqual([8, 8]);
  });
});
