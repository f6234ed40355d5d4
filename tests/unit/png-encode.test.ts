// The small PNG writer `medfig render` uses (services/export/png-encode.ts): what libvips reads back
// from it is the exact pixels given, grey and RGB (rows of gradient, noise and flat), and no density chunk.
import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { encodePng8 } from '../../src/services/export/png-encode';
import { readPngChunks } from '../../src/services/export/png-chunks';

function pixels(width: number, height: number, channels: number, seed: number): Uint8Array {
  // Smooth gradients (Up/Average/Paeth win), noise (None/Sub win) and flat runs, in bands.
  const px = new Uint8Array(width * height * channels);
  let s = seed;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        const band = Math.floor(y / 8) % 3;
        px[(y * width + x) * channels + c] = band === 0 ? (x * 3 + y * 2 + c * 40) & 255 : band === 1 ? s >> 23 : 200;
      }
  return px;
}

describe('encodePng8', () => {
  for (const [channels, width, height] of [
    [1, 97, 61],
    [3, 64, 40],
    [1, 1, 1],
    [3, 1, 7],
  ] as const) {
    it(`${channels === 1 ? 'grey' : 'RGB'} ${width} × ${height}: sharp reads back the same pixels`, async () => {
      const px = pixels(width, height, channels, width * 31 + height);
      const png = encodePng8(px, width, height, channels);
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([width, height, channels]);
      // sharp widens grey to sRGB unless told to keep it one channel.
      const img = channels === 1 ? sharp(png).toColourspace('b-w') : sharp(png);
      const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
      expect(info.channels).toBe(channels);
      expect(Buffer.compare(data, Buffer.from(px))).toBe(0);
      expect(readPngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    });
  }
  it('filters every row (Paeth) and round-trips through zlib', () => {
    const png = encodePng8(pixels(128, 96, 1, 7), 128, 96, 1);
    const raw = inflateSync(readPngChunks(png).find((c) => c.type === 'IDAT')!.data);
    expect(raw.length).toBe(96 * 129);
    for (let y = 0; y < 96; y++) expect(raw[y * 129]).toBe(4);
  });
  it('refuses a buffer that does not match the size', () => {
    expect(() => encodePng8(new Uint8Array(10), 4, 4, 1)).toThrow(RangeError);
  });
});
