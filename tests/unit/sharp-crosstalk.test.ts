// A raster file gets the same outcome, code and sentence, whatever else is decoded at the same time.
// sharp keeps one warning queue and libvips one error buffer for the whole process (both decode
// workers, and the libuv pool of one thread), so the text of a failed read can carry another
// image's lines or lose its own. Before outcomes were decided from the file's own bytes:
// - a JPEG whose only fault is stray bytes between segments (jpeg_segment_length_0.jpg) failed as
//   damaged in about one round in five beside a second copy of itself;
// - a JPEG with a damaged scan borrowed that file's "extraneous bytes" and decoded grey-filled;
// - TIFFs were worded from another file's lines ("a marker or table is invalid", JPEG wording),
//   and a PNG beside png_max_width.png could be called too large.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badCases, seed } from '../fixtures/bad/generate';
import { ImageError } from '../../src/shared/imaging/types';
import { decodeFrame } from '../../src/services/images/decode';
import { createDecodePool, type DecodePool } from '../../src/services/images/worker';
import { jpegWithoutExtraneousBytes, readJpegStructure } from '../../src/services/images/raster/jpeg-segments';

const all = badCases();
const bytesOf = (name: string) => all.find((c) => c.name === name)!.bytes;

/** Offset of a baseline JPEG's entropy-coded data (after its SOS header). */
function scanStart(b: Uint8Array): number {
  for (let o = 2; ;) {
    const len = (b[o + 2] << 8) | b[o + 3];
    if (b[o + 1] === 0xda) return o + 2 + len;
    o += 2 + len;
  }
}

const photo = seed('photo.jpg');
/** The photo with one scan byte set to 0xFF: libjpeg meets a marker mid-scan ("premature end of data segment"). */
function damagedScan(b: Uint8Array, start = scanStart(b)): Uint8Array {
  const d = b.slice();
  d[start + Math.floor((d.length - start) * 0.6)] = 0xff;
  return d;
}
/** The photo with ten stray bytes after its first segment: libjpeg warns "10 extraneous bytes". */
const firstSegmentEnd = 4 + ((photo[4] << 8) | photo[5]);
const strayBytes = new Uint8Array([
  ...photo.subarray(0, firstSegmentEnd),
  ...Array.from({ length: 10 }, (_, i) => i + 1),
  ...photo.subarray(firstSegmentEnd),
]);

const FILES: Record<string, Uint8Array> = {
  'jpeg_segment_length_0.jpg': bytesOf('jpeg_segment_length_0.jpg'),
  'jpeg_segment_length_0.jpg (copy)': bytesOf('jpeg_segment_length_0.jpg'),
  'jpeg_segment_length_1.jpg': bytesOf('jpeg_segment_length_1.jpg'),
  'damaged scan.jpg': damagedScan(photo),
  'truncated_924_multipage.tif': bytesOf('truncated_924_multipage.tif'),
  'truncated_1442_imagej.tif': bytesOf('truncated_1442_imagej.tif'),
  'tiff_strip_count_lies.tif': bytesOf('tiff_strip_count_lies.tif'),
  'tiff_bits_per_sample_64.tif': bytesOf('tiff_bits_per_sample_64.tif'),
  'png_max_width.png': bytesOf('png_max_width.png'),
  'png_chunk_length_lies.png': bytesOf('png_chunk_length_lies.png'),
};

const TIFF_STRUCTURE = { code: 'corrupt', message: 'the TIFF structure is damaged (a directory, strip or tile is invalid)' };
/** What each file gives when it is decoded alone. */
const ALONE: Record<string, unknown> = {
  'jpeg_segment_length_0.jpg': 'decoded',
  'jpeg_segment_length_0.jpg (copy)': 'decoded',
  'jpeg_segment_length_1.jpg': 'decoded',
  'damaged scan.jpg': { code: 'corrupt', message: 'the JPEG data is damaged and cannot be decoded' },
  // Cut inside the value of a tag (Software, ImageDescription) or a strip past the end.
  'truncated_924_multipage.tif': TIFF_STRUCTURE,
  'truncated_1442_imagej.tif': TIFF_STRUCTURE,
  'tiff_strip_count_lies.tif': TIFF_STRUCTURE,
  'tiff_bits_per_sample_64.tif': { code: 'unsupported', message: 'the TIFF file uses a sample format Medfig cannot read' },
  'png_max_width.png': { code: 'too-large', message: 'the PNG image is too large to decode' },
  'png_chunk_length_lies.png': { code: 'corrupt', message: 'the PNG data is damaged and cannot be decoded' },
};
// Before the fix at least one file differed from its lone outcome in nearly every round.
const ROUNDS = 30;

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'decoded',
    (e: unknown) => (e instanceof ImageError ? { code: e.code, message: e.message } : String(e)),
  );

