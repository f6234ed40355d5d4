// Rich text of labels, callouts and page text: a list of runs, each a stretch of characters with
// one format (italic, bold, superscript or subscript). Pure: the document schema, the scene (which
// lays runs out with a font metric it is given), the exports and the in-place editor share it.
//
// The annotation keeps its plain `text` too (what the legend, alt text, search and PPTX notes
// read); `runs`, when present, spell exactly that text (checked on load).
import { z } from 'zod';

export const Run = z.object({
  text: z.string().max(10000),
  italic: z.boolean().optional(),
  bold: z.boolean().optional(),
  /** Superscript or subscript: smaller, raised or lowered from the line's baseline. */
  script: z.enum(['super', 'sub']).optional(),
});
export type Run = z.infer<typeof Run>;
export const Runs = z.array(Run).max(2000);
export type Runs = z.infer<typeof Runs>;

export type RunFormat = Omit<Run, 'text'>;
export type FormatKey = 'italic' | 'bold' | 'super' | 'sub';

/** The characters of a list of runs, formats dropped (legend, alt text, search). */
export const plainText = (runs: readonly Run[]): string => runs.map((r) => r.text).join('');

/** The runs of a label: its own, else its text as one plain run (older documents, plain labels). */
export const runsOf = (a: { text: string; runs?: readonly Run[] }): Run[] => (a.runs ? [...a.runs] : [{ text: a.text }]);

/** True when runs carry any format (a plain label need not store them). */
export const isRich = (runs: readonly Run[]): boolean => runs.some((r) => r.italic || r.bold || r.script);

const sameFormat = (a: RunFormat, b: RunFormat): boolean => !!a.italic === !!b.italic && !!a.bold === !!b.bold && a.script === b.script;

/** One run per change of format: empty runs dropped, neighbours with one format merged, false flags omitted. */
export function normalizeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (!r.text) continue;
    const last = out[out.length - 1];
    if (last && sameFormat(last, r)) last.text += r.text;
    else out.push(clean(r));
  }
  return out;
}

function clean(r: Run): Run {
  const c: Run = { text: r.text };
  if (r.italic) c.italic = true;
  if (r.bold) c.bold = true;
  if (r.script) c.script = r.script;
  return c;
}

/** A label's stored fields from runs: the plain `text` and the runs that format it. */
export function labelFields(runs: readonly Run[]): { text: string; runs: Run[] } {
  const n = normalizeRuns(runs);
  return { text: plainText(n), runs: n };
}

