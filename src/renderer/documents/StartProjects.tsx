// The start screen's project part: the offer to restore unsaved work after a crash (not
// modal: the user may also just start working), the recent projects and the sample case.
import { useEffect, useState } from 'react';
import type { ApiResponses } from '../../shared/api';
import { api } from '../api-client';

type Recovery = ApiResponses['listRecoveries']['recoveries'][number];
type Recent = ApiResponses['recentProjects']['recent'][number];

interface Props {
  /** This session's own recovery key: not offered back to itself. */
  ownKey: string;
  onRestore(key: string): Promise<boolean>;
  onDiscard(key: string): Promise<void>;
  onOpenRecent(fileId: string): void;
  onOpenProject(): void;
  onSample(): void;
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

export function StartProjects({ ownKey, onRestore, onDiscard, onOpenRecent, onOpenProject, onSample }: Props) {
  const [recoveries, setRecoveries] = useState<Recovery[]>([]);
  const [recent, setRecent] = useState<Recent[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    api.listRecoveries({}).then(
      (r) => alive && setRecoveries(r.recoveries),
      () => {},
    );
    api.recentProjects({}).then(
      (r) => alive && setRecent(r.recent),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, []);

  const offered = recoveries.filter((r) => r.key !== ownKey);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="start-projects">
      {offered.length > 0 && (
        <section className="recovery" role="dialog" aria-modal="false" aria-labelledby="recovery-title" data-testid="recovery-offer">
          <h2 id="recovery-title">Restore unsaved work?</h2>
          <p className="small">Medfig did not close cleanly. These changes were never saved:</p>
          <ul className="list">
            {offered.slice(0, 6).map((r, i) => (
              <li key={r.key} className="recovery-item">
                <span className="grow" title={r.originalPath ?? 'never saved'}>
                  <strong>{r.name}</strong> <span className="muted small">{when(r.savedAt)}</span>
                </span>
                <button
                  className="primary small"
                  disabled={busy}
                  data-testid={`recovery-restore-${i}`}
                  onClick={() => void act(async () => (await onRestore(r.key)) && setRecoveries((x) => x.filter((y) => y.key !== r.key)))}
                >
                  Restore
                </button>
                <button
                  className="small"
                  disabled={busy}
                  data-testid={`recovery-discard-${i}`}
                  onClick={() => void act(async () => (await onDiscard(r.key), setRecoveries((x) => x.filter((y) => y.key !== r.key))))}
                >
                  Discard
                </button>
              </li>
            ))}
          </ul>
          {offered.length > 6 && <p className="muted small">and {offered.length - 6} more</p>}
        </section>
      )}
      <div className="row centred">
        <button onClick={onOpenProject} data-testid="start-open-project">
          Open a project…
        </button>
        <button onClick={onSample} data-testid="start-sample">
          Open the sample case
        </button>
      </div>
      {recent.length > 0 && (
        <section className="recent">
          <h2>Recent projects</h2>
          <ul className="list" data-testid="recent-projects">
            {recent.map((r) => (
              <li key={r.id}>
                <button onClick={() => onOpenRecent(r.id)} title={r.path}>
                  {r.name.replace(/\.medfig$/i, '')} <span className="muted small">{r.path}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
