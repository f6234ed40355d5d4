// A small source enlarged on the page looks the same in the PDF as on screen and in the PNG:
// smooth. Skia writes its images without /Interpolate, and viewers (poppler here) then enlarge
// them in blocks; the export marks every image for interpolation.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { addSource } from '../../src/services/documents';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { exportProjectFigure } from '../../src/services/figure-export';
import { closeExportWorker } from '../../src/services/export/worker';

const dir = mkdtempSync(join(tmpdir(), 'medfig-pdf-interp-'));
afterAll(() => closeExportWorker());

describe('PDF images are interpolated', () => {
  it('a 2 × 2 black-and-white source on a 20 mm panel renders as a gradient, and the file stays valid', async () => {
    // Black, white / white, black: enlarged in blocks it is only black and white.
    const checker = join(dir, 'checker.png');
    await sharp(Buffer.from([0, 255, 255, 0]), { raw: { width: 2, height: 2, channels: 1 } })
      .png()
      .toFile(checker);
    const src = await addSource(dir, checker);
    const fig = newFigure('Figure 1', 20);
    const project = newProject({
      ...fig,
      page: { ...fig.page, marginMm: 0 },
      letters: { ...fig.letters, enabled: false },
      panels: [newPanel(src.id)],
      rows: [1],
    });
    project.sources.push(src);
    const out = join(dir, 'checker.pdf');
    await exportProjectFigure({
      project,
      figureId: project.figures[0].id,
      format: 'pdf',
      dpi: 300,
      widthMm: null,
      unlabelled: false,
      quality: 92,
      outPath: out,
      resolveSource: () => checker,
    });
    const pdf = readFileSync(out, 'latin1');
    const images = pdf.match(/\/Subtype\s*\/Image\b/g) ?? [];
    expect(images.length).toBeGreaterThan(0);
    expect(pdf.match(/\/Subtype\s*\/Image\s*\/Interpolate true/g)).toHaveLength(images.length);
    // Still a valid file whose page is the figure's size (the xref offsets were shifted).
    expect(execFileSync('pdfinfo', [out]).toString()).toMatch(/Page size:\s+56\.6929 x 56\.6929 pts/);
    const render = spawnSync('pdftoppm', ['-r', '150', '-gray', '-png', out], { maxBuffer: 1 << 26 });
    expect(render.status).toBe(0);
    expect(render.stderr.toString()).toBe(''); // poppler reads it without a syntax error
    const { data } = await sharp(render.stdout).raw().toBuffer({ resolveWithObject: true });
    const mid = data.filter((v) => v > 40 && v < 215).length / data.length;
    // Interpolated: a broad band of greys between the squares (blocks: only black and white).
    expect(mid).toBeGreaterThan(0.25);
  });
});
