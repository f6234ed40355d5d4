// The export check's rules, pure (tested without a DOM): one row per panel with what its source
// carries (metadata stripped on export, header warnings, the host's pixel proposals), which
// proposals are still open, and whether the panel holds the export.
import type { RedactionSuggestion } from '../../shared/api';
import type { Annotation, Figure, Panel, Project } from '../../shared/figure/schema';
import { DEFAULT_STYLE } from '../../shared/figure/schema';
import type { ImageInfo } from '../../shared/imaging/types';
import type { ProposalState } from './privacy-reports';

export type FindingKind =
  'dicom-phi' | 'burned-in' | 'burned-in-modality' | 'gps' | 'camera-serial' | 'exif-personal' | 'file-name' | (string & {});

export interface PrivacyReportLike {
  level: 'ok' | 'warning' | 'danger';
  findings: { kind: FindingKind; field?: string; message: string; level?: 'warning' | 'danger' }[];
}

export interface ChecklistPanel {
  figureId: string;
  figureName: string;
  panelId: string;
  letter: string;
  sourceId: string;
  sourceName: string;
  sha256: string | null;
  frame: number;
  /** Findings stripped by every export: shown, nothing to do. */
  stripped: PrivacyReportLike['findings'];
  /** The header makes text in the pixels likely (BurnedInAnnotation YES, or a modality known for it). */
  burnedIn: PrivacyReportLike['findings'];
  redactionCount: number;
  /** The host's reading of the pixels (undefined: not asked). */
  proposals: ProposalState | undefined;
  /** Proposals not yet covered by a redaction box. */
  pending: RedactionSuggestion[];
  /** Pending proposals that hold the export: faces without consent, identifier-like text, any text on a header risk. */
  blocking: RedactionSuggestion[];
  faces: number;
  consent: boolean;
  /** Acknowledged for this panel and source content (kept in the project). */
  acknowledged: boolean;
  /** Something to do before the export: redact, acknowledge, or wait for the reading. */
  needsAction: boolean;
}

const BURNED = new Set(['burned-in', 'burned-in-modality']);
const TEXT_MODALITIES = new Set(['US', 'SC', 'ES', 'XC']);

/**
 * The report for a source when the host's scan (OpenedImage.privacy) is not at hand: the same
 * header facts (identifying fields, BurnedInAnnotation, modality), so the checklist never shows
 * "nothing found" just because the report was not kept.
 */
export function reportFromInfo(info: ImageInfo): PrivacyReportLike {
  const findings: PrivacyReportLike['findings'] = [];
  for (const field of info.phi) {
    const kind =
      info.format === 'dicom' ? 'dicom-phi' : /^GPS/.test(field) ? 'gps' : /serial/i.test(field) ? 'camera-serial' : 'exif-personal';
    findings.push({
      kind,
      field,
      message: `${field} is in the file; it is removed on export`,
      level: kind === 'gps' || /^Patient/.test(field) ? 'danger' : 'warning',
    });
  }
  if (info.burnedInAnnotation === true)
    findings.push({
      kind: 'burned-in',
      field: 'BurnedInAnnotation',
      message: 'the file says text is burned into the pixels',
      level: 'danger',
    });
  const m = info.modality?.toUpperCase() ?? null;
  if (m && (TEXT_MODALITIES.has(m) || ((m === 'CR' || m === 'DX') && info.burnedInAnnotation !== false))) {
    findings.push({
      kind: 'burned-in-modality',
      field: 'Modality',
      message: `${m} images often carry text in the pixels; check the corners`,
      level: 'warning',
    });
  }
  const level = findings.some((f) => f.level === 'danger') ? 'danger' : findings.length ? 'warning' : 'ok';
  return { level, findings };
}

function letterOf(figure: Figure, index: number): string {
  const own = figure.panels[index].letter;
  return own ?? String.fromCharCode(65 + index);
}

export type Rect = { x: number; y: number; w: number; h: number };

export function redactionRects(panel: Panel): (Rect & { mode: 'solid' | 'blur' })[] {
  return panel.annotations.flatMap((a) => {
    if (a.type !== 'redaction') return [];
    const [x, y] = a.at;
    const [w, h] = a.size;
    return [{ x: Math.min(x, x + w), y: Math.min(y, y + h), w: Math.abs(w), h: Math.abs(h), mode: a.mode ?? 'solid' }];
  });
}

