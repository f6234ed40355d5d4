// Right inspector: image info and privacy, display (window/level, tone), geometry,
// calibration and scale bar, style of new/selected annotations, layers.
import { useSyncExternalStore } from 'react';
import type { Display, Figure, Panel, Style, Annotation } from '../../shared/figure/schema';
import { DisplaySlider } from './DisplaySlider';
import { windowChoices } from '../../shared/imaging/presets';
import { formatWindow } from '../../shared/imaging/window-notation';
import { updateAnnotations, updatePanel } from '../editor/commands';
import { setPageLayerHidden } from '../editor/page-commands';
import type { EditorStore } from '../editor/store';
import { infoOf, loadedFrame, onFrameLoaded } from '../imaging/panel-images';
import { effectiveWindow } from '../../shared/imaging/display';
import { CalibrationPanel } from './CalibrationPanel';
import { LegendSection } from './LegendSection';
import { PanelMarks } from './PanelMarks';

interface Props {
  store: EditorStore;
  figure: Figure;
  panel: Panel | null;
  style: Style;
  onStyle(s: Style): void;
  selection: ReadonlySet<string>;
  /** The labels layer shown on the canvas (the "Labels" checkbox). */
  showLabels: boolean;
  /** Live display on the canvas during a slider drag (no document change); null restores. */
  previewDisplay?(panelId: string, display: Display | null): void;
}

const COLOURS = [
  { c: '#ffffff', n: 'White' },
  { c: '#ffd700', n: 'Yellow' },
  { c: '#000000', n: 'Black' },
  // Okabe–Ito colour-blind-safe palette.
  { c: '#e69f00', n: 'Orange' },
  { c: '#56b4e9', n: 'Sky blue' },
  { c: '#009e73', n: 'Bluish green' },
  { c: '#0072b2', n: 'Blue' },
  { c: '#d55e00', n: 'Vermillion' },
  { c: '#cc79a7', n: 'Reddish purple' },
];

function Num(props: {
  label: string;
  value: number;
  step?: number;
  min?: number;
  max?: number;
  onChange(v: number): void;
  testId?: string;
}) {
  return (
    <label className="num">
      {props.label}
      <input
        type="number"
        value={Number.isFinite(props.value) ? Number(props.value.toFixed(3)) : ''}
        step={props.step ?? 1}
        min={props.min}
        max={props.max}
        data-testid={props.testId}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(v)) props.onChange(v);
        }}
      />
    </label>
  );
}

