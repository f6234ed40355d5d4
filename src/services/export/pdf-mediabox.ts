/**
 * Skia's PDF back end rounds page sizes to whole points (183 mm → 519 pt, not
 * 518.74). Rewrite the MediaBox with the exact size and shift the classic
 * xref table's offsets to match, so the page is the figure's size. Images are
 * marked /Interpolate in the same pass.
 */

function fmt(n: number): string {
  return String(Math.round(n * 1e4) / 1e4);
}

export function setPdfPageSize(pdf: Buffer, widthPt: number, heightPt: number): Buffer {
  const text = pdf.toString('latin1');
  const box = /\/MediaBox\s*\[\s*0\s+0\s+[\d.]+\s+[\d.]+\s*\]/g;
  const edits: Array<{ at: number; from: number; to: string }> = [];
  for (let m = box.exec(text); m; m = box.exec(text)) {
    edits.push({ at: m.index, from: m[0].length, to: `/MediaBox [0 0 ${fmt(widthPt)} ${fmt(heightPt)}]` });
  }
  if (edits.length === 0) throw new Error('PDF: no MediaBox to set');
  // Images scale smoothly in viewers, as on screen and in the PNG export: Skia leaves /Interpolate
  // out, and viewers then enlarge a small source (a 16 px radiograph on a 80 mm panel) in blocks.
  const image = /\/Subtype\s*\/Image(?![A-Za-z])/g;
  for (let m = image.exec(text); m; m = image.exec(text)) edits.push({ at: m.index + m[0].length, from: 0, to: '\n/Interpolate true' });
  edits.sort((a, b) => a.at - b.at);

  const xrefAt = text.lastIndexOf('\nxref\n') + 1;
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (xrefAt <= 0 || !startxref || Number(startxref[1]) !== xrefAt) {
    // Not the simple layout Skia writes; leave the file valid rather than guess.
    throw new Error('PDF: unexpected cross-reference layout');
  }
  const shift = (offset: number) => edits.reduce((d, e) => (e.at < offset ? d + e.to.length - e.from : d), 0) + offset;

  // Rebuild: body with edits, then the xref section with shifted offsets.
  let body = '';
  let p = 0;
  for (const e of edits) {
    body += text.slice(p, e.at) + e.to;
    p = e.at + e.from;
  }
  body += text.slice(p, xrefAt);
  const xref = text
    .slice(xrefAt, startxref.index)
    .replace(/^(\d{10}) (\d{5}) n/gm, (_, off: string, gen: string) => `${String(shift(Number(off))).padStart(10, '0')} ${gen} n`);
  return Buffer.from(`${body}${xref}startxref\n${shift(xrefAt)}\n%%EOF\n`, 'latin1');
}
