/**
 * Rich labels in SVG as real text runs. Skia's SVG canvas writes one <text> per fillText, so a
 * label of formatted runs ("CD" italic, "3", "+" superscript) would come out as unrelated
 * <text> elements. While a layer is drawn, each fillText is logged with the tag the label's
 * shape (src/scene/rich-text-node.ts) set for it; afterwards the <text> elements of one label
 * become one <text> (Skia's transform and fill kept) with a <tspan> per run: font-style,
 * font-weight and font-size on the tspan, scripts at the line's baseline with dy. Anything the
 * log cannot be matched with is left as Skia wrote it.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { TextTag } from '../../scene/rich-text-node';

type Logged = SKRSContext2D & { medfigTextTag?: TextTag | null; medfigTextLog?: (TextTag | null)[] };

/** Logs every fillText that draws something (Skia writes no element for an empty string); returns the log and the undo. */
export function logFillText(context: SKRSContext2D): { log: (TextTag | null)[]; restore: () => void } {
  const ctx = context as Logged;
  const log: (TextTag | null)[] = [];
  const own = Object.prototype.hasOwnProperty.call(ctx, 'fillText');
  const before = ctx.fillText;
  ctx.medfigTextLog = log;
  ctx.fillText = (text: string, x: number, y: number, maxWidth?: number) => {
    if (text.length) log.push(ctx.medfigTextTag ?? null);
    ctx.medfigTextTag = null;
    return maxWidth === undefined ? before.call(ctx, text, x, y) : before.call(ctx, text, x, y, maxWidth);
  };
  return {
    log,
    restore: () => {
      delete ctx.medfigTextLog;
      delete ctx.medfigTextTag;
      if (own) ctx.fillText = before;
      else delete (ctx as Partial<SKRSContext2D>).fillText;
    },
  };
}

const TEXT = /<text\b([^>]*)>([^<]*)<\/text>/g;
const RUN_ATTRS = new Set(['x', 'y', 'font-size', 'font-style', 'font-weight']);

const num = (n: number): string => String(Math.round(n * 1e4) / 1e4);
const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function tspan(t: TextTag): string {
  const attrs = [`x="${num(t.x)}"`, `y="${num(t.baseline)}"`];
  if (t.shift) attrs.push(`dy="${num(t.shift)}"`);
  attrs.push(`font-size="${num(t.sizePx)}"`);
  if (t.italic) attrs.push('font-style="italic"');
  if (t.bold) attrs.push('font-weight="bold"');
  if (t.script) attrs.push(`data-script="${t.script}"`);
  return `<tspan ${attrs.join(' ')}>${escapeText(t.text)}</tspan>`;
}

/** Skia's SVG with each tagged label's <text> elements merged into one <text> of <tspan> runs. */
export function mergeTextRuns(svg: string, log: readonly (TextTag | null)[]): string {
  const count = [...svg.matchAll(TEXT)].length;
  if (count !== log.length) return svg;
  let i = 0;
  return svg.replace(TEXT, (whole, attrs: string) => {
    const tag = log[i];
    const prev = i > 0 ? log[i - 1] : null;
    i += 1;
    if (!tag) return whole;
    // The label's first run opens its <text>; the others were written into it.
    if (prev && prev.group === tag.group) return '';
    const runs: TextTag[] = [];
    for (let k = i - 1; k < log.length && log[k]?.group === tag.group; k++) runs.push(log[k]!);
    const kept = [...attrs.matchAll(/\s([\w:-]+)="([^"]*)"/g)]
      .filter((m) => !RUN_ATTRS.has(m[1]))
      .map((m) => ` ${m[1]}="${m[2]}"`)
      .join('');
    return `<text${kept} xml:space="preserve">${runs.map(tspan).join('')}</text>`;
  });
}