export function Inspector({ store, figure, panel, style, onStyle, selection, showLabels, previewDisplay }: Props) {
  const info = panel ? infoOf(panel.sourceId) : undefined;
  const set = (patch: Partial<Panel>, key?: string) => panel && store.dispatch(updatePanel(figure.id, panel.id, patch), key ?? null);
  const isGrey = info ? info.channels === 1 : false;
  // The decoded frame (min–max, default window) arrives after the panel does: render again then.
  const frame = useSyncExternalStore(onFrameLoaded, () => (panel ? loadedFrame(panel.sourceId, panel.frame) : undefined));
  // 16-bit rasters get a display range (like a window, in sample values) instead of W/L.
  const isRange = !!info && info.format !== 'dicom' && info.bitsStored > 8;
  // The window actually on screen: the panel's own, else the file's/min–max default.
  const win =
    panel?.display.window ??
    (panel && frame && !isRange ? effectiveWindow(frame, panel.display, info?.windows ?? []) : null) ??
    info?.windows[0] ??
    null;
  // HU presets only where the values are HU; Auto/Full range for other grey DICOM (presets.ts).
  const choices = info && isGrey && !isRange ? windowChoices(info, frame) : [];
  const selected: { panelId: string; a: Annotation }[] = figure.panels.flatMap((p) =>
    p.annotations.filter((a) => selection.has(a.id)).map((a) => ({ panelId: p.id, a })),
  );

  // With a selection, style edits change the selected shapes (one command, one undo step; a
  // slider drag coalesces); without one, they set the defaults for new shapes.
  const shown: Style = selected[0]?.a.style ?? style;
  const applyStyle = (patch: Partial<Style>, coalesce: string | null = null) => {
    if (!selected.length) return onStyle({ ...style, ...patch });
    store.dispatch(
      updateAnnotations(figure.id, new Set(selected.map((x) => x.a.id)), (x) => ({ ...x, style: { ...x.style, ...patch } }) as Annotation),
      coalesce,
    );
  };

  return (
    <aside className="inspector" aria-label="Inspector">
      {panel && info && (
        <section>
          <h2>Image</h2>
          <dl data-testid="image-info">
            <dt>Format</dt>
            <dd>
              {info.format.toUpperCase()}
              {info.modality ? ` · ${info.modality}` : ''}
            </dd>
            <dt>Size</dt>
            <dd>
              {info.width} × {info.height} px{info.frames > 1 ? ` · ${info.frames} frames` : ''}
            </dd>
            <dt>Bits</dt>
            <dd>
              {info.bitsStored}/{info.bitsAllocated} · {info.photometric}
            </dd>
            {info.transferSyntax && (
              <>
                <dt>Syntax</dt>
                <dd title={info.transferSyntax.uid}>{info.transferSyntax.name}</dd>
              </>
            )}
            <dt>Pixel size</dt>
            <dd data-testid="pixel-spacing">
              {info.pixelSpacing
                ? `${info.pixelSpacing.column.toPrecision(4)} × ${info.pixelSpacing.row.toPrecision(4)} mm (${info.pixelSpacing.source}${info.pixelSpacing.note ? `, ${info.pixelSpacing.note}` : ''})`
                : // The file's own size; the panel may be calibrated since (a profile, a reference line).
                  `none in the file${panel?.calibration ? ' · panel calibrated (see Calibration)' : ''}`}
            </dd>
            {info.studyDate && (
              <>
                <dt>Study date</dt>
                <dd>{info.studyDate}</dd>
              </>
            )}
          </dl>
          {info.warnings.map((w) => (
            <p key={w} className="warn">
              {w}
            </p>
          ))}
          {(info.phi.length > 0 || info.burnedInAnnotation) && (
            <p className="badge danger" data-testid="privacy-badge">
              {info.burnedInAnnotation ? 'Burned-in annotation: redact before export. ' : ''}
              {info.phi.length ? `Identifying data in file (never exported): ${info.phi.join(', ')}` : ''}
            </p>
          )}
        </section>
      )}
      {panel && <PanelMarks store={store} figure={figure} panel={panel} info={info} window={win} />}
      {panel && (
        <section>
          <h2>Display</h2>
          {isGrey && !isRange && win && (
            <p className="small" data-testid="panel-window">
              Window {formatWindow(win)}
              {panel.display.window ? '' : ' · default'}
            </p>
          )}
          {isRange && (
            <div className="range" data-testid="display-range">
              <div className="row">
                <Num
                  label="Min"
                  value={panel.display.range?.min ?? frame?.minStored ?? 0}
                  onChange={(v) =>
                    set({
                      display: {
                        ...panel.display,
                        window: null,
                        range: { min: v, max: Math.max(v + 1, panel.display.range?.max ?? frame?.maxStored ?? 65535) },
                      },
                    })
                  }
                  testId="range-min"
                />
                <Num
                  label="Max"
                  value={panel.display.range?.max ?? frame?.maxStored ?? 65535}
                  onChange={(v) =>
                    set({
                      display: {
                        ...panel.display,
                        window: null,
                        range: { min: Math.min(v - 1, panel.display.range?.min ?? frame?.minStored ?? 0), max: v },
                      },
                    })
                  }
                  testId="range-max"
                />
              </div>
              <button
                data-testid="range-auto"
                disabled={!frame}
                title="Stretch the darkest to the brightest sample present"
                onClick={() =>
                  frame &&
                  set({
                    display: {
                      ...panel.display,
                      window: null,
                      range: { min: frame.minStored, max: Math.max(frame.minStored + 1, frame.maxStored) },
                    },
                  })
                }
              >
                Auto (min–max)
              </button>{' '}
              <button
                data-testid="range-full"
                onClick={() =>
                  set({ display: { ...panel.display, window: null, range: { min: 0, max: 2 ** (info?.bitsStored ?? 16) - 1 } } })
                }
              >
                Full range
              </button>
            </div>
          )}
          {isGrey && !isRange && (
            <>
              <div className="row">
                <Num
                  label="Centre"
                  value={win?.center ?? 0}
                  onChange={(v) => set({ display: { ...panel.display, window: { center: v, width: win?.width ?? 400 } } })}
                  testId="window-center"
                />
                <Num
                  label="Width"
                  value={win?.width ?? 0}
                  min={1}
                  onChange={(v) => v > 0 && set({ display: { ...panel.display, window: { center: win?.center ?? 40, width: v } } })}
                  testId="window-width"
                />
              </div>
              {choices.length > 0 && (
                <div className="presets" role="group" aria-label="Window presets" data-testid="window-presets">
                  {choices.map((c) => (
                    <button
                      key={c.id}
                      data-testid={`preset-${c.id}`}
                      title={c.title}
                      onClick={() => set({ display: { ...panel.display, window: c.window } })}
                    >
                      {c.name}
                    </button>
                  ))}
                </div>
              )}
            </>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={panel.display.invert}
              onChange={(e) => set({ display: { ...panel.display, invert: e.target.checked } })}
            />{' '}
            Invert
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={panel.display.grayscale}
              onChange={(e) => set({ display: { ...panel.display, grayscale: e.target.checked } })}
            />{' '}
            Greyscale for print
          </label>
          {(
            [
              ['brightness', 'Brightness', -1, 1],
              ['contrast', 'Contrast', -1, 1],
              ['gamma', 'Gamma', 0.2, 3],
              ['saturation', 'Saturation', 0, 2],
            ] as const
          ).map(([k, label, min, max]) => (
            <label key={k} className="slider">
              {label}
              <DisplaySlider
                min={min}
                max={max}
                step={0.01}
                value={panel.display[k]}
                testId={`display-${k}`}
                onPreview={(v) => previewDisplay?.(panel.id, v === null ? null : { ...panel.display, [k]: v })}
                onCommit={(v) => set({ display: { ...panel.display, [k]: v } })}
              />
            </label>
          ))}
        </section>
      )}
      {panel && (
        <section>
          <h2>Geometry</h2>
          <div className="row">
            <button
              onClick={() => set({ rotation: (panel.rotation + 270) % 360 })}
              title="Rotate 90° anticlockwise"
              aria-label="Rotate 90° anticlockwise"
            >
              ⟲ 90°
            </button>
            <button
              onClick={() => set({ rotation: (panel.rotation + 90) % 360 })}
              title="Rotate 90° clockwise"
              aria-label="Rotate 90° clockwise"
              data-testid="rotate-right"
            >
              ⟳ 90°
            </button>
            <button onClick={() => set({ flipH: !panel.flipH })}>Flip H</button>
            <button onClick={() => set({ flipV: !panel.flipV })}>Flip V</button>
          </div>
          <Num label="Angle °" value={panel.rotation} step={0.5} onChange={(v) => set({ rotation: v }, 'rotation')} testId="rotation" />
          {info && (
            <div className="row">
              <Num
                label="Crop x"
                value={panel.crop?.x ?? 0}
                onChange={(v) => set({ crop: { ...(panel.crop ?? { x: 0, y: 0, w: info.width, h: info.height }), x: v } })}
                testId="crop-x"
              />
              <Num
                label="y"
                value={panel.crop?.y ?? 0}
                onChange={(v) => set({ crop: { ...(panel.crop ?? { x: 0, y: 0, w: info.width, h: info.height }), y: v } })}
                testId="crop-y"
              />
              <Num
                label="w"
                value={panel.crop?.w ?? info.width}
                min={1}
                onChange={(v) => v > 0 && set({ crop: { ...(panel.crop ?? { x: 0, y: 0, w: info.width, h: info.height }), w: v } })}
                testId="crop-w"
              />
              <Num
                label="h"
                value={panel.crop?.h ?? info.height}
                min={1}
                onChange={(v) => v > 0 && set({ crop: { ...(panel.crop ?? { x: 0, y: 0, w: info.width, h: info.height }), h: v } })}
                testId="crop-h"
              />
            </div>
          )}
          {panel.crop && <button onClick={() => set({ crop: null })}>Reset crop</button>}
        </section>
      )}
      {panel && <CalibrationPanel store={store} figure={figure} panel={panel} info={info} />}
      <section>
        <h2>Style{selected.length ? ` (${selected.length} selected)` : ' (new shapes)'}</h2>
        <div className="swatches" role="group" aria-label="Colour">
          {COLOURS.map((c) => (
            <button
              key={c.c}
              title={c.n}
              aria-label={c.n}
              className={shown.color === c.c ? 'swatch active' : 'swatch'}
              style={{ background: c.c }}
              onClick={() => applyStyle({ color: c.c })}
              data-testid={`swatch-${c.n.toLowerCase().replace(/ /g, '-')}`}
            />
          ))}
          <input
            type="color"
            aria-label="Other colour"
            title="Other colour"
            value={shown.color}
            onChange={(e) => applyStyle({ color: e.target.value }, 'style-color')}
          />
        </div>
        <div className="row">
          <Num
            label="Stroke pt"
            value={shown.strokePt}
            step={0.25}
            min={0}
            max={72}
            onChange={(v) => applyStyle({ strokePt: v })}
            testId="stroke-pt"
          />
          <Num
            label="Font pt"
            value={shown.fontPt}
            step={0.5}
            min={1}
            max={200}
            onChange={(v) => applyStyle({ fontPt: v })}
            testId="font-pt"
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={shown.halo} onChange={(e) => applyStyle({ halo: e.target.checked })} data-testid="style-halo" />{' '}
          Outline (halo)
          <input
            type="color"
            aria-label="Outline colour"
            value={shown.haloColor}
            onChange={(e) => applyStyle({ haloColor: e.target.value }, 'style-halo-color')}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={shown.bold} onChange={(e) => applyStyle({ bold: e.target.checked })} /> Bold
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={shown.fill !== null}
            onChange={(e) => applyStyle({ fill: e.target.checked ? shown.color : null })}
            data-testid="style-fill"
          />{' '}
          Fill
          {shown.fill !== null && (
            <input
              type="color"
              aria-label="Fill colour"
              value={shown.fill}
              onChange={(e) => applyStyle({ fill: e.target.value }, 'style-fill')}
            />
          )}
        </label>
        <label className="slider">
          Opacity
          <input
            type="range"
            min={0.1}
            max={1}
            step={0.05}
            value={shown.opacity}
            onChange={(e) => applyStyle({ opacity: Number(e.target.value) }, 'style-opacity')}
            onPointerUp={() => store.endGesture()}
          />
        </label>
        {selected.length > 0 && (
          <button onClick={() => onStyle({ ...shown })} title="New shapes get this style" data-testid="style-make-default">
            Use for new shapes
          </button>
        )}
      </section>
      <section>
        <h2>Layers</h2>
        <label className="check">
          <input
            type="checkbox"
            data-testid="layer-labels"
            checked={showLabels}
            onChange={(e) => store.setUi({ showLabels: e.target.checked })}
          />{' '}
          Labels
        </label>
        <label className="check" title="Headers, lines and brackets on the page (the page tool, H); exports keep them">
          <input
            type="checkbox"
            data-testid="layer-page"
            checked={!figure.hiddenLayers.includes('page')}
            onChange={(e) => store.dispatch(setPageLayerHidden(figure.id, !e.target.checked))}
          />{' '}
          Page text and lines
        </label>
        <label className="check">
          <input type="checkbox" checked disabled title="Redactions are always drawn and always exported" /> Redactions (always exported)
        </label>
      </section>
      <LegendSection store={store} figure={figure} panel={panel} />
    </aside>
  );
}
