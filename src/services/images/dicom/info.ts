// DICOM header → ImageInfo (what `medfig info` prints and the inspector shows). No pixel is decoded.
import type { ImageInfo, Window } from '../../../shared/imaging/types';
import type { ParsedDicom } from './parse';
import { decimal, decimals, readPixelModule, str } from './pixelModule';
import { pixelDataElement } from './frames';
import { findPhi } from './phi';
import { readPixelSpacing } from './spacing';

function isoDate(da: string | undefined): string | null {
  if (!da) return null;
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da.trim();
}

function vector(ds: ParsedDicom['dataSet'], tag: string, n: number): number[] | null {
  const v = decimals(ds, tag);
  return v.length === n && v.every(Number.isFinite) ? v : null;
}

export function infoFromParsed(p: ParsedDicom): ImageInfo {
  const ds = p.dataSet;
  pixelDataElement(ds); // a header without pixels is not an image: say so now, not at decode time
  const pm = readPixelModule(ds);
  const warnings: string[] = [];
  const modality = str(ds, 'x00080060')?.trim().toUpperCase() ?? null;

  const centers = decimals(ds, 'x00281050');
  const widths = decimals(ds, 'x00281051');
  const windows: Window[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const center = centers[i],
      width = widths[i];
    // PS3.3 C.11.2.1.2: width ≥ 1. A 0/0 window (common in MR) means "none".
    if (Number.isFinite(center) && Number.isFinite(width) && width >= 1) windows.push({ center, width });
    else
      warnings.push(`window ${i + 1} (center ${ds.string('x00281050', i)}, width ${ds.string('x00281051', i)}) ignored: width must be ≥ 1`);
  }
  const hasRescale = decimal(ds, 'x00281053') !== undefined || decimal(ds, 'x00281052') !== undefined;
  const burned = str(ds, 'x00280301')?.trim().toUpperCase();
  const instance = decimal(ds, 'x00200013');
  const thickness = decimal(ds, 'x00180050');
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
    pixelSpacing: readPixelSpacing(ds, modality, warnings),
    warnings,
    windows,
    rescale: hasRescale ? { slope: pm.slope, intercept: pm.intercept } : null,
    burnedInAnnotation: burned === 'YES' ? true : burned === 'NO' ? false : null,
    phi: findPhi(ds),
    orientation: null,
    densityDpi: null,
    imagePositionPatient: vector(ds, 'x00200032', 3),
    imageOrientationPatient: vector(ds, 'x00200037', 6),
    instanceNumber: instance !== undefined && Number.isFinite(instance) ? instance : null,
    seriesInstanceUid: str(ds, 'x0020000e')?.replace(/\0/g, '').trim() ?? null,
    sliceThickness: thickness !== undefined && Number.isFinite(thickness) ? thickness : null,
  };
}
