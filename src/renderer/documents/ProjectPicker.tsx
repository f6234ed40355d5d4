// The web host's stand-in for native project dialogs: open a .medfig, "Save as" (a folder +
// a name), choose a folder (Collect), pick an image (Locate…). Lists only what the host
// serves, by the ids it issued; the name typed here goes to newFileIn, never a path.
import { useEffect, useState } from 'react';
import type { FileEntry } from '../../shared/api';
import { api } from '../api-client';

export type PickerMode = 'open' | 'save' | 'folder' | 'locate';

interface Props {
  mode: PickerMode;
  title: string;
  defaultName?: string;
  onOpen?(file: FileEntry): void;
  onSave?(dirId: string, name: string, existing: boolean): void;
  onFolder?(dir: FileEntry): void;
  onCancel(): void;
}

const isProject = (n: string) => /\.medfig$/i.test(n);

export function ProjectPicker({ mode, title, defaultName = '', onOpen, onSave, onFolder, onCancel }: Props) {
  const [dirId, setDirId] = useState<string | null>(null);
  const [listing, setListing] = useState<{ dir: FileEntry | null; parentId: string | null; entries: FileEntry[] }>({
    dir: null,
    parentId: null,
    entries: [],
  });
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<FileEntry | null>(null);
  const [name, setName] = useState(defaultName);
  /** While a folder loads, OK would act on the folder still shown: wait. */
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    api
      .browse({ dirId })
      .then((r) => {
        if (!alive) return;
        setListing(r);
        setError(null);
        setChosen(null);
      })
      .catch((e: Error) => alive && setError(e.message))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [dirId]);

  const files = listing.entries.filter(
    (e) => e.kind === 'file' && (mode === 'locate' || ((mode === 'open' || mode === 'save') && isProject(e.name))),
  );
  const dirs = listing.entries.filter((e) => e.kind === 'dir');
  const fileName = name.trim() ? (isProject(name.trim()) ? name.trim() : `${name.trim()}.medfig`) : '';
  const here = listing.dir;

  const ok = () => {
    if (mode === 'save' && here && fileName)
      onSave?.(
        here.id,
        fileName,
        listing.entries.some((e) => e.name === fileName),
      );
    else if (mode === 'folder' && here) onFolder?.(here);
    else if (chosen) onOpen?.(chosen);
  };
  const canOk = loading ? false : mode === 'save' ? !!here && !!fileName && !/[/\\]/.test(name) : mode === 'folder' ? !!here : !!chosen;

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={title} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="modal picker" data-testid="project-picker">
        <h2>{title}</h2>
        <div className="path">
          <button onClick={() => setDirId(null)}>Folders</button>
          {listing.parentId && (
            <button onClick={() => setDirId(listing.parentId)} aria-label="Up one folder">
              ↑
            </button>
          )}{' '}
          /{' '}
          <span data-testid="pp-dir" aria-busy={loading}>
            {here?.name ?? ''}
          </span>
        </div>
        {error && <p className="error">{error}</p>}
        <ul className="entries">
          {dirs.map((e) => (
            <li key={e.id}>
              <button className="entry dir" data-testid={`pp-${e.name}`} onClick={() => setDirId(e.id)}>
                📁 {e.name}
              </button>
            </li>
          ))}
          {files.map((e) => (
            <li key={e.id}>
              <button
                className={`entry file ${chosen?.id === e.id ? 'chosen' : ''}`}
                data-testid={`pp-${e.name}`}
                onClick={() => (mode === 'save' ? setName(e.name) : setChosen(e))}
                onDoubleClick={() => mode !== 'save' && onOpen?.(e)}
              >
                {e.name} <span className="muted">{(e.size / 1024).toFixed(0)} KB</span>
              </button>
            </li>
          ))}
          {!dirs.length && !files.length && !error && <li className="muted">{mode === 'open' ? 'No projects here' : 'Empty folder'}</li>}
        </ul>
        {mode === 'save' && (
          <label>
            File name {!here && <span className="muted">(open a folder first)</span>}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="pp-name"
              onKeyDown={(e) => e.key === 'Enter' && canOk && ok()}
            />
          </label>
        )}
        <div className="buttons">
          <button onClick={onCancel}>Cancel</button>
          <button className="primary" disabled={!canOk} data-testid="pp-ok" onClick={ok}>
            {mode === 'save' ? 'Save' : mode === 'folder' ? 'Choose this folder' : 'Open'}
          </button>
        </div>
      </div>
    </div>
  );
}
