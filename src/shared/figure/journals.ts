// Journal artwork rules as data. Each value names the guideline it comes from; values marked
// "approximate" were not confirmed against the journal's current page and should be checked
// before relying on them (journals revise these pages without notice).

export type ExportFormat = 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg' | 'eps';

export interface Journal {
  id: string;
  name: string;
  /** Standard printed widths, mm. null = any width (custom). */
  widths: { single: number; onePointFive?: number; double: number } | null;
  /** Any width inside this range is accepted as well (PLOS, Nature's 1.5 column). */
  widthRangeMm?: [number, number];
  /** Tallest printed figure, mm; null = no limit. */
  maxHeightMm: number | null;
  /** Minimum resolution at printed size, by content type. */
  minDpi: { photo: number; combination: number; lineArt: number };
  /** Smallest text at printed size (pt). */
  minFontPt: number;
  /** Largest recommended text (pt), when the journal states one. */
  maxFontPt?: number;
  /** Thinnest line that survives printing (pt). */
  minLineWidthPt: number;
  formats: ExportFormat[];
  colour: string;
  /** Where the values come from. */
  source: string;
  /** The journal's guideline page: the only kind of link Medfig opens in the browser (src/main/security.ts). */
  guideUrl?: string;
}

export const JOURNALS: readonly Journal[] = [
  {
    id: 'nature',
    name: 'Nature',
    // Nature research figure guide, "Building and exporting figure panels": 89 mm single, 183 mm double.
    // 1.5 column 120–136 mm: Nature final artwork guide (older) — approximate.
    widths: { single: 89, onePointFive: 120, double: 183 },
    widthRangeMm: [120, 136],
    // The figure guide says 170 mm so the legend fits below; 247 mm is the full page depth
    // (figure with legend on the facing page). We check against 170 mm, the stated maximum.
    maxHeightMm: 170,
    // "All photographic images must be supplied at a minimum of 300 dpi" (figure guide,
    // "Preparing figures – our specifications"). Combination/line art: approximate (Nature
    // prefers vector for line art).
    minDpi: { photo: 300, combination: 600, lineArt: 1000 },
    // "Minimum text size: 5pt; maximum text size: 7pt" (figure guide).
    minFontPt: 5,
    maxFontPt: 7,
    // 0.25–1 pt line widths: approximate (older Nature artwork guide).
    minLineWidthPt: 0.25,
    // TIFF/JPEG for images, PDF/EPS (AI) for vector: approximate.
    formats: ['tiff', 'jpeg', 'pdf', 'eps', 'png'],
    colour: 'RGB (converted to CMYK for print by the journal)',
    source: 'research-figure-guide.nature.com',
    guideUrl: 'https://research-figure-guide.nature.com/',
  },
  {
    id: 'cell',
    name: 'Cell Press',
    // Cell Press figure guidelines: 85 mm (1 col), 114 mm (1.5 col), 174 mm (full width).
    widths: { single: 85, onePointFive: 114, double: 174 },
    // approximate: full-page figure height ~225 mm.
    maxHeightMm: 225,
    // Cell Press digital image guidelines: colour/greyscale 300 dpi, black-and-white/combination
    // 500 dpi, line art 1000 dpi — approximate.
    minDpi: { photo: 300, combination: 500, lineArt: 1000 },
    // approximate: text ≥ 6 pt at final size.
    minFontPt: 6,
    minLineWidthPt: 0.25, // approximate
    formats: ['tiff', 'pdf', 'eps', 'jpeg'], // approximate
    colour: 'RGB',
    source: 'cell.com/information-for-authors/figure-guidelines (approximate)',
    guideUrl: 'https://www.cell.com/information-for-authors/figure-guidelines',
  },
  {
    id: 'elsevier',
    name: 'Elsevier (generic)',
    // Elsevier artwork sizing: single column 90 mm, 1.5 column 140 mm, double column 190 mm.
    widths: { single: 90, onePointFive: 140, double: 190 },
    // approximate: full page 190 × 240 mm.
    maxHeightMm: 240,
    // Elsevier artwork formats: halftones ≥ 300 dpi, line/halftone combinations ≥ 500 dpi,
    // bitmapped line drawings ≥ 1000 dpi.
    minDpi: { photo: 300, combination: 500, lineArt: 1000 },
    // Artwork sizing: 7 pt for normal text, no smaller than 6 pt for sub/superscripts. 6 pt is the
    // floor we enforce; 7 pt is the recommendation.
    minFontPt: 6,
    // Artwork types (EPS): "line weights range from 0.10 pt to 1.5 pt".
    minLineWidthPt: 0.1,
    formats: ['tiff', 'jpeg', 'eps', 'pdf'],
    colour: 'RGB (some Health Sciences journals prefer CMYK)',
    source: 'elsevier.com/about/policies-and-standards/author/artwork-and-media-instructions',
    guideUrl: 'https://www.elsevier.com/about/policies-and-standards/author/artwork-and-media-instructions',
  },
  {
    id: 'plos',
    name: 'PLOS',
    // PLOS figure guidelines: width 6.68–19.05 cm; 13.2 cm is the common column width.
    widths: { single: 132, double: 190.5 },
    widthRangeMm: [66.8, 190.5],
    // Height maximum 22.23 cm (8.75 in).
    maxHeightMm: 222.25,
    // 300–600 dpi whatever the content.
    minDpi: { photo: 300, combination: 300, lineArt: 300 },
    // Arial, Times or Symbol, 8–12 pt.
    minFontPt: 8,
    maxFontPt: 12,
    minLineWidthPt: 0.25, // approximate: PLOS states no minimum line width
    // TIFF (LZW, flattened, no alpha) or EPS only.
    formats: ['tiff', 'eps'],
    colour: 'RGB (8 bit/channel) or greyscale',
    source: 'journals.plos.org/plosone/s/figures',
    guideUrl: 'https://journals.plos.org/plosone/s/figures',
  },
  {
    id: 'jama',
    name: 'JAMA Network',
    // approximate: one column ~86 mm (3.4 in), two columns ~178 mm (7 in).
    widths: { single: 86, double: 178 },
    maxHeightMm: 229, // approximate: 9 in
    // AMA Manual of Style: digital images ≥ 350 ppi; line art 1200 dpi — approximate.
    minDpi: { photo: 350, combination: 600, lineArt: 1200 },
    minFontPt: 6, // approximate
    minLineWidthPt: 0.5, // approximate
    formats: ['tiff', 'jpeg', 'eps', 'pdf', 'png'], // approximate
    colour: 'RGB',
    source: 'AMA Manual of Style / JAMA instructions for authors (approximate)',
    guideUrl: 'https://jamanetwork.com/journals/jama/pages/instructions-for-authors',
  },
  {
    id: 'nejm',
    name: 'NEJM',
    // approximate: NEJM redraws figures in house; column ~84 mm, full width ~178 mm.
    widths: { single: 84, double: 178 },
    maxHeightMm: 229, // approximate
    // approximate: photographs/halftones 300 dpi, line art 1200 dpi.
    minDpi: { photo: 300, combination: 600, lineArt: 1200 },
    minFontPt: 6, // approximate
    minLineWidthPt: 0.5, // approximate
    formats: ['tiff', 'jpeg', 'eps', 'pdf'], // approximate
    colour: 'RGB',
    source: 'nejm.org/author-center/new-manuscripts (approximate)',
    guideUrl: 'https://www.nejm.org/author-center/new-manuscripts',
  },
  {
    id: 'radiology',
    name: 'Radiology (RSNA)',
    // approximate: one column ~86 mm (3.4 in), two columns ~178 mm (7 in).
    widths: { single: 86, double: 178 },
    maxHeightMm: 229, // approximate
    // approximate: greyscale images 300 dpi, images with text 600 dpi, line art 1200 dpi.
    minDpi: { photo: 300, combination: 600, lineArt: 1200 },
    minFontPt: 6, // approximate
    minLineWidthPt: 0.5, // approximate
    formats: ['tiff', 'jpeg'], // approximate
    colour: 'RGB or greyscale',
    source: 'pubs.rsna.org/page/radiology/author-instructions (approximate)',
    guideUrl: 'https://pubs.rsna.org/page/radiology/author-instructions',
  },
  {
    id: 'custom',
    name: 'Custom',
    widths: null,
    maxHeightMm: null,
    // Commonly accepted floor when the journal is unknown.
    minDpi: { photo: 300, combination: 300, lineArt: 300 },
    minFontPt: 5,
    minLineWidthPt: 0.25,
    formats: ['png', 'tiff', 'jpeg', 'pdf', 'svg', 'eps'],
    colour: 'RGB',
    source: 'none (user-defined)',
  },
];

