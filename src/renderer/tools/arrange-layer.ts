// What the arrange tool shows on the interactive layer: a frame around each selected panel,
// the resize handles of the selected one, the snap guides in effect, and where a floating inset
// would land. Page mm; line widths and handle sizes in screen px.
import Konva from 'konva';
import type { FigureLayout } from '../../shared/figure/layout';
import type { Guide } from '../../shared/figure/free-layout';
import { HANDLE_PX, handlePoints, type ArrangeTool } from './arrange';

const GUIDE_COLOUR = '#ff3d9a';

export function drawArrange(
  layer: Konva.Layer,
  layout: FigureLayout,
  selected: readonly number[],
  primary: number | null,
  tool: ArrangeTool,
  zoom: number,
  accent = '#4da3ff',
): void {
  const px = 1 / zoom;
  for (const i of selected) {
    const r = layout.panels.find((p) => p.index === i);
    if (!r) continue;
    layer.add(
      new Konva.Rect({
        x: r.xMm,
        y: r.yMm,
        width: r.wMm,
        height: r.hMm,
        stroke: accent,
        strokeWidth: 2 * px,
        listening: false,
        name: 'arrange-frame',
      }),
    );
    if (i !== primary || selected.length !== 1 || r.row < 0) continue;
    const s = HANDLE_PX * px;
    for (const [h, [x, y]] of handlePoints(r)) {
      const n = new Konva.Rect({
        x: x - s / 2,
        y: y - s / 2,
        width: s,
        height: s,
        fill: '#ffffff',
        stroke: accent,
        strokeWidth: px,
        listening: false,
        name: 'arrange-handle',
      });
      n.setAttr('handle', h);
      layer.add(n);
    }
  }
  for (const g of tool.guides()) drawGuide(layer, g, px);
  const drop = tool.insetDrop();
  if (drop) {
    const b = drop.corner;
    layer.add(
      new Konva.Rect({
        x: b.xMm,
        y: b.yMm,
        width: b.wMm,
        height: b.hMm,
        stroke: GUIDE_COLOUR,
        strokeWidth: 2 * px,
        dash: [6 * px, 4 * px],
        listening: false,
      }),
    );
  }
}

function drawGuide(layer: Konva.Layer, g: Guide, px: number): void {
  const line = new Konva.Line({
    points: [g.x1, g.y1, g.x2, g.y2],
    stroke: GUIDE_COLOUR,
    strokeWidth: 1.5 * px,
    dash: g.kind === 'centre' ? [4 * px, 3 * px] : undefined,
    listening: false,
    name: 'arrange-guide',
  });
  line.setAttr('kind', g.kind);
  layer.add(line);
  if (g.kind !== 'gap') return;
  // A gap guide: ticks at both ends, like a dimension line.
  const vertical = g.x1 === g.x2;
  const t = 5 * px;
  for (const [x, y] of [
    [g.x1, g.y1],
    [g.x2, g.y2],
  ])
    layer.add(
      new Konva.Line({
        points: vertical ? [x - t, y, x + t, y] : [x, y - t, x, y + t],
        stroke: GUIDE_COLOUR,
        strokeWidth: px,
        listening: false,
      }),
    );
}
