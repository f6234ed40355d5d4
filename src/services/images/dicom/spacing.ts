// Physical pixel size from a DICOM header, with where it came from (DESIGN principle 4: calibration
// is explicit). Projection images (CR/DX/MG…) measure at the detector unless calibrated.
import type { DataSet } from 'dicom-parser';
import type { PixelSpacing } from '../../../shared/imaging/types';
import { decimal, decimals, str } from './pixelModule';
import { attrSource } from './functionalGroups';

const PROJECTION = new Set(['CR', 'DX', 'MG', 'RF', 'XA', 'IO', 'PX', 'RG', 'DF']);
const MIN_MM = 1e-5;
const MAX_MM = 100;

function pair(ds: DataSet, tag: string, name: string, warnings: string[]): [number, number] | null {
  if (!ds.elements[tag] || ds.elements[tag].length === 0) return null;
  const v = decimals(ds, tag);
  const raw = ds.string(tag) ?? '';
  if (v.length < 2 || !v.slice(0, 2).every((x) => Number.isFinite(x) && x >= MIN_MM && x <= MAX_MM)) {
    warnings.push(`${name} "${raw}" refused: a spacing must be two numbers between ${MIN_MM} and ${MAX_MM} mm`);
    return null;
  }
  return [v[0], v[1]];
}

export function readPixelSpacing(ds: DataSet, modality: string | null, warnings: string[], frame = 0): PixelSpacing | null {
  // Enhanced objects: Pixel Measures (or an X-ray macro) in the functional groups.
  const from = (tag: string) => attrSource(ds, tag, frame) ?? ds;
  const ps = pair(from('x00280030'), 'x00280030', 'PixelSpacing', warnings);
  const ips = pair(from('x00181164'), 'x00181164', 'ImagerPixelSpacing', warnings);
  const calType = str(ds, 'x00280a02');
  const calDesc = str(ds, 'x00280a04');
  const calNote = [calType && `calibration type ${calType}`, calDesc && `"${calDesc}"`].filter(Boolean).join(', ');
  const projection = modality !== null && PROJECTION.has(modality);

  if (ps && (!projection || calType || !ips)) {
    const notes: string[] = [];
    if (projection) notes.push(calType ? 'calibrated' : 'projection image, plane not stated');
    else notes.push('patient plane');
    if (calNote) notes.push(calNote);
    return { row: ps[0], column: ps[1], source: 'PixelSpacing', note: notes.join('; ') };
  }
  if (ips) {
    const notes = ['detector plane'];
    let [row, column] = ips;
    const magnification = decimal(ds, 'x00181114');
    if (magnification !== undefined) {
      if (Number.isFinite(magnification) && magnification >= 1 && magnification < 10) {
        row /= magnification;
        column /= magnification;
        notes.push(`corrected by EstimatedRadiographicMagnificationFactor ${magnification}`);
      } else {
        warnings.push(`EstimatedRadiographicMagnificationFactor "${ds.string('x00181114')}" ignored: not between 1 and 10`);
      }
    }
    if (calNote) notes.push(calNote);
    return { row, column, source: 'ImagerPixelSpacing', note: notes.join('; ') };
  }
  return null;
}
