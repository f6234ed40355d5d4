// Decoding rasters: pixels compared with ImageMagick's decodes (committed references) or with the
// exact samples a test wrote, for every format and layout the services accept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRaster } from '../../src/services/images/raster';

const FIX = join(__dirname, '../fixtures/images');
const load = (p: string) => new Uint8Array(readFileSync(join(FIX, p)));

/** A reference PNG (written by ImageMagick) as raw RGB(A) samples, decoded without any conversion. */
async function reference(p: string, channels: 3 | 4 = 3) {
  const { data, info } = await sharp(load(p))
    .toColourspace('srgb')
    [channels === 4 ? 'ensureAlpha' : 'removeAlpha']()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

function diffStats(a: ArrayLike<number>, b: ArrayLike<number>) {
  expect(a.length).toBe(b.length);
  let max = 0,
    sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

/** Deterministic pseudo-random samples so every byte position carries information. */
function samples(n: number, max: number, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) % (max + 1));
}

const px = (d: ArrayLike<number>, w: number, ch: number, x: number, y: number) =>
  Array.from({ length: ch }, (_, c) => d[(y * w + x) * ch + c]);

describe('EXIF orientation', () => {
  // The fixtures draw an "F" that is upright once the orientation is applied: a bar along the top,
  // a stem down the left, a short arm in the middle, and white elsewhere.
  for (const o of [1, 2, 3, 5, 6, 8]) {
    it(`orientation ${o} decodes upright, matching ImageMagick -auto-orient`, async () => {
      const f = await decodeRaster(load(`exif/orientation_f${o}.jpg`));
      expect([f.width, f.height, f.channels, f.photometric]).toEqual([40, 80, 3, 'RGB']);
      const grey = (x: number, y: number) => px(f.data, f.width, 3, x, y)[1];
      expect(grey(35, 3)).toBeLessThan(60); // top bar reaches the right edge
      expect(grey(3, 75)).toBeLessThan(60); // stem reaches the bottom on the left
      expect(grey(35, 75)).toBeGreaterThan(200); // bottom-right is paper
      expect(grey(35, 36)).toBeGreaterThan(200); // the arm does not reach the right edge
      const ref = await reference(`reference/orientation_f${o}.auto-orient.png`);
      expect([ref.width, ref.height]).toEqual([40, 80]);
      const d = diffStats(f.data, ref.data);
      expect(d.mean).toBeLessThan(1.5); // libjpeg builds differ by a level or two in the IDCT
      expect(d.max).toBeLessThan(24);
    });
  }

  it('the iPhone photo with orientation 6 comes out upright (portrait stays square, size kept)', async () => {
    const f = await decodeRaster(load('exif/iphone6plus_orient6_gps.jpg'));
    expect([f.width, f.height]).toEqual([2448, 2448]);
  });
});

describe('JPEG', () => {
  it('converts CMYK to sRGB: white, black, cyan and yellow patches keep their hue', async () => {
    const f = await decodeRaster(load('generated/cmyk_patches.jpg'));
    expect([f.width, f.height, f.channels]).toEqual([64, 16, 3]);
    const at = (i: number) => px(f.data, 64, 3, i * 16 + 8, 8);
    const [white, black, cyan, yellow] = [0, 1, 2, 3].map(at);
    expect(Math.min(...white)).toBeGreaterThan(230);
    expect(Math.max(...black)).toBeLessThan(70);
    expect(cyan[0]).toBeLessThan(cyan[1] - 60);
    expect(cyan[0]).toBeLessThan(cyan[2] - 60);
    expect(yellow[2]).toBeLessThan(yellow[0] - 60);
    expect(yellow[2]).toBeLessThan(yellow[1] - 60);
  });

  it('decodes progressive JPEG like the baseline one of the same pixels', async () => {
    const src = await sharp(load('histology/ihc.png')).resize(96, 64).raw().toBuffer();
    const raw = { raw: { width: 96, height: 64, channels: 3 as const } };
    // Same quantisation, different scan order: the decoded pixels should agree to rounding.
    const opts = { quality: 95, mozjpeg: false, trellisQuantisation: false, overshootDeringing: false, optimiseScans: false };
    const prog = await sharp(src, raw)
      .jpeg({ ...opts, progressive: true })
      .toBuffer();
    const base = await sharp(src, raw)
      .jpeg({ ...opts, progressive: false })
      .toBuffer();
    expect((await sharp(prog).metadata()).isProgressive).toBe(true);
    const [p, b] = [await decodeRaster(new Uint8Array(prog)), await decodeRaster(new Uint8Array(base))];
    expect(diffStats(p.data, b.data).max).toBeLessThanOrEqual(2);
    expect(diffStats(p.data, src).mean).toBeLessThan(6);
  });

  it('honours an embedded ICC profile (Display P3 → sRGB)', async () => {
    const rgb = new Uint8Array(8 * 8 * 3).map((_, i) => [200, 40, 60][i % 3]);
    const p3 = await sharp(rgb, { raw: { width: 8, height: 8, channels: 3 } })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer();
    expect(diffStats(stored, rgb).max).toBeGreaterThan(10); // the file really holds P3 numbers
    const f = await decodeRaster(new Uint8Array(p3));
    expect(diffStats(f.data, rgb).max).toBeLessThanOrEqual(3);
  });
});

