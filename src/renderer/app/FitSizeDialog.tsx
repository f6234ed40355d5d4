// Figure → "Fit figure to W × H mm…": the size, whether panels may be cropped to fill it, and a
// preview of what is left (filled, or the white band that remains). Opened by fit-dialog-signal.
import { useMemo, useState, useSyncExternalStore } from 'react';
import type { EditorStore } from '../editor/store';
import { fitFigure, planFit } from '../editor/fit-size-command';
import { layoutFigure } from '../../shared/figure/layout';
import { getJournal } from '../../shared/figure/journals';
import { infoOf } from '../imaging/panel-images';
import { panelTransform } from '../../shared/geometry/transform';
import { fitDialog } from './fit-dialog-signal';

const fmt = (v: number) => String(Math.round(v * 10) / 10);

export function FitSizeDialog({ store }: { store: EditorStore }) {
  const shown = useSyncExternalStore(fitDialog.subscribe, fitDialog.isOpen);
  return shown ? <FitSizeForm store={store} onClose={() => fitDialog.set(false)} /> : null;
}

function FitSizeForm({ store, onClose }: { store: EditorStore; onClose(): void }) {
  const figure = store.figure();
  const sizes = useMemo(() => {
    const m = new Map<string, { width: number; height: number }>();
    for (const s of store.project().sources) {
      const info = infoOf(s.id);
      if (info) m.set(s.id, { width: info.width, height: info.height });
    }
    return m;
  }, [store]);
  const naturalH = useMemo(() => {
    const aspects = figure.panels.map((p) => {
      const s = sizes.get(p.sourceId) ?? { width: 1, height: 1 };
      const t = panelTransform(p, s.width, s.height);
      return t.viewWidth / t.viewHeight;
    });
    return layoutFigure({ ...figure, page: { ...figure.page, heightMm: null } }, aspects).pageHeightMm;
  }, [figure, sizes]);
  const [w, setW] = useState(fmt(figure.page.widthMm));
  const [h, setH] = useState(fmt(figure.page.heightMm ?? Math.min(naturalH, getJournal(figure.page.journal).maxHeightMm ?? naturalH)));
  const [crop, setCrop] = useState(true);
  const W = Number(w);
  const H = Number(h);
  const valid = Number.isFinite(W) && W >= 10 && W <= 1000 && Number.isFinite(H) && H >= 10 && H <= 2000;
  const opts = { allowCrop: () => crop };
  const plan = valid ? planFit(store.project(), figure.id, sizes, W, H, opts) : null;

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Fit figure to size">
      <div className="modal fit-size" data-testid="fit-dialog">
        <h2>Fit figure to size</h2>
        <div className="row">
          <label className="num">
            Width mm
            <input type="number" value={w} onChange={(e) => setW(e.target.value)} data-testid="fit-width" />
          </label>
          <label className="num">
            Height mm
            <input type="number" value={h} onChange={(e) => setH(e.target.value)} data-testid="fit-height" />
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={crop} onChange={(e) => setCrop(e.target.checked)} data-testid="fit-crop" /> Crop panels to fill
          the page (centred, at most 40 % of a side)
        </label>
        <p className="small" data-testid="fit-preview">
          {!valid
            ? 'Width must be 10–1000 mm and height 10–2000 mm.'
            : !plan
              ? 'The figure has no panels.'
              : plan.bandMm === 0
                ? `Panels fill ${fmt(W)} × ${fmt(H)} mm with a ${fmt(figure.page.gutterMm)} mm gutter.`
                : `A white band of ${fmt(plan.bandMm)} mm remains${crop ? ' (the crops would remove too much)' : '; allow cropping to fill it'}.`}
        </p>
        <div className="row">
          <button
            className="primary"
            disabled={!valid || !plan}
            data-testid="fit-apply"
            onClick={() => {
              store.dispatch(fitFigure(figure.id, sizes, W, H, opts));
              onClose();
            }}
          >
            Fit
          </button>
          <button onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
