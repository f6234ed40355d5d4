// DICOM header → ImageInfo (what `medfig info` prints and the inspector shows). No pixel is decoded.
import type { ImageInfo, Window } from '../../../shared/imaging/types';
import type { ParsedDicom } from './parse';
import { decimal, decimals, readPixelModule, str, stringValues } from './pixelModule';
import { attrSource, frameDecimal, frameDecimals, frameOrder, frameRescale, frameString } from './functionalGroups';
import { pixelDataElement } from './frames';
import { findPhi } from './phi';
import { readPixelSpacing } from './spacing';

function isoDate(da: string | undefined): string | null {
  if (!da) return null;
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da.trim();
}

function vector(ds: ParsedDicom['dataSet'], tag: string, n: number, frame: number): number[] | null {
  const v = frameDecimals(ds, tag, frame);
  return v.length === n && v.every(Number.isFinite) ? v : null;
}

/** What the modality LUT's output is in: HU for CT (PS3.3 C.11.1.1.2), else RescaleType when stated. */
function unitsOf(ds: ParsedDicom['dataSet'], modality: string | null, hasRescale: boolean): string | null {
  const type = frameString(ds, 'x00281054')?.trim();
  if (type && type !== 'US') return type;
  if (modality === 'CT' && hasRescale) return 'HU';
  return null;
}

/** Patient Orientation (0020,0020): the row and column directions of a projection image, e.g. "A\\F". */
function patientOrientation(ds: ParsedDicom['dataSet']): [string, string] | null {
  const v = stringValues(ds, 'x00200020');
  return v.length === 2 && v.every((s) => /^[LRAPHFO]{1,3}$/.test(s.toUpperCase())) ? [v[0].toUpperCase(), v[1].toUpperCase()] : null;
}

export function infoFromParsed(p: ParsedDicom): ImageInfo {
  const ds = p.dataSet;
  pixelDataElement(ds); // a header without pixels is not an image: say so now, not at decode time
  const pm = readPixelModule(ds);
  const warnings: string[] = [];
  const modality = str(ds, 'x00080060')?.trim().toUpperCase() ?? null;

  // Enhanced objects: frame order by position; the first displayed frame's window, rescale and
  // geometry stand for the object, read from the functional groups when not at the top level.
  const order = frameOrder(ds, pm.frames);
  const first = order ? order[0] : 0;
  const voi = attrSource(ds, 'x00281050', first) ?? ds;
  const centers = decimals(voi, 'x00281050');
  const widths = decimals(voi, 'x00281051');
  const centerText = stringValues(voi, 'x00281050');
  const widthText = stringValues(voi, 'x00281051');
  const explanations = stringValues(voi, 'x00281055');
  const windows: Window[] = [];
  const windowExplanations: string[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const center = centers[i],
      width = widths[i];
    // PS3.3 C.11.2.1.2: width ≥ 1. A 0/0 window (common in MR) means "none".
    if (Number.isFinite(center) && Number.isFinite(width) && width >= 1) {
      windows.push({ center, width });
      windowExplanations.push(explanations[i]?.trim() ?? '');
    } else warnings.push(`window ${i + 1} (center "${centerText[i]}", width "${widthText[i]}") ignored: width must be ≥ 1`);
  }
  const rescale = frameRescale(ds, first);
  const hasRescale = rescale.present;
  const burned = str(ds, 'x00280301')?.trim().toUpperCase();
  const instance = decimal(ds, 'x00200013');
  const thickness = frameDecimal(ds, 'x00180050', first);
  const colour = pm.samplesPerPixel === 3 || pm.photometric === 'PALETTE COLOR';

  return {
    format: 'dicom',
    width: pm.columns,
    height: pm.rows,
    frames: pm.frames,
    channels: colour ? 3 : 1,
    bitsAllocated: pm.bitsAllocated,
    bitsStored: pm.bitsStored,
    photometric: pm.photometric,
    transferSyntax: { uid: p.syntax.uid, name: p.syntax.name },
    modality,
    studyDate: isoDate(str(ds, 'x00080020')),
    pixelSpacing: readPixelSpacing(ds, modality, warnings, first),
    warnings,
    windows,
    ...(windowExplanations.some(Boolean) ? { windowExplanations } : {}),
    rescale: hasRescale ? { slope: rescale.slope, intercept: rescale.intercept } : null,
    units: unitsOf(ds, modality, hasRescale),
    burnedInAnnotation: burned === 'YES' ? true : burned === 'NO' ? false : null,
    phi: findPhi(ds),
    orientation: null,
    densityDpi: null,
    imagePositionPatient: vector(ds, 'x00200032', 3, first),
    imageOrientationPatient: vector(ds, 'x00200037', 6, first),
    patientOrientation: patientOrientation(ds),
    ...(order ? { frameOrder: order } : {}),
    instanceNumber: instance !== undefined && Number.isFinite(instance) ? instance : null,
    seriesInstanceUid: str(ds, 'x0020000e')?.replace(/\0/g, '').trim() ?? null,
    sliceThickness: thickness !== undefined && Number.isFinite(thickness) ? thickness : null,
  };
}