describe('each raster file keeps its own outcome beside others decoding', () => {
  let pool: DecodePool;
  beforeAll(() => {
    // Two workers, as in CI and the hosts on two cores.
    pool = createDecodePool({ size: 2 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('alone, each file gives the outcome listed', async () => {
    for (const [name, b] of Object.entries(FILES)) expect(await outcome(pool.decode(b)), name).toEqual(ALONE[name]);
  });

  it(`through the two decode workers, all at once, ${ROUNDS} rounds`, async () => {
    const names = Object.keys(FILES);
    for (let round = 0; round < ROUNDS; round++) {
      const got = await Promise.all(names.map((n) => outcome(pool.decode(FILES[n]))));
      expect(Object.fromEntries(names.map((n, i) => [n, got[i]])), `round ${round}`).toEqual(ALONE);
    }
  });

  it(`in one thread (the CLI on small files), all at once, ${ROUNDS} rounds`, async () => {
    const names = Object.keys(FILES);
    for (let round = 0; round < ROUNDS; round++) {
      const got = await Promise.all(names.map((n) => outcome(decodeFrame(FILES[n]))));
      expect(Object.fromEntries(names.map((n, i) => [n, got[i]])), `round ${round}`).toEqual(ALONE);
    }
  });
});

describe('stray bytes between JPEG segments are told from damage by the file itself', () => {
  it('finds the bytes libjpeg skips, and only those', () => {
    // The first segment's length reads 0: libjpeg skips its content, from after the length field
    // (byte 6) to the next marker (0xFFE0 at 224), as stray ("217 extraneous bytes": FF FF 00 counts 2).
    expect(readJpegStructure(bytesOf('jpeg_segment_length_0.jpg')).extraneous).toEqual([[6, 224]]);
    expect(readJpegStructure(strayBytes).extraneous).toEqual([[firstSegmentEnd, firstSegmentEnd + 10]]);
    expect(readJpegStructure(photo)).toEqual({ extraneous: [], badMarker: false });
    expect(jpegWithoutExtraneousBytes(photo)).toBeNull();
    expect(jpegWithoutExtraneousBytes(strayBytes)).toEqual(photo);
  });

  it('a file whose only fault is stray bytes decodes to the pixels of the file without them', async () => {
    const clean = jpegWithoutExtraneousBytes(bytesOf('jpeg_segment_length_0.jpg'))!;
    // Without them the strict read passes: libjpeg has nothing left to warn about.
    await expect(sharp(clean, { failOn: 'warning' }).raw().toBuffer()).resolves.toBeInstanceOf(Buffer);
    const [a, b] = await Promise.all([decodeFrame(bytesOf('jpeg_segment_length_0.jpg')), decodeFrame(clean)]);
    expect([a.width, a.height, a.channels]).toEqual([b.width, b.height, b.channels]);
    expect(a.data).toEqual(b.data);
    const [c, d] = await Promise.all([decodeFrame(strayBytes), decodeFrame(photo)]);
    expect(c.data).toEqual(d.data);
  });

  it('stray bytes do not let a damaged scan decode grey-filled', async () => {
    const both = damagedScan(strayBytes, scanStart(photo) + 10);
    expect(readJpegStructure(both).extraneous).toHaveLength(1);
    expect(await outcome(decodeFrame(both))).toEqual({ code: 'corrupt', message: 'the JPEG data is damaged and cannot be decoded' });
  });

  it('a marker code libjpeg refuses is named from the bytes', async () => {
    // An unknown marker (0xFF02, reserved) between the first two segments.
    const odd = new Uint8Array([
      ...photo.subarray(0, firstSegmentEnd),
      0xff,
      0x02,
      0x00,
      0x04,
      0x00,
      0x00,
      ...photo.subarray(firstSegmentEnd),
    ]);
    expect(readJpegStructure(odd).badMarker).toBe(true);
    expect(readJpegStructure(damagedScan(photo)).badMarker).toBe(false);
    expect(await outcome(decodeFrame(odd))).toEqual({
      code: 'corrupt',
      message: 'the JPEG compressed data is damaged (a marker or table is invalid)',
    });
  });
});
