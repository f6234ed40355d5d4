// Free layout maths, pure: snapping a moved or resized panel box to the page and to the other
// panels (edges, centres, equal gutters), align / distribute / same size, nudges, and the
// piecewise stretch that fills a W × H page with a free arrangement. All in page mm.
import { rowsByOverlap } from './layout';

export interface Box {
  xMm: number;
  yMm: number;
  wMm: number;
  hMm: number;
}

export interface PageFrame {
  widthMm: number;
  heightMm: number;
  marginMm: number;
  gutterMm: number;
}

/** A guide line to show while snapped (page mm): an aligned edge/centre, or a gap of equal width. */
export interface Guide {
  kind: 'edge' | 'centre' | 'gap';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Snapped {
  box: Box;
  guides: Guide[];
}

/** Which edges a resize handle moves: n/s/e/w and the corners. */
export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Smallest panel side a gesture leaves (mm). */
export const MIN_SIDE_MM = 2;
const EPS = 1e-6;

type Axis = 'x' | 'y';
const lo = (b: Box, a: Axis) => (a === 'x' ? b.xMm : b.yMm);
const len = (b: Box, a: Axis) => (a === 'x' ? b.wMm : b.hMm);
const hi = (b: Box, a: Axis) => lo(b, a) + len(b, a);
const other = (a: Axis): Axis => (a === 'x' ? 'y' : 'x');

/** A line across the page at `at` on `axis`, from `from` to `to` along the other axis. */
function line(axis: Axis, at: number, from: number, to: number, kind: Guide['kind']): Guide {
  return axis === 'x' ? { kind, x1: at, y1: from, x2: at, y2: to } : { kind, x1: from, y1: at, x2: to, y2: at };
}

/** Overlap of two boxes along `axis` (> 0 when they face each other across the other axis). */
const overlap = (a: Box, b: Box, axis: Axis) => Math.min(hi(a, axis), hi(b, axis)) - Math.max(lo(a, axis), lo(b, axis));

/** Gaps between facing boxes along `axis`, plus the page gutter: the widths "equal gutters" snaps to. */
export function gapWidths(others: readonly Box[], axis: Axis, gutterMm: number): number[] {
  const out = [gutterMm];
  for (const a of others)
    for (const b of others) {
      if (a === b || overlap(a, b, other(axis)) <= EPS) continue;
      const g = lo(b, axis) - hi(a, axis);
      if (g > EPS && !out.some((x) => Math.abs(x - g) < 1e-3)) out.push(g);
    }
  return out;
}

interface Target {
  /** Which edge of the moving box: 0 = low, 0.5 = centre, 1 = high. */
  edge: 0 | 0.5 | 1;
  value: number;
  guide: (box: Box) => Guide;
}

/** Lines on one axis the moving box's edges may snap to. */
function targets(axis: Axis, others: readonly Box[], page: PageFrame, edges: readonly (0 | 0.5 | 1)[]): Target[] {
  const size = axis === 'x' ? page.widthMm : page.heightMm;
  const across = axis === 'x' ? page.heightMm : page.widthMm;
  const out: Target[] = [];
  const pageLines: [number, Guide['kind']][] = [
    [page.marginMm, 'edge'],
    [size / 2, 'centre'],
    [size - page.marginMm, 'edge'],
  ];
  for (const e of edges)
    for (const [v, kind] of pageLines) {
      if (kind === 'centre' && e !== 0.5) continue;
      out.push({ edge: e, value: v, guide: () => line(axis, v, 0, across, kind) });
    }
  const o = other(axis);
  const span = (a: Box, b: Box): [number, number] => [Math.min(lo(a, o), lo(b, o)), Math.max(hi(a, o), hi(b, o))];
  const gaps = gapWidths(others, axis, page.gutterMm);
  for (const b of others) {
    for (const e of edges)
      for (const f of [0, 0.5, 1] as const) {
        if ((e === 0.5) !== (f === 0.5)) continue; // centre to centre, edge to edge
        const v = lo(b, axis) + f * len(b, axis);
        out.push({ edge: e, value: v, guide: (m) => line(axis, v, ...span(m, b), f === 0.5 ? 'centre' : 'edge') });
      }
    // Equal gutters: the moving box a gap's width beside a box it faces.
    for (const g of gaps) {
      if (edges.includes(0))
        out.push({
          edge: 0,
          value: hi(b, axis) + g,
          guide: (m) => gapGuide(axis, hi(b, axis), hi(b, axis) + g, m, b),
        });
      if (edges.includes(1))
        out.push({
          edge: 1,
          value: lo(b, axis) - g,
          guide: (m) => gapGuide(axis, lo(b, axis) - g, lo(b, axis), m, b),
        });
    }
  }
  return out;
}

/** A gap guide: a short line across the gap, halfway along where the two boxes face each other. */
function gapGuide(axis: Axis, from: number, to: number, a: Box, b: Box): Guide {
  const o = other(axis);
  const s = Math.max(lo(a, o), lo(b, o));
  const e = Math.min(hi(a, o), hi(b, o));
  const mid = e > s ? (s + e) / 2 : (lo(a, o) + hi(a, o)) / 2;
  return axis === 'x' ? { kind: 'gap', x1: from, y1: mid, x2: to, y2: mid } : { kind: 'gap', x1: mid, y1: from, x2: mid, y2: to };
}

/** The smallest shift (within `thresholdMm`) bringing one of the box's edges onto a target; 0 if none. */
function bestShift(box: Box, axis: Axis, ts: readonly Target[], thresholdMm: number): { d: number; hits: Target[] } {
  let best: number | null = null;
  for (const t of ts) {
    const d = t.value - (lo(box, axis) + t.edge * len(box, axis));
    if (Math.abs(d) <= thresholdMm && (best === null || Math.abs(d) < Math.abs(best) - EPS)) best = d;
  }
  if (best === null) return { d: 0, hits: [] };
  const d = best;
  return { d, hits: ts.filter((t) => Math.abs(t.value - (lo(box, axis) + t.edge * len(box, axis)) - d) < 1e-6) };
}

const shifted = (b: Box, axis: Axis, d: number): Box => (axis === 'x' ? { ...b, xMm: b.xMm + d } : { ...b, yMm: b.yMm + d });

/** A moved box snapped to the page and the other boxes, with the guides of every line it meets. */
export function snapMove(box: Box, others: readonly Box[], page: PageFrame, thresholdMm: number): Snapped {
  let out = box;
  const hits: { axis: Axis; t: Target }[] = [];
  for (const axis of ['x', 'y'] as const) {
    const s = bestShift(out, axis, targets(axis, others, page, [0, 0.5, 1]), thresholdMm);
    out = shifted(out, axis, s.d);
    hits.push(...s.hits.map((t) => ({ axis, t })));
  }
  return { box: out, guides: dedupe(hits.map((h) => h.t.guide(out))) };
}

function dedupe(gs: Guide[]): Guide[] {
  const seen = new Set<string>();
  return gs.filter((g) => {
    const k = [g.kind, g.x1, g.y1, g.x2, g.y2].map((v) => (typeof v === 'number' ? v.toFixed(4) : v)).join();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A box resized by dragging `handle` by (dx, dy) mm, its moving edges snapped. keepAspect: the
 * box keeps start's aspect (the edge that snapped, or moved most, leads; the opposite edge or
 * corner stays put); else each moving edge snaps on its own.
 */
export function snapResize(
  start: Box,
  handle: Handle,
  delta: readonly [number, number],
  others: readonly Box[],
  page: PageFrame,
  thresholdMm: number,
  keepAspect: boolean,
): Snapped {
  const moves = {
    x: handle.includes('w') ? 0 : handle.includes('e') ? 1 : null,
    y: handle.includes('n') ? 0 : handle.includes('s') ? 1 : null,
  } as const;
  // The raw edges.
  const edges = { x: [start.xMm, start.xMm + start.wMm], y: [start.yMm, start.yMm + start.hMm] };
  const snaps: Partial<Record<Axis, { d: number; hits: Target[] }>> = {};
  for (const axis of ['x', 'y'] as const) {
    const m = moves[axis];
    if (m === null) continue;
    const d = axis === 'x' ? delta[0] : delta[1];
    const e = [...edges[axis]];
    e[m] += d;
    // Never thinner than MIN_SIDE_MM, never inside out.
    if (m === 1) e[1] = Math.max(e[1], e[0] + MIN_SIDE_MM);
    else e[0] = Math.min(e[0], e[1] - MIN_SIDE_MM);
    edges[axis] = e;
    const probe: Box = axis === 'x' ? { ...start, xMm: e[0], wMm: e[1] - e[0] } : { ...start, yMm: e[0], hMm: e[1] - e[0] };
    const s = bestShift(probe, axis, targets(axis, others, page, [m as 0 | 1]), thresholdMm);
    snaps[axis] = s;
    if (s.hits.length) {
      const e2 = [...e];
      e2[m] += s.d;
      if (e2[1] - e2[0] >= MIN_SIDE_MM) edges[axis] = e2;
      else snaps[axis] = { d: 0, hits: [] };
    }
  }
  let box: Box = { xMm: edges.x[0], yMm: edges.y[0], wMm: edges.x[1] - edges.x[0], hMm: edges.y[1] - edges.y[0] };
  let lead: Axis[] = ['x', 'y'];
  if (keepAspect) {
    const aspect = start.wMm / start.hMm;
    let axis: Axis;
    if (moves.x === null) axis = 'y';
    else if (moves.y === null) axis = 'x';
    else {
      const sx = snaps.x?.hits.length ? Math.abs(snaps.x.d) : Infinity;
      const sy = snaps.y?.hits.length ? Math.abs(snaps.y.d) : Infinity;
      if (sx !== sy) axis = sx < sy ? 'x' : 'y';
      else axis = Math.abs(box.wMm / start.wMm - 1) >= Math.abs(box.hMm / start.hMm - 1) ? 'x' : 'y';
    }
    lead = [axis];
    const w = axis === 'x' ? box.wMm : box.hMm * aspect;
    const h = w / aspect;
    // The fixed corner/edge stays; an edge handle keeps the other axis' low edge.
    const x = moves.x === 0 ? start.xMm + start.wMm - w : start.xMm;
    const y = moves.y === 0 ? start.yMm + start.hMm - h : start.yMm;
    box = { xMm: x, yMm: y, wMm: w, hMm: h };
  }
  const guides = lead.flatMap((a) => (snaps[a]?.hits ?? []).map((t) => t.guide(box)));
  return { box, guides: dedupe(guides) };
}

export type AlignHow = 'left' | 'right' | 'top' | 'bottom' | 'hcentre' | 'vcentre';

/** Boxes aligned on their common bounding box's left/right/top/bottom edge or centre line. */
export function alignBoxes(boxes: readonly Box[], how: AlignHow): Box[] {
  if (boxes.length < 2) return [...boxes];
  const minX = Math.min(...boxes.map((b) => b.xMm));
  const maxX = Math.max(...boxes.map((b) => b.xMm + b.wMm));
  const minY = Math.min(...boxes.map((b) => b.yMm));
  const maxY = Math.max(...boxes.map((b) => b.yMm + b.hMm));
  return boxes.map((b) => {
    switch (how) {
      case 'left':
        return { ...b, xMm: minX };
      case 'right':
        return { ...b, xMm: maxX - b.wMm };
      case 'top':
        return { ...b, yMm: minY };
      case 'bottom':
        return { ...b, yMm: maxY - b.hMm };
      case 'hcentre':
        return { ...b, xMm: (minX + maxX) / 2 - b.wMm / 2 };
      case 'vcentre':
        return { ...b, yMm: (minY + maxY) / 2 - b.hMm / 2 };
    }
  });
}

/** Equal gaps between boxes along an axis; the first and last (by position) stay where they are. */
export function distributeBoxes(boxes: readonly Box[], axis: Axis): Box[] {
  if (boxes.length < 3) return [...boxes];
  const order = boxes.map((_, i) => i).sort((a, b) => lo(boxes[a], axis) - lo(boxes[b], axis) || a - b);
  const first = boxes[order[0]];
  const span = Math.max(...boxes.map((b) => hi(b, axis))) - lo(first, axis);
  const total = boxes.reduce((s, b) => s + len(b, axis), 0);
  const gap = (span - total) / (boxes.length - 1);
  const out = [...boxes];
  let at = lo(first, axis);
  for (const i of order) {
    out[i] = axis === 'x' ? { ...boxes[i], xMm: at } : { ...boxes[i], yMm: at };
    at += len(boxes[i], axis) + gap;
  }
  return out;
}

/** Every box given the reference's width (or height); each keeps its aspect and top-left corner. */
export function sameSize(boxes: readonly Box[], ref: number, dim: 'width' | 'height'): Box[] {
  const r = boxes[ref];
  if (!r) return [...boxes];
  return boxes.map((b) => {
    const a = b.wMm / b.hMm;
    return dim === 'width' ? { ...b, wMm: r.wMm, hMm: r.wMm / a } : { ...b, hMm: r.hMm, wMm: r.hMm * a };
  });
}

/** Panel order and row counts that re-flow a free arrangement into the grid (reading order). */
export function reflowOrder(boxes: readonly Box[]): { order: number[]; rows: number[] } {
  const rows = rowsByOverlap(boxes);
  return { order: rows.flat(), rows: rows.map((r) => r.length) };
}

/**
 * Stretches a free arrangement to fill [margin, W − margin] × [margin, H − margin]: along each
 * axis the stretches some panel covers scale by one factor, the gaps no panel covers become
 * `gapMm` (or stay, when narrower), and white at the page edges goes. Then each box grows into
 * white left beside it (up to a gutter from its neighbours). null when the gaps alone overflow.
 */
export function stretchToPage(
  boxes: readonly Box[],
  page: PageFrame,
  target: { widthMm: number; heightMm: number },
  opts: { topMm?: number; gapYMm?: number } = {},
): Box[] | null {
  if (!boxes.length) return [];
  const m = page.marginMm;
  const top = opts.topMm ?? 0;
  const mapX = axisMap(boxes, 'x', m, target.widthMm - m, page.gutterMm);
  const mapY = axisMap(boxes, 'y', m + top, target.heightMm - m, opts.gapYMm ?? page.gutterMm);
  if (!mapX || !mapY) return null;
  const out = boxes.map((b) => {
    const x0 = mapX(b.xMm);
    const y0 = mapY(b.yMm);
    return { xMm: x0, yMm: y0, wMm: mapX(b.xMm + b.wMm) - x0, hMm: mapY(b.yMm + b.hMm) - y0 };
  });
  const inner = { x0: m, y0: m + top, x1: target.widthMm - m, y1: target.heightMm - m };
  return growIntoWhite(out, inner, page.gutterMm, opts.gapYMm ?? page.gutterMm);
}

/** The monotone piecewise-linear map of one axis (see stretchToPage), or null. */
function axisMap(boxes: readonly Box[], axis: Axis, from: number, to: number, gap: number): ((v: number) => number) | null {
  const edges = [...new Set(boxes.flatMap((b) => [lo(b, axis), hi(b, axis)]))].sort((a, b) => a - b);
  const parts = edges.slice(1).map((e, i) => {
    const a = edges[i];
    const covered = boxes.some((b) => lo(b, axis) <= a + EPS && hi(b, axis) >= e - EPS);
    return { a, b: e, covered };
  });
  const gaps = parts.filter((p) => !p.covered).map((p) => Math.min(p.b - p.a, gap));
  const coveredLen = parts.filter((p) => p.covered).reduce((s, p) => s + p.b - p.a, 0);
  const avail = to - from - gaps.reduce((s, g) => s + g, 0);
  if (!(coveredLen > 0) || !(avail > 0)) return null;
  const k = avail / coveredLen;
  const at: number[] = [from];
  for (const p of parts) at.push(at[at.length - 1] + (p.covered ? (p.b - p.a) * k : Math.min(p.b - p.a, gap)));
  return (v: number) => {
    if (v <= edges[0]) return from;
    for (let i = 1; i < edges.length; i++)
      if (v <= edges[i]) return at[i - 1] + ((v - edges[i - 1]) / (edges[i] - edges[i - 1] || 1)) * (at[i] - at[i - 1]);
    return at[at.length - 1];
  };
}

/** Each box grows right/down/left/up into white, stopping a gutter short of the boxes it faces. */
export function growIntoWhite(
  boxes: readonly Box[],
  inner: { x0: number; y0: number; x1: number; y1: number },
  gutterX: number,
  gutterY: number,
): Box[] {
  const out = boxes.map((b) => ({ ...b }));
  const faces = (a: Box, b: Box, axis: Axis) => overlap(a, b, other(axis)) > 1e-3;
  for (let i = 0; i < out.length; i++) {
    for (const axis of ['x', 'y'] as const) {
      const g = axis === 'x' ? gutterX : gutterY;
      const b = out[i];
      const rest = out.filter((_, j) => j !== i && faces(b, out[j], axis));
      const maxHi = Math.min(
        axis === 'x' ? inner.x1 : inner.y1,
        ...rest.filter((o) => lo(o, axis) >= hi(b, axis) - EPS).map((o) => lo(o, axis) - g),
      );
      const minLo = Math.max(
        axis === 'x' ? inner.x0 : inner.y0,
        ...rest.filter((o) => hi(o, axis) <= lo(b, axis) + EPS).map((o) => hi(o, axis) + g),
      );
      const nlo = Math.min(lo(b, axis), minLo);
      const nhi = Math.max(hi(b, axis), maxHi);
      out[i] = axis === 'x' ? { ...b, xMm: nlo, wMm: nhi - nlo } : { ...b, yMm: nlo, hMm: nhi - nlo };
    }
  }
  return out;
}

/**
 * The widest bands of white running right across the figure inside the margins, in mm: `x` = the
 * widest page column no panel touches, `y` = the widest such row (what a reader sees as stripes;
 * a gutter is one).
 */
export function whiteStripesMm(
  boxes: readonly Box[],
  page: { widthMm: number; heightMm: number; marginMm: number },
): { x: number; y: number } {
  const stripe = (axis: Axis, size: number) => {
    const spans = boxes.map((b) => [lo(b, axis), hi(b, axis)] as const).sort((a, b) => a[0] - b[0]);
    let at = page.marginMm;
    let widest = 0;
    for (const [a, b] of spans) {
      widest = Math.max(widest, a - at);
      at = Math.max(at, b);
    }
    const w = Math.max(widest, size - page.marginMm - at);
    return w < 1e-6 ? 0 : w;
  };
  return { x: stripe('x', page.widthMm), y: stripe('y', page.heightMm) };
}

/** A box moved by (dx, dy) mm: the keyboard nudge. */
export const nudgeBox = (b: Box, dx: number, dy: number): Box => ({ ...b, xMm: b.xMm + dx, yMm: b.yMm + dy });
