// The export check for privacy (principle 5), kept short: one summary line, then only the panels
// that need a look. Metadata never reaches an export (listed under "details"); pixels are read by
// the host (OCR text lines, faces: services/deid) and every finding is proposed as a redaction box,
// drawn over a preview of the panel and listed; one click accepts one (or all) as redactions, one
// undoable command. A panel still blocking can be acknowledged ("I checked it"); acknowledgements
// and consent for identifiable photographs are kept in the project per panel and source content,
// so the next export of the same figure asks nothing again.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RedactionSuggestion } from '../../shared/api';
import type { Annotation, Figure, Panel, Project } from '../../shared/figure/schema';
import { panelImage } from '../imaging/panel-images';
import { blurRegion } from '../../shared/imaging/redaction-blur';
import {
  dismissedCount,
  dismissProposal,
  isDismissed,
  onProposals,
  proposalsOf,
  restoreDismissed,
  setAcknowledged,
  setConsent,
} from './privacy-reports';
import { readProposals } from './pixel-scan';
import {
  buildChecklist,
  checklistReady,
  redactionRects,
  redactionOf,
  redactionsFrom,
  type ChecklistPanel,
  type PrivacyReportLike,
  type Rect,
} from './privacy-check';

function describe(s: RedactionSuggestion): string {
  if (s.kind === 'face') return 'Face';
  return `“${s.text ?? ''}”`;
}

