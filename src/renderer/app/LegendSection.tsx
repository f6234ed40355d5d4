// Inspector section "Legend": the figure's title, the selected panel's caption facts (description,
// finding, stain, objective, what its markers point at), and the legend written from them, which
// the author can finish by hand (saved in the figure) and regenerate. What is still missing is
// listed as questions beside it, never as placeholders in the text.
import { useMemo, useState } from 'react';
import type { Caption, Figure, MarkerMeanings, Panel } from '../../shared/figure/schema';
import { draftLegend, legendIsStale } from '../../shared/figure/legend';
import { bareLetter } from '../../shared/figure/letters';
import { updateFigure, updatePanel } from '../editor/commands';
import type { EditorStore } from '../editor/store';
import { infoOf } from '../imaging/panel-images';
import { imageKind } from '../../shared/calibration/reference-input';

interface Props {
  store: EditorStore;
  figure: Figure;
  panel: Panel | null;
}

const MARKERS: { key: keyof MarkerMeanings; label: string; has(p: Panel): boolean }[] = [
  { key: 'arrows', label: 'Arrows point at', has: (p) => p.annotations.some((a) => a.type === 'arrow') },
  {
    key: 'arrowheads',
    label: 'Arrowheads point at',
    has: (p) => p.annotations.some((a) => a.type === 'marker' && a.shape === 'arrowhead'),
  },
  { key: 'asterisks', label: 'Asterisks mark', has: (p) => p.annotations.some((a) => a.type === 'marker' && a.shape === 'asterisk') },
  { key: 'stars', label: 'Stars mark', has: (p) => p.annotations.some((a) => a.type === 'marker' && a.shape === 'star') },
  { key: 'numbers', label: 'Numbers mark', has: (p) => p.annotations.some((a) => a.type === 'number') },
];

function Field(props: { label: string; value: string; testId: string; onChange(v: string): void; multiline?: boolean }) {
  return (
    <label className="field">
      {props.label}
      {props.multiline ? (
        <textarea rows={2} value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input type="text" value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </label>
  );
}

export function LegendSection({ store, figure, panel }: Props) {
  const project = store.project();
  const draft = useMemo(() => {
    const kinds = new Map(project.sources.map((s) => [s.id, infoOf(s.id)?.modality ?? s.kind] as const));
    const infos = new Map(project.sources.flatMap((s) => (infoOf(s.id) ? [[s.id, infoOf(s.id)!] as const] : [])));
    return draftLegend(figure, { sourceKinds: kinds, infoBySource: infos });
  }, [project, figure]);
  const edited = figure.legend.trim() !== '';
  const stale = legendIsStale(figure, draft.text);
  const [showDraft, setShowDraft] = useState(false);
  // Typing coalesces into one undo step per field.
  const setCaption = (patch: Partial<Caption>, key: string) =>
    panel && store.dispatch(updatePanel(figure.id, panel.id, { caption: { ...panel.caption, ...patch } }), `caption-${panel.id}-${key}`);
  const index = panel ? figure.panels.indexOf(panel) : -1;
  const panelInfo = panel ? infoOf(panel.sourceId) : undefined;
  const radiograph = !!panel && imageKind({ info: panelInfo, calibration: panel.calibration, caption: panel.caption }) === 'radiograph';

  return (
    <section data-testid="legend-section">
      <h2>Legend</h2>
      <Field
        label="Figure title"
        value={figure.title}
        testId="legend-title"
        onChange={(v) => store.dispatch(updateFigure(figure.id, { title: v }), `title-${figure.id}`)}
      />
      {panel && (
        <div className="caption" data-testid="caption-fields">
          <h3>Panel {index >= 0 ? bareLetter(figure, index) : ''}</h3>
          <Field
            label="Description"
            value={panel.caption.description}
            testId="caption-description"
            onChange={(v) => setCaption({ description: v }, 'description')}
          />
          <Field
            label="Finding"
            value={panel.caption.finding}
            testId="caption-finding"
            multiline
            onChange={(v) => setCaption({ finding: v }, 'finding')}
          />
          {/* Stain and objective are a micrograph's; a CT or radiograph has none (kept if already written). */}
          {(!radiograph || panel.caption.stain || panel.caption.objective) && (
            <div className="row">
              <Field label="Stain" value={panel.caption.stain} testId="caption-stain" onChange={(v) => setCaption({ stain: v }, 'stain')} />
              <Field
                label="Objective"
                value={panel.caption.objective}
                testId="caption-objective"
                onChange={(v) => setCaption({ objective: v }, 'objective')}
              />
            </div>
          )}
          {MARKERS.filter((m) => m.has(panel)).map((m) => (
            <Field
              key={m.key}
              label={m.label}
              value={panel.caption.markers[m.key]}
              testId={`caption-${m.key}`}
              onChange={(v) => setCaption({ markers: { ...panel.caption.markers, [m.key]: v } }, m.key)}
            />
          ))}
        </div>
      )}
      {figure.panels.length > 0 && (
        <>
          <label className="field">
            {edited ? 'Legend (edited by you)' : 'Legend (written from the figure)'}
            <textarea
              rows={8}
              value={edited ? figure.legend : draft.text}
              data-testid="legend-text"
              aria-label="Figure legend"
              // The first edit remembers the draft it started from (legendIsStale).
              onChange={(e) =>
                store.dispatch(
                  updateFigure(figure.id, edited ? { legend: e.target.value } : { legend: e.target.value, legendBase: draft.text }),
                  `legend-${figure.id}`,
                )
              }
            />
          </label>
          {edited && (
            <button
              className="small"
              title="Discard your edits and write the legend from the figure again"
              data-testid="legend-regenerate"
              onClick={() => store.dispatch(updateFigure(figure.id, { legend: '', legendBase: '' }))}
            >
              Regenerate
            </button>
          )}
          {stale && (
            <div className="legend-stale warn small" data-testid="legend-stale">
              <p>The figure has changed since you edited this legend: written from the figure now, it reads differently.</p>
              <button className="small" aria-expanded={showDraft} onClick={() => setShowDraft(!showDraft)} data-testid="legend-show-draft">
                {showDraft ? 'Hide the new draft' : 'Show the new draft'}
              </button>{' '}
              <button
                className="small"
                onClick={() => store.dispatch(updateFigure(figure.id, { legend: figure.legend, legendBase: draft.text }))}
                data-testid="legend-keep"
                title="Your legend already says what changed"
              >
                Keep mine
              </button>
              {showDraft && (
                <textarea readOnly rows={6} value={draft.text} aria-label="New draft of the legend" data-testid="legend-draft" />
              )}
            </div>
          )}
          {!edited && draft.questions.length > 0 && (
            <div className="legend-questions" data-testid="legend-questions">
              <p className="small">Still to say:</p>
              <ul>
                {draft.questions.map((q) => (
                  <li key={q}>{q}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
