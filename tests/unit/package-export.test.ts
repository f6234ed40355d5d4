// Submission package: the ZIP holds each figure labelled and unlabelled in every chosen format,
// legend, alt text and a provenance manifest that matches the project — hashes recomputed here
// from the files, every processing step with its values — and names no source path or file.
import { describe, expect, it, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import { loadProject, resolveSourcePath } from '../../src/services/documents';
import { createImageCache } from '../../src/services/images/cache';
import { exportPackage } from '../../src/services/export/package';
import { readPngDpi } from '../../src/services/export/png-chunks';
import { DEFAULT_STYLE } from '../../src/shared/figure/schema';
import type { Manifest } from '../../src/shared/figure/provenance';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medfig-package-'));
cpSync(join(root, 'resources/sample-case'), join(dir, 'Doe_Jane_case'), { recursive: true });
const images = createImageCache();
afterAll(() => images.close());

describe('submission package', () => {
  it('holds the figures, legends, alt text and a manifest that matches the project', async () => {
    const { project, projectDir } = await loadProject(join(dir, 'Doe_Jane_case/calcinosis-cutis-sle.medfig'));
    const composite = project.figures[4];
    // Processing to be recorded: a rotation and flip on A, gamma and brightness on D, a redaction on B.
    Object.assign(composite.panels[0], { rotation: 90, flipH: true });
    composite.panels[3].display = { ...composite.panels[3].display, gamma: 1.3, brightness: 0.1 };
    composite.panels[1].annotations.push({
      id: 'red1',
      type: 'redaction',
      layer: 'redactions',
      at: [10, 10],
      size: [200, 80],
      style: DEFAULT_STYLE,
    });
    composite.altText = 'Four views of calcinosis cutis.';
    const resolveSource = (id: string) => {
      const ref = project.sources.find((s) => s.id === id);
      return ref ? resolveSourcePath(projectDir, ref) : null;
    };
    const out = join(dir, 'package.zip');
    const r = await exportPackage({
      project,
      figureIds: [project.figures[2].id, composite.id],
      formats: ['png', 'pdf', 'pptx'],
      dpi: 150,
      images,
      resolveSource,
      outPath: out,
    });
    const z = unzipSync(new Uint8Array(readFileSync(out)));
    const names = Object.keys(z).sort();
    expect(names).toEqual(
      [
        ...[3, 5].flatMap((n) => [
          ...['png', 'pdf', 'pptx'].flatMap((e) => [`figure-${n}.${e}`, `figure-${n}-unlabelled.${e}`]),
          `figure-${n}-legend.txt`,
          `figure-${n}-alt-text.txt`,
        ]),
        'image-integrity.txt',
        'provenance.json',
        'provenance.txt',
      ].sort(),
    );
    expect(r.entries.sort()).toEqual(names);

    const manifest = JSON.parse(strFromU8(z['provenance.json'])) as Manifest;
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.software).toEqual({ name: 'Medfig', version: pkg.version });
    expect(manifest.figures.map((f) => f.figure)).toEqual([3, 5]);
    const figRecord = manifest.figures[1];
    expect(figRecord.panels.map((p) => p.letter)).toEqual(['A', 'B', 'C', 'D']);
    for (const [i, panel] of composite.panels.entries()) {
      const rec = figRecord.panels[i];
      const file = resolveSource(panel.sourceId)!;
      const bytes = readFileSync(file);
      expect(rec.source.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(rec.source.size).toBe(statSync(file).size);
      expect(rec.source.frame).toBe(panel.frame);
      expect(rec.calibration).toEqual(panel.calibration ? { ...panel.calibration } : null);
    }
    expect(figRecord.panels.map((p) => p.source.type)).toEqual(['JPEG', 'DICOM CR', 'DICOM CT', 'PNG']);
    const A = figRecord.panels[0].steps;
    expect(A).toEqual([
      { step: 'crop', x: 300, y: 220, width: 1000, height: 700 },
      { step: 'flip', axis: 'horizontal' },
      { step: 'rotation', degrees: 90 },
    ]);
    expect(figRecord.panels[1].steps).toEqual([
      { step: 'window', center: 1600, width: 3000, unit: '', source: 'panel' },
      { step: 'redaction', count: 1 },
    ]);
    expect(figRecord.panels[2].steps).toEqual([{ step: 'window', center: 40, width: 400, unit: 'HU', source: 'panel' }]);
    expect(figRecord.panels[3].steps).toEqual([
      { step: 'brightness', value: 0.1 },
      { step: 'gamma', value: 1.3 },
    ]);
    expect(figRecord.panels[1].overlays).toEqual({ arrow: 3 });

    // The statement is written from the same records.
    const integrity = strFromU8(z['image-integrity.txt']);
    expect(integrity).toBe(`${manifest.figures.map((f) => f.integrity).join('\n\n')}\n`);
    expect(integrity).toContain('Panel A: cropped to 1000 × 700 px at (300, 220); flipped horizontally; rotated 90° clockwise.');
    expect(integrity).toContain('Panel B: window centre 1600, width 3000 (set by the author); 1 region redacted (filled black).');
    expect(integrity).toContain('Panel D: brightness +0.1; gamma 1.3.');
    expect(integrity).toContain('Non-linear adjustment (gamma) in panel D.');
    expect(strFromU8(z['provenance.txt'])).toContain(`SHA-256: ${figRecord.panels[2].source.sha256}`);

    // No source path or file name, nor the case folder's name, anywhere in the text.
    const texts = names.filter((n) => /\.(txt|json)$/.test(n)).map((n) => strFromU8(z[n]));
    for (const t of texts) expect(t).not.toMatch(/clinical-photo|radiograph-pelvis|ct-slice|skin-biopsy|images\/|\.dcm|\.jpg|Doe|Jane/);
    expect(strFromU8(z['figure-5-alt-text.txt'])).toBe('Four views of calcinosis cutis.\n');
    expect(strFromU8(z['figure-3-alt-text.txt'])).toMatch(/^Figure 3 — CT: a CT\. A: Axial CT/);
    expect(strFromU8(z['figure-5-legend.txt'])).toMatch(
      /^Figure 5\. Calcinosis cutis in systemic lupus erythematosus\. \(A\) Clinical photograph/,
    );

    // The figures themselves: PNGs at 150 dpi, unlabelled ≠ labelled; the PPTX is a deck.
    const labelled = Buffer.from(z['figure-5.png']);
    const bare = Buffer.from(z['figure-5-unlabelled.png']);
    expect(readPngDpi(labelled)!.x).toBeCloseTo(150, 1);
    const [m1, m2] = await Promise.all([sharp(labelled).metadata(), sharp(bare).metadata()]);
    expect([m1.width, m1.height]).toEqual([m2.width, m2.height]);
    expect(Buffer.compare(labelled, bare)).not.toBe(0);
    expect(Object.keys(unzipSync(z['figure-5.pptx']))).toContain('ppt/slides/slide1.xml');
    expect(strFromU8(z['figure-5.pdf'].subarray(0, 5))).toBe('%PDF-');
  });

  it('refuses an empty format list in one sentence', async () => {
    const { project } = await loadProject(join(dir, 'Doe_Jane_case/calcinosis-cutis-sle.medfig'));
    await expect(
      exportPackage({
        project,
        figureIds: [project.figures[0].id],
        formats: [],
        dpi: 150,
        images,
        resolveSource: () => null,
        outPath: join(dir, 'x.zip'),
      }),
    ).rejects.toThrow('choose at least one format for the package');
  });
});
