// Cine loops: one output frame per slice (in position order, whatever the file names) or per
// frame of a multi-frame object; GIF frames are the window's exact grey levels; the MP4 is
// H.264 yuv420p (ffprobe) with the same frame count; neither file carries a name or a date.
import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { createImageCache } from '../../src/services/images/cache';
import { cineSource, exportCine, panelCineSource, renderCine, zeroMp4Times } from '../../src/services/export/cine';
import { DEFAULT_STYLE, Panel } from '../../src/shared/figure/schema';
import { runCli } from '../../src/cli/main';
import { greyModule, writeDicom, type El } from '../fixtures/dicom/reference';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-cine-'));
const images = createImageCache();
afterAll(() => images.close());

// The MR series with names that sort against the slice order: only ImagePositionPatient tells.
const series = join(dir, 'Doe_Jane_MR');
mkdirSync(series);
const mrFiles = readdirSync(join(root, 'tests/fixtures/dicom/mr-series')).sort();
mrFiles.forEach((f, i) =>
  copyFileSync(join(root, 'tests/fixtures/dicom/mr-series', f), join(series, `slice_${String.fromCharCode(100 - i)}.dcm`)),
);
writeFileSync(join(series, 'notes.txt'), 'not an image');

/** A 6-frame XA-like object: frame k is a flat grey of 40·k with a bright block, and a patient name. */
function multiFrame(): string {
  const rows = 48;
  const cols = 64;
  const frames = 6;
  const px = new Uint8Array(rows * cols * frames);
  for (let k = 0; k < frames; k++)
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++) px[k * rows * cols + y * cols + x] = x < 8 * (k + 1) && y < 8 ? 255 : 40 * k;
  const els: El[] = [
    ...greyModule({ rows, cols, ba: 8, bs: 8, pr: 0, frames }).filter((e) => e.tag !== 0x00080060),
    { tag: 0x00080060, vr: 'CS', value: 'XA' },
    { tag: 0x00080020, vr: 'DA', value: '20240102' },
    { tag: 0x00100010, vr: 'PN', value: 'Doe^Jane' },
    { tag: 0x00100020, vr: 'LO', value: 'MRN-99321' },
    { tag: 0x7fe00010, vr: 'OB', value: px },
  ];
  const path = join(dir, 'Doe_Jane_angio.dcm');
  writeFileSync(path, writeDicom(els));
  return path;
}

function probe(file: string): { streams: Record<string, unknown>[]; format: Record<string, unknown> } {
  return JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }),
  );
}

/** Everything exiftool can read, every group, as text. */
function exif(file: string): string {
  return execFileSync('exiftool', ['-a', '-G1', '-s', '-x', 'System:all', '-x', 'File:FileName', '-x', 'File:Directory', file], {
    encoding: 'utf8',
  });
}

