// Export-time privacy checklist (principle 5): what each panel's source carries, what the export
// strips, and what the user must still do. Metadata (DICOM attributes, EXIF/GPS, serials, file names)
// never reaches an export, so those items are shown as handled; burned-in text lives in the pixels,
// so a panel whose source may carry it blocks the export until it has a redaction box or the user
// acknowledges it. "Suggest redactions" asks the host for OCR-free suggestions (bright text-like
// blocks in the corners) and adds them as redaction boxes the user can move or delete.
import { useEffect, useMemo, useState } from 'react';
import type { Annotation, Figure, Project } from '../../shared/figure/schema';
import { DEFAULT_STYLE } from '../../shared/figure/schema';
import type { ImageInfo } from '../../shared/imaging/types';

export type FindingKind =
  'dicom-phi' | 'burned-in' | 'burned-in-modality' | 'gps' | 'camera-serial' | 'exif-personal' | 'file-name' | (string & {});

export interface PrivacyReportLike {
  level: 'ok' | 'warning' | 'danger';
  findings: { kind: FindingKind; field?: string; message: string; level?: 'warning' | 'danger' }[];
}

export interface SuggestedBox {
  x: number;
  y: number;
  w: number;
  h: number;
  reason: string;
}

export interface ChecklistPanel {
  figureId: string;
  figureName: string;
  panelId: string;
  letter: string;
  sourceId: string;
  sourceName: string;
  frame: number;
  /** Findings stripped by every export: shown, nothing to do. */
  stripped: PrivacyReportLike['findings'];
  /** The source may have text in its pixels (BurnedInAnnotation YES, or a modality known for it). */
  burnedIn: PrivacyReportLike['findings'];
  redactionCount: number;
  /** Burned-in risk with no redaction box yet: the user must add one or acknowledge. */
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

/** One row per panel of the figures being exported; pure, so it is tested without a DOM. */
export function buildChecklist(
  project: Project,
  figures: readonly Figure[],
  privacyOf: (sourceId: string) => PrivacyReportLike | undefined,
): ChecklistPanel[] {
  const names = new Map(project.sources.map((s) => [s.id, s.path.split(/[\\/]/).pop() ?? s.path]));
  return figures.flatMap((figure) =>
    figure.panels.map((panel, i) => {
      const report = privacyOf(panel.sourceId) ?? { level: 'ok' as const, findings: [] };
      const burnedIn = report.findings.filter((f) => BURNED.has(f.kind));
      const redactionCount = panel.annotations.filter((a) => a.type === 'redaction').length;
      return {
        figureId: figure.id,
        figureName: figure.name,
        panelId: panel.id,
        letter: letterOf(figure, i),
        sourceId: panel.sourceId,
        sourceName: names.get(panel.sourceId) ?? panel.sourceId,
        frame: panel.frame,
        stripped: report.findings.filter((f) => !BURNED.has(f.kind)),
        burnedIn,
        redactionCount,
        needsAction: burnedIn.length > 0 && redactionCount === 0,
      };
    }),
  );
}

/** Export may proceed when every panel at risk of burned-in text is redacted or acknowledged. */
export function checklistReady(rows: readonly ChecklistPanel[], acknowledged: ReadonlySet<string>): boolean {
  return rows.every((r) => !r.needsAction || acknowledged.has(r.panelId));
}

/** Suggested boxes as redaction annotations (source pixel coordinates, opaque, in the redaction layer). */
export function redactionsFrom(boxes: readonly SuggestedBox[], newId: () => string): Annotation[] {
  return boxes.map((b) => ({
    id: newId(),
    type: 'redaction' as const,
    layer: 'redactions' as const,
    style: { ...DEFAULT_STYLE, color: '#000000', fill: '#000000', halo: false, strokePt: 0 },
    at: [b.x, b.y] as [number, number],
    size: [b.w, b.h] as [number, number],
  }));
}

interface Props {
  project: Project;
  /** The figures this export writes. */
  figures: readonly Figure[];
  /** The host's scan of each source (OpenedImage.privacy), or a report built from its ImageInfo. */
  privacyOf(sourceId: string): PrivacyReportLike | undefined;
  /** Whether the export may proceed (called on every change). */
  onReadyChange(ready: boolean): void;
  /** Adds redaction annotations to a panel (one undoable command). */
  onAddRedactions(figureId: string, panelId: string, annotations: Annotation[]): void;
  /** OCR-free suggestions from the host for one frame of a source; absent until the API has the method. */
  suggestRedactions?: (sourceId: string, frame: number) => Promise<SuggestedBox[]>;
}

export function PrivacyChecklist({ project, figures, privacyOf, onReadyChange, onAddRedactions, suggestRedactions }: Props) {
  const rows = useMemo(() => buildChecklist(project, figures, privacyOf), [project, figures, privacyOf]);
  const [acknowledged, setAcknowledged] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const ready = checklistReady(rows, acknowledged);
  useEffect(() => onReadyChange(ready), [ready, onReadyChange]);

  const toggle = (panelId: string, on: boolean) =>
    setAcknowledged((prev) => {
      const next = new Set(prev);
      if (on) next.add(panelId);
      else next.delete(panelId);
      return next;
    });

  async function suggest(r: ChecklistPanel) {
    if (!suggestRedactions) return;
    setBusy(r.panelId);
    try {
      const boxes = await suggestRedactions(r.sourceId, r.frame);
      if (boxes.length)
        onAddRedactions(
          r.figureId,
          r.panelId,
          redactionsFrom(boxes, () => globalThis.crypto.randomUUID()),
        );
      setNotes((n) => ({
        ...n,
        [r.panelId]: boxes.length
          ? `${boxes.length} suggested box(es) added — check them on the panel: ${boxes.map((b) => b.reason).join('; ')}`
          : 'No text-like marks found in the corners. This is a heuristic: look at the image yourself.',
      }));
    } catch (e) {
      setNotes((n) => ({ ...n, [r.panelId]: `Suggestions failed: ${(e as Error).message}` }));
    } finally {
      setBusy(null);
    }
  }

  const withFindings = rows.filter((r) => r.stripped.length || r.burnedIn.length);
  return (
    <section className="privacy-checklist" data-testid="privacy-checklist" data-ready={ready ? '1' : '0'}>
      <h3>Privacy</h3>
      <p className="muted small">
        Every export is written without EXIF, GPS, XMP, IPTC, ICC (other than sRGB), DICOM attributes or source file names.
      </p>
      {withFindings.length === 0 && (
        <p className="ok" data-testid="privacy-ok">
          Nothing identifying found in the sources of {figures.length > 1 ? 'these figures' : 'this figure'}.
        </p>
      )}
      <ul className="privacy-rows">
        {withFindings.map((r) => (
          <li
            key={r.panelId}
            data-testid={`privacy-row-${r.letter}`}
            className={r.needsAction && !acknowledged.has(r.panelId) ? 'danger' : 'ok'}
          >
            <strong>
              {figures.length > 1 ? `${r.figureName} · ` : ''}
              {r.letter}
            </strong>{' '}
            <span className="muted">{r.sourceName}</span>
            {r.stripped.length > 0 && (
              <ul className="small">
                {r.stripped.map((f, i) => (
                  <li key={i} data-testid="privacy-stripped">
                    ✓ {f.message}
                  </li>
                ))}
              </ul>
            )}
            {r.burnedIn.length > 0 && (
              <div className="burned-in">
                {r.burnedIn.map((f, i) => (
                  <p key={i} className="warn small">
                    {f.message}
                  </p>
                ))}
                {r.redactionCount > 0 ? (
                  <p className="ok small" data-testid="privacy-redacted">
                    ✓ {r.redactionCount} redaction box(es) on this panel — make sure they cover all text.
                  </p>
                ) : (
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={acknowledged.has(r.panelId)}
                      onChange={(e) => toggle(r.panelId, e.target.checked)}
                      data-testid={`privacy-ack-${r.letter}`}
                    />{' '}
                    I have checked this image: it shows no identifying text
                  </label>
                )}
                {suggestRedactions && (
                  <button
                    type="button"
                    disabled={busy !== null}
                    onClick={() => void suggest(r)}
                    data-testid={`privacy-suggest-${r.letter}`}
                    title="A heuristic, not OCR: bright text-like blocks in the corners. Check every suggestion."
                  >
                    {busy === r.panelId ? 'Looking…' : 'Suggest redactions'}
                  </button>
                )}
                {notes[r.panelId] && <p className="muted small">Suggestion (heuristic): {notes[r.panelId]}</p>}
              </div>
            )}
          </li>
        ))}
      </ul>
      {!ready && (
        <p className="danger small" data-testid="privacy-blocked">
          Redact or acknowledge every panel that may carry burned-in text before exporting.
        </p>
      )}
    </section>
  );
}
