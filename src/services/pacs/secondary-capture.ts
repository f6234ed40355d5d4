// A figure as a DICOM Secondary Capture for store-back into its study, written with dcmjs.
// This is the one place Medfig writes identifiers, on purpose: the target study's Patient and
// Study modules are copied from the server's own metadata so the image files under that patient
// and study; the series and instance are new; Burned In Annotation is YES (the figure has labels).
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { PacsError } from './errors';
import type { DicomJson } from './dicom-json';

const { DicomMetaDictionary, DicomDict } = dcmjs.data;

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** Medfig's implementation class UID (a 2.25 UUID-derived root). */
const IMPLEMENTATION_UID = '2.25.302188633185409866364424815474331633734';
const MAX_PIXELS = 100_000_000;

/** Patient module, Patient Study and General Study modules: copied from the target study. */
export const COPIED_ATTRIBUTES = [
  'SpecificCharacterSet',
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'PatientBirthDate',
  'PatientSex',
  'PatientAge',
  'PatientSize',
  'PatientWeight',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
  'StudyDescription',
] as const;

export interface RgbImage {
  width: number;
  height: number;
  /** 8-bit RGB, interleaved. */
  rgb: Uint8Array;
}

/** A PNG/JPEG/TIFF figure as 8-bit RGB (transparency flattened on white). */
export async function readFigureImage(path: string, displayName: string): Promise<RgbImage> {
  try {
    const img = sharp(path, { limitInputPixels: MAX_PIXELS });
    const meta = await img.metadata();
    if (!['png', 'jpeg', 'tiff'].includes(meta.format ?? ''))
      throw new PacsError(
        'bad-input',
        `${displayName}: only PNG, JPEG or TIFF figures can be stored (this is ${meta.format ?? 'not an image'})`,
      );
    const { data, info } = await img.flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new PacsError('bad-input', `${displayName}: unexpected ${info.channels} colour channels`);
    return { width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    if (e instanceof PacsError) throw e;
    const msg = (e as Error).message ?? '';
    if (/missing|ENOENT|no such file/i.test(msg)) throw new PacsError('bad-input', `${displayName}: file not found`);
    if (/pixel limit/i.test(msg)) throw new PacsError('bad-input', `${displayName}: larger than ${MAX_PIXELS / 1e6} megapixels`);
    throw new PacsError('bad-input', `${displayName}: not a readable PNG, JPEG or TIFF image`);
  }
}

function da(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}
function tm(d: Date): string {
  return d.toISOString().slice(11, 19).replace(/:/g, '');
}

export interface ScResult {
  part10: Uint8Array;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

/** The SC instance for `studyMeta` (DICOM JSON of any instance of the target study). */
export function buildSecondaryCapture(
  image: RgbImage,
  studyMeta: DicomJson,
  targetStudyUid: string,
  opts: { now?: Date; seriesDescription?: string } = {},
): ScResult {
  const now = opts.now ?? new Date();
  const source = DicomMetaDictionary.naturalizeDataset(JSON.parse(JSON.stringify(studyMeta))) as Record<string, unknown>;
  if (source.StudyInstanceUID !== targetStudyUid)
    throw new PacsError('protocol', 'the metadata the server sent belongs to another study; nothing was stored');
  const ds: Record<string, unknown> = {};
  for (const k of COPIED_ATTRIBUTES) if (source[k] !== undefined && source[k] !== null) ds[k] = source[k];
  const seriesInstanceUid = DicomMetaDictionary.uid();
  const sopInstanceUid = DicomMetaDictionary.uid();
  let pixels = image.rgb;
  // Pixel Data has an even length (PS3.5 §7.1.1).
  if (pixels.byteLength % 2) {
    const p = new Uint8Array(pixels.byteLength + 1);
    p.set(pixels);
    pixels = p;
  }
  Object.assign(ds, {
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: sopInstanceUid,
    SeriesInstanceUID: seriesInstanceUid,
    Modality: 'OT',
    ConversionType: 'WSD',
    SeriesNumber: 9901,
    InstanceNumber: 1,
    SeriesDescription: opts.seriesDescription ?? 'Medfig figure',
    SeriesDate: da(now),
    SeriesTime: tm(now),
    ContentDate: da(now),
    ContentTime: tm(now),
    InstanceCreationDate: da(now),
    InstanceCreationTime: tm(now),
    DateOfSecondaryCapture: da(now),
    TimeOfSecondaryCapture: tm(now),
    Manufacturer: 'Medfig',
    SecondaryCaptureDeviceManufacturer: 'Medfig',
    ImageType: ['DERIVED', 'SECONDARY'],
    BurnedInAnnotation: 'YES',
    PatientOrientation: '',
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: image.height,
    Columns: image.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OB' },
  });
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SECONDARY_CAPTURE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: IMPLEMENTATION_UID,
    ImplementationVersionName: 'MEDFIG_0_1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  const part10 = new Uint8Array(dict.write() as ArrayBuffer);
  return { part10, studyInstanceUid: targetStudyUid, seriesInstanceUid, sopInstanceUid };
}