describe('cine loops', () => {
  it('plays a series folder in position order; GIF frames are the exact windowed slices', async () => {
    const src = await cineSource(series, images);
    expect(src.frames).toHaveLength(4);
    expect(src.note).toMatch(/1 file\(s\) that are not DICOM images were left out/);
    // Expected order: position along the slice normal (cross product of the orientation rows).
    const keyed = await Promise.all(
      readdirSync(series)
        .filter((f) => f.endsWith('.dcm'))
        .map(async (f) => {
          const info = (await images.open(join(series, f))).info;
          const [a, b, c, d, e, g] = info.imageOrientationPatient!;
          const n = [b * g - c * e, c * d - a * g, a * e - b * d];
          const p = info.imagePositionPatient!;
          return { f, k: p[0] * n[0] + p[1] * n[1] + p[2] * n[2] };
        }),
    );
    const expected = keyed.sort((x, y) => x.k - y.k).map((x) => join(series, x.f));
    expect(src.frames.map((f) => f.path)).toEqual(expected);
    expect(expected).not.toEqual(src.frames.map((f) => f.path).sort()); // names alone would be wrong

    const out = join(dir, 'mr.gif');
    const r = await exportCine({ frames: src.frames, format: 'gif', fps: 5, window: { center: 600, width: 1200 }, images, outPath: out });
    expect([r.frames, r.width, r.height]).toEqual([4, 256, 256]);
    expect((probe(out).streams[0] as { nb_read_frames: string }).nb_read_frames).toBe('4');
    const meta = await sharp(out, { pages: -1 }).metadata();
    expect([meta.pages, meta.delay]).toEqual([4, [200, 200, 200, 200]]);
    const { data } = await sharp(out, { pages: -1 }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    // Each frame equals `medfig render` of its slice at the same window (lossless: a grey palette).
    for (const [k, path] of expected.entries()) {
      const png = join(dir, `ref-${k}.png`);
      expect(await runCli(['render', path, '-o', png, '--window', '600,1200'], { out: () => {}, err: () => {} })).toBe(0);
      const ref = await sharp(png).extractChannel(0).raw().toBuffer();
      expect(Buffer.compare(data.subarray(k * 256 * 256, (k + 1) * 256 * 256), ref)).toBe(0);
    }
    expect(exif(out)).not.toMatch(/Doe|Jane|MR|slice|Comment|Date/i);
  });

  it('writes an H.264 yuv420p MP4 with one frame per slice, the crop, annotations and counter, and no names or dates', async () => {
    const src = await cineSource(series, images);
    const panel = Panel.parse({
      id: 'p',
      sourceId: 's',
      crop: { x: 20, y: 30, w: 200, h: 180 },
      annotations: [
        {
          id: 'a',
          type: 'arrow',
          layer: 'labels',
          points: [
            [60, 60],
            [120, 110],
          ],
          style: { ...DEFAULT_STYLE, color: '#ffee00' },
        },
        { id: 'r', type: 'redaction', layer: 'redactions', at: [150, 150], size: [40, 30], style: DEFAULT_STYLE },
      ],
    });
    const out = join(dir, 'mr.mp4');
    const r = await exportCine({
      frames: src.frames,
      format: 'mp4',
      fps: 10,
      panel,
      widthPx: 401,
      frameCounter: true,
      images,
      outPath: out,
    });
    // 401 → 400: H.264 in yuv420p needs even sides; the crop's aspect is kept.
    expect([r.frames, r.width, r.height]).toEqual([4, 400, 360]);
    const p = probe(out);
    const v = p.streams[0] as Record<string, string | number | Record<string, string>>;
    expect([v.codec_name, v.pix_fmt, v.width, v.height, v.nb_read_frames, v.avg_frame_rate]).toEqual([
      'h264',
      'yuv420p',
      400,
      360,
      '4',
      '10/1',
    ]);
    const tags = { ...((p.format.tags as Record<string, string>) ?? {}), ...((v.tags as Record<string, string>) ?? {}) };
    expect(Object.keys(tags).sort()).toEqual(
      ['compatible_brands', 'encoder', 'handler_name', 'language', 'major_brand', 'minor_version', 'vendor_id'].filter((k) => k in tags),
    );
    expect(Object.values(tags).join(' ')).not.toMatch(/Doe|Jane|slice|\d{4}-\d\d-\d\d/);
    const dump = exif(out);
    expect(dump).toMatch(/CreateDate\s*:\s*0000:00:00 00:00:00/);
    expect(dump).not.toMatch(/Doe|Jane|slice|20\d\d:/);

    // Decoded frame 1: the redaction is black, the arrow yellow, the counter white.
    const png = join(dir, 'mp4-f1.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', out, '-vframes', '1', png]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const at = (sx: number, sy: number) => {
      // source px → output px: crop origin (20, 30), 200 source px across 400 output px.
      const x = Math.round((sx - 20) * 2);
      const y = Math.round((sy - 30) * 2);
      const i = (y * info.width + x) * info.channels;
      return [data[i], data[i + 1], data[i + 2]];
    };
    expect(Math.max(...at(170, 165))).toBeLessThan(20);
    const arrow = at(90, 85);
    expect(arrow[0]).toBeGreaterThan(200);
    expect(arrow[2]).toBeLessThan(80);
  });

  it('plays each frame of a multi-frame object, honours --frames, and leaves its identifiers behind', async () => {
    const file = multiFrame();
    const src = await cineSource(file, images);
    expect(src.frames).toHaveLength(6);
    const all = await renderCine({ frames: src.frames, format: 'mp4', fps: 12, images });
    const mp4 = join(dir, 'xa.mp4');
    writeFileSync(mp4, all.bytes);
    expect((probe(mp4).streams[0] as { nb_read_frames: string }).nb_read_frames).toBe('6');
    expect([all.width, all.height]).toEqual([64, 48]);

    const part = await renderCine({ frames: src.frames, format: 'gif', fps: 12, range: [2, 5], images });
    const gif = join(dir, 'xa.gif');
    writeFileSync(gif, part.bytes);
    const { data } = await sharp(gif, { pages: -1 }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    // Frames 2–5 (1-based) of the object: the block is 16, 24, 32, 40 px wide; 8-bit grey shown as stored.
    for (let k = 0; k < 4; k++) {
      const row = data.subarray(k * 64 * 48, k * 64 * 48 + 64);
      expect(row.findIndex((v) => v !== 255)).toBe(8 * (k + 2));
      expect(data[k * 64 * 48 + 30 * 64 + 60]).toBe(40 * (k + 1));
    }
    for (const f of [mp4, gif]) expect(exif(f)).not.toMatch(/Doe|Jane|MRN|angio|2024/);

    await expect(renderCine({ frames: src.frames, format: 'gif', fps: 12, range: [3, 9], images })).rejects.toThrow(
      'frames 3-9 asked for, but there are only 6',
    );
    await expect(renderCine({ frames: src.frames, format: 'gif', fps: 0, images })).rejects.toThrow(/frame rate 0: give 1 to 60/);
  });

  it("finds a panel's series beside its slice, the same series only", async () => {
    const other = join(dir, 'mixed');
    mkdirSync(other);
    for (const f of readdirSync(series)) copyFileSync(join(series, f), join(other, f));
    copyFileSync(join(root, 'tests/fixtures/dicom/ct-series/ct2_slice_17106.dcm'), join(other, 'zz_ct.dcm'));
    const src = await panelCineSource(join(other, 'slice_b.dcm'), images);
    expect(src.frames.map((f) => f.path).sort()).toEqual(
      readdirSync(series)
        .filter((f) => f.endsWith('.dcm'))
        .map((f) => join(other, f))
        .sort(),
    );
    // A photograph plays as its single frame.
    const photo = await panelCineSource(join(root, 'resources/sample-case/images/clinical-photo.jpg'), images);
    expect(photo.frames).toHaveLength(1);
  });

  it('zeroes MP4 header times and nothing else', () => {
    // mvhd v0 inside moov: size, type, version/flags, creation, modification, timescale.
    const box = (type: string, body: number[]) => [0, 0, 0, 8 + body.length, ...[...type].map((c) => c.charCodeAt(0)), ...body];
    const mvhd = box('mvhd', [0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe, 0, 0, 0x3e, 0x80]);
    const bytes = Uint8Array.from([...box('ftyp', [1, 2, 3, 4]), ...box('moov', mvhd)]);
    const z = zeroMp4Times(bytes);
    expect([...z.subarray(12 + 8 + 8 + 4, 12 + 8 + 8 + 12)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...z.subarray(12 + 8 + 8 + 12, 12 + 8 + 8 + 16)]).toEqual([0, 0, 0x3e, 0x80]);
    expect([...z.subarray(8, 12)]).toEqual([1, 2, 3, 4]);
  });
});
