// File › Export Slides / Cine…: a PowerPoint deck (quiz: each figure unlabelled, then labelled),
// a cine loop of a panel's series or multi-frame image, or a submission package; and the
// figure's alt text, generated from the figure and editable (saved in the project). The services
// do the work (src/services/teaching.ts); this view only gathers the choices.
import { useMemo, useRef, useState } from 'react';
import type { Figure, Project } from '../../shared/figure/schema';
import { generateAltText } from '../../shared/figure/alt-text';
import { CT_WINDOW_PRESETS, valuesAreHu } from '../../shared/imaging/presets';
import { formatWindow } from '../../shared/imaging/window-notation';
import { api, isWebHost, reportFailure } from '../api-client';
import { infoOf } from '../imaging/panel-images';

type Kind = 'slides' | 'cine' | 'package';
const PACKAGE_FORMATS = [
  ['tiff', 'TIFF'],
  ['png', 'PNG'],
  ['pdf', 'PDF'],
  ['svg', 'SVG'],
  ['pptx', 'PowerPoint'],
] as const;

interface Props {
  project: Project;
  figure: Figure;
  /** The panel the cine loop starts from (the selected one). */
  panelId: string | null;
  onAltText(figureId: string, text: string): void;
  onClose(): void;
  onDone(message: string): void;
  onError(message: string): void;
}

function downloadHref(fileId: string): string | null {
  if (!isWebHost) return null;
  const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('medfig-token') ?? '';
  return `/files/${fileId}?token=${encodeURIComponent(token)}`;
}

