// Export: format, DPI, print width, journal preflight and legend; labelled and unlabelled
// copies and all figures in one go. The services render the same scene headless and write it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Figure, Project } from '../../shared/figure/schema';
import { JOURNALS, getJournal, journalWidths } from '../../shared/figure/journals';
import { preflightFigure, type Violation } from '../../shared/figure/preflight';
import { writeLegend } from '../../shared/figure/legend';
import { api, isWebHost, reportFailure } from '../api-client';
import { infoOf } from '../imaging/panel-images';
import { PrivacyChecklist } from './PrivacyChecklist';
import { reportFromInfo } from './privacy-check';
import { appSettings } from './SettingsApp';
import { dpiChoiceFor } from './Settings';
import { privacyReportOf } from './privacy-reports';

interface Props {
  project: Project;
  figure: Figure;
  onClose(): void;
  onDone(message: string): void;
  onError(message: string): void;
  /** Redaction boxes from the privacy checklist's proposals (one undoable command). */
  onAddRedactions(figureId: string, panelId: string, annotations: Annotation[]): void;
  /** A document command from the privacy check (acknowledgements, consent: kept in the project). */
  onCommand(command: (p: Project) => Project): void;
}

/** Preflight findings the user has read (per figures and findings), for this session. */
const readPreflight = new Set<string>();

const EXT = { png: 'png', tiff: 'tif', jpeg: 'jpg', pdf: 'pdf', svg: 'svg' } as const;
type Format = keyof typeof EXT;

function sizesOf(project: Project) {
  const m = new Map<string, { width: number; height: number }>();
  for (const s of project.sources) {
    const info = infoOf(s.id);
    if (info) m.set(s.id, { width: info.width, height: info.height });
  }
  return m;
}

function checkFigure(
  fig: Figure,
  widthMm: number,
  journal: string,
  dpi: number,
  format: Format,
  sizes: Map<string, { width: number; height: number }>,
): Violation[] {
  return preflightFigure({ ...fig, page: { ...fig.page, widthMm } }, { journal, dpi, format, sourceSizes: sizes });
}

