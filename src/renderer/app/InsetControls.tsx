// An inset's placement: laid out as a panel of its own, or floating over its parent in a chosen
// corner at a whole zoom factor (its region × zoom at the parent's scale). Commands, so it undoes.
import type { Figure, InsetFloat, Panel } from '../../shared/figure/schema';
import type { EditorStore } from '../editor/store';
import { setInsetFloat } from '../editor/layout-commands';

const CORNERS: InsetFloat['corner'][] = ['top-right', 'top-left', 'bottom-right', 'bottom-left'];
const ZOOMS = [1, 2, 3, 4, 5, 6, 8];
const DEFAULT: InsetFloat = { corner: 'top-right', zoom: 2, marginMm: 1 };

export function InsetControls({ store, figure, panel }: { store: EditorStore; figure: Figure; panel: Panel }) {
  const f = panel.float;
  const set = (next: InsetFloat | null) => store.dispatch(setInsetFloat(figure.id, panel.id, next));
  return (
    <div className="row" data-testid="inset-controls">
      <label title="Show the inset over its parent instead of as a panel of its own">
        <input type="checkbox" data-testid="inset-float" checked={!!f} onChange={(e) => set(e.target.checked ? DEFAULT : null)} /> Float
        over parent
      </label>
      {f && (
        <>
          <select
            aria-label="Inset corner"
            data-testid="inset-corner"
            value={f.corner}
            onChange={(e) => set({ ...f, corner: e.target.value as InsetFloat['corner'] })}
          >
            {CORNERS.map((c) => (
              <option key={c} value={c}>
                {c.replace('-', ' ')}
              </option>
            ))}
          </select>
          <select
            aria-label="Inset zoom"
            data-testid="inset-zoom"
            value={f.zoom}
            onChange={(e) => set({ ...f, zoom: Number(e.target.value) })}
          >
            {ZOOMS.map((z) => (
              <option key={z} value={z}>
                ×{z}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
