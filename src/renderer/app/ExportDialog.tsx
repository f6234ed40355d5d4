// Export: format, DPI, print width; the services render the same scene headless and write it.
import { useState } from 'react';
import type { Figure, Project } from '../../shared/figure/schema';
import { api, isWebHost } from '../api-client';

interface Props {
  project: Project;
  figure: Figure;
  onClose(): void;
  onDone(message: string): void;
  onError(message: string): void;
}

const EXT = { png: 'png', tiff: 'tif', jpeg: 'jpg', pdf: 'pdf', svg: 'svg' } as const;

export function ExportDialog({ project, figure, onClose, onDone, onError }: Props) {
  const index = project.figures.indexOf(figure) + 1;
  const [format, setFormat] = useState<keyof typeof EXT>('png');
  const [dpiChoice, setDpiChoice] = useState('600');
  const [customDpi, setCustomDpi] = useState('450');
  const [widthMm, setWidthMm] = useState(String(figure.page.widthMm));
  const [unlabelled, setUnlabelled] = useState(false);
  const [quality, setQuality] = useState('92');
  const [name, setName] = useState(`figure-${index}`);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; href: string | null } | null>(null);
  const dpi = Number(dpiChoice === 'custom' ? customDpi : dpiChoice);
  const w = Number(widthMm);
  const valid = Number.isFinite(dpi) && dpi >= 30 && dpi <= 2400 && Number.isFinite(w) && w >= 10 && w <= 1000 && /^[^/\\]+$/.test(name);
  const pxWide = Math.round((w / 25.4) * dpi);

  async function run() {
    setBusy(true);
    try {
      let fileName = `${name}${unlabelled ? '-unlabelled' : ''}.${EXT[format]}`;
      if (!isWebHost) {
        const s = await api.saveDialog({ defaultName: fileName, kind: 'export' });
        if (!s.fileName) return setBusy(false);
        fileName = s.fileName;
      }
      const r = await api.exportFigure({ project, projectPath: null, figureId: figure.id, format, dpi, widthMm: w, unlabelled, quality: Number(quality), fileName });
      const size = r.widthPx ? ` (${r.widthPx} × ${r.heightPx} px at ${dpi} dpi)` : '';
      const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('medfig-token') ?? '';
      setResult({ text: `Exported ${r.path}${size}`, href: isWebHost ? `/files/${r.fileId}?token=${encodeURIComponent(token)}` : null });
      onDone(`Exported ${fileName}${size}`);
    } catch (e) {
      onError(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Export figure">
      <div className="modal export" data-testid="export-dialog">
        <h2>Export {figure.name}</h2>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as keyof typeof EXT)} data-testid="export-format">
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
            <input type="number" min={30} max={2400} value={customDpi} onChange={(e) => setCustomDpi(e.target.value)} data-testid="export-dpi-custom" />
          </label>
        )}
        <label>
          Print width (mm)
          <input type="number" min={10} max={1000} step={0.5} value={widthMm} onChange={(e) => setWidthMm(e.target.value)} data-testid="export-width" />
        </label>
        {format === 'jpeg' && (
          <label>
            Quality
            <input type="number" min={1} max={100} value={quality} onChange={(e) => setQuality(e.target.value)} />
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={unlabelled} onChange={(e) => setUnlabelled(e.target.checked)} data-testid="export-unlabelled" /> Unlabelled teaching copy (labels hidden; redactions kept)
        </label>
        <label>
          File name
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="export-name" />
        </label>
        <p className="muted">{format === 'pdf' || format === 'svg' ? `Page ${w} mm wide; images at native resolution.` : `${pxWide} px wide at ${dpi} dpi.`}</p>
        {result && (
          <p className="ok" data-testid="export-result">
            {result.text} {result.href && <a href={result.href}>Download</a>}
          </p>
        )}
        <div className="buttons">
          <button onClick={onClose}>Close</button>
          <button className="primary" disabled={!valid || busy} onClick={() => void run()} data-testid="export-run">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}