/** The journal with this id; 'custom' for unknown ids (a document from a newer version). */
export function getJournal(id: string): Journal {
  return JOURNALS.find((j) => j.id === id) ?? JOURNALS.find((j) => j.id === 'custom')!;
}

/** The standard widths (mm), labelled, ascending. */
export function journalWidths(j: Journal): { label: string; mm: number }[] {
  if (!j.widths) return [];
  const out = [{ label: 'single column', mm: j.widths.single }];
  if (j.widths.onePointFive !== undefined) out.push({ label: '1.5 column', mm: j.widths.onePointFive });
  out.push({ label: 'double column', mm: j.widths.double });
  return out.sort((a, b) => a.mm - b.mm);
}

/** Tolerance for "this width is the standard width" (rounding in mm ↔ in conversions). */
export const WIDTH_TOLERANCE_MM = 0.5;

export function isAcceptedWidth(j: Journal, widthMm: number): boolean {
  if (!j.widths) return true;
  if (journalWidths(j).some((w) => Math.abs(w.mm - widthMm) <= WIDTH_TOLERANCE_MM)) return true;
  const r = j.widthRangeMm;
  return !!r && widthMm >= r[0] - WIDTH_TOLERANCE_MM && widthMm <= r[1] + WIDTH_TOLERANCE_MM;
}

/** The standard width closest to `widthMm`, or null for a custom journal. */
export function nearestWidth(j: Journal, widthMm: number): { label: string; mm: number } | null {
  const ws = journalWidths(j);
  if (!ws.length) return null;
  return ws.reduce((best, w) => (Math.abs(w.mm - widthMm) < Math.abs(best.mm - widthMm) ? w : best));
}

/** Every page Medfig may open in the user's browser: the journals' guideline pages, listed where the user picks a journal. */
export const EXTERNAL_LINKS: readonly string[] = JOURNALS.flatMap((j) => (j.guideUrl ? [j.guideUrl] : []));
