// Inspector controls for a panel's orientation markers, laterality marker and value bar: thin; the
// document changes through updatePanel, the drawing is the scene's (src/scene/panel-marks.ts).
import type { Figure, Panel } from '../../shared/figure/schema';
import { LateralityMarker, OrientationMarkers, ValueBar } from '../../shared/figure/schema';
import type { ImageInfo, Window } from '../../shared/imaging/types';
import { sourceDirections } from '../../shared/imaging/orientation';
import { updatePanel } from '../editor/commands';
import type { EditorStore } from '../editor/store';

interface Props {
  store: EditorStore;
  figure: Figure;
  panel: Panel;
  info: ImageInfo | undefined;
  /** The window the panel shows now (pinned into the display when the value bar is turned on). */
  window: Window | null;
}

const CORNERS = ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const;

export function PanelMarks({ store, figure, panel, info, window }: Props) {
  const set = (patch: Partial<Panel>) => store.dispatch(updatePanel(figure.id, panel.id, patch), null);
  const dirs = info ? sourceDirections(info) : null;
  const grey = info?.channels === 1;
  return (
    <section data-testid="panel-marks">
      <h2>Markers</h2>
      <label
        title={dirs ? 'Patient directions at the panel edges; they follow rotation and flips' : 'The file states no patient orientation'}
      >
        <input
          type="checkbox"
          data-testid="orientation-markers"
          disabled={!dirs && !panel.orientationMarkers}
          checked={!!panel.orientationMarkers}
          onChange={(e) => set({ orientationMarkers: e.target.checked && dirs ? OrientationMarkers.parse(dirs) : null })}
        />{' '}
        Orientation markers (L/R/A/P/H/F)
      </label>
      <label className="num">
        Laterality
        <select
          data-testid="laterality"
          value={panel.laterality?.text ?? ''}
          onChange={(e) =>
            set({ laterality: e.target.value ? LateralityMarker.parse({ ...(panel.laterality ?? {}), text: e.target.value }) : null })
          }
        >
          <option value="">none</option>
          <option value="L">L</option>
          <option value="R">R</option>
        </select>
        {panel.laterality && (
          <select
            aria-label="Laterality corner"
            data-testid="laterality-corner"
            value={panel.laterality.corner}
            onChange={(e) => set({ laterality: { ...panel.laterality!, corner: e.target.value as (typeof CORNERS)[number] } })}
          >
            {CORNERS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </label>
      {grey && (
        <label title="The grey ramp of the window with its values, exported as vectors">
          <input
            type="checkbox"
            data-testid="value-bar"
            checked={!!panel.valueBar}
            disabled={!panel.valueBar && !window && !panel.display.range}
            onChange={(e) => {
              if (!e.target.checked) return set({ valueBar: null });
              const units = info?.units ?? '';
              // The bar shows the panel's window: pin the one shown now (same pixels) so the scene,
              // which never sees the file, knows it; a later window change moves the bar with it.
              const display = panel.display.window || panel.display.range || !window ? panel.display : { ...panel.display, window };
              set({ display, valueBar: ValueBar.parse({ units, mono1: info?.photometric === 'MONOCHROME1' }) });
            }}
          />{' '}
          Value bar{info?.units ? ` (${info.units})` : ''}
        </label>
      )}
    </section>
  );
}
