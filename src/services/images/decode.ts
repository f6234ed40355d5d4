// One decoding path for every host: sniff the bytes, hand them to the DICOM or raster decoder.
// Runs inside the decode worker (see worker/), never on the UI thread. Each decoder is loaded
// on first use, so a worker that only reads DICOM never loads sharp/libvips (and vice versa).
import { ImageError, type DecodedFrame, type ImageInfo } from '../../shared/imaging/types';
import { looksLikeDicom } from './dicom/parse';
import { inUserWords } from './errors';

export const dicomDecoder = () => import('./dicom');
export const rasterDecoder = () => import('./raster');

export function sniff(bytes: Uint8Array): 'dicom' | 'raster' {
  if (bytes.length === 0) throw new ImageError('the file is empty (0 bytes)', 'empty');
  return looksLikeDicom(bytes) ? 'dicom' : 'raster';
}

// Both go through the one error translation layer (errors.ts): what fails reaches the user as a
// sentence about the file, never as a library's text.
export async function readInfo(bytes: Uint8Array): Promise<ImageInfo> {
  return inUserWords(async () =>
    sniff(bytes) === 'dicom' ? (await dicomDecoder()).readDicomInfo(bytes) : (await rasterDecoder()).readRasterInfo(bytes),
  );
}

/** shareBytes: see DecodeOptions (DICOM only; raster decoders always make their own pixels). */
export async function decodeFrame(bytes: Uint8Array, frame = 0, opts: { shareBytes?: boolean } = {}): Promise<DecodedFrame> {
  return inUserWords(async () =>
    sniff(bytes) === 'dicom' ? (await dicomDecoder()).decodeDicom(bytes, frame, opts) : (await rasterDecoder()).decodeRaster(bytes, frame),
  );
}
