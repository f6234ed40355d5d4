// The status bar's zoom and pointer-position readouts; the wording lives in status-readout.ts.
import type { Figure, Panel, Point } from '../../shared/figure/schema';
import { bareLetter } from '../../shared/figure/letters';
import { infoOf } from '../imaging/panel-images';
import { pointerReadout, zoomReadout } from './status-readout';

export function StatusZoom({ percent, figure, selected }: { percent: number; figure: Figure; selected: Panel | null }) {
  // The canvas measures the zoom on the selected panel, else on the first one (controller.zoomPercent).
  const index = selected ? figure.panels.indexOf(selected) : 0;
  const letter = index >= 0 && figure.panels[index] ? bareLetter(figure, index) : null;
  const z = zoomReadout(percent, letter, !!selected);
  return (
    <span data-testid="status-zoom" title={z.title}>
      {z.text}
    </span>
  );
}

/** Where the pointer is, in the hovered panel's pixels and, when it is calibrated, its own units. */
export function PointerPosition({ figure, panelId, at }: { figure: Figure; panelId: string | null; at: Point | null }) {
  const index = panelId ? figure.panels.findIndex((p) => p.id === panelId) : -1;
  const panel = index >= 0 ? figure.panels[index] : null;
  const info = panel ? infoOf(panel.sourceId) : undefined;
  const r = panel
    ? pointerReadout({ letter: bareLetter(figure, index), source: at, calibration: panel.calibration, size: info ?? null })
    : null;
  if (!r) return <span data-testid="pointer-position" />;
  return (
    <span data-testid="pointer-position" title={r.title}>
      <span data-testid="pointer-pixel">{r.pixel}</span>
      {'\u2003'}
      <span data-testid="pointer-physical">{r.calibrated ? r.physical : `(${r.physical})`}</span>
    </span>
  );
}
