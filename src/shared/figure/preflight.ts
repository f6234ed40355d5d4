// Preflight: checks a figure against a journal's rules before export. Every violation says
// what is wrong, where (panel letter), and how to fix it. Silent on a good figure.
import type { Annotation, Figure, Panel } from './schema';
import { layoutFigure, type FigureLayout } from './layout';
import { fitFigureToSize } from './fit-size';
import { getJournal, isAcceptedWidth, nearestWidth, type ExportFormat, type Journal } from './journals';
import { letterFor } from './letters';
import { panelTransform } from '../geometry/transform';
import { chooseScaleBar, UNCALIBRATED_MESSAGE } from '../calibration/scalebar';
import { isValidCalibration } from '../calibration/spacing';
import { formatNumber, MM_PER_INCH, ppiOf } from '../calibration/units';

export type PreflightRule =
  | 'width'
  | 'height'
  | 'dpi'
  | 'effective-ppi'
  | 'font-size'
  | 'line-width'
  | 'format'
  | 'scale-bar'
  | 'missing-panel'
  | 'duplicate-letter'
  | 'unchecked-panel';

export interface Violation {
  severity: 'error' | 'warning';
  panelIndex?: number;
  letter?: string;
  rule: PreflightRule;
  message: string;
  fix: string;
}

export interface PreflightContext {
  journal: Journal | string;
  /** Export resolution, dots per inch at printed size. */
  dpi: number;
  format: ExportFormat;
  /** Source size in px after EXIF orientation, by source id. */
  sourceSizes: ReadonlyMap<string, { width: number; height: number }>;
  /** Why a source has no size (could not be read or decoded), by source id: said, never skipped. */
  sourceProblems?: ReadonlyMap<string, string>;
  layout: FigureLayout;
}

/** A panel whose geometry cannot be worked out is reported, not skipped (a silent pass would lie). */
function transformProblem(e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  return `its crop or rotation cannot be applied (${why})`;
}

/** Vector exports keep text and lines as vectors: only the raster images need the DPI. */
const VECTOR_FORMATS: ReadonlySet<ExportFormat> = new Set(['pdf', 'svg', 'eps']);

const TEXT_TYPES: ReadonlySet<Annotation['type']> = new Set([
  'text',
  'callout',
  'number',
  'measure-length',
  'measure-angle',
  'measure-area',
]);
const STROKE_TYPES: ReadonlySet<Annotation['type']> = new Set([
  'arrow',
  'line',
  'callout',
  'rect',
  'ellipse',
  'polygon',
  'freehand',
  'measure-length',
  'measure-angle',
  'measure-area',
]);

/** Annotations that print on the figure (redactions are opaque boxes, not line art or text). */
function printedAnnotations(panel: Panel): Annotation[] {
  return panel.annotations.filter((a) => a.layer === 'labels' && a.type !== 'redaction');
}

/**
 * A panel is combination art (halftone + line/text) when anything is drawn over the image.
 * Panel letters alone don't count: every lettered figure would otherwise be "combination",
 * and journals set letter size and position themselves.
 */
export function isCombinationPanel(panel: Panel): boolean {
  return printedAnnotations(panel).length > 0 || (panel.scaleBar != null && panel.scaleBar.label !== 'none');
}

/**
 * The height fix: fitting the figure to the page (fit-size.ts) crops the panels so they fill
 * width × the journal's height with no white bands; say how much it crops, or that it cannot.
 */
function heightFix(figure: Figure, ctx: PreflightContext, maxH: number): string {
  const W = ctx.layout.pageWidthMm;
  const sizes = figure.panels.map((p) => ctx.sourceSizes.get(p.sourceId) ?? { width: 1, height: 1 });
  const fit = fitFigureToSize(figure, sizes, { widthMm: W, heightMm: maxH });
  const size = `${formatNumber(W)} × ${formatNumber(maxH)} mm`;
  if (fit.bandMm === 0) {
    const cut = Math.max(
      0,
      ...fit.crops.map((c, i) => {
        const before = figure.panels[i].crop ?? { w: sizes[i].width, h: sizes[i].height };
        return c ? 1 - (c.w * c.h) / (before.w * before.h) : 0;
      }),
    );
    return `Fit the figure to ${size} (Figure → Fit Figure to W × H mm…): panels fill the page with no white bands, each cropped by at most ${Math.round(cut * 100)} %.`;
  }
  return `Put more panels per row or crop panels to a wider shape: fitting to ${size} would still leave ${formatNumber(fit.bandMm)} mm of white.`;
}

