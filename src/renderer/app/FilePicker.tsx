// The web host's in-app file picker: lists folders the host serves, by the ids it issued.
import { useEffect, useState } from 'react';
import type { FileEntry } from '../../shared/api';
import { api } from '../api-client';

interface Props {
  mode: 'images' | 'series';
  onPick(files: FileEntry[]): void;
  onCancel(): void;
}

export function FilePicker({ mode, onPick, onCancel }: Props) {
  const [dir, setDir] = useState<{ id: string | null; name: string; parentId: string | null }>({
    id: null,
    name: 'Folders',
    parentId: null,
  });
  const [entries, setEntries] = useState<FileEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());

  useEffect(() => {
    api
      .browse({ dirId: dir.id })
      .then((r) => {
        setEntries(r.entries);
        setError(null);
        setChosen(new Set());
      })
      .catch((e: Error) => setError(e.message));
  }, [dir.id]);

  const go = (e: FileEntry) => setDir({ id: e.id, name: e.name, parentId: dir.id });

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Open file">
      <div className="modal picker" data-testid="file-picker">
        <h2>{mode === 'series' ? 'Open a DICOM series (pick a folder or files)' : 'Open images'}</h2>
        <div className="path">
          <button onClick={() => setDir({ id: null, name: 'Folders', parentId: null })}>Folders</button> /{' '}
          <span data-testid="picker-dir">{dir.name}</span>
        </div>
        {error && <p className="error">{error}</p>}
        <ul className="entries">
          {entries.map((e) => (
            <li key={e.id}>
              {e.kind === 'dir' ? (
                <>
                  <button
                    className="entry dir"
                    onDoubleClick={() => go(e)}
                    onClick={() => (mode === 'series' ? setChosen(new Set([e.id])) : go(e))}
                    data-testid={`entry-${e.name}`}
                  >
                    📁 {e.name}
                  </button>
                  {mode === 'series' && (
                    <button className="small" onClick={() => go(e)} aria-label={`Open folder ${e.name}`}>
                      ›
                    </button>
                  )}
                </>
              ) : (
                <button
                  className={`entry file ${chosen.has(e.id) ? 'chosen' : ''}`}
                  data-testid={`entry-${e.name}`}
                  onClick={(ev) => {
                    const next = new Set(ev.shiftKey || ev.ctrlKey || ev.metaKey ? chosen : []);
                    if (next.has(e.id)) next.delete(e.id);
                    else next.add(e.id);
                    setChosen(next);
                  }}
                  onDoubleClick={() => onPick([e])}
                >
                  {e.name} <span className="muted">{(e.size / 1024).toFixed(0)} KB</span>
                </button>
              )}
            </li>
          ))}
          {!entries.length && !error && <li className="muted">Empty folder</li>}
        </ul>
        <div className="buttons">
          <button onClick={onCancel}>Cancel</button>
          <button
            className="primary"
            disabled={!chosen.size}
            data-testid="picker-open"
            onClick={() => onPick(entries.filter((e) => chosen.has(e.id)))}
          >
            Open
          </button>
        </div>
      </div>
    </div>
  );
}
