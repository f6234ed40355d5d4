// A DICOM stack viewer (cornerstone-core): scroll slices with the wheel, arrow keys or the
// slider, window by dragging (horizontal = width, vertical = centre, as OHIF/Weasis) or with
// presets, then put the chosen slice and window into the figure as a panel.
import { useEffect, useRef, useState } from 'react';
import type { OpenedImage } from '../../shared/api';
import type { Window } from '../../shared/imaging/types';
import { CT_WINDOW_PRESETS } from '../../shared/imaging/presets';
import { defaultWindow } from '../../shared/imaging/window';
import { cornerstone, frameOf, imageIdFor, registerMedfigLoader, voiLutFor } from '../imaging/cornerstone';
import { infoOf } from '../imaging/panel-images';

interface Props {
  slices: OpenedImage[];
  index: number;
  onIndex(i: number): void;
  onPick(slice: OpenedImage, window: Window | null): void;
  onCancel(): void;
}

export function SeriesBrowser({ slices, index, onIndex, onPick, onCancel }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const [win, setWin] = useState<Window | null>(null);
  const [invert, setInvert] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const drag = useRef<{ x: number; y: number; w: Window } | null>(null);
  const slice = slices[index];

  useEffect(() => {
    registerMedfigLoader((id) => infoOf(id)?.pixelSpacing ?? null);
    const node = el.current!;
    cornerstone.enable(node);
    const onResize = () => cornerstone.resize(node, true);
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      cornerstone.disable(node);
    };
  }, []);

  // Show the current slice with the current window.
  useEffect(() => {
    const node = el.current!;
    const imageId = imageIdFor(slice.source.id, 0);
    let alive = true;
    cornerstone
      .loadAndCacheImage(imageId)
      .then((image: unknown) => {
        if (!alive) return;
        const f = frameOf(imageId)!;
        const w = win ?? (f.channels === 1 ? defaultWindow(f, slice.info.windows) : null);
        if (!win && w) setWin(w);
        const vp = cornerstone.getDefaultViewportForImage(node, image as never);
        (vp as { voiLUT?: unknown }).voiLUT = voiLutFor(imageId, w, invert);
        cornerstone.displayImage(node, image as never, vp);
        setError(null);
      })
      .catch((e: Error) => setError(`${slice.name}: ${e.message}`));
    return () => {
      alive = false;
    };
  }, [slice, win, invert]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowRight') onIndex(Math.min(slices.length - 1, index + 1));
      else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') onIndex(Math.max(0, index - 1));
      else if (e.key === 'Escape') onCancel();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [index, slices.length, onIndex, onCancel]);

  const ipp = slice.info.imagePositionPatient;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="DICOM series">
      <div className="modal series" data-testid="series-browser">
        <h2>
          Series · slice <span data-testid="slice-index">{index + 1}</span>/{slices.length}
          {ipp ? <span className="muted"> · position {ipp.map((v) => v.toFixed(1)).join(', ')} mm</span> : null}
        </h2>
        <div
          className="cs-viewport"
          ref={el}
          data-testid="series-viewport"
          onWheel={(e) => onIndex(Math.max(0, Math.min(slices.length - 1, index + Math.sign(e.deltaY))))}
          onPointerDown={(e) => {
            if (!win) return;
            (e.target as HTMLElement).setPointerCapture(e.pointerId);
            drag.current = { x: e.clientX, y: e.clientY, w: win };
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            if (!d) return;
            setWin({ center: d.w.center + (e.clientY - d.y) * 2, width: Math.max(1, d.w.width + (e.clientX - d.x) * 4) });
          }}
          onPointerUp={() => (drag.current = null)}
        />
        {error && <p className="error">{error}</p>}
        <input type="range" aria-label="Slice" min={0} max={slices.length - 1} value={index} onChange={(e) => onIndex(Number(e.target.value))} data-testid="slice-slider" />
        <div className="row">
          <span data-testid="series-window">
            W/L {win ? `${Math.round(win.width)}/${Math.round(win.center)}` : '—'}
          </span>
          {CT_WINDOW_PRESETS.map((p) => (
            <button key={p.id} data-testid={`series-preset-${p.id}`} onClick={() => setWin({ center: p.center, width: p.width })}>
              {p.name}
            </button>
          ))}
          <label className="check">
            <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} /> Invert
          </label>
        </div>
        <div className="buttons">
          <button onClick={onCancel}>Cancel</button>
          <button className="primary" data-testid="series-use" onClick={() => onPick(slice, win)}>
            Use this slice in the figure
          </button>
        </div>
      </div>
    </div>
  );
}
