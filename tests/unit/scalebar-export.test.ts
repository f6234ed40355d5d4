// The 0.5 % rule on exported pixels: bar pixels ÷ (µm per exported pixel) = the labelled
// length, for several DPIs, crops and rotations. The figure is rendered by the real headless
// export (same scene code as the screen) from a uniform grey image, so the bar is easy to find.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { ScaleBar, type Panel, type Project } from '../../src/shared/figure/schema';
import { panelTransform } from '../../src/shared/geometry/transform';
import { chooseScaleBar } from '../../src/shared/calibration/scalebar';
import { layoutFigure } from '../../src/shared/figure/layout';
import { createImageCache } from '../../src/services/images/cache';
import { exportProjectFigure } from '../../src/services/figure-export';

const W = 1600;
const H = 1200;
const UM_PER_PX = 0.5; // a 40× micrograph-like calibration
let dir: string;
let imagePath: string;
const images = createImageCache();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medfig-bar-'));
  imagePath = join(dir, 'grey.png');
  writeFileSync(
    imagePath,
    await sharp({ create: { width: W, height: H, channels: 3, background: { r: 100, g: 100, b: 100 } } })
      .png()
      .toBuffer(),
  );
});
afterAll(() => images.close());

function project(panelPatch: Partial<Panel>, widthMm: number): { p: Project; panel: Panel } {
  const fig = newFigure('Figure 1', widthMm);
  const panel: Panel = {
    ...newPanel('src1'),
    calibration: { source: 'reference', mmPerPxX: UM_PER_PX / 1000, mmPerPxY: UM_PER_PX / 1000, note: 'test' },
    scaleBar: ScaleBar.parse({ lengthMm: null, color: '#ffffff', halo: false, label: 'none' }),
    ...panelPatch,
  };
  const p = newProject({
    ...fig,
    page: { ...fig.page, marginMm: 0, background: '#000000' },
    letters: { ...fig.letters, enabled: false },
    panels: [panel],
    rows: [1],
  });
  p.sources.push({ id: 'src1', path: imagePath, sha256: '0'.repeat(64), size: 1, kind: 'raster' });
  return { p, panel };
}

/** Longest run of near-white pixels on any row: the bar (the image is uniform grey 100, the page black). */
function longestWhiteRun(px: Buffer, width: number, height: number, channels: number): number {
  let best = 0;
  for (let y = 0; y < height; y++) {
    let run = 0;
    let cover = 0;
    for (let x = 0; x < width; x++) {
      const v = px[(y * width + x) * channels];
      // Edge pixels count by coverage (antialiasing), so the measure is sub-pixel.
      const c = Math.max(0, Math.min(1, (v - 100) / 155));
      if (c > 0.02) {
        run++;
        cover += c;
      } else {
        if (cover > best) best = cover;
        run = 0;
        cover = 0;
      }
    }
    if (cover > best) best = cover;
    void run;
  }
  return best;
}

describe('scale bar length on the exported pixels', () => {
  const cases: { name: string; dpi: number; widthMm: number; patch: Partial<Panel> }[] = [
    { name: '300 dpi, whole image', dpi: 300, widthMm: 89, patch: {} },
    { name: '600 dpi, cropped', dpi: 600, widthMm: 120, patch: { crop: { x: 200, y: 100, w: 900, h: 700 } } },
    { name: '450 dpi, rotated 90°', dpi: 450, widthMm: 89, patch: { rotation: 90 } },
    {
      name: '600 dpi, rotated 17° and cropped',
      dpi: 600,
      widthMm: 183,
      patch: { rotation: 17, crop: { x: 100, y: 100, w: 1300, h: 900 } },
    },
    {
      name: '1200 dpi, fixed 100 µm bar',
      dpi: 1200,
      widthMm: 60,
      patch: { scaleBar: ScaleBar.parse({ lengthMm: 0.1, color: '#ffffff', halo: false, label: 'none' }) },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { p, panel } = project(c.patch, c.widthMm);
      const out = join(dir, `${c.name.replace(/\W+/g, '_')}.png`);
      const r = await exportProjectFigure({
        project: p,
        figureId: p.figures[0].id,
        format: 'png',
        dpi: c.dpi,
        widthMm: null,
        unlabelled: false,
        quality: 92,
        outPath: out,
        images,
        resolveSource: () => imagePath,
      });
      const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(r.widthPx);
      // What the bar should be: its labelled length over the physical size of an exported pixel.
      const full = { ...panel, ...c.patch };
      const t = panelTransform(full, W, H);
      const choice = chooseScaleBar(full.calibration, t.viewWidth, {
        lengthMm: full.scaleBar!.lengthMm,
        targetFraction: full.scaleBar!.targetFraction,
        rotationDeg: full.rotation,
      });
      if (!choice.ok) throw new Error(choice.error);
      const layout = layoutFigure(p.figures[0], [t.viewWidth / t.viewHeight]);
      const exportPxPerViewPx = (layout.panels[0].wMm / t.viewWidth) * (c.dpi / 25.4);
      const umPerExportPx = UM_PER_PX / exportPxPerViewPx;
      const measured = longestWhiteRun(data, info.width, info.height, info.channels);
      const lengthUm = measured * umPerExportPx;
      expect(Math.abs(lengthUm - choice.lengthMm * 1000) / (choice.lengthMm * 1000)).toBeLessThan(0.005);
    });
  }
});
