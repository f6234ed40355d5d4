// The export check's rules with pixel proposals (src/renderer/app/privacy-check.ts): open proposals
// hold the export until redacted (one command adds them) or acknowledged; acknowledgements and
// consent are kept in the project per panel and source content, so the next export asks nothing,
// and a changed source (other SHA-256) asks again.
import { describe, expect, it } from 'vitest';
import { buildChecklist, checklistReady, isCovered, redactionsFrom } from '../../src/renderer/app/privacy-check';
import { setAcknowledged, setConsent, type ProposalState } from '../../src/renderer/app/privacy-reports';
import { addAnnotations } from '../../src/renderer/editor/commands';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { Project } from '../../src/shared/figure/schema';
import type { RedactionSuggestion } from '../../src/shared/api';

const SHA = 'a'.repeat(64);

function project() {
  const fig = newFigure('Figure 1');
  const panel = newPanel('src');
  return {
    ...newProject({ ...fig, rows: [1], panels: [panel] }),
    sources: [{ id: 'src', path: 'x.dcm', sha256: SHA, size: 1, kind: 'dicom' as const }],
  };
}

const text = (x: number, identifier: string | null): RedactionSuggestion => ({
  kind: 'text',
  box: { x, y: 5, w: 40, h: 12 },
  text: 'JFK',
  confidence: 0.9,
  identifier,
});
const face: RedactionSuggestion = { kind: 'face', box: { x: 100, y: 100, w: 80, h: 90 }, confidence: 0.9, identifier: 'face' };
const none = () => undefined;

describe('export check with proposals', () => {
  it('reading holds the export; identifying proposals block until redacted', () => {
    const p = project();
    const reading: ProposalState = { status: 'reading' };
    expect(buildChecklist(p, p.figures, none, () => reading)[0].needsAction).toBe(true);

    const done: ProposalState = { status: 'done', suggestions: [text(5, 'institution name'), text(300, null)], notes: [] };
    const rows = buildChecklist(p, p.figures, none, () => done);
    expect(rows[0]).toMatchObject({ needsAction: true });
    expect(rows[0].pending).toHaveLength(2);
    expect(rows[0].blocking.map((s) => s.box.x)).toEqual([5]);
    expect(checklistReady(rows)).toBe(false);

    // Accept the identifying one: one command adding redaction boxes.
    const fig = p.figures[0];
    const after = Project.parse(
      addAnnotations(
        fig.id,
        fig.panels[0].id,
        redactionsFrom([rows[0].blocking[0].box], () => 'r1'),
      )(p),
    );
    const rows2 = buildChecklist(after, after.figures, none, () => done);
    expect(rows2[0].pending.map((s) => s.box.x)).toEqual([300]);
    expect(rows2[0].needsAction).toBe(false);
    expect(checklistReady(rows2)).toBe(true);
  });

  it('acknowledgement and consent are kept in the project per source content', () => {
    const p = project();
    const done: ProposalState = { status: 'done', suggestions: [face], notes: [] };
    const panelId = p.figures[0].panels[0].id;
    expect(buildChecklist(p, p.figures, none, () => done)[0]).toMatchObject({ needsAction: true, faces: 1, consent: false });
    // Consent for the photograph: the face no longer blocks; it survives a save/load (schema).
    const consented = Project.parse(JSON.parse(JSON.stringify(setConsent(SHA, true)(p))));
    expect(buildChecklist(consented, consented.figures, none, () => done)[0]).toMatchObject({ needsAction: false, consent: true });

    const acked = Project.parse(JSON.parse(JSON.stringify(setAcknowledged(panelId, SHA, true)(p))));
    expect(acked.privacy.acks).toHaveLength(1);
    expect(buildChecklist(acked, acked.figures, none, () => done)[0]).toMatchObject({ needsAction: false, acknowledged: true });
    // Another file under the same panel (new content): asked again.
    const changed = { ...acked, sources: acked.sources.map((s) => ({ ...s, sha256: 'b'.repeat(64) })) };
    expect(buildChecklist(changed, changed.figures, none, () => done)[0].needsAction).toBe(true);
    // Withdrawn.
    expect(setAcknowledged(panelId, SHA, false)(acked).privacy.acks).toEqual([]);
    // Old projects without the field load with empty lists.
    const { privacy: _dropped, ...old } = p;
    void _dropped;
    expect(Project.parse(old).privacy).toEqual({ acks: [], consent: [] });
  });

  it('a face run that did not finish asks for a look', () => {
    const p = project();
    const partial: ProposalState = { status: 'done', suggestions: [], notes: ['face detection did not finish'] };
    expect(buildChecklist(p, p.figures, none, () => partial)[0].needsAction).toBe(true);
  });

  it('coverage: a proposal is accepted when redactions cover 90 % of it', () => {
    const box = { x: 0, y: 0, w: 100, h: 10 };
    expect(isCovered(box, [{ x: 0, y: 0, w: 100, h: 10 }])).toBe(true);
    expect(
      isCovered(box, [
        { x: -5, y: -5, w: 60, h: 20 },
        { x: 50, y: 0, w: 60, h: 10 },
      ]),
    ).toBe(true);
    expect(isCovered(box, [{ x: 0, y: 0, w: 80, h: 10 }])).toBe(false);
    expect(isCovered(box, [])).toBe(false);
  });
});
