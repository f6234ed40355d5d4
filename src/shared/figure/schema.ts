// The Medfig document: the single source of truth for a project.
// Pure data (no pixels, no patient attributes). Validated with zod on every load and
// on every payload that crosses the renderer/main boundary.
import { z } from 'zod';
import { LIMITS } from '../limits';
import { plainText, Runs } from './rich-text';
import { PageItem } from './page-items';

export const FORMAT_VERSION = 2 as const;

const finite = z.number().finite();
const positive = finite.positive();
const id = z.string().min(1).max(64);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');

/** A referenced source image: never pixels, never patient attributes. */
export const SourceRef = z.object({
  id,
  /** Path relative to the project file's folder (forward slashes). */
  path: z.string().min(1).max(4096),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
  size: z.number().int().nonnegative(),
  kind: z.enum(['raster', 'dicom']),
});
export type SourceRef = z.infer<typeof SourceRef>;

/** Style of an annotation, in print units (points at the printed size). */
export const Style = z.object({
  color: colour,
  strokePt: finite.min(0).max(72),
  fontPt: finite.min(1).max(200),
  halo: z.boolean(),
  haloColor: colour,
  opacity: finite.min(0).max(1),
  fill: colour.nullable(),
  bold: z.boolean().default(false),
});
export type Style = z.infer<typeof Style>;

export const DEFAULT_STYLE: Style = {
  color: '#ffffff',
  strokePt: 1.5,
  fontPt: 8,
  halo: true,
  haloColor: '#000000',
  opacity: 1,
  fill: null,
  bold: false,
};

const point = z.tuple([finite, finite]);
export type Point = z.infer<typeof point>;

const base = {
  id,
  /** 'labels' can be hidden for an unlabelled teaching copy; 'redactions' never leave an export. */
  layer: z.enum(['labels', 'redactions']),
  style: Style,
};

// Rich labels (format 2): `runs` (rich-text.ts), when present, spell exactly the plain `text`.
const runsSpellText = (a: { text: string; runs?: Runs }): boolean => !a.runs || plainText(a.runs) === a.text;
const runsMismatch = { message: 'the formatted runs do not spell the text', path: ['runs'] };

// Annotation geometry is in source-image pixel coordinates (after EXIF orientation),
// so it stays on the anatomy through crop, rotation and flip.
export const Annotation = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('arrow'),
    points: z.tuple([point, point]),
    head: z.enum(['filled', 'open', 'none']).default('filled'),
    tail: z.enum(['none', 'dot', 'filled']).default('none'),
  }),
  z.object({ ...base, type: z.literal('line'), points: z.tuple([point, point]) }),
  z
    .object({
      ...base,
      type: z.literal('text'),
      at: point,
      text: z.string().max(10000),
      runs: Runs.optional(),
      rotation: finite.default(0),
    })
    .refine(runsSpellText, runsMismatch),
  z
    .object({ ...base, type: z.literal('callout'), at: point, target: point, text: z.string().max(10000), runs: Runs.optional() })
    .refine(runsSpellText, runsMismatch),
  z.object({ ...base, type: z.literal('rect'), at: point, size: z.tuple([finite, finite]), rotation: finite.default(0) }),
  z.object({ ...base, type: z.literal('ellipse'), at: point, size: z.tuple([finite, finite]), rotation: finite.default(0) }),
  z.object({
    ...base,
    type: z.literal('polygon'),
    points: z.array(point).min(2).max(LIMITS.pointsPerShape),
    closed: z.boolean().default(true),
  }),
  z.object({ ...base, type: z.literal('freehand'), points: z.array(point).min(2).max(LIMITS.pointsPerShape) }),
  z.object({
    ...base,
    type: z.literal('marker'),
    at: point,
    shape: z.enum(['asterisk', 'star', 'arrowhead']),
    sizePt: positive.default(10),
    rotation: finite.default(0),
  }),
  z.object({ ...base, type: z.literal('number'), at: point, n: z.number().int().min(0) }),
  z.object({ ...base, type: z.literal('measure-length'), points: z.array(point).min(2).max(10000) }),
  z.object({ ...base, type: z.literal('measure-angle'), points: z.tuple([point, point, point]) }),
  z.object({ ...base, type: z.literal('measure-area'), points: z.array(point).min(3).max(LIMITS.pointsPerShape) }),
  z.object({
    ...base,
    type: z.literal('redaction'),
    at: point,
    size: z.tuple([finite, finite]),
    /** How the pixels are hidden: absent = 'solid' (opaque black); 'blur' (a face) is burned in too. */
    mode: z.enum(['solid', 'blur']).optional(),
  }),
]);
export type Annotation = z.infer<typeof Annotation>;
export type AnnotationType = Annotation['type'];

