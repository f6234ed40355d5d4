// File › Open from PACS…: search a DICOMweb server (patient ID, name, accession, dates, modality),
// browse studies → series with thumbnails and counts, pull a series into the local cache (progress,
// cancel, resume by instance) and open it like a local series; store the current figure back into
// the chosen study. The renderer names a connection id only: logins stay with the host.
import { useEffect, useRef, useState } from 'react';
import type { FileEntry, PacsPullProgress, PacsSeries, PacsStudy } from '../../shared/api';
import type { Figure, Project } from '../../shared/figure/schema';
import type { PacsConnection } from '../../shared/settings';
import { api, reportFailure } from '../api-client';
import { appSettings, useSettings } from './SettingsApp';

interface Props {
  project: Project;
  figure: Figure;
  onClose(): void;
  /** The app's own series-open path (the same as a local folder). */
  onOpenSeries(files: FileEntry[]): Promise<void> | void;
  onMessage(kind: 'info' | 'error', text: string): void;
}

const MODALITIES = ['', 'CT', 'MR', 'CR', 'DX', 'MG', 'US', 'XA', 'NM', 'PT', 'OT', 'SC', 'SM', 'XC'];

const fmtDate = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d || '—');
const toDicomDate = (d: string) => d.replace(/-/g, '');
const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
const newJobId = () => `pull-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function Thumbnail({ connectionId, studyUid, seriesUid }: { connectionId: string; studyUid: string; seriesUid: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'none' | 'server' | 'decoded'>('loading');
  useEffect(() => {
    let alive = true;
    api
      .pacsThumbnail({ connectionId, studyUid, seriesUid })
      .then(({ thumbnail: t }) => {
        if (!alive) return;
        if (!t || !ref.current) return setState('none');
        const c = ref.current;
        c.width = t.width;
        c.height = t.height;
        c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(t.rgba), t.width, t.height), 0, 0);
        setState(t.from);
      })
      .catch(() => alive && setState('none'));
    return () => {
      alive = false;
    };
  }, [connectionId, studyUid, seriesUid]);
  return (
    <div
      style={{ width: 96, height: 96, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#000', flex: 'none' }}
    >
      <canvas
        ref={ref}
        data-testid={`pacs-thumb-${seriesUid}`}
        data-state={state}
        style={{ maxWidth: 96, maxHeight: 96, display: state === 'server' || state === 'decoded' ? 'block' : 'none' }}
      />
      {state === 'loading' && <span className="muted">…</span>}
      {state === 'none' && <span className="muted">no preview</span>}
    </div>
  );
}

function ConnectionForm({
  initial,
  canStoreSecrets,
  onSave,
  onCancel,
}: {
  initial: PacsConnection | null;
  canStoreSecrets: boolean;
  onSave(c: PacsConnection, secret: { user?: string; password?: string; token?: string } | null): void;
  onCancel(): void;
}) {
  const [c, setC] = useState<PacsConnection>(
    initial ?? { id: `pacs-${Date.now().toString(36)}`, name: '', qidoUrl: '', wadoUrl: '', stowUrl: '', auth: 'basic' },
  );
  const [separate, setSeparate] = useState(!!initial && (initial.qidoUrl !== initial.wadoUrl || initial.qidoUrl !== initial.stowUrl));
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const setBase = (u: string) => setC({ ...c, qidoUrl: u, wadoUrl: u, stowUrl: u });
  const ok = c.name.trim() && /^https?:\/\/./.test(c.qidoUrl) && /^https?:\/\/./.test(c.wadoUrl) && /^https?:\/\/./.test(c.stowUrl);
  return (
    <fieldset data-testid="pacs-connection-form" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: '0.5rem' }}>
      <legend>{initial ? `Edit ${initial.name}` : 'New DICOMweb server'}</legend>
      <label>
        Name
        <input
          data-testid="pacs-conn-name"
          value={c.name}
          onChange={(e) => setC({ ...c, name: e.target.value })}
          placeholder="Radiology PACS"
        />
      </label>
      {!separate ? (
        <label style={{ gridColumn: 'span 2' }}>
          DICOMweb URL (QIDO, WADO and STOW)
          <input
            data-testid="pacs-conn-url"
            value={c.qidoUrl}
            onChange={(e) => setBase(e.target.value.trim())}
            placeholder="https://pacs.example.org/dicom-web"
          />
        </label>
      ) : (
        (['qidoUrl', 'wadoUrl', 'stowUrl'] as const).map((k) => (
          <label key={k}>
            {k.slice(0, 4).toUpperCase()}-RS URL
            <input data-testid={`pacs-conn-${k}`} value={c[k]} onChange={(e) => setC({ ...c, [k]: e.target.value.trim() })} />
          </label>
        ))
      )}
      <label className="check">
        <input type="checkbox" checked={separate} onChange={(e) => setSeparate(e.target.checked)} /> separate QIDO/WADO/STOW URLs
      </label>
      <label>
        Login
        <select
          data-testid="pacs-conn-auth"
          value={c.auth}
          onChange={(e) => setC({ ...c, auth: e.target.value as PacsConnection['auth'] })}
        >
          <option value="none">none</option>
          <option value="basic">user name and password</option>
          <option value="bearer">bearer token</option>
        </select>
      </label>
      {c.auth !== 'none' && canStoreSecrets && c.auth === 'basic' && (
        <>
          <label>
            User
            <input data-testid="pacs-conn-user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" />
          </label>
          <label>
            Password
            <input
              data-testid="pacs-conn-password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="off"
            />
          </label>
        </>
      )}
      {c.auth === 'bearer' && canStoreSecrets && (
        <label style={{ gridColumn: 'span 2' }}>
          Token
          <input
            data-testid="pacs-conn-token"
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
          />
        </label>
      )}
      {c.auth !== 'none' && (
        <p className="muted" style={{ gridColumn: '1 / -1', margin: 0 }}>
          {canStoreSecrets
            ? 'The login is kept in the system keychain, never in the settings file. Leave it empty to keep the stored one.'
            : `This web host reads the login from its environment (${c.auth === 'bearer' ? 'MEDFIG_PACS_TOKEN' : 'MEDFIG_PACS_USER and MEDFIG_PACS_PASSWORD'}); it keeps no passwords.`}
        </p>
      )}
      <div className="buttons" style={{ gridColumn: '1 / -1' }}>
        <button onClick={onCancel}>Cancel</button>
        <button
          className="primary"
          data-testid="pacs-conn-save"
          disabled={!ok}
          onClick={() =>
            onSave(
              { ...c, name: c.name.trim() },
              canStoreSecrets && (user || password || token) ? (c.auth === 'bearer' ? { token } : { user, password }) : null,
            )
          }
        >
          Save server
        </button>
      </div>
    </fieldset>
  );
}

export function PacsBrowser({ project, figure, onClose, onOpenSeries, onMessage }: Props) {
  const settings = useSettings();
  const connections = settings.pacsConnections;
  const [connectionId, setConnectionId] = useState<string | null>(connections[0]?.id ?? null);
  const conn = connections.find((c) => c.id === connectionId) ?? connections[0] ?? null;
  const [editing, setEditing] = useState<'new' | 'edit' | null>(connections.length ? null : 'new');
  const [status, setStatus] = useState<{ canStoreSecrets: boolean; storedSecrets: string[] }>({
    canStoreSecrets: false,
    storedSecrets: [],
  });
  const [q, setQ] = useState({ patientId: '', patientName: '', accession: '', dateFrom: '', dateTo: '', modality: '' });
  const [studies, setStudies] = useState<PacsStudy[] | null>(null);
  const [study, setStudy] = useState<PacsStudy | null>(null);
  const [series, setSeries] = useState<PacsSeries[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pull, setPull] = useState<{ jobId: string; seriesUid: string; progress: PacsPullProgress | null } | null>(null);

  useEffect(() => {
    void api.pacsStatus({}).then(setStatus, () => {});
  }, [connections.length]);

  async function saveConnection(c: PacsConnection, secret: { user?: string; password?: string; token?: string } | null) {
    const others = connections.filter((x) => x.id !== c.id);
    appSettings.update({ pacsConnections: [...others, c] });
    // The host reads connections from the settings file: write it before the first search.
    await appSettings.flush();
    if (secret)
      try {
        await api.pacsSetSecret({ connectionId: c.id, ...secret });
      } catch (e) {
        setError((e as Error).message);
      }
    setConnectionId(c.id);
    setEditing(null);
    setStatus(await api.pacsStatus({}).catch(() => status));
  }

  async function search() {
    if (!conn) return;
    setBusy('Searching…');
    setError(null);
    setStudy(null);
    setSeries(null);
    try {
      const r = await api.pacsSearch({
        connectionId: conn.id,
        patientId: q.patientId.trim() || undefined,
        patientName: q.patientName.trim() || undefined,
        accession: q.accession.trim() || undefined,
        dateFrom: q.dateFrom ? toDicomDate(q.dateFrom) : undefined,
        dateTo: q.dateTo ? toDicomDate(q.dateTo) : undefined,
        modality: q.modality || undefined,
      });
      setStudies(r.studies);
    } catch (e) {
      setError((e as Error).message);
      setStudies(null);
    } finally {
      setBusy(null);
    }
  }

  async function pickStudy(s: PacsStudy) {
    if (!conn) return;
    setStudy(s);
    setSeries(null);
    setError(null);
    try {
      setSeries((await api.pacsSeries({ connectionId: conn.id, studyUid: s.studyInstanceUid })).series);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function pullSeries(s: PacsSeries) {
    if (!conn || !study || pull) return;
    const jobId = newJobId();
    setPull({ jobId, seriesUid: s.seriesInstanceUid, progress: null });
    setError(null);
    // Progress is polled while the pull runs (the host counts instances and bytes).
    const timer = setInterval(() => {
      void api.pacsPullProgress({ jobId }).then(
        (r) => r.progress && setPull((p) => (p && p.jobId === jobId ? { ...p, progress: r.progress } : p)),
        () => {},
      );
    }, 250);
    try {
      const r = await api.pacsPull({ connectionId: conn.id, studyUid: study.studyInstanceUid, seriesUid: s.seriesInstanceUid, jobId });
      clearInterval(timer);
      setPull(null);
      if (!r.files.length) return setError('That series has no instances on the server.');
      if (r.resumed)
        onMessage('info', `${r.resumed} of ${r.total} image(s) were already in the local cache; ${r.done - r.resumed} downloaded.`);
      onClose();
      await onOpenSeries(r.files);
    } catch (e) {
      clearInterval(timer);
      setPull(null);
      const err = e as Error & { code?: string };
      setError(err.code === 'pacs-cancelled' ? 'Pull cancelled. The images already downloaded are kept: Open again resumes.' : err.message);
    }
  }

  async function storeFigure() {
    if (!conn || !study) return;
    if (!figure.panels.length) return setError('The current figure is empty: add a panel before storing it.');
    const ok = window.confirm(
      `Store the current figure "${figure.name}" in study ${study.description || study.studyInstanceUid} of ${study.patientName || study.patientId || 'this patient'} on ${conn.name}? ` +
        'It is sent as a Secondary Capture with that patient’s identifiers (Burned In Annotation: YES).',
    );
    if (!ok) return;
    setBusy('Storing the figure…');
    setError(null);
    try {
      const out = await api.exportFigure({
        project,
        projectPath: null,
        figureId: figure.id,
        format: 'png',
        dpi: 300,
        fileName: `pacs-store-${Date.now().toString(36)}.png`,
      });
      const r = await api.pacsStore({ connectionId: conn.id, studyUid: study.studyInstanceUid, fileId: out.fileId });
      onMessage('info', `Figure stored in the study as a new series (${r.seriesInstanceUid}).`);
      await pickStudy(study);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const field = (k: keyof typeof q, label: string, type = 'text') => (
    <label style={{ flex: type === 'date' ? '0 0 9.5rem' : '1 1 8rem' }}>
      {label}
      <input
        type={type}
        data-testid={`pacs-q-${k}`}
        value={q[k]}
        onChange={(e) => setQ({ ...q, [k]: e.target.value })}
        onKeyDown={(e) => e.key === 'Enter' && void search()}
      />
    </label>
  );
  const p = pull?.progress;

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Open from PACS">
      <div className="modal pacs" data-testid="pacs-browser" style={{ width: '74rem', minHeight: '36rem' }}>
        <h2>Open from PACS</h2>
        <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
          <span>Server</span>
          <select
            data-testid="pacs-connection"
            value={conn?.id ?? ''}
            onChange={(e) => setConnectionId(e.target.value)}
            disabled={!connections.length}
          >
            {!connections.length && <option value="">no server yet</option>}
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {c.qidoUrl}
              </option>
            ))}
          </select>
          {conn && conn.auth !== 'none' && status.canStoreSecrets && !status.storedSecrets.includes(conn.id) && (
            <span className="badge warning">no login stored</span>
          )}
          <button onClick={() => setEditing('new')} data-testid="pacs-add-server">
            Add server…
          </button>
          {conn && <button onClick={() => setEditing('edit')}>Edit…</button>}
          {conn && (
            <button
              onClick={() => {
                appSettings.update({ pacsConnections: connections.filter((c) => c.id !== conn.id) });
                void api.pacsSetSecret({ connectionId: conn.id }).catch(() => {});
                setStudies(null);
              }}
            >
              Remove
            </button>
          )}
        </div>
        {editing && (
          <ConnectionForm
            key={editing === 'edit' ? conn?.id : 'new'}
            initial={editing === 'edit' ? conn : null}
            canStoreSecrets={status.canStoreSecrets}
            onSave={(c, s) => void saveConnection(c, s)}
            onCancel={() => setEditing(null)}
          />
        )}
        <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }} role="search">
          {field('patientId', 'Patient ID')}
          {field('patientName', 'Patient name')}
          {field('accession', 'Accession')}
          {field('dateFrom', 'Study date from', 'date')}
          {field('dateTo', 'to', 'date')}
          <label style={{ flex: '0 0 6rem' }}>
            Modality
            <select data-testid="pacs-q-modality" value={q.modality} onChange={(e) => setQ({ ...q, modality: e.target.value })}>
              {MODALITIES.map((m) => (
                <option key={m} value={m}>
                  {m || 'any'}
                </option>
              ))}
            </select>
          </label>
          <button className="primary" data-testid="pacs-search" disabled={!conn || !!busy} onClick={() => void search()}>
            Search
          </button>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="pacs-error">
            {error}
          </p>
        )}
        <div style={{ display: 'grid', gridTemplateColumns: '1.25fr 1fr', gap: '0.75rem', minHeight: '18rem', flex: 1 }}>
          <div style={{ overflow: 'auto', maxHeight: '50vh', border: '1px solid var(--line)', borderRadius: 4 }}>
            <table data-testid="pacs-studies" style={{ width: '100%', borderCollapse: 'collapse' }}>
              <thead>
                <tr style={{ textAlign: 'left' }}>
                  <th>Date</th>
                  <th>Patient</th>
                  <th>ID</th>
                  <th>Accession</th>
                  <th>Description</th>
                  <th>Mod.</th>
                  <th title="series / images">Ser./Img.</th>
                </tr>
              </thead>
              <tbody>
                {studies?.map((s) => (
                  <tr
                    key={s.studyInstanceUid}
                    data-testid={`pacs-study-${s.studyInstanceUid}`}
                    aria-selected={study?.studyInstanceUid === s.studyInstanceUid}
                    onClick={() => void pickStudy(s)}
                    style={{ cursor: 'pointer', background: study?.studyInstanceUid === s.studyInstanceUid ? '#21406a' : undefined }}
                  >
                    <td>{fmtDate(s.studyDate)}</td>
                    <td>{s.patientName.replace(/\^/g, ' ') || '—'}</td>
                    <td>{s.patientId || '—'}</td>
                    <td>{s.accession || '—'}</td>
                    <td>{s.description || '—'}</td>
                    <td>{s.modalities.join(', ')}</td>
                    <td>
                      {s.series ?? '?'} / {s.instances ?? '?'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {studies && !studies.length && (
              <p className="muted" style={{ padding: '0.5rem' }}>
                No studies match.
              </p>
            )}
            {!studies && (
              <p className="muted" style={{ padding: '0.5rem' }}>
                {busy ?? (conn ? 'Search to list studies.' : 'Add a DICOMweb server first.')}
              </p>
            )}
          </div>
          <div
            style={{ overflow: 'auto', maxHeight: '50vh', border: '1px solid var(--line)', borderRadius: 4, padding: '0.25rem' }}
            data-testid="pacs-series"
          >
            {!study && <p className="muted">Pick a study to see its series.</p>}
            {study && !series && !error && <p className="muted">Loading series…</p>}
            {series?.map((s) => (
              <div key={s.seriesInstanceUid} style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', padding: '0.25rem 0' }}>
                <Thumbnail connectionId={conn!.id} studyUid={study!.studyInstanceUid} seriesUid={s.seriesInstanceUid} />
                <div style={{ flex: 1 }}>
                  <div>
                    <strong>#{s.seriesNumber ?? '?'}</strong> {s.modality} — {s.description || 'no description'}
                  </div>
                  <div className="muted">{s.instances ?? '?'} image(s)</div>
                  {pull?.seriesUid === s.seriesInstanceUid && (
                    <div data-testid="pacs-progress">
                      <progress max={p?.total || 1} value={p?.done ?? 0} style={{ width: '100%' }} />
                      <span className="muted">
                        {p
                          ? `${p.done} / ${p.total} images, ${fmtBytes(p.bytes)}${p.resumed ? ` (${p.resumed} from the cache)` : ''}`
                          : 'Starting…'}
                      </span>
                    </div>
                  )}
                </div>
                {pull?.seriesUid === s.seriesInstanceUid ? (
                  <button data-testid="pacs-cancel" onClick={() => api.pacsCancelPull({ jobId: pull.jobId }).catch(reportFailure)}>
                    Cancel
                  </button>
                ) : (
                  <button
                    className="primary"
                    data-testid={`pacs-open-${s.seriesInstanceUid}`}
                    disabled={!!pull}
                    onClick={() => void pullSeries(s)}
                  >
                    Open
                  </button>
                )}
              </div>
            ))}
          </div>
        </div>
        <div className="buttons">
          <button
            data-testid="pacs-store"
            disabled={!study || !!busy || !!pull}
            title="Send the current figure to the selected study as a DICOM Secondary Capture"
            onClick={() => void storeFigure()}
          >
            Store current figure in this study…
          </button>
          <span style={{ flex: 1 }} />
          <button onClick={onClose} data-testid="pacs-close">
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