export function preflight(figure: Figure, ctx: PreflightContext): Violation[] {
  const journal = typeof ctx.journal === 'string' ? getJournal(ctx.journal) : ctx.journal;
  const out: Violation[] = [];
  const jn = journal.name;
  const panelName = (i: number): string => `Panel ${letterFor(figure, i)}`;
  const at = (i: number): Pick<Violation, 'panelIndex' | 'letter'> => ({ panelIndex: i, letter: letterFor(figure, i) });

  // --- Panels present -------------------------------------------------------------------------
  if (figure.panels.length === 0) {
    out.push({ severity: 'error', rule: 'missing-panel', message: 'The figure has no panels.', fix: 'Add at least one image panel.' });
  }
  const rowSum = figure.rows.reduce((s, r) => s + r, 0);
  if (figure.panels.length > 0 && rowSum !== figure.panels.length) {
    out.push({
      severity: 'error',
      rule: 'missing-panel',
      message: `The row arrangement holds ${rowSum} panel${rowSum === 1 ? '' : 's'} but the figure has ${figure.panels.length}.`,
      fix: 'Choose a grid or row arrangement that matches the number of panels.',
    });
  }
  const panelIds = new Set(figure.panels.map((p) => p.id));
  /** Panel index → why it could not be checked; one finding each, after the checks. */
  const unchecked = new Map<number, string>();
  const viewWidthOf = (i: number, size: { width: number; height: number }): number | null => {
    try {
      return panelTransform(figure.panels[i], size.width, size.height).viewWidth;
    } catch (e) {
      if (!unchecked.has(i)) unchecked.set(i, transformProblem(e));
      return null;
    }
  };
  figure.panels.forEach((panel, i) => {
    const problem = ctx.sourceProblems?.get(panel.sourceId);
    if (!ctx.sourceSizes.has(panel.sourceId) && problem) {
      unchecked.set(i, problem);
    } else if (!ctx.sourceSizes.has(panel.sourceId)) {
      out.push({
        severity: 'error',
        rule: 'missing-panel',
        ...at(i),
        message: `${panelName(i)}: its source image is missing or could not be read.`,
        fix: 'Relink the moved file (File → Relink) or replace the panel image.',
      });
    } else if (!ctx.layout.panels.some((lp) => lp.index === i)) {
      out.push({
        severity: 'error',
        rule: 'missing-panel',
        ...at(i),
        message: `${panelName(i)} has no place in the layout.`,
        fix: 'Re-apply the layout.',
      });
    }
    if (panel.insetOf != null && !panelIds.has(panel.insetOf)) {
      out.push({
        severity: 'warning',
        rule: 'missing-panel',
        ...at(i),
        message: `${panelName(i)} is an inset of a panel that is no longer in the figure.`,
        fix: 'Remove the inset link or restore the parent panel.',
      });
    }
  });

  // --- Page size ------------------------------------------------------------------------------
  const widthMm = ctx.layout.pageWidthMm;
  if (!isAcceptedWidth(journal, widthMm)) {
    const near = nearestWidth(journal, widthMm)!;
    out.push({
      severity: 'warning',
      rule: 'width',
      message: `Figure width ${formatNumber(widthMm)} mm is not a ${jn} width; the nearest is ${formatNumber(near.mm)} mm (${near.label}).`,
      fix: `Set the page width to ${formatNumber(near.mm)} mm so the figure is printed at the size you checked.`,
    });
  }
  if (journal.maxHeightMm != null && ctx.layout.pageHeightMm > journal.maxHeightMm + 0.05) {
    out.push({
      severity: 'error',
      rule: 'height',
      message: `Figure height ${formatNumber(ctx.layout.pageHeightMm)} mm exceeds ${jn}'s maximum of ${formatNumber(journal.maxHeightMm)} mm.`,
      fix: heightFix(figure, ctx, journal.maxHeightMm),
    });
  }

  // --- Format -----------------------------------------------------------------------------------
  if (!journal.formats.includes(ctx.format)) {
    out.push({
      severity: 'error',
      rule: 'format',
      message: `${jn} does not accept ${ctx.format.toUpperCase()} files.`,
      fix: `Export as ${journal.formats.map((f) => f.toUpperCase()).join(' or ')}.`,
    });
  }

  // --- Resolution -----------------------------------------------------------------------------
  const vector = VECTOR_FORMATS.has(ctx.format);
  const combination = figure.panels.map(isCombinationPanel);
  const firstCombo = combination.indexOf(true);
  const requiredDpi = !vector && firstCombo >= 0 ? journal.minDpi.combination : journal.minDpi.photo;
  if (figure.panels.length > 0 && ctx.dpi < requiredDpi) {
    const why = !vector && firstCombo >= 0 ? `combination art (${panelName(firstCombo)} has labels drawn over the image)` : 'photographs';
    out.push({
      severity: 'error',
      rule: 'dpi',
      message: `Export resolution ${formatNumber(ctx.dpi)} dpi is below ${jn}'s minimum of ${requiredDpi} dpi for ${why}.`,
      fix: `Export at ${requiredDpi} dpi or more${!vector && firstCombo >= 0 && journal.formats.some((f) => VECTOR_FORMATS.has(f)) ? ', or as PDF/EPS so text and lines stay vector and only the images need ' + journal.minDpi.photo + ' dpi' : ''}.`,
    });
  }
  // Effective ppi: source pixels actually available across the printed panel. Exporting at
  // 300 dpi does not add detail to a 512 px image printed 60 mm wide.
  const needPpi = journal.minDpi.photo;
  for (const lp of ctx.layout.panels) {
    const panel = figure.panels[lp.index];
    const size = panel && ctx.sourceSizes.get(panel.sourceId);
    if (!panel || !size || !(lp.wMm > 0)) continue;
    const viewWidth = viewWidthOf(lp.index, size);
    if (viewWidth === null) continue;
    const ppi = ppiOf(viewWidth, lp.wMm);
    if (ppi + 1e-9 < needPpi) {
      const maxMm = (viewWidth / needPpi) * MM_PER_INCH;
      out.push({
        severity: 'warning',
        rule: 'effective-ppi',
        ...at(lp.index),
        message: `${panelName(lp.index)}: source has ${Math.round(viewWidth)} px over ${formatNumber(lp.wMm)} mm = ${Math.round(ppi)} ppi effective < ${needPpi}.`,
        fix: `Print it at most ${formatNumber(maxMm)} mm wide, crop less, or use a higher-resolution source; resampling up adds no detail.`,
      });
    }
  }

  // --- Text size and line width ----------------------------------------------------------------
  const minFont = journal.minFontPt;
  const minLine = journal.minLineWidthPt;
  if (figure.letters.enabled && figure.letters.fontPt < minFont) {
    out.push({
      severity: 'error',
      rule: 'font-size',
      message: `Panel letters are ${formatNumber(figure.letters.fontPt)} pt, below ${jn}'s minimum of ${formatNumber(minFont)} pt.`,
      fix: `Set the letter size to at least ${formatNumber(minFont)} pt.`,
    });
  }
  figure.panels.forEach((panel, i) => {
    const anns = printedAnnotations(panel);
    const smallText = anns.filter((a) => TEXT_TYPES.has(a.type) && a.style.fontPt < minFont);
    if (smallText.length) {
      const smallest = Math.min(...smallText.map((a) => a.style.fontPt));
      out.push({
        severity: 'error',
        rule: 'font-size',
        ...at(i),
        message: `${panelName(i)}: ${smallText.length} label${smallText.length === 1 ? '' : 's'} at ${formatNumber(smallest)} pt, below ${jn}'s minimum of ${formatNumber(minFont)} pt.`,
        fix: `Set the text size to at least ${formatNumber(minFont)} pt (sizes are at the printed size, whatever the panel's zoom).`,
      });
    }
    const sb = panel.scaleBar;
    if (sb && sb.label !== 'none' && sb.fontPt < minFont) {
      out.push({
        severity: 'error',
        rule: 'font-size',
        ...at(i),
        message: `${panelName(i)}: scale-bar label is ${formatNumber(sb.fontPt)} pt, below ${jn}'s minimum of ${formatNumber(minFont)} pt.`,
        fix: `Set the scale-bar text to at least ${formatNumber(minFont)} pt.`,
      });
    }
    const thin = anns.filter((a) => STROKE_TYPES.has(a.type) && a.style.strokePt > 0 && a.style.strokePt < minLine);
    if (thin.length) {
      const thinnest = Math.min(...thin.map((a) => a.style.strokePt));
      out.push({
        severity: 'warning',
        rule: 'line-width',
        ...at(i),
        message: `${panelName(i)}: ${thin.length} line${thin.length === 1 ? '' : 's'} at ${formatNumber(thinnest)} pt, thinner than ${jn}'s minimum of ${formatNumber(minLine)} pt.`,
        fix: `Set the stroke to at least ${formatNumber(minLine)} pt so it survives printing.`,
      });
    }
    if (sb && sb.thicknessPt < minLine) {
      out.push({
        severity: 'warning',
        rule: 'line-width',
        ...at(i),
        message: `${panelName(i)}: scale bar is ${formatNumber(sb.thicknessPt)} pt thick, thinner than ${jn}'s minimum of ${formatNumber(minLine)} pt.`,
        fix: `Set the scale-bar thickness to at least ${formatNumber(minLine)} pt.`,
      });
    }

    // --- Scale bars -------------------------------------------------------------------------------
    if (sb) {
      if (!isValidCalibration(panel.calibration)) {
        out.push({
          severity: 'error',
          rule: 'scale-bar',
          ...at(i),
          message: `${panelName(i)} has a scale bar but no calibration, so its length would be a guess.`,
          fix: UNCALIBRATED_MESSAGE,
        });
      } else {
        const size = ctx.sourceSizes.get(panel.sourceId);
        if (size) {
          const viewWidth = viewWidthOf(i, size);
          if (viewWidth != null) {
            const choice = chooseScaleBar(panel.calibration, viewWidth, {
              lengthMm: sb.lengthMm,
              targetFraction: sb.targetFraction,
              rotationDeg: panel.rotation,
            });
            if (!choice.ok)
              out.push({
                severity: 'error',
                rule: 'scale-bar',
                ...at(i),
                message: `${panelName(i)}: ${choice.error}`,
                fix: 'Choose a shorter scale bar, or automatic length.',
              });
          }
        }
      }
    }
  });

  for (const [i, why] of [...unchecked].sort((a, b) => a[0] - b[0]))
    out.push({
      severity: 'error',
      rule: 'unchecked-panel',
      ...at(i),
      message: `Could not check panel ${letterFor(figure, i)}: ${why.replace(/\.$/, '')}.`,
      fix: 'Relink or replace its image, or reset its crop and rotation, then check again.',
    });

  // --- Letters ------------------------------------------------------------------------------------
  if (figure.letters.enabled) {
    const seen = new Map<string, number>();
    figure.panels.forEach((_, i) => {
      const l = letterFor(figure, i);
      const prev = seen.get(l);
      if (prev !== undefined) {
        out.push({
          severity: 'warning',
          rule: 'duplicate-letter',
          ...at(i),
          message: `${panelName(i)} has the same letter as panel ${prev + 1} in order.`,
          fix: 'Clear the letter override so the panel takes its automatic letter, or choose another.',
        });
      } else seen.set(l, i);
    });
  }

  return out;
}

/** Lays the figure out from its sources' sizes, then checks it: what the CLI and the export dialog both run. */
export function preflightFigure(figure: Figure, ctx: Omit<PreflightContext, 'layout'>): Violation[] {
  const views = figure.panels.map((p) => {
    const s = ctx.sourceSizes.get(p.sourceId) ?? { width: 1, height: 1 };
    try {
      const t = panelTransform(p, s.width, s.height);
      return { width: t.viewWidth, height: t.viewHeight };
    } catch {
      return { width: 1, height: 1 }; // laid out square; preflight reports the panel as not checked
    }
  });
  const aspects = views.map((v) => v.width / v.height);
  return preflight(figure, { ...ctx, layout: layoutFigure(figure, aspects, { viewSizes: views }) });
}
