// Where a scene node can paint, in its layer's units (page mm): what the screen needs to redraw
// only the part of a layer an edit changed. Konva's own painted bounds (the rectangle it sizes its
// isolation buffers to: strokes with their joins, text with its glyph overhang) are the source;
// nodes are never changed after they are built, so the answer is kept per node.
import type Konva from 'konva';

export interface SceneRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const known = new WeakMap<Konva.Node, SceneRect>();

/** The rectangle `node` paints into, in its layer's coordinates (antialiasing not included). */
export function paintBounds(node: Konva.Node): SceneRect {
  const hit = known.get(node);
  if (hit) return hit;
  const layer = node.getLayer() ?? undefined;
  // `_forDrawing` asks for the painted bounds (Konva 10: what its isolation buffers cover).
  const r = node.getClientRect({ relativeTo: layer, _forDrawing: true } as Parameters<Konva.Node['getClientRect']>[0]);
  const out = { x: r.x, y: r.y, width: r.width, height: r.height };
  if (layer) known.set(node, out);
  return out;
}

export function intersects(a: SceneRect, b: SceneRect): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}
