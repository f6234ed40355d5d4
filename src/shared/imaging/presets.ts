// Window presets, and which of them an image is offered.
// The CT presets are in Hounsfield units (center/width), as radiology viewers (OHIF, Horos) name
// them: they mean nothing on a radiograph, whose values are detector exposure or optical density
// (a CR's values sit far above Bone's top, so Bone paints it solid black). windowChoices decides.
import type { DecodedFrame, ImageInfo, Window } from './types';
import { minMaxWindow, modalityFn, voi } from './window';
import { formatWindow } from './window-notation';

export interface WindowPreset extends Window {
  id: string;
  name: string;
}

export const CT_WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'soft-tissue', name: 'Soft tissue', center: 40, width: 400 },
  { id: 'bone', name: 'Bone', center: 300, width: 1500 },
  { id: 'bone-wide', name: 'Bone (wide)', center: 480, width: 2500 },
  { id: 'lung', name: 'Lung', center: -600, width: 1500 },
  { id: 'brain', name: 'Brain', center: 40, width: 80 },
  { id: 'mediastinum', name: 'Mediastinum', center: 50, width: 350 },
  { id: 'abdomen', name: 'Abdomen', center: 60, width: 400 },
  { id: 'liver', name: 'Liver', center: 60, width: 160 },
];

/** A CT preset by id (the CLI's `--window` names: a contract, whatever the image). */
export function ctPreset(id: string): WindowPreset | undefined {
  return CT_WINDOW_PRESETS.find((p) => p.id === id);
}

/** What windowChoices reads of an image's info. */
export type WindowChoiceInfo = Pick<ImageInfo, 'format' | 'channels' | 'bitsStored' | 'windows'> &
  Partial<Pick<ImageInfo, 'modality' | 'units' | 'rescale' | 'windowExplanations'>>;

/**
 * True when the image's modality values are Hounsfield units: the decoder says so (`units` "HU":
 * CT with a rescale, or RescaleType HU), or — for info read before `units` existed — the modality
 * is CT. A CT without a rescale has stored values of unknown offset: not HU.
 */
export function valuesAreHu(info: Partial<Pick<ImageInfo, 'modality' | 'units'>>): boolean {
  if (info.units !== undefined) return info.units?.toUpperCase() === 'HU';
  return info.modality?.trim().toUpperCase() === 'CT';
}

export interface WindowChoice {
  /** Stable id (test ids, keys): a CT preset's id, "file-1"…, "auto" or "full". */
  id: string;
  /** Button text. */
  name: string;
  /** Tooltip: the window in the one notation, and where it comes from. */
  title: string;
  kind: 'file' | 'ct' | 'auto' | 'full';
  window: Window;
}

/** The decoded frame's facts windowChoices uses (stored range and modality LUT). */
export type WindowChoiceFrame = Pick<DecodedFrame, 'channels' | 'minStored' | 'maxStored' | 'slope' | 'intercept'>;

/** The window over every value the file's bit depth can hold (PixelRepresentation read from the data's sign). */
export function fullRangeWindow(info: WindowChoiceInfo, frame?: WindowChoiceFrame | null): Window {
  const bits = Math.max(1, Math.min(32, info.bitsStored || 16));
  const signed = !!frame && frame.minStored < 0;
  const first = signed ? -(2 ** (bits - 1)) : 0;
  const last = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const slope = frame?.slope ?? info.rescale?.slope ?? 1;
  const intercept = frame?.intercept ?? info.rescale?.intercept ?? 0;
  // Modality values as the display computes them (integers where dcmtk keeps integers).
  const m = modalityFn({ slope, intercept, minStored: first, maxStored: last } as DecodedFrame);
  const a = m(first);
  const b = m(last);
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  // Same convention as the min–max window: the extremes land exactly on black and white.
  return { center: (lo + hi + 1) / 2, width: Math.max(1, hi - lo + 1) };
}

/** True when every pixel of the frame would get the same grey under `w` (all black or all white). */
export function paintsUniform(w: Window, frame: WindowChoiceFrame): boolean {
  const m = modalityFn(frame as DecodedFrame);
  const a = m(frame.minStored);
  const b = m(frame.maxStored);
  if (a === b) return false; // a flat image is flat under any window: nothing to tell apart
  // The VOI function is monotonic: the image is uniform iff its extremes map to the same grey.
  return voi(a, w) === voi(b, w);
}

/**
 * The windows a grey DICOM image is offered, in order: the file's own (named by their
 * explanation when the file gives one), then — only when the values are Hounsfield units — the CT
 * presets; for other grey images (CR, DX, MG, NM…) Auto (min–max of the values present) and Full
 * range instead. With the decoded frame known, any choice that would paint the whole image one
 * grey is left out. Colour images and rasters get none (they have no window presets).
 */
export function windowChoices(info: WindowChoiceInfo, frame?: WindowChoiceFrame | null): WindowChoice[] {
  if (info.format !== 'dicom' || info.channels !== 1) return [];
  const out: WindowChoice[] = info.windows.map((w, i) => {
    const why = info.windowExplanations?.[i]?.trim();
    return {
      id: `file-${i + 1}`,
      // The file's windows are arbitrary numbers, so their buttons show them.
      name: `${why || `File ${i + 1}`} (${formatWindow(w)})`,
      title: why ? `The file's window ${i + 1}: ${why}` : `The file's window ${i + 1}`,
      kind: 'file',
      window: { center: w.center, width: w.width },
    };
  });
  if (valuesAreHu(info)) {
    for (const p of CT_WINDOW_PRESETS)
      out.push({ id: p.id, name: p.name, title: `${formatWindow(p)} HU`, kind: 'ct', window: { center: p.center, width: p.width } });
  } else {
    if (frame && frame.channels === 1)
      out.push({
        id: 'auto',
        name: 'Auto',
        title: `${formatWindow(minMaxWindow(frame as DecodedFrame))} · darkest to brightest value present`,
        kind: 'auto',
        window: minMaxWindow(frame as DecodedFrame),
      });
    const full = fullRangeWindow(info, frame);
    out.push({
      id: 'full',
      name: 'Full range',
      title: `${formatWindow(full)} · every value the file can hold`,
      kind: 'full',
      window: full,
    });
  }
  return frame && frame.channels === 1 ? out.filter((c) => !paintsUniform(c.window, frame)) : out;
}