export function TeachingExport({ project, figure, panelId, onAltText, onClose, onDone, onError }: Props) {
  const index = project.figures.indexOf(figure) + 1;
  const [kind, setKind] = useState<Kind>('slides');
  const [allFigures, setAllFigures] = useState(false);
  const [copies, setCopies] = useState<'quiz' | 'labelled' | 'unlabelled'>('quiz');
  const [slideDpi, setSlideDpi] = useState('300');
  const [panel, setPanel] = useState(panelId ?? figure.panels[0]?.id ?? '');
  const [cineFormat, setCineFormat] = useState<'mp4' | 'gif'>('mp4');
  const [fps, setFps] = useState('10');
  const [width, setWidth] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [preset, setPreset] = useState('panel');
  const [counter, setCounter] = useState(true);
  const [labels, setLabels] = useState(true);
  const [formats, setFormats] = useState<string[]>(['tiff', 'pdf', 'pptx']);
  const [pkgDpi, setPkgDpi] = useState('600');
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [results, setResults] = useState<{ text: string; href: string | null }[]>([]);
  const job = useRef<string | null>(null);

  const ctx = useMemo(() => {
    const kinds = new Map(project.sources.map((s) => [s.id, infoOf(s.id)?.modality ?? s.kind] as const));
    const infos = new Map(project.sources.flatMap((s) => (infoOf(s.id) ? [[s.id, infoOf(s.id)!] as const] : [])));
    return { sourceKinds: kinds, infoBySource: infos };
  }, [project]);
  const generated = useMemo(() => {
    try {
      return generateAltText(figure, ctx);
    } catch {
      return '';
    }
  }, [figure, ctx]);
  const [alt, setAlt] = useState(figure.altText);

  const figureIds = (allFigures ? project.figures.filter((f) => f.panels.length) : [figure]).map((f) => f.id);
  const base = allFigures ? 'figures' : `figure-${index}`;
  const range: [number, number] | null = from && to ? [Number(from), Number(to)] : null;
  // HU presets only for a panel whose values are HU (a CR/US/XA loop would come out one grey).
  const cineSource = figure.panels.find((p) => p.id === panel)?.sourceId;
  const cineInfo = cineSource ? infoOf(cineSource) : undefined;
  const huPresets = cineInfo && valuesAreHu(cineInfo) ? CT_WINDOW_PRESETS : [];
  const pr = huPresets.find((p) => p.id === preset);
  const validCine =
    !!panel &&
    Number(fps) >= 1 &&
    Number(fps) <= 60 &&
    (!width || Number(width) >= 16) &&
    (!range || (range[0] >= 1 && range[1] >= range[0]));

  async function run() {
    const jobId = crypto.randomUUID();
    job.current = jobId;
    const poll = setInterval(() => {
      void api
        .exportProgress({ jobId })
        .then((p) => p.fraction !== null && setProgress(p.fraction))
        .catch(() => undefined);
    }, 250);
    // The alt text being edited goes out with this export even before the field loses focus.
    const withAlt =
      alt === figure.altText
        ? project
        : { ...project, figures: project.figures.map((f) => (f.id === figure.id ? { ...f, altText: alt } : f)) };
    const common = { project: withAlt, projectPath: null, jobId };
    try {
      let fileName = '';
      if (kind === 'slides') fileName = `${base}${copies === 'quiz' ? '-quiz' : copies === 'unlabelled' ? '-unlabelled' : ''}.pptx`;
      if (kind === 'cine') fileName = `figure-${index}-cine.${cineFormat}`;
      if (kind === 'package') fileName = `${base}-submission.zip`;
      if (!isWebHost) {
        const s = await api.saveDialog({ defaultName: fileName, kind: 'export' });
        if (!s.fileName) return;
        fileName = s.fileName;
      }
      // A name typed in the save dialog decides the loop's format (a .gif holds a GIF).
      const typed = /\.(gif|mp4)$/i.exec(fileName)?.[1].toLowerCase() as 'gif' | 'mp4' | undefined;
      setBusy(`Exporting ${fileName}…`);
      let text = '';
      let fileId = '';
      if (kind === 'slides') {
        const r = await api.exportSlides({
          ...common,
          figureIds,
          quiz: copies === 'quiz',
          unlabelled: copies === 'unlabelled',
          dpi: Number(slideDpi),
          fileName,
        });
        text = `Exported ${r.path}: ${r.slides} slide(s)`;
        fileId = r.fileId;
      } else if (kind === 'cine') {
        const r = await api.exportCine({
          ...common,
          figureId: figure.id,
          panelId: panel,
          format: typed ?? cineFormat,
          fps: Number(fps),
          widthPx: width ? Number(width) : null,
          range,
          window: pr ? { center: pr.center, width: pr.width } : null,
          frameCounter: counter,
          labels,
          fileName,
        });
        text = `Exported ${r.path}: ${r.frames} frame(s), ${r.width} × ${r.height} px${r.note ? ` (${r.note})` : ''}`;
        fileId = r.fileId;
      } else {
        const r = await api.exportPackage({
          ...common,
          figureIds,
          formats: formats as ('png' | 'tiff' | 'pdf' | 'svg' | 'pptx')[],
          dpi: Number(pkgDpi),
          fileName,
        });
        text = `Exported ${r.path}: ${r.entries.length} files`;
        fileId = r.fileId;
      }
      setResults((x) => [...x, { text, href: downloadHref(fileId) }]);
      onDone(text);
    } catch (e) {
      if ((e as { code?: string }).code === 'cancelled') onDone('Export cancelled; nothing was written.');
      else onError(`Export failed: ${(e as Error).message}`);
    } finally {
      clearInterval(poll);
      job.current = null;
      setBusy(null);
      setProgress(0);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Export slides, cine loop or package">
      <div className="modal export" data-testid="teaching-export">
        <h2>Slides, cine loop and submission package — {figure.name}</h2>
        <div className="cols">
          <div className="col">
            <fieldset>
              <legend>Export</legend>
              {(
                [
                  ['slides', 'PowerPoint slides (editable labels)'],
                  ['cine', 'Cine loop (GIF / MP4)'],
                  ['package', 'Submission package (ZIP)'],
                ] as const
              ).map(([k, label]) => (
                <label key={k} className="check">
                  <input
                    type="radio"
                    name="teaching-kind"
                    checked={kind === k}
                    onChange={() => setKind(k)}
                    data-testid={`teaching-kind-${k}`}
                  />{' '}
                  {label}
                </label>
              ))}
            </fieldset>
            {kind !== 'cine' && (
              <label className="check">
                <input type="checkbox" checked={allFigures} onChange={(e) => setAllFigures(e.target.checked)} data-testid="teaching-all" />{' '}
                All figures of the project ({project.figures.filter((f) => f.panels.length).length})
              </label>
            )}
            {kind === 'slides' && (
              <>
                <label>
                  Slides
                  <select value={copies} onChange={(e) => setCopies(e.target.value as typeof copies)} data-testid="teaching-copies">
                    <option value="quiz">Quiz: each figure unlabelled, then labelled</option>
                    <option value="labelled">Labelled</option>
                    <option value="unlabelled">Unlabelled (letters and redactions only)</option>
                  </select>
                </label>
                <label>
                  Picture resolution
                  <select value={slideDpi} onChange={(e) => setSlideDpi(e.target.value)}>
                    <option value="150">150 dpi (small file)</option>
                    <option value="300">300 dpi</option>
                    <option value="600">600 dpi</option>
                  </select>
                </label>
                <p className="muted small">
                  One slide per figure at its print size; arrows, labels, shapes and scale bars stay editable. Notes carry the legend.
                </p>
              </>
            )}
            {kind === 'cine' && (
              <>
                <label>
                  Panel
                  <select value={panel} onChange={(e) => setPanel(e.target.value)} data-testid="cine-panel">
                    {figure.panels.map((p, i) => (
                      <option key={p.id} value={p.id}>
                        {String.fromCharCode(65 + i)} — {infoOf(p.sourceId)?.modality ?? 'image'}
                        {(infoOf(p.sourceId)?.frames ?? 1) > 1 ? ` (${infoOf(p.sourceId)!.frames} frames)` : ''}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Format
                  <select value={cineFormat} onChange={(e) => setCineFormat(e.target.value as 'mp4' | 'gif')} data-testid="cine-format">
                    <option value="mp4">MP4 (H.264: phones, PowerPoint)</option>
                    <option value="gif">GIF</option>
                  </select>
                </label>
                <label>
                  Window
                  <select value={preset} onChange={(e) => setPreset(e.target.value)} data-testid="cine-window">
                    <option value="panel">The panel's window</option>
                    {huPresets.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name} ({formatWindow(p)})
                      </option>
                    ))}
                  </select>
                </label>
                <div className="row">
                  <label>
                    Frames per second
                    <input type="number" min={1} max={60} value={fps} onChange={(e) => setFps(e.target.value)} data-testid="cine-fps" />
                  </label>
                  <label>
                    Width (px)
                    <input
                      type="number"
                      min={16}
                      max={4096}
                      placeholder="auto"
                      value={width}
                      onChange={(e) => setWidth(e.target.value)}
                      data-testid="cine-width"
                    />
                  </label>
                </div>
                <div className="row">
                  <label>
                    From frame
                    <input
                      type="number"
                      min={1}
                      placeholder="first"
                      value={from}
                      onChange={(e) => setFrom(e.target.value)}
                      data-testid="cine-from"
                    />
                  </label>
                  <label>
                    To frame
                    <input
                      type="number"
                      min={1}
                      placeholder="last"
                      value={to}
                      onChange={(e) => setTo(e.target.value)}
                      data-testid="cine-to"
                    />
                  </label>
                </div>
                <label className="check">
                  <input type="checkbox" checked={counter} onChange={(e) => setCounter(e.target.checked)} data-testid="cine-counter" />{' '}
                  Frame counter
                </label>
                <label className="check">
                  <input type="checkbox" checked={labels} onChange={(e) => setLabels(e.target.checked)} /> Arrows and labels (redactions
                  always)
                </label>
                <p className="muted small">
                  A series plays its slices in position order; a multi-frame image plays its frames. No names or dates in the file.
                </p>
              </>
            )}
            {kind === 'package' && (
              <>
                <fieldset>
                  <legend>Formats (each labelled and unlabelled)</legend>
                  {PACKAGE_FORMATS.map(([f, label]) => (
                    <label key={f} className="check">
                      <input
                        type="checkbox"
                        checked={formats.includes(f)}
                        onChange={(e) => setFormats((x) => (e.target.checked ? [...x, f] : x.filter((y) => y !== f)))}
                        data-testid={`package-${f}`}
                      />{' '}
                      {label}
                    </label>
                  ))}
                </fieldset>
                <label>
                  Resolution
                  <select value={pkgDpi} onChange={(e) => setPkgDpi(e.target.value)}>
                    <option value="300">300 dpi</option>
                    <option value="600">600 dpi</option>
                    <option value="1200">1200 dpi</option>
                  </select>
                </label>
                <p className="muted small">
                  With the legend, alt text, a provenance manifest (source SHA-256, every adjustment) and the image-integrity statement.
                </p>
              </>
            )}
          </div>
          <div className="col">
            <h3>Alt text</h3>
            <textarea
              rows={8}
              value={alt}
              placeholder={generated}
              onChange={(e) => setAlt(e.target.value)}
              onBlur={() => alt !== figure.altText && onAltText(figure.id, alt)}
              aria-label="Alt text"
              data-testid="alt-text"
            />
            <p className="muted small">
              Written into slides, SVG and PDF. Empty: the generated text shown in grey is used.{' '}
              <button className="small" onClick={() => setAlt(generated)} data-testid="alt-text-fill">
                Start from the generated text
              </button>
            </p>
          </div>
        </div>
        {results.map((r, i) => (
          <p key={i} className="ok" data-testid="teaching-result">
            {r.text} {r.href && <a href={r.href}>Download</a>}
          </p>
        ))}
        {busy && (
          <p className="muted" role="status" data-testid="teaching-busy">
            <span className="spinner" /> {busy}
            <progress max={1} value={progress} aria-label="Export progress" />
            <button className="small" onClick={() => job.current && api.cancelExport({ jobId: job.current }).catch(reportFailure)}>
              Cancel
            </button>
          </p>
        )}
        <div className="buttons">
          <button onClick={onClose}>Close</button>
          <button
            className="primary"
            disabled={!!busy || (kind === 'cine' && !validCine) || (kind === 'package' && !formats.length) || !figure.panels.length}
            onClick={() => void run()}
            data-testid="teaching-run"
          >
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}
