// Provenance of a figure for a submission package: per panel, which source (by SHA-256, size and
// type — never its path or file name, which often carry a patient's name), every processing step
// with its values, the calibration and the software. The image-integrity statement is written
// from the same records, so the statement and the manifest cannot disagree.
import { describeWindow } from '../imaging/window-notation';
import type { Figure, Panel } from './schema';
import { bareLetter } from './letters';
import { formatNumber } from '../calibration/units';

/** What the services know about a panel's source file (measured, not taken from the project). */
export interface SourceFacts {
  sha256: string;
  size: number;
  /** "DICOM CT", "JPEG", "TIFF"… (format and modality; no names). */
  type: string;
  widthPx: number;
  heightPx: number;
  frames: number;
}

/** The window actually used for a grey panel, and where it came from. */
export interface WindowUsed {
  center: number;
  width: number;
  source: 'panel' | 'display-range' | 'file' | 'min-max';
  /** Modality units: "HU" for CT, else "". */
  unit: string;
}

export type ProcessingStep =
  | { step: 'crop'; x: number; y: number; width: number; height: number }
  | { step: 'rotation'; degrees: number }
  | { step: 'flip'; axis: 'horizontal' | 'vertical' }
  | { step: 'window'; center: number; width: number; unit: string; source: WindowUsed['source'] }
  | { step: 'invert' }
  | { step: 'brightness'; value: number }
  | { step: 'contrast'; value: number }
  | { step: 'gamma'; value: number }
  | { step: 'saturation'; value: number }
  | { step: 'grayscale' }
  | { step: 'redaction'; count: number; blurred?: number };

export interface PanelProvenance {
  letter: string;
  source: SourceFacts & { frame: number };
  steps: ProcessingStep[];
  calibration: { source: string; mmPerPxX: number; mmPerPxY: number; note: string } | null;
  /** Counts of annotations drawn over the image (not changes to pixels), by type. */
  overlays: Record<string, number>;
}

export interface FigureProvenance {
  figure: number;
  panels: PanelProvenance[];
  integrity: string;
}

export interface Manifest {
  manifestVersion: 1;
  software: { name: 'Medfig'; version: string };
  figures: FigureProvenance[];
}

/** The processing applied to one panel's pixels, in the order the display applies them. */
export function panelSteps(panel: Panel, size: { width: number; height: number }, window: WindowUsed | null): ProcessingStep[] {
  const steps: ProcessingStep[] = [];
  const c = panel.crop;
  if (c && !(c.x === 0 && c.y === 0 && c.w === size.width && c.h === size.height))
    steps.push({ step: 'crop', x: round(c.x), y: round(c.y), width: round(c.w), height: round(c.h) });
  if (panel.flipH) steps.push({ step: 'flip', axis: 'horizontal' });
  if (panel.flipV) steps.push({ step: 'flip', axis: 'vertical' });
  const rot = ((panel.rotation % 360) + 360) % 360;
  if (rot !== 0) steps.push({ step: 'rotation', degrees: round(rot) });
  if (window)
    steps.push({ step: 'window', center: round(window.center), width: round(window.width), unit: window.unit, source: window.source });
  const d = panel.display;
  if (d.invert) steps.push({ step: 'invert' });
  if (d.brightness !== 0) steps.push({ step: 'brightness', value: round(d.brightness) });
  if (d.contrast !== 0) steps.push({ step: 'contrast', value: round(d.contrast) });
  if (d.gamma !== 1) steps.push({ step: 'gamma', value: round(d.gamma) });
  if (d.grayscale) steps.push({ step: 'grayscale' });
  else if (d.saturation !== 1) steps.push({ step: 'saturation', value: round(d.saturation) });
  const redactions = panel.annotations.filter((a) => a.type === 'redaction' || a.layer === 'redactions');
  const blurred = redactions.filter((a) => a.type === 'redaction' && a.mode === 'blur').length;
  if (redactions.length)
    steps.push(blurred ? { step: 'redaction', count: redactions.length, blurred } : { step: 'redaction', count: redactions.length });
  return steps;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

export interface PanelFacts {
  source: SourceFacts;
  window: WindowUsed | null;
}

export function figureProvenance(figure: Figure, number: number, facts: ReadonlyMap<string, PanelFacts>): FigureProvenance {
  const panels = figure.panels.map((panel, i): PanelProvenance => {
    const f = facts.get(panel.id);
    if (!f) throw new Error(`panel ${bareLetter(figure, i)}: its source was not measured`);
    const overlays: Record<string, number> = {};
    for (const a of panel.annotations) if (a.type !== 'redaction' && a.layer === 'labels') overlays[a.type] = (overlays[a.type] ?? 0) + 1;
    const cal = panel.calibration;
    return {
      letter: bareLetter(figure, i),
      source: { ...f.source, frame: panel.frame },
      steps: panelSteps(panel, { width: f.source.widthPx, height: f.source.heightPx }, f.window),
      calibration: cal ? { source: cal.source, mmPerPxX: cal.mmPerPxX, mmPerPxY: cal.mmPerPxY, note: cal.note } : null,
      overlays,
    };
  });
  const record = { figure: number, panels, integrity: '' };
  record.integrity = integrityStatement(record);
  return record;
}

export function buildManifest(version: string, figures: FigureProvenance[]): Manifest {
  return { manifestVersion: 1, software: { name: 'Medfig', version }, figures };
}

function stepText(s: ProcessingStep): string {
  switch (s.step) {
    case 'crop':
      return `cropped to ${fmt(s.width)} × ${fmt(s.height)} px at (${fmt(s.x)}, ${fmt(s.y)})`;
    case 'rotation':
      return `rotated ${fmt(s.degrees)}° clockwise`;
    case 'flip':
      return `flipped ${s.axis}ly`;
    case 'window': {
      const from = {
        panel: 'set by the author',
        'display-range': 'display range set by the author',
        file: "the file's own",
        'min-max': 'full range of the data',
      }[s.source];
      // Written out, as in the legend: "40/400" is read centre-first by some, width-first by others.
      return `${describeWindow({ center: s.center, width: s.width }, s.unit)} (${from})`;
    }
    case 'invert':
      return 'greyscale inverted';
    case 'brightness':
      return `brightness ${signed(s.value)}`;
    case 'contrast':
      return `contrast ${signed(s.value)}`;
    case 'gamma':
      return `gamma ${fmt(s.value)}`;
    case 'saturation':
      return `saturation ×${fmt(s.value)}`;
    case 'grayscale':
      return 'converted to greyscale';
    case 'redaction':
      return s.blurred
        ? `${s.count} region${s.count === 1 ? '' : 's'} redacted (${s.count - s.blurred ? `${s.count - s.blurred} filled black, ` : ''}${s.blurred} blurred beyond recognition)`
        : `${s.count} region${s.count === 1 ? '' : 's'} redacted (filled black)`;
  }
}

const fmt = (n: number): string => formatNumber(n, 6);
const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : fmt(n));

