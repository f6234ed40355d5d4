// Reading the DICOM JSON model (PS3.18 F.2) that QIDO-RS and WADO-RS metadata answer with.
import { PacsError } from './errors';

export type DicomJson = Record<string, { vr?: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string }>;

export function parseDicomJsonList(body: Uint8Array, host: string): DicomJson[] {
  if (body.byteLength === 0) return []; // 204 No Content: nothing matched
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    throw new PacsError('protocol', `${host} sent search results that are not valid JSON`);
  }
  if (!Array.isArray(v)) throw new PacsError('protocol', `${host} sent search results that are not a list`);
  return v.filter((x): x is DicomJson => !!x && typeof x === 'object' && !Array.isArray(x));
}

function first(ds: DicomJson, tag: string): unknown {
  const v = ds[tag]?.Value;
  return Array.isArray(v) && v.length ? v[0] : undefined;
}

/** A string attribute (person names as their alphabetic form), trimmed; '' when absent. */
export function str(ds: DicomJson, tag: string): string {
  const v = first(ds, tag);
  if (typeof v === 'string') return v.trim().slice(0, 1024);
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && 'Alphabetic' in v && typeof (v as { Alphabetic: unknown }).Alphabetic === 'string')
    return (v as { Alphabetic: string }).Alphabetic.trim().slice(0, 1024);
  return '';
}

export function strs(ds: DicomJson, tag: string): string[] {
  const v = ds[tag]?.Value;
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .slice(0, 64);
}

export function int(ds: DicomJson, tag: string): number | null {
  const v = first(ds, tag);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

export const TAG = {
  SpecificCharacterSet: '00080005',
  StudyDate: '00080020',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  ReferringPhysicianName: '00080090',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  FailedSOPSequence: '00081198',
  ReferencedSOPSequence: '00081199',
  FailureReason: '00081197',
} as const;
