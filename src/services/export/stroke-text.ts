/**
 * Text halos in PDF/SVG. Skia's vector back ends draw stroked text (strokeText: a label's halo) as
 * a Type 3 font plus a second, invisible copy of the text — journal checkers reject Type 3 fonts,
 * and the text layer reads every label twice ("Nodules Nodules"). So on a vector page strokeText
 * strokes the glyph outlines as a path instead: the halo looks the same, and the text layer holds
 * only the fill's text, in the embedded TrueType (CID) subset.
 *
 * The outlines come from Skia itself (its SVG back end with ConvertTextToPaths), so they are laid
 * out exactly as fillText lays out the same string on top of them.
 */
import { createCanvas, DOMMatrix, Path2D, SvgExportFlag, type SKRSContext2D } from '@napi-rs/canvas';

/** Outlines are taken at this size and scaled to the drawn one (tiny scene-unit fonts keep their precision). */
const REF_PX = 100;
/** Drawn in the middle of an 8192 px page (Skia's SVG surface has a size limit) so no glyph is culled. */
const ORIGIN = 4096;

/** The outline of `text` as fillText(text, x, y) would draw it with ctx's font, alignment and baseline. */
export function textOutline(ctx: SKRSContext2D, text: string, x: number, y: number): Path2D {
  const m = /(\d*\.?\d+(?:e[-+]?\d+)?)px/i.exec(ctx.font);
  const size = m ? Number(m[1]) : 10;
  // A long label is taken smaller so it stays on the page.
  const k = Math.min(REF_PX / size, (ORIGIN * 0.9) / Math.max(1e-6, ctx.measureText(text).width));
  const svg = createCanvas(ORIGIN * 2, ORIGIN * 2, SvgExportFlag.ConvertTextToPaths);
  const s = svg.getContext('2d');
  s.font = m ? ctx.font.replace(m[0], `${size * k}px`) : ctx.font;
  s.textAlign = ctx.textAlign;
  s.textBaseline = ctx.textBaseline;
  const spacing = /^(-?\d*\.?\d+)px$/.exec(ctx.letterSpacing ?? '');
  if (spacing) s.letterSpacing = `${Number(spacing[1]) * k}px`;
  s.fillText(text, ORIGIN, ORIGIN);
  const toScene = new DOMMatrix()
    .translate(x, y)
    .scale(1 / k)
    .translate(-ORIGIN, -ORIGIN);
  const path = new Path2D();
  for (const [, d] of svg
    .getContent()
    .toString('utf8')
    .matchAll(/<path\b[^>]*\sd="([^"]+)"/g))
    path.addPath(new Path2D(d), toScene);
  return path;
}

/** Makes ctx.strokeText stroke outlines (with ctx's current stroke style); returns the undo. */
export function strokeTextAsPaths(ctx: SKRSContext2D): () => void {
  const own = Object.prototype.hasOwnProperty.call(ctx, 'strokeText');
  const before = ctx.strokeText;
  ctx.strokeText = (text: string, x: number, y: number) => ctx.stroke(textOutline(ctx, text, x, y));
  return () => {
    if (own) ctx.strokeText = before;
    else delete (ctx as Partial<SKRSContext2D>).strokeText;
  };
}
