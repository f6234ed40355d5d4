// The left panel list: panels in layout (= letter) order. Drag a row (or use ↑ ↓) to reorder
// and the automatic letters renumber; duplicate, make an inset, remove; tick panels and sync
// the active panel's display settings to them; override a letter; relink a missing image.
import { useState } from 'react';
import type { Figure, SourceRef } from '../../shared/figure/schema';
import { letterFor } from '../../shared/figure/letters';
import type { EditorStore } from '../editor/store';
import {
  duplicatePanel,
  makeInset,
  movePanel,
  removePanelKeepingInsets,
  setPanelLetter,
  syncDisplay,
  type SyncKind,
} from '../editor/panel-commands';
import { infoOf } from '../imaging/panel-images';
import { newId } from '../../shared/figure/factory';
import { InsetControls } from './InsetControls';

interface Props {
  store: EditorStore;
  figure: Figure;
  sources: readonly SourceRef[];
  missing: ReadonlyMap<string, string>;
  /** Panels whose file is present but cannot be decoded: badged so, never "missing" with Relink. */
  undecodable?: ReadonlySet<string>;
  /** The panel the inspector and these actions apply to. */
  activeId: string | null;
  onActivate(panelId: string): void;
  /** Pick a new file for a panel whose image is missing (absent: no relink offered). */
  onRelink?(panelId: string): void;
}

const fileName = (path: string | undefined) => path?.split(/[\\/]/).pop() ?? '(unknown source)';

export function PanelList({ store, figure, sources, missing, undecodable, activeId, onActivate, onRelink }: Props) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [syncKind, setSyncKind] = useState<SyncKind>('all');
  const fid = figure.id;
  const active = figure.panels.find((p) => p.id === activeId) ?? null;
  const targets = figure.panels.filter((p) => ticked.has(p.id) && p.id !== active?.id).map((p) => p.id);
  const sourceOf = (id: string) => sources.find((s) => s.id === id);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };

  return (
    <section className="panel-list-section">
      <ul className="list panel-list" data-testid="panel-list" aria-label="Panels in layout order">
        {figure.panels.map((p, i) => {
          const name = fileName(sourceOf(p.sourceId)?.path);
          const parentIndex = p.insetOf ? figure.panels.findIndex((x) => x.id === p.insetOf) : -1;
          const reason = missing.get(p.id);
          return (
            <li
              key={p.id}
              className={`panel-row${p.id === activeId ? ' active' : ''}${over === i && dragging ? ' drop-target' : ''}`}
              data-testid={`panel-row-${i}`}
              data-panel-id={p.id}
              draggable
              onDragStart={(e) => {
                setDragging(p.id);
                e.dataTransfer.effectAllowed = 'move';
                // Marks the drag as ours, so the window's file-drop handler ignores it.
                e.dataTransfer.setData('application/x-medfig-panel', p.id);
              }}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                e.stopPropagation();
                setOver(i);
              }}
              onDrop={(e) => {
                if (!dragging) return;
                e.preventDefault();
                e.stopPropagation();
                store.dispatch(movePanel(fid, dragging, i));
                setDragging(null);
                setOver(null);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
            >
              <input
                type="checkbox"
                aria-label={`Select panel ${letterFor(figure, i)} for sync`}
                checked={ticked.has(p.id)}
                onChange={(e) => toggle(p.id, e.target.checked)}
                data-testid={`panel-tick-${i}`}
              />
              <button
                className="panel-name"
                onClick={() => onActivate(p.id)}
                title={reason ? `${name}: ${reason}` : name}
                data-testid={`panel-select-${i}`}
              >
                <span className="letter">{letterFor(figure, i)}</span> {name}
                {parentIndex >= 0 && <span className="muted small"> · inset of {letterFor(figure, parentIndex)}</span>}
              </button>
              {reason && (
                <span className="badge danger" title={reason} data-testid={`panel-missing-${i}`}>
                  {undecodable?.has(p.id) ? 'cannot be decoded' : 'missing'}
                </span>
              )}
              <span className="move">
                <button
                  aria-label="Move up"
                  title="Move up (earlier letter)"
                  disabled={i === 0}
                  onClick={() => store.dispatch(movePanel(fid, p.id, i - 1))}
                  data-testid={`panel-up-${i}`}
                >
                  ↑
                </button>
                <button
                  aria-label="Move down"
                  title="Move down (later letter)"
                  disabled={i === figure.panels.length - 1}
                  onClick={() => store.dispatch(movePanel(fid, p.id, i + 1))}
                  data-testid={`panel-down-${i}`}
                >
                  ↓
                </button>
              </span>
            </li>
          );
        })}
        {!figure.panels.length && <li className="muted">Open an image (Ctrl+O) or drop files here.</li>}
      </ul>
      {active && (
        <div className="panel-actions" data-testid="panel-actions">
          <div className="row">
            <button
              data-testid="panel-duplicate"
              title="A second panel showing the same image"
              onClick={() => store.dispatch(duplicatePanel(fid, active.id, newId))}
            >
              Duplicate
            </button>
            <button
              data-testid="panel-inset"
              title="A zoomed region of this panel, outlined on it"
              disabled={missing.has(active.id)}
              onClick={() => {
                const info = infoOf(active.sourceId);
                store.dispatch(makeInset(fid, active.id, { width: info?.width ?? 1000, height: info?.height ?? 750 }, newId));
              }}
            >
              Make inset
            </button>
            <button
              data-testid="panel-remove"
              className="danger"
              title="Remove this panel (the image file is untouched)"
              onClick={() => store.dispatch(removePanelKeepingInsets(fid, active.id))}
            >
              Remove
            </button>
          </div>
          {active.insetOf && <InsetControls store={store} figure={figure} panel={active} />}
          <label className="num">
            Letter
            <input
              data-testid="panel-letter"
              placeholder={letterFor(
                { ...figure, panels: figure.panels.map((x) => (x.id === active.id ? { ...x, letter: null } : x)) },
                figure.panels.indexOf(active),
              )}
              value={active.letter ?? ''}
              maxLength={8}
              onChange={(e) => store.dispatch(setPanelLetter(fid, active.id, e.target.value || null), `letter-${active.id}`)}
              onBlur={() => store.endGesture()}
            />
          </label>
          <div className="row">
            <select
              aria-label="Settings to sync"
              value={syncKind}
              onChange={(e) => setSyncKind(e.target.value as SyncKind)}
              data-testid="sync-kind"
            >
              <option value="all">Display (all)</option>
              <option value="tone">Brightness, contrast, gamma, saturation</option>
              <option value="window">Window / level</option>
            </select>
            <button
              data-testid="panel-sync"
              disabled={!targets.length}
              title={targets.length ? `Copy to ${targets.length} ticked panel(s)` : 'Tick the panels to copy to'}
              onClick={() => store.dispatch(syncDisplay(fid, active.id, targets, syncKind))}
            >
              Sync to {targets.length || 'ticked'}
            </button>
          </div>
          {missing.has(active.id) && (
            <p className="warn small" data-testid="panel-missing-reason">
              {missing.get(active.id)}
              {onRelink && !undecodable?.has(active.id) && (
                <>
                  {' '}
                  <button data-testid="panel-relink" onClick={() => onRelink(active.id)}>
                    Relink…
                  </button>
                </>
              )}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