describe('PNG', () => {
  it('keeps 16-bit RGB samples (Uint16Array, values above 255)', async () => {
    const values = samples(20 * 10 * 3, 65535);
    const src = new Uint16Array(values);
    const png = await sharp(src, { raw: { width: 20, height: 10, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const f = await decodeRaster(new Uint8Array(png));
    expect(f.data).toBeInstanceOf(Uint16Array);
    expect([f.channels, f.bitsStored, f.photometric]).toEqual([3, 16, 'RGB']);
    expect(Array.from(f.data)).toEqual(values);
  });

  it('decodes the 16-bit RGB chessboard fixture as 16-bit', async () => {
    const f = await decodeRaster(load('png16/rgb16_chessboard.png'));
    expect(f.data).toBeInstanceOf(Uint16Array);
    expect(f.maxStored).toBeGreaterThan(255);
  });

  it('keeps 16-bit grey as one channel with its stored range', async () => {
    const values = samples(30 * 20, 40000, 3).map((v) => v + 1000);
    const png = await sharp(new Uint16Array(values), { raw: { width: 30, height: 20, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    const f = await decodeRaster(new Uint8Array(png));
    expect([f.channels, f.photometric, f.bitsStored]).toEqual([1, 'MONOCHROME2', 16]);
    expect(Array.from(f.data)).toEqual(values);
    expect([f.minStored, f.maxStored]).toEqual([Math.min(...values), Math.max(...values)]);
    expect([f.slope, f.intercept]).toEqual([1, 0]);
  });

  it('keeps real alpha, and drops an alpha channel that is opaque everywhere', async () => {
    const rgba = new Uint8Array(samples(16 * 16 * 4, 255, 11));
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = i < 40 ? 0 : 255; // a few transparent pixels
    const withAlpha = await sharp(rgba, { raw: { width: 16, height: 16, channels: 4 } })
      .png()
      .toBuffer();
    const f = await decodeRaster(new Uint8Array(withAlpha));
    expect([f.channels, f.photometric]).toEqual([4, 'RGBA']);
    expect(Array.from(f.data)).toEqual(Array.from(rgba));

    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
    const opaque = await sharp(rgba, { raw: { width: 16, height: 16, channels: 4 } })
      .png()
      .toBuffer();
    const g = await decodeRaster(new Uint8Array(opaque));
    expect([g.channels, g.photometric]).toEqual([3, 'RGB']);
    expect(Array.from(g.data)).toEqual(Array.from(rgba).filter((_, i) => i % 4 !== 3));
  });

  it('expands a palette PNG to RGB', async () => {
    const palette = [
      [255, 0, 0],
      [0, 128, 255],
      [20, 200, 30],
    ];
    const rgb = new Uint8Array(12 * 6 * 3).map((_, i) => palette[Math.floor(i / 3) % 3][i % 3]);
    const png = await sharp(rgb, { raw: { width: 12, height: 6, channels: 3 } })
      .png({ palette: true, colours: 4, dither: 0 })
      .toBuffer();
    expect((await sharp(png).metadata()).isPalette).toBe(true);
    const f = await decodeRaster(new Uint8Array(png));
    expect([f.channels, f.photometric]).toEqual([3, 'RGB']);
    expect(Array.from(f.data)).toEqual(Array.from(rgb));
  });

  it('gives 8-bit grey as one MONOCHROME2 channel', async () => {
    const values = samples(10 * 10, 255, 5);
    const png = await sharp(new Uint8Array(values), { raw: { width: 10, height: 10, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const f = await decodeRaster(new Uint8Array(png));
    expect([f.channels, f.photometric, f.bitsStored]).toEqual([1, 'MONOCHROME2', 8]);
    expect(f.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(f.data)).toEqual(values);
  });
});

describe('TIFF', () => {
  const rgb = new Uint8Array(samples(48 * 40 * 3, 255, 9));
  const raw = { raw: { width: 48, height: 40, channels: 3 as const } };

  for (const compression of ['lzw', 'deflate', 'packbits', 'none'] as const) {
    it(`decodes ${compression} RGB exactly`, async () => {
      const tif = await sharp(rgb, raw).tiff({ compression }).toBuffer();
      const f = await decodeRaster(new Uint8Array(tif));
      expect(Array.from(f.data)).toEqual(Array.from(rgb));
    });
  }

  it('decodes JPEG-compressed TIFF close to its source', async () => {
    const smooth = await sharp(load('histology/ihc.png')).resize(48, 40).raw().toBuffer();
    const tif = await sharp(smooth, raw).tiff({ compression: 'jpeg', quality: 95 }).toBuffer();
    const f = await decodeRaster(new Uint8Array(tif));
    expect(diffStats(f.data, smooth).mean).toBeLessThan(3);
  });

  it('decodes a tiled, deflated BigTIFF exactly', async () => {
    const tif = await sharp(rgb, raw).tiff({ compression: 'deflate', tile: true, tileWidth: 16, tileHeight: 16, bigtiff: true }).toBuffer();
    expect(tif[2]).toBe(43); // BigTIFF magic
    const f = await decodeRaster(new Uint8Array(tif));
    expect(Array.from(f.data)).toEqual(Array.from(rgb));
  });

  it('decodes the tiled fixture as ImageMagick does', async () => {
    const f = await decodeRaster(load('tiff/tiled_64x64_rgb_deflate.tiff'));
    const ref = await reference('reference/tiled_64x64_rgb_deflate.png');
    expect([f.width, f.height]).toEqual([ref.width, ref.height]);
    expect(diffStats(f.data, ref.data).max).toBe(0);
  });

  it('decodes CCITT G4 fax as ImageMagick does (black text on white)', async () => {
    const f = await decodeRaster(load('tiff/fax_g4_200dpi.tif'));
    const ref = await reference('reference/fax_g4_200dpi.png');
    expect([f.width, f.height, f.channels]).toEqual([1728, 2376, 1]);
    const grey = ref.data.filter((_, i) => i % 3 === 0);
    expect(diffStats(f.data, grey).max).toBe(0);
    const white = f.data.filter((v) => v === 255).length / f.data.length;
    expect(white).toBeGreaterThan(0.8); // paper is white (WhiteIsZero handled)
  });

  it('keeps 16-bit grey samples exactly as stored in an uncompressed file', async () => {
    const bytes = load('tiff/gray16_uncompressed.tiff');
    const f = await decodeRaster(bytes);
    expect([f.width, f.height, f.channels, f.bitsStored]).toEqual([150, 103, 1, 16]);
    expect(f.data).toBeInstanceOf(Uint16Array);
    // Strips are contiguous from offset 8 (tiffinfo), little-endian.
    const dv = new DataView(bytes.buffer, bytes.byteOffset + 8, 150 * 103 * 2);
    const stored = Array.from({ length: 150 * 103 }, (_, i) => dv.getUint16(i * 2, true));
    expect(Array.from(f.data)).toEqual(stored);
    expect(f.maxStored).toBe(Math.max(...stored));
    expect(f.maxStored).toBeGreaterThan(255);
  });

  it('keeps 16-bit RGB as three Uint16 channels', async () => {
    const values = samples(8 * 6 * 3, 65535, 21);
    const tif = await sharp(new Uint16Array(values), { raw: { width: 8, height: 6, channels: 3 } })
      .toColourspace('rgb16')
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const f = await decodeRaster(new Uint8Array(tif));
    expect([f.channels, f.bitsStored]).toEqual([3, 16]);
    expect(Array.from(f.data)).toEqual(values);
  });

  it('reads page 2 of a multipage TIFF, which differs from page 1', async () => {
    const bytes = load('tiff/multipage_2.tif');
    const [p1, p2] = [await decodeRaster(bytes, 0), await decodeRaster(bytes, 1)];
    expect([p2.width, p2.height, p2.channels]).toEqual([10, 15, 1]);
    expect(Array.from(p2.data)).not.toEqual(Array.from(p1.data));
  });

  it('reads every page of an ImageJ stack', async () => {
    const bytes = load('tiff/imagej_stack_30.tif');
    const last = await decodeRaster(bytes, 29);
    expect([last.width, last.height]).toEqual([32, 32]);
  });
});

describe('WebP, GIF and BMP', () => {
  it('decodes lossless WebP exactly', async () => {
    const rgb = new Uint8Array(samples(20 * 12 * 3, 255, 4));
    const webp = await sharp(rgb, { raw: { width: 20, height: 12, channels: 3 } })
      .webp({ lossless: true })
      .toBuffer();
    const f = await decodeRaster(new Uint8Array(webp));
    expect([f.channels, f.photometric]).toEqual([3, 'RGB']);
    expect(Array.from(f.data)).toEqual(Array.from(rgb));
  });

  it('decodes GIF as ImageMagick does, without a fake alpha channel', async () => {
    const f = await decodeRaster(load('generated/anim_source.gif'));
    const ref = await reference('reference/anim_source.gif.png');
    expect(f.channels).toBe(3);
    expect(diffStats(f.data, ref.data).max).toBe(0);
  });

  for (const name of ['rgb24', 'pal8', 'pal8_rle8', 'pal4', 'mono1', 'rgb565']) {
    it(`decodes ${name}.bmp as ImageMagick does`, async () => {
      const f = await decodeRaster(load(`generated/${name}.bmp`));
      const ref = await reference(`reference/${name}.bmp.png`);
      expect([f.width, f.height, f.channels]).toEqual([ref.width, ref.height, 3]);
      expect(diffStats(f.data, ref.data).max).toBeLessThanOrEqual(name === 'rgb565' ? 4 : 0);
    });
  }

  it('decodes a 32-bit BMP with an alpha mask as RGBA', async () => {
    const f = await decodeRaster(load('generated/rgba32.bmp'));
    const ref = await reference('reference/rgba32.bmp.png', 4);
    expect([f.channels, f.photometric]).toEqual([4, 'RGBA']);
    expect(diffStats(f.data, ref.data).max).toBe(0);
  });
});
