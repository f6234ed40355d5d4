// Types shared by the decoders (services), the renderer and the CLI.
// Pure TypeScript: no DOM, no Node.

export type PixelArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array;

/** One decoded frame, as the services hand it to every consumer (one decoding path). */
export interface DecodedFrame {
  width: number;
  height: number;
  /** 1 = grey, 3 = RGB interleaved, 4 = RGBA interleaved. */
  channels: 1 | 3 | 4;
  /**
   * Grey: stored pixel values (DICOM: before the modality LUT; signed when PixelRepresentation=1).
   * Colour: 8-bit (or 16-bit) samples, interleaved, already converted to RGB.
   */
  data: PixelArray;
  /** Bits per sample of `data` that carry information (DICOM BitsStored; 8 or 16 for rasters). */
  bitsStored: number;
  /** Modality LUT (DICOM RescaleSlope/Intercept; 1/0 for rasters): value = stored * slope + intercept. */
  slope: number;
  intercept: number;
  /** MONOCHROME1 means low values are white: the display inverts after windowing. */
  photometric: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'RGBA';
  /** Smallest and largest stored value actually present (for min–max windows). */
  minStored: number;
  maxStored: number;
}

export interface Window {
  center: number;
  width: number;
}

export interface PixelSpacing {
  /** mm between rows (vertical size of a pixel). */
  row: number;
  /** mm between columns (horizontal size of a pixel). */
  column: number;
  source: 'PixelSpacing' | 'ImagerPixelSpacing' | 'TIFFResolution' | 'ImageJ' | 'profile' | 'reference';
  /** e.g. "detector plane", "corrected by EstimatedRadiographicMagnificationFactor 1.1". */
  note?: string;
}

/** What `medfig info --json` prints and the inspector shows. Never pixel data. */
export interface ImageInfo {
  format: 'dicom' | 'jpeg' | 'png' | 'tiff' | 'webp' | 'bmp' | 'gif';
  width: number;
  height: number;
  frames: number;
  channels: number;
  bitsAllocated: number;
  bitsStored: number;
  photometric: string;
  transferSyntax: { uid: string; name: string } | null;
  modality: string | null;
  studyDate: string | null;
  pixelSpacing: PixelSpacing | null;
  /** Spacings found in the file but refused (zero, negative, NaN, absurd). */
  warnings: string[];
  /** DICOM file's own windows (modality units), all of them. */
  windows: Window[];
  /** Window Center & Width Explanation (0028,1055) of each of `windows` ("" when the file gives none). */
  windowExplanations?: string[];
  rescale: { slope: number; intercept: number } | null;
  burnedInAnnotation: boolean | null;
  /** Names of identifying attributes present (DICOM keywords, or EXIF tags like GPSLatitude). */
  phi: string[];
  /** EXIF orientation (1–8) that was applied, raster only. */
  orientation: number | null;
  /** Physical density from the file when real (not a 72/96 dpi default), pixels per inch. */
  densityDpi: number | null;
  /** Slice geometry for series sorting (DICOM). */
  imagePositionPatient: number[] | null;
  imageOrientationPatient: number[] | null;
  instanceNumber: number | null;
  seriesInstanceUid: string | null;
  sliceThickness: number | null;
  /** Units of modality values (after the rescale): "HU" for CT, the RescaleType otherwise; null = stored values. */
  units?: string | null;
  /** Patient Orientation (0020,0020) of a projection image: directions of the rows and of the columns. */
  patientOrientation?: [string, string] | null;
  /** Enhanced multi-frame: stored frame indices (from 0) in display order (by slice position). */
  frameOrder?: number[];
}

/** A decode failure the user sees: names the file and the fault. */
export class ImageError extends Error {
  constructor(
    message: string,
    readonly code: 'empty' | 'truncated' | 'not-an-image' | 'unsupported' | 'corrupt' | 'too-large' | 'no-pixels' | 'not-found' | 'io',
  ) {
    super(message);
    this.name = 'ImageError';
  }
}
