// Blur as a redaction style (issue 21): the face the detector finds in a real photograph, redacted
// as a blur, is burned into the pixels of every export format (PNG, TIFF, JPEG, the rasters inside
// PDF and SVG, the picture of a PowerPoint slide): the region differs from the source and its
// high-frequency energy (mean squared Laplacian) falls below BLUR_HF_MAX of the source's; a solid
// box in the same panel is black. Measured against an export of the same figure without redactions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Annotation, type Project } from '../../src/shared/figure/schema';
import { blurRegion } from '../../src/shared/imaging/redaction-blur';
import { createImageCache } from '../../src/services/images/cache';
import { exportProjectFigure } from '../../src/services/figure-export';
import { buildDeck } from '../../src/services/export/pptx';
import { toRgb8 } from '../../src/services/deid/prepare';

/** The blurred region keeps less than this share of the source's high-frequency energy. */
const BLUR_HF_MAX = 0.05;

const PHOTO = join(__dirname, '../fixtures/photos/astronaut_face.png');
const dir = mkdtempSync(join(tmpdir(), 'medfig-blur-'));
const images = createImageCache();
afterAll(() => images.close());

type Box = { x: number; y: number; w: number; h: number };
interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Mean squared 4-neighbour Laplacian inside `b` (interior pixels only). */
function hfEnergy(img: Grey, b: Box): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.ceil(b.y) + 1; y < Math.floor(b.y + b.h) - 1; y++)
    for (let x = Math.ceil(b.x) + 1; x < Math.floor(b.x + b.w) - 1; x++) {
      const i = y * img.width + x;
      const l = 4 * img.data[i] - img.data[i - 1] - img.data[i + 1] - img.data[i - img.width] - img.data[i + img.width];
      sum += l * l;
      n++;
    }
  return sum / n;
}

function meanAbsDiff(a: Grey, b: Grey, r: Box): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.ceil(r.y); y < Math.floor(r.y + r.h); y++)
    for (let x = Math.ceil(r.x); x < Math.floor(r.x + r.w); x++) {
      sum += Math.abs(a.data[y * a.width + x] - b.data[y * b.width + x]);
      n++;
    }
  return sum / n;
}

function maxIn(img: Grey, r: Box): number {
  let m = 0;
  for (let y = Math.ceil(r.y); y < Math.floor(r.y + r.h); y++)
    for (let x = Math.ceil(r.x); x < Math.floor(r.x + r.w); x++) m = Math.max(m, img.data[y * img.width + x]);
  return m;
}

const scaled = (b: Box, s: number, inset = 2): Box => ({
  x: b.x * s + inset,
  y: b.y * s + inset,
  w: b.w * s - 2 * inset,
  h: b.h * s - 2 * inset,
});

async function grey(buf: Buffer): Promise<Grey> {
  const { data, info } = await sharp(buf).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe('blur redaction, pure', () => {
  it('flattens the detail of a textured region and leaves the rest alone', () => {
    const w = 120;
    const h = 100;
    const rgba = new Uint8ClampedArray(w * h * 4);
    // A checkerboard of 3 px squares with noise: all detail, no smooth part.
    let seed = 7;
    for (let i = 0; i < w * h; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const x = i % w;
      const y = Math.floor(i / w);
      const v = ((Math.floor(x / 3) + Math.floor(y / 3)) % 2) * 180 + (seed % 60);
      rgba.set([v, v, v, 255], i * 4);
    }
    const before = Uint8Array.from({ length: w * h }, (_, i) => rgba[i * 4]);
    const box = { x: 20, y: 10, w: 80, h: 70 };
    blurRegion(rgba, w, h, box);
    const after = Uint8Array.from({ length: w * h }, (_, i) => rgba[i * 4]);
    const src = { data: before, width: w, height: h };
    const out = { data: after, width: w, height: h };
    expect(hfEnergy(out, box) / hfEnergy(src, box)).toBeLessThan(BLUR_HF_MAX);
    expect(meanAbsDiff(out, src, box)).toBeGreaterThan(20);
    // Outside the box: untouched.
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) if (x < 20 || x >= 100 || y < 10 || y >= 80) expect(after[y * w + x]).toBe(before[y * w + x]);
  });
});

