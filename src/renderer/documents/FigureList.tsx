// The project's figures (Figure 1–4 of a case report): switch, add, rename in place, reorder,
// delete. Every change goes through figure commands, so it is undoable and autosaved.
import { useState } from 'react';
import type { Project } from '../../shared/figure/schema';
import type { EditorStore } from '../editor/store';
import { moveFigure, renameFigure } from './figure-commands';

interface Props {
  store: EditorStore;
  project: Project;
  figureId: string;
  onNew(): void;
  onDelete(id: string): void;
  /** Figure being renamed (lifted so the menu's "Rename Figure…" can start it). */
  editing: string | null;
  onEditing(id: string | null): void;
}

export function FigureList({ store, project, figureId, onNew, onDelete, editing, onEditing }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const startRename = (id: string) => {
    setDraft(null);
    onEditing(id);
  };
  const current = project.figures.find((f) => f.id === editing);
  const value = draft ?? current?.name ?? '';
  const commit = () => {
    if (editing && draft !== null) store.dispatch(renameFigure(editing, draft));
    setDraft(null);
    onEditing(null);
  };

  return (
    <>
      <div className="figures-head">
        <h2>Figures</h2>
        <button className="small" onClick={onNew} title="New figure" data-testid="figure-new">
          + New
        </button>
      </div>
      <ul className="list figures" data-testid="figure-list">
        {project.figures.map((f, i) => (
          <li key={f.id} className={f.id === figureId ? 'current' : ''}>
            {editing === f.id ? (
              <input
                autoFocus
                aria-label="Figure name"
                data-testid="figure-name-input"
                value={value}
                maxLength={200}
                onChange={(e) => setDraft(e.target.value)}
                onBlur={commit}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') commit();
                  if (e.key === 'Escape') {
                    setDraft(null);
                    onEditing(null);
                  }
                }}
              />
            ) : (
              <button
                className={f.id === figureId ? 'active' : ''}
                data-testid={`figure-${i}`}
                title="Double-click to rename"
                onClick={() => store.setUi({ figureId: f.id, selection: new Set() })}
                onDoubleClick={() => startRename(f.id)}
              >
                {f.name}{' '}
                <span className="muted small">
                  {f.panels.length ? `${f.panels.length} panel${f.panels.length > 1 ? 's' : ''}` : 'empty'}
                </span>
              </button>
            )}
            {f.id === figureId && editing !== f.id && (
              <span className="figure-actions">
                <button
                  className="small"
                  aria-label={`Rename ${f.name}`}
                  title="Rename"
                  data-testid="figure-rename"
                  onClick={() => startRename(f.id)}
                >
                  ✎
                </button>
                <button
                  className="small"
                  aria-label={`Move ${f.name} up`}
                  title="Move up"
                  disabled={i === 0}
                  onClick={() => store.dispatch(moveFigure(f.id, -1))}
                >
                  ↑
                </button>
                <button
                  className="small"
                  aria-label={`Delete ${f.name}`}
                  title={project.figures.length > 1 ? 'Delete figure' : 'A project keeps at least one figure'}
                  disabled={project.figures.length <= 1}
                  data-testid="figure-delete"
                  onClick={() => onDelete(f.id)}
                >
                  🗑
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
