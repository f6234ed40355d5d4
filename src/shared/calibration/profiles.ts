// Microscope calibration profiles: the pixel size at the specimen follows from the optics,
// µm/px = camera pixel (µm) × binning / (objective magnification × relay/adapter factor).
import type { Calibration } from '../figure/schema';
import { formatNumber } from './units';

export interface MicroscopeProfile {
  id: string;
  name: string;
  /** Objective magnification, e.g. 40 for a 40× objective. */
  objective: number;
  /** Physical size of one camera sensor pixel, µm (from the camera's data sheet). */
  cameraPixelUm: number;
  /** C-mount / relay / tube-lens adapter factor (0.5×, 0.63×, 1×). */
  relay: number;
  /** Camera binning (1 = none). */
  binning?: number;
  /** Shipped illustration, not a measured instrument: must be checked against a stage micrometer. */
  example?: boolean;
  note?: string;
}

export function umPerPx(p: Pick<MicroscopeProfile, 'objective' | 'cameraPixelUm' | 'relay' | 'binning'>): number {
  return (p.cameraPixelUm * (p.binning ?? 1)) / (p.objective * p.relay);
}

/** Problems with a profile (empty = usable). */
export function validateProfile(p: MicroscopeProfile): string[] {
  const out: string[] = [];
  const pos = (v: number, what: string): void => {
    if (!(v > 0) || !Number.isFinite(v)) out.push(`${what} must be a positive number (got ${v})`);
  };
  pos(p.objective, 'objective magnification');
  pos(p.cameraPixelUm, 'camera pixel size');
  pos(p.relay, 'relay/adapter factor');
  if (p.binning !== undefined && !(Number.isInteger(p.binning) && p.binning >= 1))
    out.push(`binning must be a whole number ≥ 1 (got ${p.binning})`);
  if (p.cameraPixelUm > 100) out.push(`camera pixel size of ${p.cameraPixelUm} µm is implausible (sensors are 1–30 µm)`);
  if (p.objective > 200) out.push(`objective magnification ${p.objective}× is implausible`);
  return out;
}

/** Calibration (source 'profile') from a microscope profile; square pixels. */
export function calibrationFromProfile(p: MicroscopeProfile): Calibration {
  const problems = validateProfile(p);
  if (problems.length) throw new Error(`profile "${p.name}": ${problems.join('; ')}`);
  const um = umPerPx(p);
  const mm = um / 1000;
  const relay = p.relay !== 1 ? `, ${formatNumber(p.relay)}× adapter` : '';
  const bin = (p.binning ?? 1) > 1 ? `, bin ${p.binning}` : '';
  return {
    source: 'profile',
    mmPerPxX: mm,
    mmPerPxY: mm,
    note: `${p.name}: ${formatNumber(p.objective)}× objective${relay}${bin}, ${formatNumber(um, 4)} µm/px${p.example ? ' (example profile)' : ''}`.slice(
      0,
      500,
    ),
  };
}

/**
 * Shipped examples — typical sensor/adapter combinations, NOT calibrated instruments. Each is
 * marked `example: true`; a lab should verify against a stage micrometer and save its own.
 */
export const EXAMPLE_PROFILES: readonly MicroscopeProfile[] = [
  {
    id: 'example-sCMOS-6.5-40x',
    name: 'Example: 40× objective, 6.5 µm sCMOS, 1× adapter',
    objective: 40,
    cameraPixelUm: 6.5,
    relay: 1,
    example: true,
  },
  {
    id: 'example-sCMOS-6.5-10x',
    name: 'Example: 10× objective, 6.5 µm sCMOS, 1× adapter',
    objective: 10,
    cameraPixelUm: 6.5,
    relay: 1,
    example: true,
  },
  {
    id: 'example-cmos-3.45-20x-0.5',
    name: 'Example: 20× objective, 3.45 µm CMOS, 0.5× C-mount adapter',
    objective: 20,
    cameraPixelUm: 3.45,
    relay: 0.5,
    example: true,
  },
  {
    id: 'example-cmos-2.4-4x-0.63',
    name: 'Example: 4× objective, 2.4 µm CMOS, 0.63× adapter',
    objective: 4,
    cameraPixelUm: 2.4,
    relay: 0.63,
    example: true,
  },
];