export function ExportDialog({ project, figure, onClose, onDone, onError, onAddRedactions, onCommand }: Props) {
  const index = project.figures.indexOf(figure) + 1;
  // Format, DPI and journal start from the user's last choices (settings); a figure laid out for
  // a journal keeps that journal.
  const saved = appSettings.get();
  const [format, setFormat] = useState<Format>(saved.exportFormat);
  const [dpiChoice, setDpiChoice] = useState(() => dpiChoiceFor(saved.exportDpi).choice);
  const [customDpi, setCustomDpi] = useState(() => dpiChoiceFor(saved.exportDpi).custom);
  const [widthMm, setWidthMm] = useState(String(figure.page.widthMm));
  const [journal, setJournal] = useState(figure.page.journal && figure.page.journal !== 'custom' ? figure.page.journal : saved.journal);
  const [copies, setCopies] = useState<'labelled' | 'unlabelled' | 'both'>('labelled');
  const [allFigures, setAllFigures] = useState(false);
  const [quality, setQuality] = useState('92');
  const [name, setName] = useState(`figure-${index}`);
  const [busy, setBusy] = useState<string | null>(null);
  const [ackTicked, setAckTicked] = useState(false);
  const [results, setResults] = useState<{ text: string; href: string | null }[]>([]);
  const [copied, setCopied] = useState(false);
  const [progress, setProgress] = useState(0);
  const currentJob = useRef<string | null>(null);
  const dpi = Number(dpiChoice === 'custom' ? customDpi : dpiChoice);
  // Remembered for the next export and the next start (invalid DPIs are not saved).
  useEffect(() => {
    appSettings.update({ exportFormat: format, journal, ...(Number.isFinite(dpi) && dpi >= 30 && dpi <= 2400 ? { exportDpi: dpi } : {}) });
  }, [format, journal, dpi]);
  const w = Number(widthMm);
  const valid = Number.isFinite(dpi) && dpi >= 30 && dpi <= 2400 && Number.isFinite(w) && w >= 10 && w <= 1000 && /^[^/\\]+$/.test(name);
  const pxWide = Math.round((w / 25.4) * dpi);
  const sizes = useMemo(() => sizesOf(project), [project]);
  const figures = useMemo(() => (allFigures ? project.figures.filter((f) => f.panels.length) : [figure]), [allFigures, project, figure]);
  const violations = useMemo(
    () =>
      valid
        ? figures.flatMap((f) =>
            checkFigure(f, f === figure ? w : f.page.widthMm, journal, dpi, format, sizes).map((v) => ({ ...v, figure: f.name })),
          )
        : [],
    [figures, figure, w, journal, dpi, format, sizes, valid],
  );
  const legend = useMemo(() => {
    const kinds = new Map(project.sources.map((s) => [s.id, infoOf(s.id)?.modality ?? s.kind] as const));
    const infos = new Map(project.sources.flatMap((s) => (infoOf(s.id) ? [[s.id, infoOf(s.id)!] as const] : [])));
    try {
      return writeLegend(figure, { sourceKinds: kinds, infoBySource: infos });
    } catch (e) {
      return `(legend unavailable: ${(e as Error).message})`;
    }
  }, [project, figure]);
  // Read once, remembered for this session: the same findings for the same figures do not ask again.
  const ackKey = `${figures.map((f) => f.id).join(',')}|${violations.map((v) => v.message).join('|')}`;
  const ack = ackTicked || readPreflight.has(ackKey);
  const setAck = (on: boolean) => {
    setAckTicked(on);
    if (on) readPreflight.add(ackKey);
    else readPreflight.delete(ackKey);
  };
  const needsAck = violations.length > 0 && !ack;
  const [privacyReady, setPrivacyReady] = useState(true);
  const privacyOf = useCallback((id: string) => privacyReportOf(id) ?? (infoOf(id) ? reportFromInfo(infoOf(id)!) : undefined), []);
  const suggest = useCallback((sourceId: string, frame: number, jobId: string) => api.suggestRedactions({ sourceId, frame, jobId }), []);
  const cancelSuggest = useCallback((jobId: string) => void api.cancelSuggestions({ jobId }).catch(() => undefined), []);
  const j = getJournal(journal);
  const copyList: boolean[] = copies === 'both' ? [false, true] : [copies === 'unlabelled'];

  const cancelled = useRef(false);

  async function run() {
    cancelled.current = false;
    setBusy('Exporting…');
    const done: { text: string; href: string | null }[] = [];
    try {
      for (const fig of figures) {
        const n = project.figures.indexOf(fig) + 1;
        for (const unlabelled of copyList) {
          if (cancelled.current) break;
          const base = allFigures ? `figure-${n}` : name;
          let fileName = `${base}${unlabelled ? '-unlabelled' : ''}.${EXT[format]}`;
          let fileFormat: Format = format;
          if (!isWebHost) {
            const s = await api.saveDialog({ defaultName: fileName, kind: 'export' });
            if (!s.fileName) continue;
            fileName = s.fileName;
            // The extension typed in the save dialog decides the format, so a .tif holds TIFF bytes.
            const typed = /\.([a-z]+)$/i.exec(fileName)?.[1].toLowerCase();
            const byExt = (Object.entries(EXT) as [Format, string][]).find(([f, e]) => e === typed || f === typed)?.[0];
            if (byExt) fileFormat = byExt;
          }
          setBusy(`Exporting ${fileName}…`);
          // A job id lets the dialog show progress and cancel while the host renders.
          const jobId = crypto.randomUUID();
          currentJob.current = jobId;
          const poll = setInterval(() => {
            void api
              .exportProgress({ jobId })
              .then((p) => p.fraction !== null && setProgress(p.fraction))
              .catch(() => undefined);
          }, 200);
          let r;
          try {
            r = await api.exportFigure({
              project,
              projectPath: null,
              figureId: fig.id,
              format: fileFormat,
              dpi,
              widthMm: fig === figure ? w : null,
              unlabelled,
              quality: Number(quality),
              fileName,
              jobId,
            });
          } finally {
            clearInterval(poll);
            currentJob.current = null;
            setProgress(0);
          }
          const size = r.widthPx ? ` (${r.widthPx} × ${r.heightPx} px at ${dpi} dpi)` : '';
          const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('medfig-token') ?? '';
          done.push({
            text: `Exported ${r.path}${size}`,
            href: isWebHost ? `/files/${r.fileId}?token=${encodeURIComponent(token)}` : null,
          });
          setResults([...done]);
        }
      }
      if (done.length) onDone(done.length === 1 ? done[0].text : `Exported ${done.length} files`);
    } catch (e) {
      if ((e as { code?: string }).code === 'cancelled') onDone('Export cancelled; nothing was written.');
      else onError(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Export figure">
      <div className="modal export" data-testid="export-dialog">
        <h2>Export {allFigures ? 'all figures' : figure.name}</h2>
        <div className="cols">
          <div className="col">
            <label>
              Format
              <select value={format} onChange={(e) => setFormat(e.target.value as Format)} data-testid="export-format">
                <option value="png">PNG</option>
                <option value="tiff">TIFF (LZW)</option>
                <option value="jpeg">JPEG</option>
                <option value="pdf">PDF (vector text)</option>
                <option value="svg">SVG (vector text)</option>
              </select>
            </label>
            <label>
              Resolution
              <select value={dpiChoice} onChange={(e) => setDpiChoice(e.target.value)} data-testid="export-dpi">
                <option value="300">300 dpi (photos)</option>
                <option value="600">600 dpi (combination)</option>
                <option value="1200">1200 dpi (line art)</option>
                <option value="custom">Custom…</option>
              </select>
            </label>
            {dpiChoice === 'custom' && (
              <label>
                DPI
                <input
                  type="number"
                  min={30}
                  max={2400}
                  value={customDpi}
                  onChange={(e) => setCustomDpi(e.target.value)}
                  data-testid="export-dpi-custom"
                />
              </label>
            )}
            <label>
              Journal
              <select value={journal} onChange={(e) => setJournal(e.target.value)} data-testid="export-journal">
                {JOURNALS.map((jj) => (
                  <option key={jj.id} value={jj.id}>
                    {jj.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Print width (mm)
              <input
                type="number"
                min={10}
                max={1000}
                step={0.5}
                value={widthMm}
                onChange={(e) => setWidthMm(e.target.value)}
                data-testid="export-width"
                list="journal-widths"
              />
              <datalist id="journal-widths">
                {journalWidths(j).map((x) => (
                  <option key={x.label} value={x.mm} label={x.label} />
                ))}
              </datalist>
            </label>
            {format === 'jpeg' && (
              <label>
                Quality
                <input type="number" min={1} max={100} value={quality} onChange={(e) => setQuality(e.target.value)} />
              </label>
            )}
            <label>
              Copies
              <select value={copies} onChange={(e) => setCopies(e.target.value as typeof copies)} data-testid="export-copies">
                <option value="labelled">Labelled</option>
                <option value="unlabelled">Unlabelled (labels hidden; redactions kept)</option>
                <option value="both">Both, in one go</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={allFigures} onChange={(e) => setAllFigures(e.target.checked)} data-testid="export-all" /> All
              figures of the project ({project.figures.filter((f) => f.panels.length).length})
            </label>
            {!allFigures && (
              <label>
                File name
                <input value={name} onChange={(e) => setName(e.target.value)} data-testid="export-name" />
              </label>
            )}
            <p className="muted small">
              {format === 'pdf' || format === 'svg'
                ? `Page ${w} mm wide; images at native resolution; text stays text.`
                : `${pxWide} px wide at ${dpi} dpi.`}{' '}
              Metadata stripped: no EXIF, GPS, DICOM attributes or file names.
            </p>
          </div>
          <div className="col">
            <h3>Preflight · {j.name}</h3>
            {violations.length === 0 ? (
              <p className="ok" data-testid="preflight-ok">
                No problems found for {j.name} at {dpi} dpi.
              </p>
            ) : (
              <ul className="violations" data-testid="preflight">
                {violations.map((v, i) => (
                  <li key={i} className={v.severity}>
                    <strong>{v.severity === 'error' ? 'Error' : 'Warning'}</strong> {allFigures ? `${v.figure}: ` : ''}
                    {v.message} <span className="muted">{v.fix}</span>
                  </li>
                ))}
              </ul>
            )}
            {violations.length > 0 && (
              <label className="check">
                <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} data-testid="preflight-ack" /> I have read
                these warnings
              </label>
            )}
            <h3>Legend</h3>
            <textarea readOnly value={legend} rows={6} data-testid="legend" aria-label="Figure legend" />
            <button
              className="small"
              onClick={() =>
                void navigator.clipboard
                  .writeText(legend)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false))
              }
            >
              {copied ? 'Copied' : 'Copy legend'}
            </button>
          </div>
        </div>
        <PrivacyChecklist
          project={project}
          figures={figures}
          privacyOf={privacyOf}
          onReadyChange={setPrivacyReady}
          onAddRedactions={onAddRedactions}
          onCommand={onCommand}
          suggest={suggest}
          cancel={cancelSuggest}
        />
        {results.map((r, i) => (
          <p key={i} className="ok" data-testid="export-result">
            {r.text} {r.href && <a href={r.href}>Download</a>}
          </p>
        ))}
        {busy && (
          <p className="muted" role="status" data-testid="export-busy">
            <span className="spinner" /> {busy}
            <progress max={1} value={progress} aria-label="Export progress" data-testid="export-progress" />
            <button
              className="small"
              data-testid="export-cancel"
              onClick={() => {
                cancelled.current = true;
                if (currentJob.current) api.cancelExport({ jobId: currentJob.current }).catch(reportFailure);
              }}
            >
              Cancel
            </button>
          </p>
        )}
        <div className="buttons export-footer">
          {!privacyReady && (
            <span className="warn small" data-testid="export-privacy-hint">
              Privacy check first (above)
            </span>
          )}
          <button onClick={onClose}>Close</button>
          <button
            className="primary"
            disabled={!valid || !!busy || needsAck || !privacyReady}
            onClick={() => void run()}
            data-testid="export-run"
            title={
              !privacyReady
                ? 'Redact the proposals or tick “I checked this image” under Privacy'
                : needsAck
                  ? 'Read the preflight list and tick "I have read these warnings"'
                  : ''
            }
          >
            {busy ? 'Exporting…' : violations.length && !needsAck ? 'Export anyway' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}
