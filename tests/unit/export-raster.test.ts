// Raster export: pixel size, DPI fields, metadata hygiene, strip rendering.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import {
  Konva,
  setupKonvaNode,
  registerFonts,
  exportFigure,
  encodeRaster,
  renderLayersToRaster,
  pixelsFor,
  readPngChunks,
  readPngDpi,
  readJpegHeader,
  writeFileAtomic,
  WriteError,
  createNodeStage,
} from '../../src/services/export';

// Scene units are millimetres of the printed page (the export default, as src/scene).
const W_MM = 60;
const H_MM = 40;
const PT = 72 / 25.4;

function gradientCanvas(w: number, h: number) {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  const g = ctx.createLinearGradient(0, 0, w, 0);
  g.addColorStop(0, '#000');
  g.addColorStop(1, '#fff');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  return c;
}

/** Image panel on the left, red arrow and a "Nodule" label on the right. */
function buildScene(): Konva.Layer[] {
  const images = new Konva.Layer({ name: 'images' });
  images.add(new Konva.Image({ image: gradientCanvas(120, 80) as never, x: 5, y: 5, width: 30, height: 20 }));
  const notes = new Konva.Layer({ name: 'annotations' });
  notes.add(
    new Konva.Arrow({
      points: [40, 35, 55, 10],
      stroke: '#ff0000',
      fill: '#ff0000',
      strokeWidth: 2 / PT,
    }),
  );
  // fill + stroke + opacity goes through Konva's isolation buffer
  notes.add(new Konva.Rect({ x: 5, y: 28, width: 20, height: 8, fill: 'blue', stroke: 'green', strokeWidth: 2 / PT, opacity: 0.5 }));
  notes.add(new Konva.Text({ text: 'Nodule', x: 38, y: 5, fontFamily: 'Liberation Sans', fontSize: 10 / PT, fill: '#000' }));
  return [images, notes];
}

const tmp = mkdtempSync(join(tmpdir(), 'medfig-export-'));

