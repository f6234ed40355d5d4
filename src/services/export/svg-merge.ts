/**
 * Skia's SVG canvas writes one flat document. To give each Konva layer its own
 * named group we render layers separately and merge the bodies here, prefixing
 * ids (clip paths, images) so documents cannot collide.
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

/**
 * Prefix every id and local reference inside tags (not in text nodes, where a
 * label could legitimately contain "url(#…)").
 */
export function prefixIds(body: string, prefix: string): string {
  return body.replace(/<[^>]*>/g, (tag) =>
    tag
      .replace(/(\sid=")([^"]*")/g, `$1${prefix}$2`)
      .replace(/url\(#/g, `url(#${prefix}`)
      .replace(/(\s(?:xlink:)?href=")#/g, `$1#${prefix}`),
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
  const used = new Set<string>();
  const groups = parts.map((part, i) => {
    const id = svgId(part.name, used);
    const body = prefixIds(svgBody(part.svg), `L${i}-`);
    return `<g id="${escapeAttr(id)}">${body}</g>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" ` +
    `width="${fmt(widthMm)}mm" height="${fmt(heightMm)}mm" viewBox="0 0 ${fmt(wPt)} ${fmt(hPt)}"` +
    (meta.title || meta.description
      ? ` role="img" aria-labelledby="${[meta.title ? 'figure-title' : '', meta.description ? 'figure-desc' : ''].filter(Boolean).join(' ')}">` +
        (meta.title ? `<title id="figure-title">${escapeText(meta.title)}</title>` : '') +
        (meta.description ? `<desc id="figure-desc">${escapeText(meta.description)}</desc>` : '')
      : '>') +
    groups.join('') +
    '</svg>\n'
  );
}

function fmt(n: number): string {
  return String(Math.round(n * 1e4) / 1e4);
}
