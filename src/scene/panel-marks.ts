// Orientation markers, a laterality marker and the value bar of one panel: drawn in the panel's view
// (upright, whatever the image's rotation), on the scale-bar layer, by the one scene renderer, so the
// screen and every export (PNG, PDF, SVG as vectors and text) show the same marks.
import Konva from 'konva';
import type { Panel } from '../shared/figure/schema';
import type { PanelTransform } from '../shared/geometry/transform';
import { sideLabels } from '../shared/imaging/orientation';
import { displayedWindow, valueBarModel } from '../shared/imaging/value-bar';
import { FONT_FAMILY, ptToMm } from './units';

const haloOf = (colour: string) => (colour.toLowerCase() === '#000000' ? '#ffffff' : '#000000');

function text(value: string, fontPx: number, colour: string, halo: boolean, name: string, bold = true): Konva.Text {
  const node = new Konva.Text({
    text: value,
    fontFamily: FONT_FAMILY,
    fontSize: fontPx,
    fill: colour,
    fontStyle: bold ? 'bold' : 'normal',
    name,
  });
  if (halo) {
    node.stroke(haloOf(colour));
    node.strokeWidth(fontPx * 0.14);
    node.fillAfterStrokeEnabled(true);
    node.lineJoin('round');
  }
  return node;
}

/** True when the panel has any of the marks this module draws. */
export function hasPanelMarks(panel: Panel): boolean {
  return !!(panel.orientationMarkers || panel.laterality || (panel.valueBar && displayedWindow(panel.display)));
}

export function drawPanelMarks(view: Konva.Group, panel: Panel, t: PanelTransform, pxPerMm: number): void {
  if (panel.orientationMarkers) drawOrientation(view, panel, t, pxPerMm);
  if (panel.laterality) drawLaterality(view, panel, t, pxPerMm);
  if (panel.valueBar) drawValueBar(view, panel, t, pxPerMm);
}

function drawOrientation(view: Konva.Group, panel: Panel, t: PanelTransform, pxPerMm: number): void {
  const m = panel.orientationMarkers!;
  const labels = sideLabels({ right: m.right, down: m.down }, panel);
  const fontPx = ptToMm(m.fontPt) * pxPerMm;
  const pad = fontPx * 0.35;
  const g = new Konva.Group({ name: 'orientation-markers', listening: false });
  g.setAttr('panelId', panel.id);
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    const node = text(labels[side], fontPx, m.color, m.halo, 'orientation-marker');
    node.setAttr('side', side);
    const w = node.width(),
      h = node.height();
    const x = side === 'left' ? pad : side === 'right' ? t.viewWidth - pad - w : (t.viewWidth - w) / 2;
    const y = side === 'top' ? pad : side === 'bottom' ? t.viewHeight - pad - h : (t.viewHeight - h) / 2;
    node.position({ x, y });
    g.add(node);
  }
  view.add(g);
}

function cornerXY(corner: string, t: PanelTransform, margin: number, w: number, h: number): { x: number; y: number } {
  return {
    x: corner.endsWith('right') ? t.viewWidth - margin - w : margin,
    y: corner.startsWith('bottom') ? t.viewHeight - margin - h : margin,
  };
}

function drawLaterality(view: Konva.Group, panel: Panel, t: PanelTransform, pxPerMm: number): void {
  const l = panel.laterality!;
  const node = text(l.text, ptToMm(l.fontPt) * pxPerMm, l.color, l.halo, 'laterality-marker');
  node.setAttr('panelId', panel.id);
  node.position(cornerXY(l.corner, t, l.marginMm * pxPerMm, node.width(), node.height()));
  view.add(node);
}

function drawValueBar(view: Konva.Group, panel: Panel, t: PanelTransform, pxPerMm: number): void {
  const bar = panel.valueBar!;
  const win = displayedWindow(panel.display);
  if (!win) return;
  const model = valueBarModel(win, bar.units, { inverted: bar.mono1 !== panel.display.invert });
  const len = t.viewWidth * bar.targetFraction;
  const thick = ptToMm(bar.thicknessPt) * pxPerMm;
  const fontPx = ptToMm(bar.fontPt) * pxPerMm;
  const labelH = fontPx * 1.3;
  const tick = thick * 0.5;
  const margin = bar.marginMm * pxPerMm;
  // Labels stay inside the panel: the last one (with its unit) may hang past the bar's end.
  const lastLabel = model.ticks.length ? text(model.ticks[model.ticks.length - 1].label, fontPx, bar.color, bar.halo, 'x', false) : null;
  const overhang = lastLabel ? lastLabel.width() / 2 : 0;
  const totalW = len + overhang * 2,
    totalH = thick + tick + labelH;
  const o = cornerXY(bar.corner, t, margin, totalW, totalH);
  const x0 = o.x + overhang,
    y0 = o.y;
  const g = new Konva.Group({ name: 'value-bar', listening: false });
  g.setAttr('panelId', panel.id);
  g.setAttr('low', model.low);
  g.setAttr('high', model.high);
  g.setAttr('units', model.units);
  const halo = haloOf(bar.color);
  if (bar.halo) g.add(new Konva.Rect({ x: x0 - 1, y: y0 - 1, width: len + 2, height: thick + 2, fill: halo, opacity: 0.8 }));
  // The ramp as equal vector slices (no gradient: every export format draws plain rectangles the same).
  const n = model.greys.length;
  model.greys.forEach((grey, i) => {
    const hex = grey.toString(16).padStart(2, '0');
    g.add(
      new Konva.Rect({
        x: x0 + (i * len) / n,
        y: y0,
        // A hair of overlap hides the anti-aliased seams between slices.
        width: len / n + (i < n - 1 ? len / n / 4 : 0),
        height: thick,
        fill: `#${hex}${hex}${hex}`,
        name: 'value-bar-step',
      }),
    );
  });
  for (const tk of model.ticks) {
    const x = x0 + tk.fraction * len;
    g.add(new Konva.Line({ points: [x, y0 + thick, x, y0 + thick + tick], stroke: bar.color, strokeWidth: Math.max(thick * 0.12, 0.5) }));
    const label = text(tk.label, fontPx, bar.color, bar.halo, 'value-bar-label', false);
    label.setAttr('value', tk.value);
    label.position({ x: x - label.width() / 2, y: y0 + thick + tick });
    g.add(label);
  }
  view.add(g);
}
