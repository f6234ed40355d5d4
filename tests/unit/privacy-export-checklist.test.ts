// The export-time privacy checklist's rules (src/renderer/app/PrivacyChecklist.tsx), on the host's
// real privacy scan of real fixtures: metadata findings are listed as stripped; a panel whose source
// may carry burned-in text blocks the export until it has a redaction box or is acknowledged; the
// suggested boxes become valid redaction annotations.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecklist, checklistReady, redactionsFrom, reportFromInfo } from '../../src/renderer/app/privacy-check';
import { readInfo } from '../../src/services/images/decode';
import { scanPrivacy, suggestRedactions } from '../../src/services/images/privacy';
import { Annotation } from '../../src/shared/figure/schema';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import type { ImageInfo } from '../../src/shared/imaging/types';

const FIX = resolve(import.meta.dirname, '../fixtures');

async function infoOf(rel: string): Promise<ImageInfo> {
  return readInfo(new Uint8Array(readFileSync(join(FIX, rel))));
}

function project(sources: { id: string; path: string }[]) {
  const fig = newFigure('Figure 1');
  const panels = sources.map((s) => newPanel(s.id));
  return {
    ...newProject({ ...fig, rows: [panels.length], panels }),
    sources: sources.map((s) => ({ ...s, sha256: '0'.repeat(64), size: 1, kind: 'raster' as const })),
  };
}

describe('privacy checklist', () => {
  it('lists stripped metadata per panel and blocks on burned-in risk until redacted or acknowledged', async () => {
    const photo = await infoOf('images/exif/iphone6plus_orient6_gps.jpg');
    const cr = await infoOf('dicom/radiograph/cr_mono1_6154.dcm');
    const ct = await infoOf('dicom/ct/ct_chest_ge_explicit_le.dcm');
    const reports = new Map([
      ['photo', scanPrivacy(photo, 'Doe_Jane_19700101.jpg')],
      ['cr', scanPrivacy({ ...cr, modality: 'CR', burnedInAnnotation: null }, 'IM0001.dcm')],
      ['ct', scanPrivacy(ct, 'IM0002.dcm')],
    ]);
    const p = project([
      { id: 'photo', path: 'photos/Doe_Jane_19700101.jpg' },
      { id: 'cr', path: 'IM0001.dcm' },
      { id: 'ct', path: 'IM0002.dcm' },
    ]);
    const rows = buildChecklist(p, p.figures, (id) => reports.get(id));
    expect(rows.map((r) => [r.letter, r.sourceName, r.needsAction])).toEqual([
      ['A', 'Doe_Jane_19700101.jpg', false],
      ['B', 'IM0001.dcm', true],
      ['C', 'IM0002.dcm', false],
    ]);
    expect(rows[0].stripped.map((f) => f.kind)).toEqual(expect.arrayContaining(['gps', 'file-name']));
    expect(rows[2].stripped.map((f) => f.field)).toContain('PatientName');
    expect(rows[1].burnedIn.map((f) => f.kind)).toEqual(['burned-in-modality']);

    expect(checklistReady(rows, new Set())).toBe(false);
    expect(checklistReady(rows, new Set([rows[0].panelId]))).toBe(false);
    expect(checklistReady(rows, new Set([rows[1].panelId]))).toBe(true);

    // A redaction box on panel B clears it without an acknowledgement.
    const box = redactionsFrom([{ x: 1, y: 2, w: 30, h: 10 }], () => 'r1');
    const redacted = {
      ...p,
      figures: [{ ...p.figures[0], panels: p.figures[0].panels.map((x) => (x.sourceId === 'cr' ? { ...x, annotations: box } : x)) }],
    };
    const after = buildChecklist(redacted, redacted.figures, (id) => reports.get(id));
    expect(after[1]).toMatchObject({ redactionCount: 1, needsAction: false });
    expect(checklistReady(after, new Set())).toBe(true);
  });

  it('BurnedInAnnotation YES blocks; a figure with nothing identifying is ready', () => {
    const base = {
      format: 'dicom',
      width: 8,
      height: 8,
      frames: 1,
      channels: 1,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'MONOCHROME2',
      transferSyntax: null,
      modality: 'OT',
      studyDate: null,
      pixelSpacing: null,
      warnings: [],
      windows: [],
      rescale: null,
      burnedInAnnotation: null,
      phi: [],
      orientation: null,
      densityDpi: null,
      imagePositionPatient: null,
      imageOrientationPatient: null,
      instanceNumber: null,
      seriesInstanceUid: null,
      sliceThickness: null,
    } as unknown as ImageInfo;
    const p = project([{ id: 'a', path: 'a.dcm' }]);
    const yes = buildChecklist(p, p.figures, () => scanPrivacy({ ...base, burnedInAnnotation: true }, 'a.dcm'));
    expect(yes[0].needsAction).toBe(true);
    const none = buildChecklist(p, p.figures, () => scanPrivacy(base, 'a.dcm'));
    expect(none[0]).toMatchObject({ needsAction: false, stripped: [], burnedIn: [] });
    expect(checklistReady(none, new Set())).toBe(true);
    // Without the host's report the header alone still raises the same risks.
    expect(reportFromInfo({ ...base, burnedInAnnotation: true }).findings.map((f) => f.kind)).toEqual(['burned-in']);
    expect(reportFromInfo({ ...base, modality: 'US' }).findings.map((f) => f.kind)).toEqual(['burned-in-modality']);
    expect(reportFromInfo({ ...base, modality: 'DX', burnedInAnnotation: false }).findings).toEqual([]);
    expect(reportFromInfo({ ...base, phi: ['PatientName'] }).level).toBe('danger');
  });

  it('suggested boxes from the heuristic become valid, opaque redaction annotations', () => {
    // A dark radiograph-like image with a bright block of "text" in the top-left corner.
    const W = 400,
      H = 300;
    const g = new Uint8Array(W * H).fill(20);
    for (let ch = 0; ch < 8; ch++) for (let y = 12; y < 24; y++) for (let x = 10 + ch * 10; x < 16 + ch * 10; x++) g[y * W + x] = 240;
    const boxes = suggestRedactions(g, W, H);
    expect(boxes.length).toBeGreaterThan(0);
    const anns = redactionsFrom(boxes, () => globalThis.crypto.randomUUID());
    for (const a of anns) {
      expect(() => Annotation.parse(a)).not.toThrow();
      expect(a).toMatchObject({ type: 'redaction', layer: 'redactions', style: { fill: '#000000', opacity: 1 } });
    }
    const a = anns[0] as Extract<Annotation, { type: 'redaction' }>;
    // The box covers the text block.
    expect(a.at[0]).toBeLessThanOrEqual(10);
    expect(a.at[1]).toBeLessThanOrEqual(12);
    expect(a.at[0] + a.size[0]).toBeGreaterThanOrEqual(86);
    expect(a.at[1] + a.size[1]).toBeGreaterThanOrEqual(24);
  });
});