/** The panel as displayed, small, with the proposals outlined (pending orange, accepted green). */
function ProposalPreview({ panel, row }: { panel: Panel; row: ChecklistPanel }) {
  const ref = useRef<HTMLCanvasElement>(null);
  // What to outline, as a string: the effect redraws only when it changes.
  const outlines = JSON.stringify(
    (row.proposals?.status === 'done' ? row.proposals.suggestions : []).map((p) => ({ ...p.box, pending: row.pending.includes(p) })),
  );
  useEffect(() => {
    const boxes = JSON.parse(outlines) as (Rect & { pending: boolean })[];
    let live = true;
    void panelImage(panel)
      .then((img) => {
        const c = ref.current;
        if (!live || !c) return;
        const s = Math.min(200 / img.width, 150 / img.height);
        c.width = Math.max(1, Math.round(img.width * s));
        c.height = Math.max(1, Math.round(img.height * s));
        const g = c.getContext('2d')!;
        g.drawImage(img.image, 0, 0, c.width, c.height);
        g.lineWidth = 1.5;
        const blur = redactionRects(panel).filter((r) => r.mode === 'blur');
        if (blur.length) {
          const px = g.getImageData(0, 0, c.width, c.height);
          for (const r of blur) blurRegion(px.data, c.width, c.height, { x: r.x * s, y: r.y * s, w: r.w * s, h: r.h * s });
          g.putImageData(px, 0, 0);
        }
        g.fillStyle = '#000';
        for (const r of redactionRects(panel)) if (r.mode !== 'blur') g.fillRect(r.x * s, r.y * s, r.w * s, r.h * s);
        for (const b of boxes) {
          g.strokeStyle = b.pending ? '#ff9f1a' : '#3ddc84';
          g.setLineDash(b.pending ? [4, 2] : []);
          g.strokeRect(b.x * s, b.y * s, b.w * s, b.h * s);
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [panel, outlines]);
  return (
    <canvas
      ref={ref}
      className="privacy-preview"
      data-testid={`privacy-preview-${row.letter}`}
      aria-label={`Panel ${row.letter} with proposed redactions`}
    />
  );
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
  /** Applies a document command (acknowledgements and consent are kept in the project). */
  onCommand(command: (p: Project) => Project): void;
  /** The host's pixel proposals for one frame of a source (OCR text lines and faces). */
  suggest(sourceId: string, frame: number, jobId: string): Promise<{ suggestions: RedactionSuggestion[]; notes: string[] }>;
  /** Stop a reading still running (the dialog closed). */
  cancel(jobId: string): void;
}

export function PrivacyChecklist({ project, figures, privacyOf, onReadyChange, onAddRedactions, onCommand, suggest, cancel }: Props) {
  const [, setTick] = useState(0);
  useEffect(() => onProposals(() => setTick((t) => t + 1)), []);
  const rows = buildChecklist(project, figures, privacyOf, proposalsOf, isDismissed);
  const ready = checklistReady(rows);
  useEffect(() => onReadyChange(ready), [ready, onReadyChange]);

  // Read every frame the figures use, once per source and frame (kept for the next export).
  const wanted = useMemo(() => {
    const m = new Map<string, { sourceId: string; frame: number }>();
    for (const f of figures) for (const p of f.panels) m.set(`${p.sourceId}#${p.frame}`, { sourceId: p.sourceId, frame: p.frame });
    return [...m.values()];
  }, [figures]);
  useEffect(() => readProposals(wanted, { suggest, cancel }), [wanted, suggest, cancel]);

  const panelOf = (r: ChecklistPanel) => figures.find((f) => f.id === r.figureId)?.panels.find((p) => p.id === r.panelId);
  const accept = (r: ChecklistPanel, list: RedactionSuggestion[]) =>
    list.length &&
    onAddRedactions(
      r.figureId,
      r.panelId,
      redactionsFrom(list.map(redactionOf), () => globalThis.crypto.randomUUID()),
    );

  // A panel whose findings were dismissed keeps its card: "nothing found" would not be true.
  const shown = rows.filter(
    (r) =>
      r.needsAction ||
      r.pending.length > 0 ||
      r.faces > 0 ||
      r.acknowledged ||
      r.redactionCount > 0 ||
      dismissedCount(r.sourceId, r.frame) > 0,
  );
  const quiet = rows.filter((r) => !shown.includes(r));
  const reading = rows.filter((r) => r.proposals?.status === 'reading').length;
  const strippedCount = rows.reduce((n, r) => n + r.stripped.length, 0);
  const toDo = rows.filter((r) => r.needsAction).length;
  const multi = figures.length > 1;

  return (
    <section className="privacy-checklist" data-testid="privacy-checklist" data-ready={ready ? '1' : '0'}>
      <h3>Privacy</h3>
      <p className="small" data-testid="privacy-summary">
        {toDo ? (
          <span className="warn">
            {toDo} of {rows.length} panel{rows.length > 1 ? 's' : ''} need{toDo === 1 ? 's' : ''} a look
          </span>
        ) : (
          <span className="ok">
            All {rows.length} panel{rows.length > 1 ? 's' : ''} clear
          </span>
        )}
        {reading > 0 && <span className="muted"> · reading pixels of {reading}…</span>}
        <span className="muted">
          {' '}
          · metadata is always stripped{strippedCount ? ` (${strippedCount} identifying field${strippedCount > 1 ? 's' : ''} found)` : ''}
        </span>
      </p>
      {shown.length === 0 && quiet.length > 0 && reading === 0 && (
        <p className="ok small" data-testid="privacy-ok">
          No text or faces found in the pixels of {multi ? 'these figures' : 'this figure'}.
        </p>
      )}
      <ul className="privacy-rows">
        {shown.map((r) => {
          const panel = panelOf(r);
          const p = r.proposals;
          return (
            <li key={r.panelId} data-testid={`privacy-row-${r.letter}`} className={r.needsAction ? 'danger' : 'ok'}>
              {panel && <ProposalPreview panel={panel} row={r} />}
              <div className="privacy-row-body">
                <div>
                  <strong>
                    {multi ? `${r.figureName} · ` : ''}
                    {r.letter}
                  </strong>{' '}
                  <span className="muted small">{r.sourceName}</span>{' '}
                  <span className="small" data-testid={`privacy-status-${r.letter}`}>
                    {p?.status === 'done' && p.notes.length > 0 && <span className="warn">{p.notes.join('; ')}. </span>}
                    {p?.status === 'reading'
                      ? 'Reading text and looking for faces…'
                      : p?.status === 'failed'
                        ? `Could not read the pixels (${p.message}); check the image yourself.`
                        : r.pending.length
                          ? `${r.pending.length} proposed redaction${r.pending.length > 1 ? 's' : ''}${r.blocking.length ? ` (${r.blocking.length} identifying)` : ''}`
                          : r.redactionCount
                            ? `✓ ${r.redactionCount} redaction${r.redactionCount > 1 ? 's' : ''}`
                            : r.burnedIn.length
                              ? 'the header warns of text in the pixels; none was read'
                              : dismissedCount(r.sourceId, r.frame) > 0
                                ? // What the check found and the author dismissed is not "nothing".
                                  `✓ ${dismissedCount(r.sourceId, r.frame)} dismissed as not identifying`
                                : '✓ nothing found'}
                  </span>
                </div>
                <div className="privacy-actions">
                  {r.blocking.length > 0 && r.blocking.length < r.pending.length && (
                    <button
                      type="button"
                      className="small primary"
                      onClick={() => accept(r, r.blocking)}
                      data-testid={`privacy-accept-identifying-${r.letter}`}
                    >
                      Redact {r.blocking.length} identifying
                    </button>
                  )}
                  {r.pending.length > 0 && (
                    <button
                      type="button"
                      className={`small${r.blocking.length === r.pending.length ? ' primary' : ''}`}
                      onClick={() => accept(r, r.pending)}
                      data-testid={`privacy-accept-all-${r.letter}`}
                    >
                      Redact all {r.pending.length}
                    </button>
                  )}
                  {r.faces > 0 && r.sha256 && (
                    <label className="check small" title="Recorded in the project with this image">
                      <input
                        type="checkbox"
                        checked={r.consent}
                        onChange={(e) => onCommand(setConsent(r.sha256!, e.target.checked))}
                        data-testid={`privacy-consent-${r.letter}`}
                      />{' '}
                      Patient consent to publish this photograph is on file
                    </label>
                  )}
                  {(r.needsAction || r.acknowledged) && r.sha256 && (
                    <label className="check small">
                      <input
                        type="checkbox"
                        checked={r.acknowledged}
                        onChange={(e) => onCommand(setAcknowledged(r.panelId, r.sha256!, e.target.checked))}
                        data-testid={`privacy-ack-${r.letter}`}
                      />{' '}
                      I checked this image: nothing identifying is left
                    </label>
                  )}
                </div>
                {(r.pending.length > 0 || r.stripped.length > 0 || r.burnedIn.length > 0 || dismissedCount(r.sourceId, r.frame) > 0) && (
                  <details className="small">
                    <summary>Details</summary>
                    {r.pending.length > 0 && (
                      <ul className="privacy-proposals" data-testid={`privacy-proposals-${r.letter}`}>
                        {r.pending.map((s, i) => (
                          <li key={i}>
                            <button
                              type="button"
                              className="small"
                              onClick={() => accept(r, [s])}
                              data-testid={`privacy-accept-${r.letter}-${i}`}
                            >
                              {s.kind === 'face' ? 'Blur' : 'Redact'}
                            </button>{' '}
                            <button
                              type="button"
                              className="small"
                              title="Not identifying: leave the pixels as they are"
                              onClick={() => dismissProposal(r.sourceId, r.frame, s)}
                              data-testid={`privacy-dismiss-${r.letter}-${i}`}
                            >
                              Dismiss
                            </button>{' '}
                            {i + 1}. {describe(s)} <span className="muted">{Math.round(s.confidence * 100)} %</span>
                            {s.identifier && <span className="warn"> · {s.identifier}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                    {dismissedCount(r.sourceId, r.frame) > 0 && (
                      <p className="muted">
                        {dismissedCount(r.sourceId, r.frame)} dismissed as not identifying.{' '}
                        <button type="button" className="small" onClick={() => restoreDismissed(r.sourceId, r.frame)}>
                          Show again
                        </button>
                      </p>
                    )}
                    {r.burnedIn.map((f, i) => (
                      <p key={`b${i}`} className="warn">
                        {f.message}
                      </p>
                    ))}
                    {r.stripped.length > 0 && (
                      <ul>
                        {r.stripped.map((f, i) => (
                          <li key={i} data-testid="privacy-stripped">
                            ✓ {f.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </details>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {quiet.length > 0 && shown.length > 0 && (
        <p className="muted small">
          {quiet.map((r) => r.letter).join(', ')}: nothing found{reading ? ' yet' : ''}.
        </p>
      )}
      {!ready && (
        <p className="danger small" data-testid="privacy-blocked">
          Redact the proposals or tick “I checked this image” for each panel above.
        </p>
      )}
    </section>
  );
}
