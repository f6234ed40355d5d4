// readRasterInfo: what a raster file is, without decoding its pixels.
import sharp from 'sharp';
import type { ImageInfo } from '../../../shared/imaging/types';
import { readBmpHeader } from './bmp';
import { toImageError } from './errors';
import { checkBytes } from './open';
import { scanPhiFields } from './phi-fields';
import { densityOnly, pngDpi, tiffCalibration, type Calibration } from './spacing';
import { readTiffResolutionTags } from './tiff-tags';
import { pyramidLevels } from './pyramid';
import { sampleTiffSize, isOwnSampleTiff } from './tiff-samples';

const base = (): Omit<
  ImageInfo,
  'format' | 'width' | 'height' | 'frames' | 'channels' | 'bitsAllocated' | 'bitsStored' | 'photometric'
> => ({
  transferSyntax: null,
  modality: null,
  studyDate: null,
  pixelSpacing: null,
  warnings: [],
  windows: [],
  rescale: null,
  burnedInAnnotation: null,
  phi: [],
  orientation: null,
  densityDpi: null,
  imagePositionPatient: null,
  imageOrientationPatient: null,
  instanceNumber: null,
  seriesInstanceUid: null,
  sliceThickness: null,
});

export async function readRasterInfo(bytes: Uint8Array): Promise<ImageInfo> {
  const format = checkBytes(bytes);
  if (format === 'bmp') {
    const h = readBmpHeader(bytes);
    return {
      ...base(),
      format,
      width: h.width,
      height: h.height,
      frames: 1,
      channels: h.hasAlpha ? 4 : 3,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: h.hasAlpha ? 'RGBA' : 'RGB',
      densityDpi: densityOnly(h.xPelsPerMeter * 0.0254),
    };
  }
  if (format === 'tiff' && isOwnSampleTiff(bytes)) {
    // libvips cannot read 64-bit float samples; the hand-written reader can (tiff-float64.ts).
    const size = sampleTiffSize(bytes);
    const cal = tiffCalibration(readTiffResolutionTags(bytes));
    return {
      ...base(),
      format,
      width: size.width,
      height: size.height,
      frames: 1,
      channels: 1,
      bitsAllocated: size.bits,
      bitsStored: size.bits,
      photometric: 'MONOCHROME2',
      pixelSpacing: cal.pixelSpacing,
      densityDpi: cal.densityDpi,
      warnings: cal.warnings,
    };
  }
  const meta = await sharp(bytes, { failOn: 'none', limitInputPixels: false })
    .metadata()
    .catch((e: unknown) => {
      throw toImageError(e, format, bytes);
    });
  const grey = meta.space === 'b-w' || meta.space === 'grey16';
  const sixteen = meta.depth === 'ushort';
  const alpha = meta.hasAlpha === true;
  const exifOrientation = meta.orientation && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : null;
  const upright = meta.autoOrient ?? { width: meta.width ?? 0, height: meta.height ?? 0 };

  let cal: Calibration = { pixelSpacing: null, densityDpi: null, warnings: [] };
  if (format === 'tiff') cal = tiffCalibration(readTiffResolutionTags(bytes));
  else if (format === 'png') cal.densityDpi = densityOnly(pngDpi(bytes));
  else if (format === 'jpeg' && (meta.resolutionUnit === 'inch' || meta.resolutionUnit === 'cm'))
    cal.densityDpi = densityOnly(meta.density);

  const phi = await phiFor(format, bytes, meta.exif);
  return {
    ...base(),
    format,
    width: upright.width,
    height: upright.height,
    // A page pyramid's reduced pages are the same image at lower resolution, not frames.
    frames: (await pyramidLevels(bytes, format, meta.pages ?? 1, meta.width ?? 0, meta.height ?? 0)) ? 1 : (meta.pages ?? 1),
    channels: alpha ? 4 : grey ? 1 : 3,
    bitsAllocated: sixteen ? 16 : 8,
    bitsStored: sixteen ? 16 : 8,
    photometric: alpha ? 'RGBA' : grey ? 'MONOCHROME2' : 'RGB',
    pixelSpacing: cal.pixelSpacing,
    densityDpi: cal.densityDpi,
    warnings: [...cal.warnings, ...phi.warnings],
    phi: phi.phi,
    orientation: exifOrientation,
  };
}

async function phiFor(format: string, bytes: Uint8Array, exif: Buffer | undefined) {
  if (format === 'tiff' && (bytes[2] === 43 || bytes[3] === 43)) {
    return { phi: [], orientation: null, warnings: ['identifying EXIF/XMP fields are not checked in BigTIFF files'] };
  }
  if (format === 'webp' || format === 'gif') {
    // sharp hands the EXIF chunk as "Exif\0\0" + a TIFF structure, which exifr can parse alone.
    if (!exif || exif.length < 14) return { phi: [], orientation: null, warnings: [] };
    const tiff = exif.subarray(0, 4).toString('latin1') === 'Exif' ? exif.subarray(6) : exif;
    return scanPhiFields(new Uint8Array(tiff));
  }
  return scanPhiFields(bytes);
}