// ---- a small HTML subset: what the in-place editor (contenteditable) reads and writes ----------

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Runs → <i>, <b>, <sup>, <sub> and <br> (the editor's content, and the serialised form in tests). */
export function runsToHtml(runs: readonly Run[]): string {
  return normalizeRuns(runs)
    .map((r) => {
      let s = escapeHtml(r.text).replace(/\n/g, '<br>');
      if (r.script) s = `<${r.script === 'super' ? 'sup' : 'sub'}>${s}</${r.script === 'super' ? 'sup' : 'sub'}>`;
      if (r.bold) s = `<b>${s}</b>`;
      if (r.italic) s = `<i>${s}</i>`;
      return s;
    })
    .join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * What a contenteditable holds → runs. Knows the tags and inline styles the browser's own
 * formatting commands write (<i>/<em>, <b>/<strong>, <sup>, <sub>, <span style="font-style:
 * italic">, <div>/<p> lines, <br>); every other tag is ignored, its text kept.
 */
export function htmlToRuns(html: string): Run[] {
  const out: Run[] = [];
  const stack: { tag: string; fmt: RunFormat }[] = [];
  const current = (): RunFormat => stack.reduce<RunFormat>((f, s) => ({ ...f, ...s.fmt }), {});
  const push = (text: string) => {
    if (text) out.push({ ...current(), text });
  };
  // A block after some text starts a new line (Chromium wraps each Enter in a <div>).
  const newline = () => {
    if (out.length && !out[out.length - 1].text.endsWith('\n')) push('\n');
  };
  const re = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[4] !== undefined) {
      push(decodeEntities(m[4]).replace(/\u00a0/g, ' '));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attrs = m[3];
    if (tag === 'br') {
      push('\n');
      continue;
    }
    if (tag === 'div' || tag === 'p') {
      if (!closing) newline();
      continue;
    }
    if (closing) {
      const i = stack.map((s) => s.tag).lastIndexOf(tag);
      if (i >= 0) stack.splice(i, 1);
      continue;
    }
    if (/\/\s*$/.test(attrs)) continue;
    const fmt: RunFormat = {};
    if (tag === 'i' || tag === 'em') fmt.italic = true;
    if (tag === 'b' || tag === 'strong') fmt.bold = true;
    if (tag === 'sup') fmt.script = 'super';
    if (tag === 'sub') fmt.script = 'sub';
    const style = /style\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? '';
    if (/font-style\s*:\s*italic/i.test(style)) fmt.italic = true;
    if (/font-style\s*:\s*normal/i.test(style)) fmt.italic = false;
    if (/font-weight\s*:\s*(bold|[6-9]00)/i.test(style)) fmt.bold = true;
    if (/font-weight\s*:\s*(normal|[1-4]00)/i.test(style)) fmt.bold = false;
    if (/vertical-align\s*:\s*super/i.test(style)) fmt.script = 'super';
    if (/vertical-align\s*:\s*sub/i.test(style)) fmt.script = 'sub';
    stack.push({ tag, fmt });
  }
  // Trailing line breaks (the <br> the editor keeps for the caret, an Enter at the end) are not
  // part of the label.
  const runs = normalizeRuns(out);
  while (runs.length && runs[runs.length - 1].text.endsWith('\n')) {
    const last = runs[runs.length - 1];
    last.text = last.text.replace(/\n+$/, '');
    if (!last.text) runs.pop();
  }
  return runs;
}

/** Toggles a format over characters [from, to) of runs (the inspector's buttons on a whole label). */
export function toggleFormat(runs: readonly Run[], key: FormatKey, from = 0, to = Infinity): Run[] {
  const chars = splitAt(splitAt(normalizeRuns(runs), from), to);
  let pos = 0;
  const inside: Run[] = [];
  for (const r of chars) {
    if (pos >= from && pos + r.text.length <= to) inside.push(r);
    pos += r.text.length;
  }
  const on = inside.length > 0 && inside.every((r) => has(r, key));
  pos = 0;
  const out = chars.map((r) => {
    const inRange = pos >= from && pos + r.text.length <= to;
    pos += r.text.length;
    if (!inRange) return r;
    const next: Run = { ...r };
    if (key === 'italic') next.italic = !on;
    else if (key === 'bold') next.bold = !on;
    else next.script = on ? undefined : key;
    return next;
  });
  return normalizeRuns(out);
}

const has = (r: Run, key: FormatKey): boolean => (key === 'italic' ? !!r.italic : key === 'bold' ? !!r.bold : r.script === key);

function splitAt(runs: Run[], at: number): Run[] {
  const out: Run[] = [];
  let pos = 0;
  for (const r of runs) {
    const end = pos + r.text.length;
    if (at > pos && at < end) {
      out.push({ ...r, text: r.text.slice(0, at - pos) }, { ...r, text: r.text.slice(at - pos) });
    } else out.push(r);
    pos = end;
  }
  return out;
}

// ---- layout ---------------------------------------------------------------------------------

/** Scripts are drawn at this share of the label's size… */
export const SCRIPT_SCALE = 0.7;
/** …their baseline raised (super) or lowered (sub) by these shares of the label's size. */
export const SUPER_RISE = 0.34;
export const SUB_DROP = 0.14;
/** Line pitch as a share of the size (the scene's labels have always used 1.15). */
export const LINE_HEIGHT = 1.15;
/** Liberation Sans (Arial metrics): the alphabetic baseline below a line box's middle, in ems. */
export const BASELINE_BELOW_MIDDLE = (0.905 - 0.212) / 2;

/** Width of `text` at `sizePx` in the given format: the caller's font metric (canvas measureText). */
export type MeasureRun = (text: string, sizePx: number, format: RunFormat) => number;

export interface PlacedRun extends RunFormat {
  text: string;
  /** Left edge and alphabetic baseline, in the label's own units (top-left = 0,0). */
  x: number;
  y: number;
  sizePx: number;
  width: number;
  /** How far the baseline was moved from the line's (negative = up): the SVG's dy. */
  shift: number;
  line: number;
}

export interface RunLayout {
  runs: PlacedRun[];
  width: number;
  height: number;
  /** Baseline of each line. */
  baselines: number[];
  lineWidths: number[];
}

/**
 * Places runs on lines ('\n' breaks a line): each line's runs side by side, scripts smaller and
 * shifted. `align` places each line within the widest one.
 */
export function layoutRuns(
  runs: readonly Run[],
  sizePx: number,
  measure: MeasureRun,
  align: 'left' | 'center' | 'right' = 'left',
): RunLayout {
  const lines: Run[][] = [[]];
  for (const r of normalizeRuns(runs)) {
    r.text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1].push({ ...r, text: part });
    });
  }
  const pitch = sizePx * LINE_HEIGHT;
  const placed: PlacedRun[] = [];
  const baselines: number[] = [];
  const lineWidths: number[] = [];
  lines.forEach((line, n) => {
    const baseline = n * pitch + pitch / 2 + sizePx * BASELINE_BELOW_MIDDLE;
    baselines.push(baseline);
    let x = 0;
    for (const r of line) {
      const size = r.script ? sizePx * SCRIPT_SCALE : sizePx;
      const shift = r.script === 'super' ? -sizePx * SUPER_RISE : r.script === 'sub' ? sizePx * SUB_DROP : 0;
      const width = measure(r.text, size, { italic: r.italic, bold: r.bold, script: r.script });
      placed.push({ ...r, x, y: baseline + shift, sizePx: size, width, shift, line: n });
      x += width;
    }
    lineWidths.push(x);
  });
  const width = Math.max(0, ...lineWidths);
  if (align !== 'left')
    for (const p of placed) {
      const slack = width - lineWidths[p.line];
      p.x += align === 'center' ? slack / 2 : slack;
    }
  return { runs: placed, width, height: lines.length * pitch, baselines, lineWidths };
}

/** The CSS/canvas font of a run: "italic bold 12px 'Liberation Sans'". */
export function cssFont(format: RunFormat, sizePx: number, family: string): string {
  return `${format.italic ? 'italic ' : ''}${format.bold ? 'bold ' : ''}${sizePx}px "${family}"`;
}

// ---- Greek letters and signs for the picker -----------------------------------------------

/** What the picker offers: lower-case Greek, the upper-case ones that differ from Latin, µ and signs. */
export const SYMBOLS: readonly string[] = [...'αβγδεζηθικλμνξοπρστυφχψω', ...'ΓΔΘΛΞΠΣΦΨΩ', 'µ', '±', '×', '°', '≤', '≥', '→', '‰'];
