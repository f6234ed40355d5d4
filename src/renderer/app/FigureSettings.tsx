// Figure settings: the page (journal preset and column width or a custom width, auto or fixed
// height, margin, gutter), the grid (cols × rows or free row counts) and the panel letters.
// Every change is one command, so it undoes like any edit.
import { useEffect, useState } from 'react';
import type { Figure, LetterStyle } from '../../shared/figure/schema';
import { JOURNALS, getJournal, journalWidths, isAcceptedWidth } from '../../shared/figure/journals';
import { normalizeRows } from '../../shared/figure/layout';
import { panelLetter } from '../../shared/figure/letters';
import type { EditorStore } from '../editor/store';
import { parseRows, setGrid, setLetterPlacement, setLetters, setPage, setRows } from '../editor/panel-commands';

interface Props {
  store: EditorStore;
  figure: Figure;
}

const FORMATS: LetterStyle['format'][] = ['A', 'a', '(A)', '(a)', 'A.', 'a)'];
const PLACEMENTS: { id: LetterStyle['placement']; label: string }[] = [
  { id: 'inside-top-left', label: 'Inside top left' },
  { id: 'inside-top-right', label: 'Inside top right' },
  { id: 'inside-bottom-left', label: 'Inside bottom left' },
  { id: 'outside-top-left', label: 'Outside top left' },
];

/** A number field that commits on blur/Enter (typing "1" on the way to "120" must not relayout). */
function MmField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  testId: string;
  onCommit(v: number): void;
}) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const commit = () => {
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v) && v >= props.min && v <= props.max) {
      if (v !== props.value) props.onCommit(v);
    } else setText(String(props.value));
  };
  return (
    <label className="num">
      {props.label}
      <input
        type="number"
        value={text}
        min={props.min}
        max={props.max}
        step={props.step ?? 0.5}
        data-testid={props.testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  );
}

