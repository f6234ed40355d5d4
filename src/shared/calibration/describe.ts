// One line saying what a panel's calibration is and where it came from, for the inspector.
import type { Calibration } from '../figure/schema';
import { formatNumber } from './units';

const FROM: Record<Calibration['source'], string> = {
  PixelSpacing: 'DICOM Pixel Spacing (patient plane)',
  ImagerPixelSpacing: 'DICOM Imager Pixel Spacing (detector plane)',
  TIFFResolution: 'TIFF resolution tags',
  ImageJ: 'ImageJ description',
  profile: 'microscope profile',
  reference: 'reference line',
};

/**
 * "0.1625 µm/px · microscope profile · Olympus 40×…". A note that only repeats the source
 * ("detector plane") is left out, and one that starts with it ("reference line 50 µm over 205 px")
 * replaces it, so no words are said twice.
 */
export function describeCalibration(cal: Calibration): string {
  const x = cal.mmPerPxX * 1000;
  const y = cal.mmPerPxY * 1000;
  const size = Math.abs(x - y) / x < 1e-6 ? `${formatNumber(x, 4)} µm/px` : `${formatNumber(x, 4)} × ${formatNumber(y, 4)} µm/px`;
  const from = FROM[cal.source];
  const note = cal.note?.trim() ?? '';
  if (!note || from.toLowerCase().includes(note.toLowerCase())) return `${size} · ${from}`;
  if (note.toLowerCase().startsWith(from.toLowerCase())) return `${size} · ${note}`;
  return `${size} · ${from} · ${note}`;
}
