// The reference line the calibrate tool just drew, waiting for the user to type its length.
// UI state, not document state: only the resulting calibration goes into the document.
import { useSyncExternalStore } from 'react';
import type { Calibration, Point } from '../../shared/figure/schema';
import { formatNumber } from '../../shared/calibration/units';

export interface PendingReference {
  panelId: string;
  p1: Point;
  p2: Point;
  /** Where the length prompt goes: CSS px in the canvas, next to the line's end (null: unknown). */
  anchor?: { x: number; y: number } | null;
}

let pending: PendingReference | null = null;
const listeners = new Set<() => void>();

export const referenceLine = {
  get: () => pending,
  set(v: PendingReference | null) {
    pending = v;
    listeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function usePendingReference(): PendingReference | null {
  return useSyncExternalStore(referenceLine.subscribe, referenceLine.get);
}

/** Where a calibration came from the image file itself (not chosen or drawn by the user). */
export const FILE_SOURCES: ReadonlySet<Calibration['source']> = new Set(['PixelSpacing', 'ImagerPixelSpacing', 'TIFFResolution', 'ImageJ']);

const SOURCE_NAMES: Record<Calibration['source'], string> = {
  PixelSpacing: 'DICOM Pixel Spacing (patient plane)',
  ImagerPixelSpacing: 'DICOM Imager Pixel Spacing (detector plane)',
  TIFFResolution: 'TIFF resolution tags',
  ImageJ: 'ImageJ description',
  profile: 'microscope profile',
  reference: 'reference line',
};

/** "0.1 mm/px" or "0.1625 µm/px" (× y when pixels are not square). */
export function pixelSize(cal: Calibration): string {
  // Radiology reads mm per pixel, microscopy µm per pixel.
  const inMm = cal.mmPerPxX >= 0.01;
  const f = (mm: number) => formatNumber(inMm ? mm : mm * 1000, 4);
  const unit = inMm ? 'mm/px' : 'µm/px';
  const square = Math.abs(cal.mmPerPxX - cal.mmPerPxY) / cal.mmPerPxX < 1e-6;
  return square ? `${f(cal.mmPerPxX)} ${unit}` : `${f(cal.mmPerPxX)} × ${f(cal.mmPerPxY)} ${unit}`;
}

export function describeCalibration(cal: Calibration): string {
  return `${pixelSize(cal)} from ${SOURCE_NAMES[cal.source]}${cal.note && cal.source === 'profile' ? ` (${cal.note})` : ''}`;
}

/**
 * The question to ask before a calibration that came from the file is replaced by a profile or a
 * drawn line (naming both values), or null when nothing from the file would be lost.
 */
export function replaceQuestion(panelName: string, current: Calibration | null, next: Calibration) {
  if (!current || !FILE_SOURCES.has(current.source)) return null;
  if (current.source === next.source && current.mmPerPxX === next.mmPerPxX && current.mmPerPxY === next.mmPerPxY) return null;
  return {
    title: `Replace the file's calibration of ${panelName}?`,
    message: `${panelName[0].toUpperCase()}${panelName.slice(1)} is calibrated by its file: ${describeCalibration(current)}. Replace it with ${describeCalibration(next)}? Scale bars and measurements on this panel will change.`,
    buttons: [
      { id: 'replace', label: `Use ${SOURCE_NAMES[next.source]}` },
      { id: 'keep', label: 'Keep the file’s calibration', primary: true },
    ],
    cancelId: 'keep',
  };
}
