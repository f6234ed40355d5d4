/**
 * The SVG carries the fonts its text was laid out with. Skia writes text as <text>/<tspan> with a
 * font-family but no font, so on a machine without the bundled face (a journal's, a co-author's)
 * the letters and labels change face and may no longer fit their boxes. Here every face of a
 * bundled family that the document's text uses (regular, bold, italic, bold italic) is subset to
 * the characters that face draws and embedded as an @font-face with a data: URL, under the same
 * family name the text already names — so an editor that ignores @font-face (and finds the font
 * installed) shows the same family in its font list, and the text stays text. Such an editor
 * (Inkscape, Illustrator) that lacks the family too falls back along the list the text names:
 * the bundled family, then common families with the same advance widths, then the generic one
 * (withFallbackFamilies), so the labels keep their widths there as well.
 *
 * Subsetting is harfbuzz's hb-subset (wasm, inside the subset-font package, loaded only when an
 * SVG is exported). TrueType, not WOFF2: every consumer that honours @font-face reads TrueType,
 * and a subset of a few dozen glyphs is a few KB either way. Hinting is dropped: it roughly
 * doubles a subset, and a figure is scaled anyway.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resourcesDir } from '../paths';

/** One face of a family, as CSS font matching tells them apart. */
export interface FaceKey {
  family: string;
  bold: boolean;
  italic: boolean;
}

/** The characters each face draws, keyed `family|bold|italic`. */
export type FontUsage = Map<string, { face: FaceKey; chars: Set<string> }>;

const keyOf = (f: FaceKey): string => `${f.family}|${f.bold ? 'bold' : ''}|${f.italic ? 'italic' : ''}`;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (whole, hex?: string, dec?: string, name?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return ENTITIES[name!] ?? whole;
  });
}

function attrsOf(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1], decodeXml(m[2])]));
}

/** The first family of a CSS font-family list, unquoted. */
function firstFamily(list: string): string {
  return list
    .split(',')[0]
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2');
}

/** Bold as CSS matching picks it between a 400 and a 700 face: any weight above 500. */
function isBold(weight: string | undefined): boolean {
  if (!weight) return false;
  if (weight === 'bold' || weight === 'bolder') return true;
  const n = Number(weight);
  return Number.isFinite(n) && n > 500;
}

const TEXT = /<text\b([^>]*)>([\s\S]*?)<\/text>/g;
const RUN = /<tspan\b([^>]*)>([^<]*)<\/tspan>|([^<]+)/g;
type Inherited = 'font-family' | 'font-weight' | 'font-style';

/**
 * Which characters each face draws in `svg`: the <text> elements Skia writes and the <tspan> runs
 * of rich labels (svg-text.ts), with font-family, font-weight and font-style inherited from the
 * <text>. Text without a font-family is left out (it is in the viewer's default font anyway).
 */
export function fontUsage(svg: string): FontUsage {
  const usage: FontUsage = new Map();
  for (const [, textAttrs, content] of svg.matchAll(TEXT)) {
    const outer = attrsOf(textAttrs);
    for (const [, runAttrs, runText, bareText] of content.matchAll(RUN)) {
      const own = runAttrs === undefined ? new Map<string, string>() : attrsOf(runAttrs);
      const attr = (name: Inherited) => own.get(name) ?? outer.get(name);
      const family = attr('font-family');
      const text = decodeXml(runText ?? bareText ?? '').replace(/[\t\n\r]/g, ' ');
      if (!family || !text) continue;
      const face: FaceKey = {
        family: firstFamily(family),
        bold: isBold(attr('font-weight')),
        italic: /^(italic|oblique)/.test(attr('font-style') ?? ''),
      };
      const key = keyOf(face);
      const entry = usage.get(key) ?? { face, chars: new Set<string>() };
      for (const ch of text) entry.chars.add(ch);
      usage.set(key, entry);
    }
  }
  return usage;
}

/**
 * The file of a bundled face: resources/fonts names each one family-without-spaces, a dash and its
 * PostScript style (LiberationSans-BoldItalic.ttf). A family the app does not ship (a system
 * fallback Skia chose for a character the bundled font lacks) has no such file: that text is left
 * as it was.
 */
export function bundledFaceFile(face: FaceKey, fontsDir: string): string {
  const style = face.bold ? (face.italic ? 'BoldItalic' : 'Bold') : face.italic ? 'Italic' : 'Regular';
  return join(fontsDir, `${face.family.replace(/\s+/g, '')}-${style}.ttf`);
}

