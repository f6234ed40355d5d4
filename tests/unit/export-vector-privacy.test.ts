// What is cropped away or redacted must not be recoverable from a PDF or SVG: their embedded
// images carry only the cropped region, with the redactions burned into the pixels.
import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Panel } from '../../src/shared/figure/schema';
import { createImageCache } from '../../src/services/images/cache';
import { exportProjectFigure } from '../../src/services/figure-export';

const dir = mkdtempSync(join(tmpdir(), 'medfig-vecpriv-'));
const images = createImageCache();
afterAll(() => images.close());

/** 400×200: the left half pure red (to be cropped away), a pure green square (to be redacted) on grey. */
async function source(): Promise<string> {
  const w = 400;
  const h = 200;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const red = x < 200;
      const green = x >= 260 && x < 320 && y >= 60 && y < 120;
      px[i] = red ? 255 : green ? 0 : 120;
      px[i + 1] = green ? 255 : red ? 0 : 120;
      px[i + 2] = red || green ? 0 : 120;
    }
  const path = join(dir, 'src.png');
  writeFileSync(
    path,
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer(),
  );
  return path;
}

function count(px: Buffer, channels: number, test: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < px.length; i += channels) if (test(px[i], px[i + 1], px[i + 2])) n++;
  return n;
}

describe('vector exports carry only what the figure shows', () => {
  for (const format of ['pdf', 'svg'] as const) {
    it(`${format}: no cropped-away pixels, redaction burned in`, async () => {
      const path = await source();
      const fig = newFigure('Figure 1', 80);
      const panel: Panel = {
        ...newPanel('s'),
        crop: { x: 200, y: 0, w: 200, h: 200 },
        annotations: [{ id: 'r1', type: 'redaction', layer: 'redactions', style: DEFAULT_STYLE, at: [250, 50], size: [80, 80] }],
      };
      const p = newProject({ ...fig, panels: [panel], rows: [1] });
      p.sources.push({ id: 's', path, sha256: '0'.repeat(64), size: 1, kind: 'raster' });
      const out = join(dir, `fig.${format}`);
      await exportProjectFigure({
        project: p,
        figureId: p.figures[0].id,
        format,
        dpi: 300,
        widthMm: null,
        unlabelled: false,
        quality: 92,
        outPath: out,
        images,
        resolveSource: () => path,
      });
      const embedded: Buffer[] = [];
      if (format === 'pdf') {
        const sub = mkdtempSync(join(dir, 'imgs-'));
        execFileSync('pdfimages', ['-png', out, join(sub, 'i')]);
        for (const f of readdirSync(sub)) embedded.push(readFileSync(join(sub, f)));
      } else {
        const svg = readFileSync(out, 'utf8');
        for (const m of svg.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)) embedded.push(Buffer.from(m[1], 'base64'));
      }
      expect(embedded.length).toBeGreaterThan(0);
      for (const img of embedded) {
        const { data, info } = await sharp(img).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        // Only the 200 px crop is embedded, never the 400 px source.
        expect(info.width).toBeLessThanOrEqual(200);
        expect(count(data, info.channels, (r, g, b) => r > 200 && g < 60 && b < 60)).toBe(0);
        expect(count(data, info.channels, (r, g, b) => g > 200 && r < 60 && b < 60)).toBe(0);
      }
    });
  }
});
