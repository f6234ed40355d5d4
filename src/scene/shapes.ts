// One function per annotation type: document data → Konva nodes. Geometry nodes live in
// source-pixel coordinates (they turn and flip with the image); text-like nodes live in the
// panel's view coordinates so that they stay upright and readable.
import Konva from 'konva';
import type { Annotation, Point, Style } from '../shared/figure/schema';
import { FONT_FAMILY, ptToMm } from './units';
import { richTextNode } from './rich-text-node';
import { runsOf } from '../shared/figure/rich-text';

export interface ShapeContext {
  /** Source (= view) pixels per printed millimetre on this panel. */
  pxPerMm: number;
  /** Maps a source-pixel point to the panel's view coordinates. */
  toView: (p: Point) => Point;
  /** Text of a measurement (calibrated units when the panel is calibrated). */
  measureLabel: (a: Annotation) => string;
  /** A blur redaction's patch (src/scene/redaction-blur.ts); absent or null: nothing to draw (pixels burned already). */
  blurPatch?: (box: { x: number; y: number; w: number; h: number }) => Konva.Node | null;
}

export interface ShapeNodes {
  geometry: Konva.Node[];
  overlay: Konva.Node[];
}

const flat = (pts: readonly Point[]): number[] => pts.flatMap((p) => [p[0], p[1]]);

function strokePx(style: Style, k: ShapeContext): number {
  return Math.max(ptToMm(style.strokePt) * k.pxPerMm, 0.0001);
}

/** The halo is a wider stroke under the main one, so a label reads on any grey level. */
function haloPx(style: Style, k: ShapeContext): number {
  return strokePx(style, k) + ptToMm(1.2) * k.pxPerMm;
}

function withHalo<T extends Konva.Shape>(
  make: (stroke: string, width: number, halo: boolean) => T,
  style: Style,
  k: ShapeContext,
): Konva.Node[] {
  const main = make(style.color, strokePx(style, k), false);
  if (!style.halo) return [main];
  return [make(style.haloColor, haloPx(style, k), true), main];
}

function text(content: string, at: Point, style: Style, k: ShapeContext, align: 'left' | 'center' = 'left'): Konva.Text {
  const fontPx = ptToMm(style.fontPt) * k.pxPerMm;
  const node = new Konva.Text({
    x: at[0],
    y: at[1],
    text: content,
    fontFamily: FONT_FAMILY,
    fontSize: fontPx,
    fontStyle: style.bold ? 'bold' : 'normal',
    fill: style.color,
    opacity: style.opacity,
    align,
    lineHeight: 1.15,
    listening: true,
  });
  if (style.halo) {
    node.stroke(style.haloColor);
    node.strokeWidth(fontPx * 0.16);
    node.fillAfterStrokeEnabled(true);
    node.lineJoin('round');
  }
  if (align === 'center') node.offsetX(node.width() / 2);
  return node;
}

/** A label or callout's text: its formatted runs (rich-text-node.ts), styled as text() is. */
function label(
  a: { text: string; runs?: Extract<Annotation, { type: 'text' }>['runs'] },
  at: Point,
  style: Style,
  k: ShapeContext,
): Konva.Shape {
  const fontPx = ptToMm(style.fontPt) * k.pxPerMm;
  return richTextNode({
    runs: runsOf(a),
    x: at[0],
    y: at[1],
    fontPx,
    color: style.color,
    opacity: style.opacity,
    bold: style.bold,
    halo: style.halo ? { color: style.haloColor, widthPx: fontPx * 0.16 } : null,
  });
}

function starPoints(kind: 'asterisk' | 'star' | 'arrowhead'): number[] {
  // Unit-size outlines centred on 0,0, scaled by the marker size.
  if (kind === 'arrowhead') return [0, 0, -0.9, -0.45, -0.65, 0, -0.9, 0.45];
  const pts: number[] = [];
  const spikes = kind === 'star' ? 5 : 6;
  const inner = kind === 'star' ? 0.4 : 0.18;
  for (let i = 0; i < spikes * 2; i++) {
    const r = i % 2 === 0 ? 0.5 : inner / 1.0 / 2;
    const a = (Math.PI * i) / spikes - Math.PI / 2;
    pts.push(Math.cos(a) * r, Math.sin(a) * r);
  }
  return pts;
}

