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

type Logged = SKRSContext2D & { medfigTextTag?: TextTag | null; medfigTextLog?: LoggedText[] };

/** One fillText: its string and the rich label's tag (null for any other text). */
export interface LoggedText {
  text: string;
  tag: TextTag | null;
}

/** Logs every fillText that draws something (Skia writes no element for an empty string); returns the log and the undo. */
export function logFillText(context: SKRSContext2D): { log: LoggedText[]; restore: () => void } {
  const ctx = context as Logged;
  const log: LoggedText[] = [];
  const own = Object.prototype.hasOwnProperty.call(ctx, 'fillText');
  const before = ctx.fillText;
  ctx.medfigTextLog = log;
  ctx.fillText = (text: string, x: number, y: number, maxWidth?: number) => {
    if (text.length) log.push({ text, tag: ctx.medfigTextTag ?? null });
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
const unescape = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
const bare = (s: string): string => s.replace(/\s+/g, '');

function tspan(t: TextTag): string {
  const attrs = [`x="${num(t.x)}"`, `y="${num(t.baseline)}"`];
  if (t.shift) attrs.push(`dy="${num(t.shift)}"`);
  attrs.push(`font-size="${num(t.sizePx)}"`);
  if (t.italic) attrs.push('font-style="italic"');
  if (t.bold) attrs.push('font-weight="bold"');
  if (t.script) attrs.push(`data-script="${t.script}"`);
  return `<tspan ${attrs.join(' ')}>${escapeText(t.text)}</tspan>`;
}

/**
 * Which log entry wrote each <text> element. Skia may split one fillText into several elements
 * (at spaces, between scripts) and drops spaces, so elements are matched to the log by their
 * characters without white space. Null when they cannot be matched (left as Skia wrote them).
 */
function owners(contents: readonly string[], log: readonly LoggedText[]): number[] | null {
  const owner: number[] = [];
  let k = 0;
  for (const [i, entry] of log.entries()) {
    const want = bare(entry.text);
    if (!want) {
      // White space only: Skia writes one empty element.
      if (k < contents.length && !bare(contents[k])) owner[k++] = i;
      continue;
    }
    let got = '';
    while (got.length < want.length && k < contents.length) {
      got += bare(unescape(contents[k]));
      owner[k++] = i;
    }
    if (got !== want) return null;
  }
  return k === contents.length ? owner : null;
}

/** Skia's SVG with each tagged label's <text> elements merged into one <text> of <tspan> runs. */
export function mergeTextRuns(svg: string, log: readonly LoggedText[]): string {
  const elements = [...svg.matchAll(TEXT)];
  const owner = owners(
    elements.map((m) => m[2]),
    log,
  );
  if (!owner) return svg;
  const opened = new Set<number>();
  let i = 0;
  return svg.replace(TEXT, (whole, attrs: string) => {
    const tag = log[owner[i++]]?.tag;
    if (!tag) return whole;
    // The label's first element opens its <text> with every run; the others are dropped.
    if (opened.has(tag.group)) return '';
    opened.add(tag.group);
    const runs = log.flatMap((e) => (e.tag?.group === tag.group ? [e.tag] : []));
    const kept = [...attrs.matchAll(/\s([\w:-]+)="([^"]*)"/g)]
      .filter((m) => !RUN_ATTRS.has(m[1]))
      .map((m) => ` ${m[1]}="${m[2]}"`)
      .join('');
    return `<text${kept} xml:space="preserve">${runs.map(tspan).join('')}</text>`;
  });
}