/** Where a panel's pixel size came from (principle 4). */
export const Calibration = z.object({
  source: z.enum(['PixelSpacing', 'ImagerPixelSpacing', 'TIFFResolution', 'ImageJ', 'profile', 'reference']),
  /** Size of one source pixel, in millimetres, along a row (x) and along a column (y). */
  mmPerPxX: positive,
  mmPerPxY: positive,
  /** Human text: "detector plane", "Olympus 40x / 0.25 µm/px", "reference line 10 mm". */
  note: z.string().max(500).default(''),
});
export type Calibration = z.infer<typeof Calibration>;

export const ScaleBar = z.object({
  /** null = automatic "nice" length; else a length in mm. */
  lengthMm: positive.nullable(),
  targetFraction: finite.min(0.05).max(0.9).default(0.2),
  thicknessPt: finite.min(0.25).max(20).default(2),
  fontPt: finite.min(4).max(72).default(8),
  label: z.enum(['above', 'below', 'none']).default('above'),
  corner: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']).default('bottom-right'),
  marginMm: finite.min(0).max(50).default(2),
  color: colour.default('#ffffff'),
  halo: z.boolean().default(true),
});
export type ScaleBar = z.infer<typeof ScaleBar>;

const corner = z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']);
const directions = z.string().regex(/^[LRAPHF]{1,3}$/, 'a patient direction: L, R, A, P, H or F (up to 3 letters)');

/**
 * L/R/A/P/H/F labels at the panel's edges. The source image's own directions are kept (from Image
 * Orientation (Patient) or Patient Orientation when the user turned them on); the edges' labels
 * follow the panel's rotation and flips (src/shared/imaging/orientation.ts).
 */
export const OrientationMarkers = z.object({
  right: directions,
  down: directions,
  fontPt: finite.min(4).max(72).default(9),
  color: colour.default('#ffffff'),
  halo: z.boolean().default(true),
});
export type OrientationMarkers = z.infer<typeof OrientationMarkers>;

/** A laterality marker the user places on a photo ("L", "R", "Rt"…), in a corner of the panel. */
export const LateralityMarker = z.object({
  text: z.string().min(1).max(8),
  corner: corner.default('top-right'),
  fontPt: finite.min(4).max(72).default(12),
  marginMm: finite.min(0).max(50).default(2),
  color: colour.default('#ffffff'),
  halo: z.boolean().default(true),
});
export type LateralityMarker = z.infer<typeof LateralityMarker>;

/** The grey ramp of a windowed panel with its values, placed like a scale bar. */
export const ValueBar = z.object({
  corner: corner.default('bottom-left'),
  targetFraction: finite.min(0.1).max(0.9).default(0.35),
  thicknessPt: finite.min(1).max(20).default(5),
  fontPt: finite.min(4).max(72).default(7),
  marginMm: finite.min(0).max(50).default(2),
  color: colour.default('#ffffff'),
  halo: z.boolean().default(true),
  /** "HU" for CT, the rescale type otherwise, '' for stored values. */
  units: z.string().max(16).default(''),
  /** The image is MONOCHROME1 (low values white): the ramp runs the other way. */
  mono1: z.boolean().default(false),
});
export type ValueBar = z.infer<typeof ValueBar>;

export const Display = z.object({
  /** DICOM window in modality units (HU for CT); null = file's own, else min–max. */
  window: z.object({ center: finite, width: positive }).nullable().default(null),
  invert: z.boolean().default(false),
  /** 16-bit raster display range; null = auto (min–max). */
  range: z.object({ min: finite, max: finite }).nullable().default(null),
  brightness: finite.min(-1).max(1).default(0),
  contrast: finite.min(-1).max(1).default(0),
  gamma: finite.min(0.1).max(10).default(1),
  saturation: finite.min(0).max(3).default(1),
  grayscale: z.boolean().default(false),
});
export type Display = z.infer<typeof Display>;

