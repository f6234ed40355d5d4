/**
 * Skia's SVG canvas writes one flat document. To give each Konva layer its own
 * named group we render layers separately and merge the bodies here, renaming
 * the ids Skia generates (clip paths, images, gradients, patterns) after their
 * layer, so documents cannot collide and the same figure gives the same bytes.
 */

/** A valid, unique XML id from a layer name. */
export function svgId(name: string, used: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z_]+/, '') || 'layer';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** The markup between the root <svg …> and </svg>. */
export function svgBody(svg: string): string {
  const open = svg.search(/<svg[\s>]/);
  if (open < 0) throw new Error('SVG: no <svg> element');
  const start = svg.indexOf('>', open) + 1;
  const end = svg.lastIndexOf('</svg>');
  if (svg[start - 2] === '/') return ''; // <svg … /> : nothing drawn
  if (end < start) throw new Error('SVG: unterminated <svg>');
  return svg.slice(start, end);
}

/** Skia's generated ids are a kind and a counter (cl_1a, img_0, gradient_2, pattern_0); the kind, spelled out. */
function idKind(id: string): string {
  const kind = /^([A-Za-z]+)_[0-9A-Fa-f]+$/.exec(id)?.[1];
  if (!kind) return 'id';
  return ({ cl: 'clip', img: 'image' } as Record<string, string>)[kind] ?? kind;
}

const ID_ATTR = /(\sid=")([^"]*)(")/g;
const URL_REF = /(url\((['"]?)#)([^)'"]*)(\2\))/g;
const HREF_REF = /(\s(?:xlink:)?href="#)([^"]*)(")/g;

/**
 * Every id in `body` renamed `<prefix>-<kind><n>`, numbered per kind in document order, and every
 * local reference (url(#…), href="#…", xlink:href="#…") rewritten to match. Skia numbers its clip
 * paths on from the last document drawn in the same process, so the same figure would otherwise
 * get different ids on every export. Only tags are rewritten: a label may legitimately read
 * "url(#…)". Names already in `used` (other layers' ids and groups) are skipped, and the new ones
 * added. A reference to an id the body does not define is left as it is.
 */
export function renumberIds(body: string, prefix: string, used: Set<string>): string {
  const tags = /<[^>]*>/g;
  const renamed = new Map<string, string>();
  const fresh: string[] = [];
  const counts = new Map<string, number>();
  for (const [tag] of body.matchAll(tags))
    for (const [, , id] of tag.matchAll(ID_ATTR)) {
      const kind = idKind(id);
      let name: string;
      do {
        const n = (counts.get(kind) ?? 0) + 1;
        counts.set(kind, n);
        name = `${prefix}-${kind}${n}`;
      } while (used.has(name));
      used.add(name);
      fresh.push(name);
      // A repeated id (Skia writes none) still gets a name of its own; references go to the first.
      if (!renamed.has(id)) renamed.set(id, name);
    }
  let next = 0;
  const ref = (id: string) => renamed.get(id) ?? id;
  return body.replace(tags, (tag) =>
    tag
      .replace(ID_ATTR, (_m, open: string, _id: string, close: string) => `${open}${fresh[next++]}${close}`)
      .replace(URL_REF, (_m, open: string, _q: string, id: string, close: string) => `${open}${ref(id)}${close}`)
      .replace(HREF_REF, (_m, open: string, id: string, close: string) => `${open}${ref(id)}${close}`),
  );
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export interface SvgPart {
  name: string;
  svg: string;
}

/** Accessible name and description of the figure (alt text): <title>, <desc>, role="img". */
export interface SvgMeta {
  title?: string;
  description?: string;
}

const TITLE_ID = 'figure-title';
const DESC_ID = 'figure-desc';

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One SVG document: physical size in mm, user units = PDF points (viewBox),
 * one <g id="…"> per part in paint order.
 */
export function mergeSvg(parts: SvgPart[], widthMm: number, heightMm: number, meta: SvgMeta = {}): string {
  const wPt = (widthMm * 72) / 25.4;
  const hPt = (heightMm * 72) / 25.4;
  // The title and description ids, then every group's, are taken before any layer's own ids are named.
  const used = new Set<string>([...(meta.title ? [TITLE_ID] : []), ...(meta.description ? [DESC_ID] : [])]);
  const ids = parts.map((part) => svgId(part.name, used));
  const groups = parts.map((part, i) => `<g id="${escapeAttr(ids[i])}">${renumberIds(svgBody(part.svg), ids[i], used)}</g>`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" ` +
    `width="${fmt(widthMm)}mm" height="${fmt(heightMm)}mm" viewBox="0 0 ${fmt(wPt)} ${fmt(hPt)}"` +
    (meta.title || meta.description
      ? ` role="img" aria-labelledby="${[meta.title ? TITLE_ID : '', meta.description ? DESC_ID : ''].filter(Boolean).join(' ')}">` +
        (meta.title ? `<title id="${TITLE_ID}">${escapeText(meta.title)}</title>` : '') +
        (meta.description ? `<desc id="${DESC_ID}">${escapeText(meta.description)}</desc>` : '')
      : '>') +
    groups.join('') +
    '</svg>\n'
  );
}

function fmt(n: number): string {
  return String(Math.round(n * 1e4) / 1e4);
}
