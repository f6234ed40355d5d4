// The page layer: text, lines and brackets placed on the page outside the panels
// (src/shared/figure/page-items.ts). Drawn in page millimetres, like the letters.
import Konva from 'konva';
import { bracketPolyline, type PageItem } from '../shared/figure/page-items';
import { runsOf } from '../shared/figure/rich-text';
import { richTextNode } from './rich-text-node';
import { ptToMm } from './units';

export function pageItemNodes(items: readonly PageItem[]): Konva.Node[] {
  return items.map((item) => {
    const node = pageItemNode(item);
    node.setAttr('pageItemId', item.id);
    node.name(`${node.name()} page-item`.trim());
    return node;
  });
}

function pageItemNode(item: PageItem): Konva.Node {
  const s = item.style;
  if (item.type === 'text') {
    const node = richTextNode({
      runs: runsOf(item),
      x: item.at[0],
      y: item.at[1],
      fontPx: ptToMm(s.fontPt),
      color: s.color,
      align: item.align,
    });
    // The anchor is the top of the text at its left, centre or right edge.
    if (item.align === 'center') node.offsetX(node.width() / 2);
    if (item.align === 'right') node.offsetX(node.width());
    node.rotation(item.rotation);
    return node;
  }
  const points = item.type === 'line' ? item.points : bracketPolyline(item);
  return new Konva.Line({
    points: points.flatMap((p) => [p[0], p[1]]),
    stroke: s.color,
    strokeWidth: Math.max(ptToMm(s.strokePt), 0.0001),
    lineCap: item.type === 'line' ? 'round' : 'butt',
    lineJoin: 'miter',
    // A thin line is hard to hit: the hit area is at least 1.5 mm wide.
    hitStrokeWidth: Math.max(ptToMm(s.strokePt), 1.5),
  });
}