export const Crop = z.object({ x: finite, y: finite, w: positive, h: positive });
export type Crop = z.infer<typeof Crop>;

/** What each kind of marker on a panel points at, in the author's words ('' = not yet said). */
export const MarkerMeanings = z.object({
  arrows: z.string().max(300).default(''),
  arrowheads: z.string().max(300).default(''),
  asterisks: z.string().max(300).default(''),
  stars: z.string().max(300).default(''),
  numbers: z.string().max(300).default(''),
});
export type MarkerMeanings = z.infer<typeof MarkerMeanings>;

/** A panel's legend facts that only the author knows. */
export const Caption = z.object({
  stain: z.string().max(200).default(''),
  /** Objective or magnification as typed: "40x", "×10", "40× oil, NA 1.3". */
  objective: z.string().max(200).default(''),
  /** What the panel is: "Axial CT of the pelvis". */
  description: z.string().max(2000).default(''),
  /** What it shows: "subcutaneous calcification without visceral involvement". */
  finding: z.string().max(2000).default(''),
  markers: MarkerMeanings.default(MarkerMeanings.parse({})),
});
export type Caption = z.infer<typeof Caption>;

/** A panel's box on the page in free layout (mm); null = where the grid puts it. */
export const PanelPlace = z.object({ xMm: finite, yMm: finite, wMm: positive, hMm: positive });
export type PanelPlace = z.infer<typeof PanelPlace>;

/** An inset floating over its parent: the corner it sits in and its integer zoom over the parent's scale. */
export const InsetFloat = z.object({
  corner: corner.default('top-right'),
  zoom: z.number().int().min(1).max(16).default(2),
  marginMm: finite.min(0).max(50).default(1),
});
export type InsetFloat = z.infer<typeof InsetFloat>;

export const Panel = z.object({
  id,
  sourceId: id,
  /** 0-based frame of a multi-frame file or page of a multi-page TIFF. */
  frame: z.number().int().min(0).default(0),
  /** In source pixels; null = whole image. */
  crop: Crop.nullable().default(null),
  /** Degrees clockwise, any angle (applied after flips). */
  rotation: finite.default(0),
  flipH: z.boolean().default(false),
  flipV: z.boolean().default(false),
  display: Display.default(Display.parse({})),
  calibration: Calibration.nullable().default(null),
  scaleBar: ScaleBar.nullable().default(null),
  orientationMarkers: OrientationMarkers.nullable().default(null),
  laterality: LateralityMarker.nullable().default(null),
  valueBar: ValueBar.nullable().default(null),
  annotations: z.array(Annotation).max(LIMITS.annotationsPerPanel).default([]),
  /** Overrides the automatic letter of this panel. */
  letter: z.string().max(8).nullable().default(null),
  /** What the author writes for the legend (all optional: older files get empty fields). */
  caption: Caption.default(Caption.parse({})),
  /** An inset shows a region of a parent panel, outlined on the parent. */
  insetOf: id.nullable().default(null),
  /** Free layout: where the panel sits on the page (additive: older files get null). */
  place: PanelPlace.nullable().default(null),
  /** An inset that floats over its parent (null = laid out as a panel of its own). */
  float: InsetFloat.nullable().default(null),
});
export type Panel = z.infer<typeof Panel>;

export const LetterStyle = z.object({
  enabled: z.boolean().default(true),
  format: z.enum(['A', 'a', '(A)', '(a)', 'A.', 'a)']).default('A'),
  fontPt: finite.min(4).max(72).default(10),
  bold: z.boolean().default(true),
  color: colour.default('#ffffff'),
  halo: z.boolean().default(true),
  placement: z.enum(['inside-top-left', 'inside-top-right', 'outside-top-left', 'inside-bottom-left']).default('inside-top-left'),
});
export type LetterStyle = z.infer<typeof LetterStyle>;

