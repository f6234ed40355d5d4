// The sample case doubles as an end-to-end test: it loads (relative paths), every figure exports
// at the size and DPI its layout implies, and every annotation is in the labelled export (pixels
// around each annotation differ from the unlabelled teaching copy).
import { describe, expect, it, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { loadProject, resolveSourcePath } from '../../src/services/documents';
import { createImageCache } from '../../src/services/images/cache';
import { exportProjectFigure } from '../../src/services/figure-export';
import { loadPanelImages, prepareHeadless } from '../../src/services/export/render-figure';
import { buildFigureScene } from '../../src/scene/figure-scene';
import { readPngDpi } from '../../src/services/export';
import type { Annotation } from '../../src/shared/figure/schema';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-sample-'));
// A moved copy: the project must still open from its new place.
cpSync(join(root, 'resources/sample-case'), join(dir, 'moved'), { recursive: true });
const images = createImageCache();
afterAll(() => images.close());

/** A point that lies on the annotation's ink (source px). */
function inkPoint(a: Annotation): [number, number] | null {
  switch (a.type) {
    case 'arrow':
    case 'line':
      return [(a.points[0][0] * 2 + a.points[1][0]) / 3, (a.points[0][1] * 2 + a.points[1][1]) / 3];
    case 'marker':
    case 'text':
    case 'number':
      return a.at;
    default:
      return null;
  }
}

describe('sample case', () => {
  it('opens from a moved folder with every source found', async () => {
    const r = await loadProject(join(dir, 'moved/calcinosis-cutis-sle.medfig'));
    expect(r.missing).toEqual([]);
    expect(r.project.figures).toHaveLength(5);
    expect(r.project.figures[4].panels).toHaveLength(4);
  });

  it('every figure exports at its layout size and DPI and carries every annotation', async () => {
    prepareHeadless();
    const { project, projectDir } = await loadProject(join(dir, 'moved/calcinosis-cutis-sle.medfig'));
    const resolveSource = (id: string) => {
      const ref = project.sources.find((s) => s.id === id);
      return ref ? resolveSourcePath(projectDir, ref) : null;
    };
    const dpi = 200;
    for (const fig of project.figures) {
      const labelled = join(dir, `${fig.id}.png`);
      const bare = join(dir, `${fig.id}-bare.png`);
      const common = { project, figureId: fig.id, format: 'png' as const, dpi, widthMm: null, quality: 92, images, resolveSource };
      const r = await exportProjectFigure({ ...common, unlabelled: false, outPath: labelled });
      await exportProjectFigure({ ...common, unlabelled: true, outPath: bare });
      // The reference: the scene's own layout at this DPI.
      const { images: pix, sizes } = await loadPanelImages(fig, { images, resolveSource });
      const scene = buildFigureScene(fig, { images: pix, sizes, showLabels: true });
      const wantW = Math.round((scene.layout.pageWidthMm / 25.4) * dpi);
      const wantH = Math.round((scene.layout.pageHeightMm / 25.4) * dpi);
      const a = await sharp(labelled).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const b = await sharp(bare).removeAlpha().raw().toBuffer();
      expect([a.info.width, a.info.height, r.widthPx, r.heightPx]).toEqual([wantW, wantH, wantW, wantH]);
      expect(readPngDpi(readFileSync(labelled))!.x).toBeCloseTo(dpi, 1);
      const pxPerMm = dpi / 25.4;
      fig.panels.forEach((panel, i) => {
        const rect = scene.layout.panels[i];
        const t = scene.transforms.get(panel.id)!;
        const mmPer = scene.mmPerViewPx.get(panel.id)!;
        for (const ann of panel.annotations) {
          const p = inkPoint(ann);
          if (!p) continue;
          const v = t.toView(p);
          const cx = Math.round((rect.xMm + v[0] * mmPer) * pxPerMm);
          const cy = Math.round((rect.yMm + v[1] * mmPer) * pxPerMm);
          let changed = 0;
          for (let y = cy - 6; y <= cy + 6; y++)
            for (let x = cx - 6; x <= cx + 6; x++) {
              if (x < 0 || y < 0 || x >= wantW || y >= wantH) continue;
              const k = (y * wantW + x) * 3;
              if (Math.abs(a.data[k] - b[k]) + Math.abs(a.data[k + 1] - b[k + 1]) + Math.abs(a.data[k + 2] - b[k + 2]) > 40) changed++;
            }
          expect(changed, `${fig.name}, panel ${i + 1}, ${ann.type} ${ann.id}`).toBeGreaterThan(3);
        }
      });
      scene.layers.forEach((l) => l.destroy());
    }
  });
});