/** The image-integrity statement for one figure, from its provenance records. */
export function integrityStatement(fig: Pick<FigureProvenance, 'figure' | 'panels'>): string {
  const lines: string[] = [];
  const tonal = new Set(['window', 'invert', 'brightness', 'contrast', 'gamma', 'saturation', 'grayscale']);
  const adjusted = fig.panels.filter((p) => p.steps.some((s) => tonal.has(s.step)));
  lines.push(
    `Figure ${fig.figure}: every adjustment of brightness, contrast, window, gamma or colour was applied to the whole image of ` +
      `its panel; no part of an image was adjusted, cloned, added or removed separately` +
      (fig.panels.some((p) => p.steps.some((s) => s.step === 'redaction')) ? ', except the redactions listed below' : '') +
      '.',
  );
  for (const p of fig.panels) {
    const steps = p.steps.map(stepText);
    lines.push(`Panel ${p.letter}: ${steps.length ? steps.join('; ') : 'shown as acquired (no processing)'}.`);
  }
  const gamma = fig.panels.filter((p) => p.steps.some((s) => s.step === 'gamma'));
  if (gamma.length)
    lines.push(`Non-linear adjustment (gamma) in panel${gamma.length === 1 ? '' : 's'} ${gamma.map((p) => p.letter).join(', ')}.`);
  const red = fig.panels.filter((p) => p.steps.some((s) => s.step === 'redaction'));
  if (red.length)
    lines.push(
      `Redactions are opaque black boxes or coarse blurs covering identifying text or features (panel${red.length === 1 ? '' : 's'} ${red.map((p) => p.letter).join(', ')}); they hide pixels and add none.`,
    );
  if (!adjusted.length) lines.push('No tonal adjustment was applied to any panel.');
  lines.push('Arrows, labels, measurements and scale bars are drawn over the images and do not change their pixels.');
  return lines.join('\n');
}

/** A readable text version of the manifest. */
export function manifestText(m: Manifest): string {
  const out: string[] = [`Provenance manifest — ${m.software.name} ${m.software.version}`, ''];
  for (const f of m.figures) {
    out.push(`Figure ${f.figure}`);
    for (const p of f.panels) {
      const s = p.source;
      out.push(`  Panel ${p.letter}`);
      out.push(
        `    source: ${s.type}, ${s.widthPx} × ${s.heightPx} px${s.frames > 1 ? `, frame ${s.frame + 1} of ${s.frames}` : ''}, ${s.size} bytes`,
      );
      out.push(`    SHA-256: ${s.sha256}`);
      out.push(`    processing: ${p.steps.length ? p.steps.map(stepText).join('; ') : 'none'}`);
      out.push(
        `    calibration: ${p.calibration ? `${p.calibration.source}, ${fmt(p.calibration.mmPerPxX)} × ${fmt(p.calibration.mmPerPxY)} mm/px${p.calibration.note ? ` (${p.calibration.note})` : ''}` : 'none'}`,
      );
      const ov = Object.entries(p.overlays);
      if (ov.length) out.push(`    overlays: ${ov.map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    out.push('', 'Image integrity', ...f.integrity.split('\n').map((l) => `  ${l}`), '');
  }
  return out.join('\n');
}