describe('blur redaction in every export format', () => {
  let face: Box;
  // On the orange suit: bright, so black there is the redaction's doing.
  const solid: Box = { x: 40, y: 420, w: 80, h: 50 };

  function project(annotations: Annotation[]): Project {
    const fig = newFigure('Figure 1', 80);
    const p = newProject({ ...fig, panels: [{ ...newPanel('s'), annotations }], rows: [1] });
    p.sources.push({ id: 's', path: PHOTO, sha256: '0'.repeat(64), size: 1, kind: 'raster' });
    return p;
  }

  /** The panel's pixels as each format carries them, and the factor from source px to those. */
  async function exported(p: Project, format: 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg' | 'pptx', tag: string): Promise<Grey> {
    const out = join(dir, `${tag}.${format}`);
    if (format === 'pptx') {
      const { buffer } = await buildDeck({ project: p, figureIds: [p.figures[0].id], dpi: 150, images, resolveSource: () => PHOTO });
      const z = unzipSync(new Uint8Array(buffer));
      const media = Object.keys(z).filter((n) => n.startsWith('ppt/media/') && !n.endsWith('/'));
      expect(media).toHaveLength(1);
      return grey(Buffer.from(z[media[0]]));
    }
    await exportProjectFigure({
      project: p,
      figureId: p.figures[0].id,
      format,
      dpi: 150,
      widthMm: null,
      unlabelled: true,
      quality: 92,
      outPath: out,
      images,
      resolveSource: () => PHOTO,
    });
    if (format === 'pdf') {
      const sub = mkdtempSync(join(dir, `${tag}-imgs-`));
      execFileSync('pdfimages', ['-png', out, join(sub, 'i')]);
      const files = readdirSync(sub);
      expect(files).toHaveLength(1);
      return grey(readFileSync(join(sub, files[0])));
    }
    if (format === 'svg') {
      const svg = readFileSync(out, 'utf8');
      const found = [...svg.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)];
      expect(found).toHaveLength(1);
      return grey(Buffer.from(found[0][1], 'base64'));
    }
    return grey(readFileSync(out));
  }

  it('finds the face to redact (the detector the proposals use)', async () => {
    const { frame } = await images.open(PHOTO).then(async () => ({ frame: await images.frame(PHOTO, 0) }));
    const rgb = toRgb8(frame)!;
    const faces = await images.faces(rgb.data, rgb.width, rgb.height, 0.5);
    expect(faces).toHaveLength(1);
    const f = faces[0].box;
    face = { x: Math.floor(f.x), y: Math.floor(f.y), w: Math.ceil(f.w), h: Math.ceil(f.h) };
  }, 120_000);

  for (const format of ['png', 'tiff', 'jpeg', 'pdf', 'svg', 'pptx'] as const) {
    it(`${format}: the face is blurred in the pixels, the solid box is black`, async () => {
      const style = { ...DEFAULT_STYLE, color: '#000000', fill: '#000000' };
      const redacted = project([
        { id: 'f', type: 'redaction', layer: 'redactions', style, at: [face.x, face.y], size: [face.w, face.h], mode: 'blur' },
        { id: 's', type: 'redaction', layer: 'redactions', style, at: [solid.x, solid.y], size: [solid.w, solid.h] },
      ]);
      const [out, ref] = [await exported(redacted, format, `${format}-red`), await exported(project([]), format, `${format}-ref`)];
      expect([out.width, out.height]).toEqual([ref.width, ref.height]);
      expect(Math.abs(out.width - out.height)).toBeLessThanOrEqual(2);
      const s = out.width / 512;
      const f = scaled(face, s);
      const ratio = hfEnergy(out, f) / hfEnergy(ref, f);
      expect(ratio, `high-frequency share left in the face (${format})`).toBeLessThan(BLUR_HF_MAX);
      expect(meanAbsDiff(out, ref, f), 'the face pixels changed').toBeGreaterThan(8);
      expect(maxIn(ref, scaled(solid, s)), 'the suit is bright without the box').toBeGreaterThan(100);
      expect(maxIn(out, scaled(solid, s)), 'the solid box is black').toBeLessThanOrEqual(8);
      // Away from both boxes the picture is the same (lossy formats within their noise).
      const away = scaled({ x: 400, y: 20, w: 90, h: 90 }, s);
      expect(meanAbsDiff(out, ref, away)).toBeLessThan(2);
    }, 120_000);
  }
});
