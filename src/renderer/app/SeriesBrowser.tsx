// A DICOM stack viewer (cornerstone-core): scroll slices — or the frames of a multi-frame/cine
// file — with the wheel, arrow keys or the slider; window by dragging (horizontal = width,
// vertical = centre, as OHIF/Weasis), numerically, with the file's own windows and the presets
// that fit the image (CT presets on HU values only: presets.ts);
// then put the chosen slice, window and inversion into the figure as a panel.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OpenedImage } from '../../shared/api';
import type { DecodedFrame, ImageInfo, Window } from '../../shared/imaging/types';
import { windowChoices } from '../../shared/imaging/presets';
import { formatWindow } from '../../shared/imaging/window-notation';
import { defaultWindow } from '../../shared/imaging/window';
import { cornerstone, decodeAhead, frameOf, imageIdFor, registerMedfigLoader, voiLutFor } from '../imaging/cornerstone';
import { infoOf } from '../imaging/panel-images';
import { dragSensitivity, dragWindow } from '../imaging/window-drag';

export interface SeriesPick {
  slice: OpenedImage;
  /** Frame within the file (0 for single-frame slices). */
  frame: number;
  window: Window | null;
  invert: boolean;
}

interface Props {
  slices: OpenedImage[];
  /** The slice shown first. The viewer keeps its position itself: the app does not render per slice. */
  index: number;
  onPick(pick: SeriesPick): void;
  onCancel(): void;
}

/** One scroll position: a single-frame file, or one frame of a multi-frame file. */
interface Item {
  slice: OpenedImage;
  frame: number;
}

export function seriesItems(slices: OpenedImage[]): Item[] {
  // An enhanced multi-frame volume lists its frames by position (info.frameOrder), like a series.
  return slices.flatMap((slice) =>
    (slice.info.frameOrder ?? Array.from({ length: Math.max(1, slice.info.frames) }, (_, f) => f)).map((frame) => ({ slice, frame })),
  );
}

function InfoList({ info }: { info: ImageInfo }) {
  const ps = info.pixelSpacing;
  return (
    <dl className="series-info" data-testid="series-info">
      <dt>Modality</dt>
      <dd>{info.modality ?? '—'}</dd>
      <dt>Size</dt>
      <dd>
        {info.width} × {info.height} px{info.frames > 1 ? ` · ${info.frames} frames` : ''}
      </dd>
      <dt>Bits</dt>
      <dd>
        {info.bitsStored} stored / {info.bitsAllocated} allocated
      </dd>
      <dt>Photometric</dt>
      <dd>{info.photometric}</dd>
      <dt>Transfer syntax</dt>
      <dd title={info.transferSyntax?.uid}>{info.transferSyntax?.name ?? '—'}</dd>
      <dt>Pixel spacing</dt>
      <dd>{ps ? `${ps.row} × ${ps.column} mm (${ps.source}${ps.note ? `, ${ps.note}` : ''})` : 'none (uncalibrated)'}</dd>
      <dt>Study date</dt>
      <dd>{info.studyDate ?? '—'}</dd>
    </dl>
  );
}