function exifGroups(buf: Buffer, ext: string): string[] {
  const file = join(tmp, `probe-${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(file, buf);
  const json = JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', file], { encoding: 'utf8' }))[0];
  return [...new Set(Object.keys(json).map((k) => k.split(':')[0]))];
}

/** exiftool sees only the format's own structure: no EXIF/GPS/XMP/IPTC/ICC groups. */
function expectOnlyGroups(groups: string[], own: string[]) {
  expect(groups.sort()).toEqual(['Composite', 'ExifTool', 'File', 'SourceFile', 'System', ...own].sort());
}

beforeAll(() => {
  setupKonvaNode();
  registerFonts(resolve('resources/fonts'));
});

describe('pixel size', () => {
  it('is round(mm / 25.4 × dpi)', () => {
    expect(pixelsFor(183, 600)).toBe(4323);
    expect(pixelsFor(170, 600)).toBe(4016);
    expect(pixelsFor(183, 1200)).toBe(8646);
  });

  it('a 183 × 170 mm PNG at 600 dpi is 4323 × 4016 px with pHYs 600 dpi', async () => {
    const png = await exportFigure({ build: buildScene, widthMm: 183, heightMm: 170, dpi: 600, format: 'png' });
    const ihdr = readPngChunks(png)[0];
    expect(ihdr.type).toBe('IHDR');
    expect([ihdr.data.readUInt32BE(0), ihdr.data.readUInt32BE(4)]).toEqual([4323, 4016]);
    const dpi = readPngDpi(png)!;
    expect(Math.abs(dpi.x - 600)).toBeLessThan(0.01);
    expect(Math.abs(dpi.y - 600)).toBeLessThan(0.01);
  });
});

describe('PNG', () => {
  it('has only IHDR, pHYs, IDAT, IEND; DPI reads back; pixels show the scene', async () => {
    const png = await exportFigure({ build: buildScene, widthMm: W_MM, heightMm: H_MM, dpi: 300, format: 'png' });
    const types = readPngChunks(png).map((c) => c.type);
    expect(types[0]).toBe('IHDR');
    expect(types[1]).toBe('pHYs');
    expect(types.at(-1)).toBe('IEND');
    expect(new Set(types)).toEqual(new Set(['IHDR', 'pHYs', 'IDAT', 'IEND']));
    expect(Math.abs(readPngDpi(png)!.x - 300)).toBeLessThan(0.01);
    // ImageMagick agrees (pixels per centimetre = 300 / 2.54)
    const file = join(tmp, 'scene.png');
    writeFileSync(file, png);
    const res = execFileSync('identify', ['-units', 'PixelsPerInch', '-format', '%x %w %h', file], { encoding: 'utf8' });
    const [x, w, h] = res.trim().split(/\s+/).map(Number);
    expect(Math.abs(x - 300)).toBeLessThan(0.01);
    expect([w, h]).toEqual([pixelsFor(W_MM, 300), pixelsFor(H_MM, 300)]);

    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    const at = (xMm: number, yMm: number) => {
      const i = (Math.round((yMm / 25.4) * 300) * info.width + Math.round((xMm / 25.4) * 300)) * 3;
      return [data[i], data[i + 1], data[i + 2]];
    };
    // middle of the arrow shaft: red; background: white; gradient: dark left, light right
    expect(at(47.5, 22.5)).toEqual([255, 0, 0]);
    expect(at(50, 30)).toEqual([255, 255, 255]);
    expect(at(6, 15)[0]).toBeLessThan(40);
    expect(at(34, 15)[0]).toBeGreaterThan(215);
    // the label drew something dark in its box
    let dark = 0;
    for (let y = 5.5; y < 8.5; y += 0.1) for (let x = 38; x < 52; x += 0.1) if (at(x, y)[0] < 100) dark++;
    expect(dark).toBeGreaterThan(50);
    expectOnlyGroups(exifGroups(png, 'png'), ['PNG', 'PNG-pHYs']);
  });

  it('writes tEXt Software only when asked; grayscale is one channel; alpha flattens onto white', async () => {
    const rgba = new Uint8Array(4 * 4 * 4); // fully transparent black
    rgba.fill(0);
    rgba.set([255, 0, 0, 128], 0); // half-transparent red
    const plain = await encodeRaster(rgba, 4, 4, { format: 'png', dpi: 72 });
    expect(readPngChunks(plain).some((c) => c.type === 'tEXt')).toBe(false);
    const tagged = await encodeRaster(rgba, 4, 4, { format: 'png', dpi: 72, software: 'Medfig 0.1' });
    const text = readPngChunks(tagged).find((c) => c.type === 'tEXt')!;
    expect(text.data.toString('latin1')).toBe('Software\0Medfig 0.1');
    const { data } = await sharp(plain).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([255, 127, 127]);
    expect([...data.subarray(3, 6)]).toEqual([255, 255, 255]);
    const grey = await encodeRaster(rgba, 4, 4, { format: 'png', dpi: 72, grayscale: true });
    expect(readPngChunks(grey)[0].data[9]).toBe(0); // colour type 0 = greyscale
  });
});

describe('TIFF', () => {
  it('LZW, 300 pixels/inch, RGB, no EXIF/XMP/ICC', async () => {
    const tif = await exportFigure({ build: buildScene, widthMm: W_MM, heightMm: H_MM, dpi: 300, format: 'tiff' });
    const file = join(tmp, 'scene.tif');
    writeFileSync(file, tif);
    const info = execFileSync('tiffinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Resolution: 300, 300 pixels\/inch/);
    expect(info).toMatch(/Compression Scheme: LZW/);
    expect(info).toMatch(/Photometric Interpretation: RGB/);
    expect(info).toContain(`Image Width: ${pixelsFor(W_MM, 300)} Image Length: ${pixelsFor(H_MM, 300)}`);
    const meta = await sharp(tif).metadata();
    expect(meta.density).toBe(300);
    expect(meta.resolutionUnit).toBe('inch');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expectOnlyGroups(exifGroups(tif, 'tif'), ['IFD0']);
  });

  it('uncompressed and greyscale on request', async () => {
    const tif = await exportFigure({
      build: buildScene,
      widthMm: W_MM,
      heightMm: H_MM,
      dpi: 150,
      format: 'tiff',
      compression: 'none',
      grayscale: true,
    });
    const file = join(tmp, 'grey.tif');
    writeFileSync(file, tif);
    const info = execFileSync('tiffinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Compression Scheme: None/);
    expect(info).toMatch(/Photometric Interpretation: min-is-black/);
    expect(info).toMatch(/Resolution: 150, 150 pixels\/inch/);
  });
});

describe('JPEG', () => {
  it('JFIF APP0 carries the DPI; no APP1+ (EXIF/XMP/ICC) or COM', async () => {
    const jpg = await exportFigure({ build: buildScene, widthMm: W_MM, heightMm: H_MM, dpi: 600, format: 'jpeg', quality: 85 });
    const { segments } = readJpegHeader(jpg);
    const app = segments.filter((s) => s.marker >= 0xe0 && s.marker <= 0xef);
    expect(app).toHaveLength(1);
    expect(app[0].marker).toBe(0xe0);
    expect(segments[0].marker).toBe(0xe0);
    const d = app[0].data;
    expect(d.subarray(0, 5).toString('latin1')).toBe('JFIF\0');
    expect(d[7]).toBe(1); // dots per inch
    expect([d.readUInt16BE(8), d.readUInt16BE(10)]).toEqual([600, 600]);
    expect(segments.some((s) => s.marker === 0xfe)).toBe(false);
    const meta = await sharp(jpg).metadata();
    expect(meta.density).toBe(600);
    expect([meta.width, meta.height]).toEqual([pixelsFor(W_MM, 600), pixelsFor(H_MM, 600)]);
    expectOnlyGroups(exifGroups(jpg, 'jpg'), ['JFIF']);
  });

  it('quality changes the bytes', async () => {
    const rgba = Buffer.alloc(64 * 64 * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37) & 0xff;
    const lo = await encodeRaster(rgba, 64, 64, { format: 'jpeg', dpi: 300, quality: 30 });
    const hi = await encodeRaster(rgba, 64, 64, { format: 'jpeg', dpi: 300, quality: 95 });
    expect(hi.length).toBeGreaterThan(lo.length);
  });
});

describe('strip rendering', () => {
  // Skia chops paths that cross a strip's edge, which moves antialiasing
  // coverage by a sub-sample on those paths (measured: up to ~80 levels on a
  // few edge pixels). Everything that is not an antialiased edge must match.
  it('matches one canvas everywhere except antialiased edge pixels', async () => {
    const w = pixelsFor(W_MM, 300);
    const h = pixelsFor(H_MM, 300);
    const scene = { sceneWidth: W_MM, sceneHeight: H_MM, background: 'white' };
    const whole = await renderLayersToRaster(buildScene, w, h, { ...scene, stripRows: h });
    const strips = await renderLayersToRaster(buildScene, w, h, { ...scene, stripRows: 37 });
    expect(whole.length).toBe(w * h * 4);
    const same = (a: Buffer, p: number, b: Buffer, q: number) =>
      a[p * 4] === b[q * 4] && a[p * 4 + 1] === b[q * 4 + 1] && a[p * 4 + 2] === b[q * 4 + 2];
    let painted = 0;
    let differ = 0;
    let interiorDiffer = 0;
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const p = y * w + x;
        if (whole[p * 4 + 1] < 250) painted++;
        if (same(whole, p, strips, p)) continue;
        differ++;
        // interior: the 3×3 neighbourhood is flat in the single-canvas render
        let flat = true;
        for (let dy = -1; dy <= 1 && flat; dy++) for (let dx = -1; dx <= 1; dx++) if (!same(whole, p, whole, p + dy * w + dx)) flat = false;
        if (flat) interiorDiffer++;
      }
    }
    expect(painted).toBeGreaterThan(w * h * 0.1); // the scene is really there
    expect(interiorDiffer).toBe(0);
    expect(differ).toBeLessThan(painted * 0.05);
  });

  it('text and axis-aligned shapes are byte-identical; images within one level (sampling rounding)', async () => {
    const only = (kind: 'Image' | 'other') => () => {
      const [images, notes] = buildScene();
      notes.find('Arrow').forEach((n) => n.destroy());
      return kind === 'Image' ? [images] : [notes];
    };
    const w = pixelsFor(W_MM, 600);
    const h = pixelsFor(H_MM, 600);
    const scene = { sceneWidth: W_MM, sceneHeight: H_MM, background: 'white' };
    for (const kind of ['Image', 'other'] as const) {
      const whole = await renderLayersToRaster(only(kind), w, h, { ...scene, stripRows: h });
      const strips = await renderLayersToRaster(only(kind), w, h, { ...scene, stripRows: 256 });
      let maxDiff = 0;
      let painted = 0;
      for (let i = 0; i < whole.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(whole[i] - strips[i]));
        if (whole[i] < 200) painted++;
      }
      expect(painted).toBeGreaterThan(1000);
      expect(maxDiff).toBeLessThanOrEqual(kind === 'Image' ? 1 : 0);
    }
  });

  it('is cancellable between strips and reports progress', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const run = exportFigure({
      build: buildScene,
      widthMm: W_MM,
      heightMm: H_MM,
      dpi: 300,
      format: 'png',
      stripRows: 50,
      signal: ac.signal,
      onProgress: (f) => {
        seen.push(f);
        if (seen.length === 2) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBeGreaterThan(seen[0]);

    const all: number[] = [];
    await exportFigure({ build: buildScene, widthMm: W_MM, heightMm: H_MM, dpi: 100, format: 'png', onProgress: (f) => all.push(f) });
    expect(all.at(-1)).toBe(1);
  });
});

describe('scene roots', () => {
  it('accepts a Stage (its own transform applies) and skips hidden layers', async () => {
    let ratio = 0;
    const build = (pixelRatio: number) => {
      ratio = pixelRatio;
      // scene units = points here; the stage's scale maps its mm content to them
      const stage = createNodeStage(W_MM * PT, H_MM * PT);
      stage.scale({ x: PT, y: PT });
      const shown = new Konva.Layer();
      shown.add(new Konva.Rect({ x: 10, y: 10, width: 20, height: 10, fill: '#00ff00' }));
      const hidden = new Konva.Layer({ visible: false });
      hidden.add(new Konva.Rect({ x: 0, y: 0, width: W_MM, height: H_MM, fill: '#000' }));
      stage.add(shown, hidden);
      return stage;
    };
    const w = pixelsFor(W_MM, 254);
    const h = pixelsFor(H_MM, 254);
    const rgba = await renderLayersToRaster(build, w, h, { sceneWidth: W_MM * PT, sceneHeight: H_MM * PT, background: 'white' });
    expect(ratio).toBeCloseTo(254 / 72, 3);
    const at = (xMm: number, yMm: number) => {
      const i = (Math.round(yMm * 10) * w + Math.round(xMm * 10)) * 4; // 254 dpi = 10 px/mm
      return [...rgba.subarray(i, i + 3)];
    };
    expect(at(20, 15)).toEqual([0, 255, 0]);
    expect(at(9, 15)).toEqual([255, 255, 255]);
    expect(at(31, 15)).toEqual([255, 255, 255]);
    expect(at(50, 35)).toEqual([255, 255, 255]);
  });

  it('registers the bundled fonts once', () => {
    const a = registerFonts(resolve('resources/fonts'));
    const b = registerFonts(resolve('resources/fonts'));
    expect(a).toContain('Liberation Sans');
    expect(b.length).toBe(a.length);
  });
});

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medfig-atomic-'));
    const path = join(dir, 'figure 1.png');
    await writeFileAtomic(path, Buffer.from('old'));
    await writeFileAtomic(path, Buffer.from('new contents'));
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['figure 1.png']);
  });

  it('explains an unwritable destination', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medfig-atomic-'));
    const missing = join(dir, 'no-such-folder', 'f.png');
    await expect(writeFileAtomic(missing, Buffer.from('x'))).rejects.toThrow(/does not exist/);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const err = await writeFileAtomic(join(file, 'f.png'), Buffer.from('x')).catch((e) => e);
    expect(err).toBeInstanceOf(WriteError);
    expect(err.message).toContain('Cannot write f.png');
    expect(existsSync(join(file, 'f.png'))).toBe(false);
  });
});
