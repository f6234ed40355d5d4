// One decoding path for every host: sniff the bytes, hand them to the DICOM or raster decoder.
// Runs inside the decode worker (see worker/), never on the UI thread.
import { ImageError, type DecodedFrame, type ImageInfo } from '../../shared/imaging/types';
import { isDicom, decodeDicom, readDicomInfo } from './dicom';
import { decodeRaster, readRasterInfo } from './raster';

export function sniff(bytes: Uint8Array): 'dicom' | 'raster' {
  if (bytes.length === 0) throw new ImageError('the file is empty (0 bytes)', 'empty');
  return isDicom(bytes) ? 'dicom' : 'raster';
}

export async function readInfo(bytes: Uint8Array): Promise<ImageInfo> {
  return sniff(bytes) === 'dicom' ? readDicomInfo(bytes) : readRasterInfo(bytes);
}

export async function decodeFrame(bytes: Uint8Array, frame = 0): Promise<DecodedFrame> {
  return sniff(bytes) === 'dicom' ? decodeDicom(bytes, frame) : decodeRaster(bytes, frame);
}
