// One decoding path for every host: sniff the bytes, hand them to the DICOM or raster decoder.
// Runs inside the decode worker (see worker/), never on the UI thread.
import { ImageError, type DecodedFrame, type ImageInfo } from '../../shared/imaging/types';
import { isDicom, decodeDicom, readDicomInfo } from './dicom';
import { decodeRaster, readRasterInfo } from './raster';
import { inUserWords } from './errors';

export function sniff(bytes: Uint8Array): 'dicom' | 'raster' {
  if (bytes.length === 0) throw new ImageError('the file is empty (0 bytes)', 'empty');
  return isDicom(bytes) ? 'dicom' : 'raster';
}

// Both go through the one error translation layer (errors.ts): what fails reaches the user as a
// sentence about the file, never as a library's text.
export async function readInfo(bytes: Uint8Array): Promise<ImageInfo> {
  return inUserWords(() => (sniff(bytes) === 'dicom' ? readDicomInfo(bytes) : readRasterInfo(bytes)));
}

export async function decodeFrame(bytes: Uint8Array, frame = 0): Promise<DecodedFrame> {
  return inUserWords(() => (sniff(bytes) === 'dicom' ? decodeDicom(bytes, frame) : decodeRaster(bytes, frame)));
}
