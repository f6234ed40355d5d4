// A label of formatted runs as one Konva shape: the runs are laid out by the pure rich-text
// module with the canvas's own font metric, then each run is one fillText in its face (italic,
// bold) and size (scripts smaller, shifted). The same draw code paints the screen, the raster
// exports and the PDF/SVG pages, where each run stays real text (SVG: one <text> per label with a
// <tspan> per run, see src/services/export/svg-text.ts).
import Konva from 'konva';
import { cssFont, layoutRuns, type Run, type RunFormat, type RunLayout } from '../shared/figure/rich-text';
import { FONT_FAMILY } from './units';

/** Runs are measured at this size and scaled: tiny scene units (mm) keep their precision. */
const MEASURE_PX = 100;
let measureCtx: CanvasRenderingContext2D | null = null;

function measureRun(text: string, sizePx: number, format: RunFormat): number {
  measureCtx ??= Konva.Util.createCanvasElement().getContext('2d')!;
  measureCtx.font = cssFont(format, MEASURE_PX, FONT_FAMILY);
  return (measureCtx.measureText(text).width * sizePx) / MEASURE_PX;
}

/**
 * What a drawing context is told about each run before its fillText: the SVG export
 * (src/services/export/svg-text.ts) rewrites one label's <text> elements as one <text> with a
 * <tspan> per run. Positions are in the context's current units (Skia's <text> transform).
 */
export interface TextTag extends RunFormat {
  group: number;
  text: string;
  x: number;
  /** The line's baseline; the run is drawn at baseline + shift (negative = up). */
  baseline: number;
  shift: number;
  sizePx: number;
}
type Tagged = { medfigTextTag?: TextTag | null; medfigTextLog?: unknown };
let groups = 0;

export interface RichTextOptions {
  runs: readonly Run[];
  x: number;
  y: number;
  fontPx: number;
  color: string;
  opacity?: number;
  /** Outline under the glyphs, so the label reads on any grey level. */
  halo?: { color: string; widthPx: number } | null;
  align?: 'left' | 'center' | 'right';
  /** Base format of every run (a label's style.bold). */
  bold?: boolean;
  name?: string;
}

export function layoutOf(runs: readonly Run[], fontPx: number, align: RichTextOptions['align'] = 'left'): RunLayout {
  return layoutRuns(runs, fontPx, measureRun, align);
}

export function richTextNode(o: RichTextOptions): Konva.Shape {
  const runs = o.bold ? o.runs.map((r) => ({ ...r, bold: true })) : o.runs;
  const layout = layoutOf(runs, o.fontPx, o.align);
  const halo = o.halo ?? null;
  const node = new Konva.Shape({
    x: o.x,
    y: o.y,
    width: layout.width,
    height: layout.height,
    opacity: o.opacity ?? 1,
    name: o.name ?? 'rich-text',
    listening: true,
    sceneFunc(context) {
      const ctx = (context as unknown as { _context: CanvasRenderingContext2D & Tagged })._context;
      const tagged = 'medfigTextLog' in ctx;
      const group = ++groups;
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      if (halo) {
        ctx.lineJoin = 'round';
        ctx.strokeStyle = halo.color;
        ctx.lineWidth = halo.widthPx;
        for (const r of layout.runs) {
          ctx.font = cssFont(r, r.sizePx, FONT_FAMILY);
          ctx.strokeText(r.text, r.x, r.y);
        }
      }
      ctx.fillStyle = o.color;
      for (const r of layout.runs) {
        ctx.font = cssFont(r, r.sizePx, FONT_FAMILY);
        if (tagged)
          ctx.medfigTextTag = {
            group,
            text: r.text,
            x: r.x,
            baseline: r.y - r.shift,
            shift: r.shift,
            sizePx: r.sizePx,
            italic: r.italic,
            bold: r.bold,
            script: r.script,
          };
        ctx.fillText(r.text, r.x, r.y);
      }
      if (tagged) ctx.medfigTextTag = null;
    },
    hitFunc(context, shape) {
      context.beginPath();
      context.rect(0, 0, layout.width, layout.height);
      context.closePath();
      context.fillStrokeShape(shape);
    },
  });
  // What it paints reaches past the layout box: the halo's half width, and glyph overhang (italic
  // slant, accents, descenders of scripts). The screen redraws only the painted bounds of an
  // edited label (src/scene/paint-bounds.ts), so they must hold every pixel.
  const margin = (halo ? halo.widthPx / 2 : 0) + o.fontPx * 0.25;
  node.getSelfRect = () => ({ x: -margin, y: -margin, width: layout.width + 2 * margin, height: layout.height + 2 * margin });
  // What the PPTX export reads to write the label as an editable text box of the same runs.
  node.setAttr('richRuns', runs);
  node.setAttr('fontPx', o.fontPx);
  node.setAttr('textColor', o.color);
  node.setAttr('align', o.align ?? 'left');
  return node;
}