/** A proposal counts as accepted when redaction boxes cover 90 % of it. */
export function isCovered(box: Rect, redactions: readonly Rect[]): boolean {
  if (!redactions.length) return false;
  // Sample a grid over the box: exact enough, independent of how the boxes overlap each other.
  const n = 12;
  let inside = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = box.x + ((i + 0.5) / n) * box.w;
      const y = box.y + ((j + 0.5) / n) * box.h;
      if (redactions.some((r) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h)) inside++;
    }
  return inside >= 0.9 * n * n;
}

/** Proposals still to decide: not covered by the panel's redactions, not dismissed (in the host's order, identifying first). */
export function pendingProposals(
  all: readonly RedactionSuggestion[],
  rects: readonly Rect[],
  dismissed: (s: RedactionSuggestion) => boolean,
): RedactionSuggestion[] {
  return all.filter((s) => !isCovered(s.box, rects) && !dismissed(s));
}

/** One row per panel of the figures being exported; pure, so it is tested without a DOM. */
export function buildChecklist(
  project: Project,
  figures: readonly Figure[],
  privacyOf: (sourceId: string) => PrivacyReportLike | undefined,
  proposalOf: (sourceId: string, frame: number) => ProposalState | undefined = () => undefined,
  /** Proposals the author dismissed as not identifying: not pending. */
  dismissedOf: (sourceId: string, frame: number, s: RedactionSuggestion) => boolean = () => false,
): ChecklistPanel[] {
  const refs = new Map(project.sources.map((s) => [s.id, s]));
  const record = project.privacy ?? { acks: [], consent: [] };
  return figures.flatMap((figure) =>
    figure.panels.map((panel, i) => {
      const ref = refs.get(panel.sourceId);
      const sha256 = ref?.sha256 ?? null;
      const report = privacyOf(panel.sourceId) ?? { level: 'ok' as const, findings: [] };
      const burnedIn = report.findings.filter((f) => BURNED.has(f.kind));
      const rects = redactionRects(panel);
      const proposals = proposalOf(panel.sourceId, panel.frame);
      const all = proposals?.status === 'done' ? proposals.suggestions : [];
      const pending = pendingProposals(all, rects, (s) => dismissedOf(panel.sourceId, panel.frame, s));
      const consent = !!sha256 && record.consent.some((c) => c.sha256 === sha256);
      const blocking = pending.filter((s) => (s.kind === 'face' ? !consent : !!s.identifier || burnedIn.length > 0));
      const acknowledged = !!sha256 && record.acks.some((a) => a.panelId === panel.id && a.sha256 === sha256);
      const headerRisk = burnedIn.length > 0 && rects.length === 0 && !(proposals?.status === 'done' && all.length > 0);
      const unsettled =
        proposals?.status === 'reading' || proposals?.status === 'failed' || (proposals?.status === 'done' && proposals.notes.length > 0);
      return {
        figureId: figure.id,
        figureName: figure.name,
        panelId: panel.id,
        letter: letterOf(figure, i),
        sourceId: panel.sourceId,
        sourceName: ref ? (ref.path.split(/[\\/]/).pop() ?? ref.path) : panel.sourceId,
        sha256,
        frame: panel.frame,
        stripped: report.findings.filter((f) => !BURNED.has(f.kind)),
        burnedIn,
        redactionCount: rects.length,
        proposals,
        pending,
        blocking,
        faces: all.filter((s) => s.kind === 'face').length,
        consent,
        acknowledged,
        needsAction: !acknowledged && (blocking.length > 0 || headerRisk || unsettled),
      };
    }),
  );
}

/** Export may proceed when every panel is clear, redacted or acknowledged. */
export function checklistReady(rows: readonly ChecklistPanel[], acknowledged: ReadonlySet<string> = new Set()): boolean {
  return rows.every((r) => !r.needsAction || acknowledged.has(r.panelId));
}

/** Boxes as redaction annotations (source pixel coordinates, in the redaction layer): opaque black, or a blur. */
export function redactionsFrom(boxes: readonly (Rect & { mode?: 'solid' | 'blur' })[], newId: () => string): Annotation[] {
  return boxes.map((b) => ({
    id: newId(),
    type: 'redaction' as const,
    layer: 'redactions' as const,
    style: { ...DEFAULT_STYLE, color: '#000000', fill: '#000000', halo: false, strokePt: 0 },
    at: [b.x, b.y] as [number, number],
    size: [b.w, b.h] as [number, number],
    ...(b.mode === 'blur' ? { mode: 'blur' as const } : {}),
  }));
}

/** The redaction a proposal becomes: a face is blurred, text is covered black (the author can change either). */
export function redactionOf(s: RedactionSuggestion): Rect & { mode: 'solid' | 'blur' } {
  return { ...s.box, mode: s.kind === 'face' ? 'blur' : 'solid' };
}