export function FigureSettings({ store, figure }: Props) {
  const page = figure.page;
  const journal = getJournal(page.journal);
  const widths = journalWidths(journal);
  const rows = normalizeRows(figure.rows, figure.panels.length);
  const [rowsText, setRowsText] = useState(rows.join(', '));
  // The text box follows the rows when they change elsewhere (undo, a panel added), by value.
  const rowsKey = rows.join(', ');
  useEffect(() => setRowsText(rowsKey), [rowsKey]);
  const L = figure.letters;
  const fid = figure.id;
  const uniform = rows.length > 0 && rows.every((n) => n === rows[0]);
  const offWidth = !isAcceptedWidth(journal, page.widthMm);

  return (
    <section className="figure-settings" data-testid="figure-settings" aria-label="Figure settings">
      <details open>
        <summary>Page</summary>
        <label>
          Journal
          <select
            data-testid="page-journal"
            value={journal.id}
            onChange={(e) => {
              const j = getJournal(e.target.value);
              // A new journal starts at its double-column width (most multi-panel figures).
              store.dispatch(setPage(fid, { journal: j.id, ...(j.widths ? { widthMm: j.widths.double } : {}) }));
            }}
          >
            {JOURNALS.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </label>
        {widths.length > 0 && (
          <div className="presets" role="group" aria-label="Column width">
            {widths.map((w) => (
              <button
                key={w.label}
                className={Math.abs(w.mm - page.widthMm) < 0.01 ? 'active' : ''}
                aria-pressed={Math.abs(w.mm - page.widthMm) < 0.01}
                data-testid={`page-width-${w.label.replace(/\W+/g, '-')}`}
                title={`${w.mm} mm`}
                onClick={() => store.dispatch(setPage(fid, { widthMm: w.mm }))}
              >
                {w.label} · {w.mm}
              </button>
            ))}
          </div>
        )}
        <div className="row">
          <MmField
            label="Width mm"
            value={page.widthMm}
            min={10}
            max={1000}
            testId="page-width"
            onCommit={(v) => store.dispatch(setPage(fid, { widthMm: v }))}
          />
        </div>
        {offWidth && <p className="warn small">Not a standard {journal.name} width.</p>}
        <div className="row">
          <label className="check">
            <input
              type="checkbox"
              data-testid="page-fixed-height"
              checked={page.heightMm != null}
              onChange={(e) => store.dispatch(setPage(fid, { heightMm: e.target.checked ? (journal.maxHeightMm ?? 170) : null }))}
            />{' '}
            Fixed height
          </label>
          {page.heightMm != null && (
            <MmField
              label="mm"
              value={page.heightMm}
              min={10}
              max={2000}
              testId="page-height"
              onCommit={(v) => store.dispatch(setPage(fid, { heightMm: v }))}
            />
          )}
        </div>
        <div className="row">
          <MmField
            label="Margin mm"
            value={page.marginMm}
            min={0}
            max={50}
            testId="page-margin"
            onCommit={(v) => store.dispatch(setPage(fid, { marginMm: v }))}
          />
          <MmField
            label="Gutter mm"
            value={page.gutterMm}
            min={0}
            max={50}
            testId="page-gutter"
            onCommit={(v) => store.dispatch(setPage(fid, { gutterMm: v }))}
          />
        </div>
      </details>
      <details open>
        <summary>Grid</summary>
        <div className="row">
          <label className="num">
            Columns
            <select
              data-testid="grid-cols"
              value={uniform ? rows[0] : ''}
              onChange={(e) =>
                store.dispatch(
                  setGrid(fid, Number(e.target.value), Math.min(4, Math.max(1, Math.ceil(figure.panels.length / Number(e.target.value))))),
                )
              }
            >
              {!uniform && <option value="">—</option>}
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label className="num">
            Rows
            <select
              data-testid="grid-rows"
              value={uniform && rows.length <= 4 ? rows.length : ''}
              onChange={(e) =>
                store.dispatch(
                  setGrid(fid, Math.min(4, Math.max(1, Math.ceil(figure.panels.length / Number(e.target.value)))), Number(e.target.value)),
                )
              }
            >
              {!(uniform && rows.length <= 4) && <option value="">—</option>}
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label title="Panels per row, top to bottom, e.g. 3, 2">
          Panels per row
          <input
            data-testid="grid-rows-text"
            value={rowsText}
            onChange={(e) => setRowsText(e.target.value)}
            onBlur={() => {
              const r = parseRows(rowsText);
              if (r) store.dispatch(setRows(fid, r));
              else setRowsText(rows.join(', '));
            }}
            onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          />
        </label>
      </details>
      <details open>
        <summary>Letters</summary>
        <label className="check">
          <input
            type="checkbox"
            data-testid="letters-enabled"
            checked={L.enabled}
            onChange={(e) => store.dispatch(setLetters(fid, { enabled: e.target.checked }))}
          />{' '}
          Panel letters
        </label>
        <div className="presets" role="group" aria-label="Letter style">
          {FORMATS.map((f) => (
            <button
              key={f}
              className={L.format === f ? 'active' : ''}
              aria-pressed={L.format === f}
              aria-label={`Letters like ${f}`}
              data-testid={`letter-format-${f}`}
              onClick={() => store.dispatch(setLetters(fid, { format: f }))}
            >
              {panelLetter(0, f)}
            </button>
          ))}
        </div>
        <label>
          Placement
          <select
            data-testid="letters-placement"
            value={L.placement}
            onChange={(e) => store.dispatch(setLetterPlacement(fid, e.target.value as LetterStyle['placement']))}
          >
            {PLACEMENTS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <MmField
            label="Size pt"
            value={L.fontPt}
            min={4}
            max={72}
            testId="letters-size"
            onCommit={(v) => store.dispatch(setLetters(fid, { fontPt: v }))}
          />
          <label className="num">
            Colour
            <input
              type="color"
              data-testid="letters-colour"
              value={L.color}
              onChange={(e) => store.dispatch(setLetters(fid, { color: e.target.value }), 'letters-colour')}
            />
          </label>
        </div>
        <div className="row">
          <label className="check">
            <input type="checkbox" checked={L.bold} onChange={(e) => store.dispatch(setLetters(fid, { bold: e.target.checked }))} /> Bold
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="letters-halo"
              checked={L.halo}
              onChange={(e) => store.dispatch(setLetters(fid, { halo: e.target.checked }))}
            />{' '}
            Outline
          </label>
        </div>
        {journal.maxFontPt !== undefined && (L.fontPt < journal.minFontPt || L.fontPt > journal.maxFontPt) && (
          <p className="warn small">
            {journal.name} asks for text of {journal.minFontPt}–{journal.maxFontPt} pt.
          </p>
        )}
      </details>
    </section>
  );
}