/** Regular, bold, italic, bold italic; families by name: the same document always gives the same bytes. */
function faceOrder(a: FaceKey, b: FaceKey): number {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  return Number(a.italic) - Number(b.italic) || Number(a.bold) - Number(b.bold);
}

const cssString = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;

export interface EmbeddedFace extends FaceKey {
  /** The characters the subset was asked for, in code point order. */
  text: string;
  /** The subset font (TrueType). */
  font: Buffer;
}

/** Subsets each used face of a bundled family; faces of other families are skipped. */
export async function subsetUsedFaces(svg: string, fontsDir = join(resourcesDir(), 'fonts')): Promise<EmbeddedFace[]> {
  const used = [...fontUsage(svg).values()].sort((a, b) => faceOrder(a.face, b.face));
  if (!used.length) return [];
  const { default: subsetFont } = await import('subset-font');
  const faces: EmbeddedFace[] = [];
  for (const { face, chars } of used) {
    const file = bundledFaceFile(face, fontsDir);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      // A family the app does not ship keeps its font-family alone, as before.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`The SVG cannot embed its font: ${file} could not be read.`, { cause: e });
    }
    const text = [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');
    try {
      const font = await subsetFont(bytes, text, { targetFormat: 'truetype', noHinting: true });
      faces.push({ ...face, text, font });
    } catch (e) {
      throw new Error(`The SVG cannot embed its font: ${file} is not a font the subsetter can read.`, { cause: e });
    }
  }
  return faces;
}

/** The @font-face rules for `faces`, each font a data: URL. */
export function fontFaceCss(faces: readonly EmbeddedFace[]): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:${cssString(f.family)};font-style:${f.italic ? 'italic' : 'normal'};` +
        `font-weight:${f.bold ? 700 : 400};src:url(data:font/ttf;base64,${f.font.toString('base64')}) format("truetype")}`,
    )
    .join('\n');
}

/**
 * Where the <defs> go: after the root <svg …> and its <title>/<desc> (which assistive technology
 * expects as the first children).
 */
function headEnd(svg: string): number {
  const open = svg.search(/<svg[\s>]/);
  if (open < 0) throw new Error('SVG: no <svg> element');
  const re = /\s*<(title|desc)\b[^>]*>[\s\S]*?<\/\1>/y;
  re.lastIndex = svg.indexOf('>', open) + 1;
  let at = re.lastIndex;
  while (re.exec(svg)) at = re.lastIndex;
  return at;
}

/**
 * Families with the same advance widths as a bundled one, most widely installed first, and the
 * generic family. The app bundles Liberation Sans only: it was drawn to Arial's metrics, which are
 * Helvetica's. (Liberation Serif and Mono would be Times New Roman and Courier New, were they shipped.)
 */
const METRIC_FALLBACKS: Record<string, readonly string[]> = {
  'Liberation Sans': ['Arial', 'Helvetica', 'sans-serif'],
};

/**
 * `svg` with each font-family that names a bundled family alone given its fallbacks:
 * "'Liberation Sans', Arial, Helvetica, sans-serif". A viewer that reads @font-face still matches
 * the first family to the embedded face; one that ignores it takes the first family installed.
 * Only attributes inside tags change, never text; a list that names more than one family is left.
 */
export function withFallbackFamilies(svg: string): string {
  return svg.replace(/<[^>]*>/g, (tag) =>
    tag.replace(/(\sfont-family=")([^"]*)(")/g, (whole, open: string, list: string, close: string) => {
      const value = decodeXml(list);
      if (value.includes(',')) return whole;
      const family = firstFamily(value);
      const fallbacks = METRIC_FALLBACKS[family];
      return fallbacks ? `${open}${[`'${family}'`, ...fallbacks].join(', ')}${close}` : whole;
    }),
  );
}

/**
 * `svg` with the fonts of its text embedded and its bundled families given metric-compatible
 * fallbacks (unchanged when its text uses no bundled face).
 */
export async function embedSvgFonts(svg: string, fontsDir?: string): Promise<string> {
  const faces = await subsetUsedFaces(svg, fontsDir);
  const named = withFallbackFamilies(svg);
  if (!faces.length) return named;
  const at = headEnd(named);
  return `${named.slice(0, at)}<defs><style type="text/css">\n${fontFaceCss(faces)}\n</style></defs>${named.slice(at)}`;
}