export function SeriesBrowser({ slices, index: first, onPick, onCancel }: Props) {
  const [index, onIndex] = useState(first);
  const el = useRef<HTMLDivElement>(null);
  const items = useMemo(() => seriesItems(slices), [slices]);
  const at = Math.max(0, Math.min(items.length - 1, index));
  const item = items[at];
  const slice = item.slice;
  const [win, setWin] = useState<Window | null>(null);
  const [invert, setInvert] = useState(false);
  const [actual, setActual] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<DecodedFrame | null>(null);
  const drag = useRef<{ x: number; y: number; w: Window; perPx: number } | null>(null);
  const go = (i: number) => onIndex(Math.max(0, Math.min(items.length - 1, i)));

  useEffect(() => {
    registerMedfigLoader((id) => infoOf(id)?.pixelSpacing ?? null);
    const node = el.current!;
    // cornerstone draws into a canvas.cornerstone-canvas it finds in the element: an opaque one
    // (the viewer paints every pixel of it) lets Chromium's compositor skip what lies beneath.
    if (!node.querySelector('canvas.cornerstone-canvas')) {
      const c = document.createElement('canvas');
      c.className = 'cornerstone-canvas';
      c.style.display = 'block';
      c.getContext('2d', { alpha: false });
      node.appendChild(c);
    }
    cornerstone.enable(node);
    const onResize = () => cornerstone.resize(node, true);
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      cornerstone.disable(node);
    };
  }, []);

  // Show the current slice with the current window. cornerstone caches the decoded images, so
  // scrolling back is instant; only the VOI LUT (our shared window function) changes per window.
  useEffect(() => {
    const node = el.current!;
    const imageId = imageIdFor(slice.source.id, item.frame);
    let alive = true;
    cornerstone
      .loadAndCacheImage(imageId)
      .then((image: unknown) => {
        if (!alive) return;
        const f = frameOf(imageId)!;
        setShown(f);
        const w = win ?? (f.channels === 1 ? defaultWindow(f, slice.info.windows) : null);
        if (!win && w) setWin(w);
        const vp = cornerstone.getDefaultViewportForImage(node, image as never) as Record<string, unknown>;
        vp.voiLUT = voiLutFor(imageId, w, invert);
        if (actual) {
          // 1:1 and nearest-neighbour: the screen shows the window's bytes unchanged.
          vp.scale = 1;
          vp.pixelReplication = true;
        }
        cornerstone.displayImage(node, image as never, vp as never);
        node.dataset.shown = `${at}`;
        setError(null);
      })
      .catch((e: Error) => {
        if (!alive) return;
        delete node.dataset.shown;
        setError(e.message.includes(slice.name) ? e.message : `${slice.name}: ${e.message}`);
      });
    return () => {
      alive = false;
    };
  }, [slice, item.frame, at, win, invert, actual]);

  // The next slices decode while this one is shown.
  const imageIds = useMemo(() => items.map((it) => imageIdFor(it.slice.source.id, it.frame)), [items]);
  useEffect(() => decodeAhead(imageIds, at), [imageIds, at]);

  // Keys: arrows, Page Up/Down (10 at a time), Home/End, Escape. Captured so the figure's
  // shortcuts do not fire under the dialog; typing in the number boxes is left alone.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && t.tagName === 'INPUT' && (t as HTMLInputElement).type === 'number') return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowRight') go(at + 1);
      else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') go(at - 1);
      else if (e.key === 'PageDown') go(at + 10);
      else if (e.key === 'PageUp') go(at - 10);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(items.length - 1);
      else if (e.key === 'Escape') onCancel();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- go is recreated per render; at and items.length cover all it reads
  }, [at, items.length, onIndex, onCancel]);

  const info = slice.info;
  const ipp = info.imagePositionPatient;
  const multi = info.frames > 1;
  const grey = info.channels === 1;
  // Offered for the frame on screen (Auto is its min–max; a preset that would paint it one grey is left out).
  const choices = grey ? windowChoices(info, shown) : [];
  const flagged = info.phi.length > 0 || info.burnedInAnnotation === true;
  const setNum = (k: 'center' | 'width', v: number) => {
    if (!Number.isFinite(v) || (k === 'width' && v < 1)) return;
    const base = win ?? { center: 0, width: 1 };
    setWin({ ...base, [k]: v });
  };

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="DICOM series">
      <div className="modal series" data-testid="series-browser">
        <h2>
          {multi && slices.length === 1 ? 'Frames' : 'Series'} · {multi ? 'frame' : 'slice'} <span data-testid="slice-index">{at + 1}</span>
          /<span data-testid="slice-count">{items.length}</span>
          <span className="muted" data-testid="slice-position">
            {' · '}
            {slice.name}
            {multi ? ` frame ${item.frame + 1}/${info.frames}` : ''}
            {ipp && !multi ? ` · position ${ipp.map((v) => v.toFixed(1)).join(', ')} mm` : ''}
            {info.instanceNumber !== null ? ` · instance ${info.instanceNumber}` : ''}
          </span>
        </h2>
        <div className="series-body">
          <div
            className="cs-viewport"
            ref={el}
            data-testid="series-viewport"
            onWheel={(e) => go(at + Math.sign(e.deltaY))}
            onPointerDown={(e) => {
              if (!win || e.button !== 0) return;
              (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
              drag.current = {
                x: e.clientX,
                y: e.clientY,
                w: win,
                perPx: dragSensitivity(frameOf(imageIdFor(slice.source.id, item.frame))),
              };
            }}
            onPointerMove={(e) => {
              const d = drag.current;
              if (!d) return;
              setWin(dragWindow(d.w, e.clientX - d.x, e.clientY - d.y, d.perPx));
            }}
            onPointerUp={() => (drag.current = null)}
            onPointerCancel={() => (drag.current = null)}
          />
          <aside>
            <InfoList info={info} />
            {flagged && (
              <p className="badge danger" data-testid="series-privacy">
                {info.burnedInAnnotation ? 'BurnedInAnnotation = YES: text may be burned into the pixels; redact before export. ' : ''}
                {info.phi.length ? `Identifying attributes in the file (never exported): ${info.phi.join(', ')}` : ''}
              </p>
            )}
          </aside>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="series-error">
            {error}
          </p>
        )}
        <input
          type="range"
          aria-label={multi ? 'Frame' : 'Slice'}
          min={0}
          max={items.length - 1}
          value={at}
          onChange={(e) => go(Number(e.target.value))}
          data-testid="slice-slider"
        />
        {grey && (
          <div className="row wrap">
            <span data-testid="series-window">Window {win ? formatWindow(win) : '—'}</span>
            <label className="num">
              Centre
              <input
                type="number"
                data-testid="series-center"
                value={win?.center ?? ''}
                onChange={(e) => e.target.value !== '' && setNum('center', Number(e.target.value))}
              />
            </label>
            <label className="num">
              Width
              <input
                type="number"
                min={1}
                data-testid="series-width"
                value={win?.width ?? ''}
                onChange={(e) => e.target.value !== '' && setNum('width', Number(e.target.value))}
              />
            </label>
            <label className="check">
              <input type="checkbox" data-testid="series-invert" checked={invert} onChange={(e) => setInvert(e.target.checked)} /> Invert
            </label>
            <label className="check">
              <input type="checkbox" data-testid="series-actual" checked={actual} onChange={(e) => setActual(e.target.checked)} /> 1:1
            </label>
          </div>
        )}
        {grey && (
          <div className="presets" role="group" aria-label="Window presets">
            {choices.map((c) => (
              <button
                key={c.id}
                // File windows keep their historical test ids; presets are series-preset-<id>.
                data-testid={c.kind === 'file' ? `series-file-window-${c.id.slice(5)}` : `series-preset-${c.id}`}
                title={c.title}
                onClick={() => setWin({ ...c.window })}
              >
                {c.name}
              </button>
            ))}
          </div>
        )}
        <div className="buttons">
          <button onClick={onCancel}>Cancel</button>
          <button
            className="primary"
            data-testid="series-use"
            disabled={!!error}
            onClick={() => onPick({ slice, frame: item.frame, window: grey ? win : null, invert })}
          >
            Use this {multi ? 'frame' : 'slice'} in the figure
          </button>
        </div>
      </div>
    </div>
  );
}
