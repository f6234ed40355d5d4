// The web host's in-app file picker: lists folders the host serves, by the ids it issued.
// Files chosen in several folders are opened together (one panel each) and the path is a row of
// crumbs — so a case of images from several folders is one Open.
import { useEffect, useState } from 'react';
import type { FileEntry } from '../../shared/api';
import { api } from '../api-client';

interface Props {
  mode: 'images' | 'series';
  onPick(files: FileEntry[]): void;
  onCancel(): void;
}

interface Crumb {
  id: string | null;
  name: string;
}

const ROOT: Crumb = { id: null, name: 'Folders' };

export function FilePicker({ mode, onPick, onCancel }: Props) {
  const [path, setPath] = useState<Crumb[]>([ROOT]);
  const dir = path[path.length - 1];
  const [entries, setEntries] = useState<FileEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Chosen files by id, kept across folders (images); a series is one folder or its files.
  const [chosen, setChosen] = useState<ReadonlyMap<string, FileEntry>>(new Map());

  useEffect(() => {
    api
      .browse({ dirId: dir.id })
      .then((r) => {
        setEntries(r.entries);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
    // A series is picked in one folder: moving elsewhere starts its choice afresh.
    if (mode === 'series') setChosen(new Map());
  }, [dir.id, mode]);

  const go = (e: FileEntry) => setPath([...path, { id: e.id, name: e.name }]);
  const pick = (e: FileEntry, add: boolean) => {
    // Images: a plain click adds to the choice too when the choice is in another folder.
    const keep = add || (mode === 'images' && [...chosen.values()].every((c) => !entries.includes(c)));
    const next = new Map(keep ? chosen : []);
    if (next.has(e.id)) next.delete(e.id);
    else next.set(e.id, e);
    setChosen(next);
  };
  const names = [...chosen.values()].map((e) => e.name);
  // Series: with no file chosen, the folder shown is the series.
  const wholeFolder = mode === 'series' && !chosen.size && dir.id !== null;

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Open file">
      <div className="modal picker" data-testid="file-picker">
        <h2>
          {mode === 'series'
            ? 'Open a DICOM series (open its folder, or pick files in it)'
            : 'Open images (pick in several folders: one panel each)'}
        </h2>
        <div className="path" data-testid="picker-path">
          {path.map((c, i) => (
            <span key={`${c.id ?? 'root'}-${i}`}>
              {i > 0 && ' / '}
              {i < path.length - 1 ? (
                <button onClick={() => setPath(path.slice(0, i + 1))} data-testid={`crumb-${c.name}`}>
                  {c.name}
                </button>
              ) : (
                <span data-testid="picker-dir">{c.name}</span>
              )}
            </span>
          ))}
        </div>
        {error && <p className="error">{error}</p>}
        <ul className="entries">
          {entries.map((e) => (
            <li key={e.id}>
              {e.kind === 'dir' ? (
                // A click opens the folder, in both modes: a series is then the folder shown
                // (Open), or the files chosen in it.
                <button className="entry dir" onClick={() => go(e)} aria-label={`Open folder ${e.name}`} data-testid={`entry-${e.name}`}>
                  📁 {e.name}
                </button>
              ) : (
                <button
                  className={`entry file ${chosen.has(e.id) ? 'chosen' : ''}`}
                  data-testid={`entry-${e.name}`}
                  onClick={(ev) => pick(e, ev.shiftKey || ev.ctrlKey || ev.metaKey)}
                  onDoubleClick={() => onPick(chosen.size > 1 && chosen.has(e.id) ? [...chosen.values()] : [e])}
                >
                  {e.name} <span className="muted">{(e.size / 1024).toFixed(0)} KB</span>
                </button>
              )}
            </li>
          ))}
          {!entries.length && !error && <li className="muted">Empty folder</li>}
        </ul>
        {chosen.size > 0 && (
          <p className="small muted" data-testid="picker-chosen">
            {chosen.size} chosen: {names.join(', ')}
          </p>
        )}
        {wholeFolder && (
          <p className="small muted" data-testid="picker-chosen">
            The series in {dir.name}: every DICOM file of this folder
          </p>
        )}
        <div className="buttons">
          <button onClick={onCancel}>Cancel</button>
          <button
            className="primary"
            disabled={!chosen.size && !wholeFolder}
            data-testid="picker-open"
            onClick={() => onPick(wholeFolder ? [{ id: dir.id!, name: dir.name, kind: 'dir', size: 0 }] : [...chosen.values()])}
          >
            {wholeFolder ? `Open folder ${dir.name}` : `Open${chosen.size > 1 ? ` ${chosen.size}` : ''}`}
          </button>
        </div>
      </div>
    </div>
  );
}