export function annotationNodes(a: Annotation, k: ShapeContext): ShapeNodes {
  const s = a.style;
  const geometry: Konva.Node[] = [];
  const overlay: Konva.Node[] = [];
  const common = { opacity: s.opacity, lineCap: 'round' as const, lineJoin: 'round' as const };
  switch (a.type) {
    case 'arrow': {
      const head = ptToMm(Math.max(4, s.strokePt * 4)) * k.pxPerMm;
      geometry.push(
        ...withHalo(
          (stroke, width, halo) =>
            new Konva.Arrow({
              points: flat(a.points),
              stroke,
              fill: a.head === 'open' ? undefined : stroke,
              strokeWidth: width,
              pointerLength: a.head === 'none' ? 0 : head + (halo ? width - strokePx(s, k) : 0),
              pointerWidth: a.head === 'none' ? 0 : head * 0.8 + (halo ? width - strokePx(s, k) : 0),
              pointerAtBeginning: false,
              ...common,
            }),
          s,
          k,
        ),
      );
      if (a.tail === 'dot' || a.tail === 'filled') {
        geometry.push(
          new Konva.Circle({
            x: a.points[0][0],
            y: a.points[0][1],
            radius: strokePx(s, k) * 1.6,
            fill: s.color,
            stroke: s.halo ? s.haloColor : undefined,
            strokeWidth: s.halo ? strokePx(s, k) * 0.5 : 0,
            opacity: s.opacity,
          }),
        );
      }
      break;
    }
    case 'line':
    case 'freehand':
      geometry.push(
        ...withHalo(
          (stroke, width) =>
            new Konva.Line({ points: flat(a.points), stroke, strokeWidth: width, tension: a.type === 'freehand' ? 0.4 : 0, ...common }),
          s,
          k,
        ),
      );
      break;
    case 'polygon':
      geometry.push(
        ...withHalo(
          (stroke, width, halo) =>
            new Konva.Line({
              points: flat(a.points),
              closed: a.closed,
              stroke,
              strokeWidth: width,
              fill: !halo && s.fill ? s.fill : undefined,
              ...common,
            }),
          s,
          k,
        ),
      );
      break;
    case 'rect':
      // Rotates about its centre (as the ellipse does), so the rotate handle turns it in place.
      geometry.push(
        ...withHalo(
          (stroke, width, halo) =>
            new Konva.Rect({
              x: a.at[0] + a.size[0] / 2,
              y: a.at[1] + a.size[1] / 2,
              offsetX: a.size[0] / 2,
              offsetY: a.size[1] / 2,
              width: a.size[0],
              height: a.size[1],
              rotation: a.rotation,
              stroke,
              strokeWidth: width,
              fill: !halo && s.fill ? s.fill : undefined,
              ...common,
            }),
          s,
          k,
        ),
      );
      break;
    case 'ellipse':
      geometry.push(
        ...withHalo(
          (stroke, width, halo) =>
            new Konva.Ellipse({
              x: a.at[0] + a.size[0] / 2,
              y: a.at[1] + a.size[1] / 2,
              radiusX: Math.abs(a.size[0] / 2),
              radiusY: Math.abs(a.size[1] / 2),
              rotation: a.rotation,
              stroke,
              strokeWidth: width,
              fill: !halo && s.fill ? s.fill : undefined,
              ...common,
            }),
          s,
          k,
        ),
      );
      break;
    case 'redaction': {
      if (a.mode === 'blur') {
        const patch = k.blurPatch?.({ x: a.at[0], y: a.at[1], w: a.size[0], h: a.size[1] });
        if (patch) geometry.push(patch);
        break;
      }
      // Always opaque black, whatever the style says: a redaction that can be seen through is none.
      geometry.push(
        new Konva.Rect({ x: a.at[0], y: a.at[1], width: a.size[0], height: a.size[1], fill: '#000000', opacity: 1, listening: true }),
      );
      break;
    }
    case 'text':
      overlay.push(label(a, k.toView(a.at), s, k));
      break;
    case 'callout': {
      const from = k.toView(a.at);
      const to = k.toView(a.target);
      const box = label(a, from, s, k);
      // The leader starts at the label edge nearest the target.
      const cx = from[0] + box.width() / 2;
      const cy = from[1] + box.height() / 2;
      const sx = Math.abs(to[0] - cx) > box.width() / 2 ? (to[0] > cx ? from[0] + box.width() : from[0]) : cx;
      const sy = Math.abs(to[1] - cy) > box.height() / 2 ? (to[1] > cy ? from[1] + box.height() : from[1]) : cy;
      const head = ptToMm(Math.max(4, s.strokePt * 4)) * k.pxPerMm;
      overlay.push(
        ...withHalo(
          (stroke, width) =>
            new Konva.Arrow({
              points: [sx, sy, to[0], to[1]],
              stroke,
              fill: stroke,
              strokeWidth: width,
              pointerLength: head,
              pointerWidth: head * 0.8,
              ...common,
            }),
          s,
          k,
        ),
      );
      overlay.push(box);
      break;
    }
    case 'marker': {
      const at = k.toView(a.at);
      const size = ptToMm(a.sizePt) * k.pxPerMm;
      if (a.shape === 'asterisk') {
        const t = text('*', at, { ...s, fontPt: a.sizePt * 1.6 }, k, 'center');
        t.offsetY(t.height() * 0.3);
        overlay.push(t);
      } else {
        overlay.push(
          new Konva.Line({
            x: at[0],
            y: at[1],
            points: starPoints(a.shape),
            scaleX: size,
            scaleY: size,
            rotation: a.rotation,
            closed: true,
            fill: s.color,
            stroke: s.halo ? s.haloColor : undefined,
            strokeWidth: s.halo ? 0.08 : 0,
            strokeScaleEnabled: true,
            opacity: s.opacity,
          }),
        );
      }
      break;
    }
    case 'number': {
      const at = k.toView(a.at);
      const t = text(String(a.n), at, s, k, 'center');
      t.offsetY(t.height() / 2);
      overlay.push(t);
      break;
    }
    case 'measure-length':
    case 'measure-angle':
    case 'measure-area': {
      geometry.push(
        ...withHalo(
          (stroke, width) =>
            new Konva.Line({ points: flat(a.points), closed: a.type === 'measure-area', stroke, strokeWidth: width, ...common }),
          s,
          k,
        ),
      );
      const anchor = a.type === 'measure-angle' ? a.points[1] : a.points[a.points.length - 1];
      const at = k.toView(anchor);
      const off = ptToMm(s.fontPt) * k.pxPerMm * 0.4;
      overlay.push(text(k.measureLabel(a), [at[0] + off, at[1] + off], s, k));
      break;
    }
  }
  for (const n of [...geometry, ...overlay]) {
    n.setAttr('annotationId', a.id);
    n.name('annotation');
  }
  return { geometry, overlay };
}
