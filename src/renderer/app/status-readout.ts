// What the status bar says about the pointer and the zoom. Pure: the bar only renders these.
// The pointer's position is read in the panel under the pointer and converted with that panel's
// own calibration (never the selected panel's): a physical number from the wrong panel is the
// worst error a measuring clinician can be shown.
import type { Calibration, Point } from '../../shared/figure/schema';
import { sourceToMm } from '../../shared/calibration/measure';
import { isValidCalibration } from '../../shared/calibration/spacing';
import { fromMm, type LengthUnit } from '../../shared/calibration/units';
import { describeCalibration } from './calibration-state';

export interface PointerReadout {
  /** "B · x 412, y 233 px": the source pixel under the pointer (the one the value readout reads). */
  pixel: string;
  /** "x 41.2, y 23.3 mm", "x 103.1, y 58.4 µm" or "not calibrated". */
  physical: string;
  calibrated: boolean;
  /** The longer explanation, for a tooltip. */
  title: string;
}

export interface PointerInput {
  /** The hovered panel's letter as the panel list shows it ("B"). */
  letter: string;
  /** The pointer in that panel's source px (null: not over a panel). */
  source: Point | null;
  /** That panel's calibration. */
  calibration: Calibration | null | undefined;
  /** That panel's source size; when known, a pointer beyond the image reads nothing. */
  size?: { width: number; height: number } | null;
}

/**
 * The unit positions are read in: µm when a pixel is under 10 µm (microscopy), else mm — the same
 * rule as the calibration panel's pixel size ("0.25 µm/px", "0.1 mm/px"), so the two agree.
 */
export function positionUnit(cal: Calibration): Extract<LengthUnit, 'mm' | 'µm'> {
  return cal.mmPerPxX >= 0.01 ? 'mm' : 'µm';
}

/** Decimals that resolve one pixel in `unit` (0.1 mm/px → 1; 0.25 µm/px → 1; 2 µm/px → 0), at most 3. */
function decimalsFor(mmPerPx: number, unit: LengthUnit): number {
  const step = fromMm(mmPerPx, unit);
  return Math.min(3, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

/** The pointer readout for the panel under the pointer, or null (not over an image: say nothing). */
export function pointerReadout({ letter, source, calibration, size }: PointerInput): PointerReadout | null {
  if (!source || !Number.isFinite(source[0]) || !Number.isFinite(source[1])) return null;
  if (size && (source[0] < 0 || source[1] < 0 || source[0] >= size.width || source[1] >= size.height)) return null;
  // The pixel whose value is read beside it (PixelReadout floors too).
  const px = Math.floor(source[0]);
  const py = Math.floor(source[1]);
  const pixel = `${letter} · x ${px}, y ${py} px`;
  const cal = isValidCalibration(calibration) ? calibration : null;
  if (!cal)
    return {
      pixel,
      physical: 'not calibrated',
      calibrated: false,
      title: `Panel ${letter} is not calibrated, so the pointer is read in image pixels only. Calibrate it (pixel spacing from the file, a microscope profile or a reference line) to read lengths.`,
    };
  const unit = positionUnit(cal);
  const [xMm, yMm] = sourceToMm(source, cal);
  const d = Math.max(decimalsFor(cal.mmPerPxX, unit), decimalsFor(cal.mmPerPxY, unit));
  const f = (mm: number) => fromMm(mm, unit).toFixed(d);
  const plane = cal.source === 'ImagerPixelSpacing' ? ' (detector plane)' : '';
  return {
    pixel,
    physical: `x ${f(xMm)}, y ${f(yMm)} ${unit}${plane}`,
    calibrated: true,
    title: `Pointer on panel ${letter}, measured from its image's top-left corner with its own calibration: ${describeCalibration(cal)}.`,
  };
}

export interface ZoomReadout {
  /** "zoom 2329 % (panel B)" — tests read the number after "zoom". */
  text: string;
  title: string;
}

/**
 * The zoom label. The percent is image pixels of one panel per screen pixel (100 % is what 1:1
 * shows), so it differs between panels of different resolution in one view: the label names the
 * panel it is measured on, and the tooltip says why selecting another panel changes the number.
 */
export function zoomReadout(percent: number, letter: string | null, selected = true): ZoomReadout {
  const n = Number.isFinite(percent) ? String(Math.round(percent)) : '–';
  if (!letter) return { text: `zoom ${n} %`, title: '100 % shows one image pixel per screen pixel (1:1, Ctrl+1).' };
  return {
    text: `zoom ${n} % (panel ${letter})`,
    title:
      `100 % shows one image pixel of panel ${letter}${selected ? ', the selected panel,' : ' (no panel is selected)'} per screen pixel (1:1, Ctrl+1). ` +
      'Panels differ in resolution, so selecting another panel changes this number, not the view.',
  };
}