export const Page = z.object({
  journal: z.string().max(64).default('custom'),
  widthMm: finite.min(10).max(1000),
  /** null = height fits the content. */
  heightMm: finite.min(10).max(2000).nullable().default(null),
  marginMm: finite.min(0).max(50).default(0),
  gutterMm: finite.min(0).max(50).default(2),
  background: colour.default('#ffffff'),
});
export type Page = z.infer<typeof Page>;

export const Figure = z.object({
  id,
  name: z.string().min(1).max(200),
  page: Page,
  /** Panel counts per row, in layout order; sum = panels.length. */
  rows: z.array(z.number().int().min(1).max(8)).max(8),
  /** 'grid' = rows above; 'free' = each panel at its own `place` (set by the first free move). */
  layoutMode: z.enum(['grid', 'free']).default('grid'),
  letters: LetterStyle.default(LetterStyle.parse({})),
  panels: z.array(Panel).max(64),
  /** Layers hidden on screen (exports choose separately). */
  hiddenLayers: z.array(z.enum(['labels', 'page'])).default([]),
  /** Text, lines and brackets on the page outside the panels (page-items.ts), drawn on their own layer. */
  pageItems: z.array(PageItem).max(500).default([]),
  /** Alt text the author wrote (PPTX pictures, SVG <desc>, PDF subject); '' = generated from the figure. */
  altText: z.string().max(4000).default(''),
  /** The figure's title, the legend's first sentence ('' = none yet). */
  title: z.string().max(500).default(''),
  /** The legend as the author finished it; '' = generated from the figure (see legend.ts). */
  legend: z.string().max(20000).default(''),
  /**
   * The draft the author's legend was started from (additive: '' in older files). When the draft
   * written from the figure no longer matches it, the figure changed after the legend was edited.
   */
  legendBase: z.string().max(20000).default(''),
});
export type Figure = z.infer<typeof Figure>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');

/** What the user confirmed in the export check, kept with the project (additive: older files get empty lists). */
export const PrivacyRecord = z.object({
  /** "I checked this panel's pixels", per panel and source content: the next export of the same figure asks nothing again. */
  acks: z
    .array(z.object({ panelId: id, sha256, at: z.string().max(40) }))
    .max(10000)
    .default([]),
  /** Consent for publication of an identifiable photograph, per source content. */
  consent: z
    .array(z.object({ sha256, at: z.string().max(40) }))
    .max(10000)
    .default([]),
});
export type PrivacyRecord = z.infer<typeof PrivacyRecord>;

/** Points an annotation carries (what its export costs to draw). */
function pointsOf(a: Annotation): number {
  return 'points' in a ? a.points.length : 1;
}

export const Project = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    app: z.literal('medfig'),
    sources: z.array(SourceRef).max(10000),
    figures: z.array(Figure).min(1).max(100),
    privacy: PrivacyRecord.default({ acks: [], consent: [] }),
  })
  .superRefine((p, ctx) => {
    // Each part within its own limit can still add up to an export that runs for minutes:
    // the whole project is bounded too.
    let annotations = 0;
    let points = 0;
    for (const f of p.figures)
      for (const panel of f.panels) {
        annotations += panel.annotations.length;
        for (const a of panel.annotations) points += pointsOf(a);
      }
    if (annotations > LIMITS.annotationsPerProject)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['figures'],
        message: `${annotations.toLocaleString('en')} annotations, more than Medfig draws in one project (${LIMITS.annotationsPerProject.toLocaleString('en')})`,
      });
    else if (points > LIMITS.pointsPerProject)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['figures'],
        message: `${points.toLocaleString('en')} annotation points, more than Medfig draws in one project (${LIMITS.pointsPerProject.toLocaleString('en')})`,
      });
  });
export type Project = z.infer<typeof Project>;

/** Turns a zod error into one line naming the path of the bad field. */
export function describeZodError(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid document';
  const path = first.path.length
    ? first.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')
    : '(root)';
  return `${path}: ${inPlainWords(first.message)}`;
}

/** Zod's "Invalid input: expected number, received undefined" as a reader would say it. */
function inPlainWords(message: string): string {
  const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (!m) return message;
  const a = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
  return m[2] === 'undefined' ? `missing (it should be ${a(m[1])})` : `should be ${a(m[1])}, not ${a(m[2])}`;
}
