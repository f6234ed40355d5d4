// Locate the bytes of one frame in PixelData: native (contiguous, possibly bit-packed) or
// encapsulated (fragments + optional Basic Offset Table, PS3.5 A.4).
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { ImageError } from '../../../shared/imaging/types';
import type { PixelModule } from './pixelModule';

export function pixelDataElement(ds: DataSet): Element {
  const el = ds.elements.x7fe00010;
  if (el) return el;
  if (ds.elements.x00041220 || ds.string('x00020002') === '1.2.840.10008.1.3.10') {
    throw new ImageError('this is a DICOMDIR (a media directory), not an image: open the image files it lists', 'not-an-image');
  }
  if (ds.elements.x7fe00008 || ds.elements.x7fe00009) {
    throw new ImageError('float pixel data (Float/Double Float Pixel Data) is not supported', 'unsupported');
  }
  const modality = ds.string('x00080060');
  const what = modality === 'SR' ? 'a structured report' : modality ? `a ${modality} object` : 'this DICOM object';
  throw new ImageError(`no Pixel Data (7FE0,0010): ${what} holds no image`, 'no-pixels');
}

/** Bytes one native frame occupies (YBR_FULL_422 stores 2 samples per pixel on average). */
export function nativeFrameBits(pm: PixelModule): number {
  const samples = pm.photometric === 'YBR_FULL_422' ? 2 : pm.samplesPerPixel;
  return pm.rows * pm.columns * samples * pm.bitsAllocated;
}

export function nativeFrame(ds: DataSet, el: Element, pm: PixelModule, frame: number): { bytes: Uint8Array; bitOffset: number } {
  const frameBits = nativeFrameBits(pm);
  const needed = Math.ceil((frameBits * pm.frames) / 8);
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  if (available < needed) {
    throw new ImageError(
      `PixelData holds ${available} bytes but ${needed} are needed for ${pm.frames} frame(s) of ${pm.columns}×${pm.rows}` +
        `×${pm.samplesPerPixel} at ${pm.bitsAllocated} bits`,
      available < el.length ? 'truncated' : 'corrupt',
    );
  }
  const startBit = frameBits * frame;
  const start = el.dataOffset + Math.floor(startBit / 8);
  const end = el.dataOffset + Math.ceil((startBit + frameBits) / 8);
  return { bytes: ds.byteArray.subarray(start, end), bitOffset: startBit % 8 };
}

export function encapsulatedFrame(ds: DataSet, el: Element, pm: PixelModule, frame: number, isJpeg: boolean): Uint8Array {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new ImageError('encapsulated PixelData has no fragments', 'corrupt');
  const end = ds.byteArray.length;
  for (const f of fragments) {
    if (f.position + f.length > end) throw new ImageError('a PixelData fragment runs past the end of the file', 'truncated');
  }
  try {
    const bot = el.basicOffsetTable ?? [];
    if (bot.length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, frame, bot);
    if (pm.frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
    if (fragments.length === pm.frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1);
    if (isJpeg) return dicomParser.readEncapsulatedImageFrame(ds, el, frame, dicomParser.createJPEGBasicOffsetTable(ds, el));
  } catch {
    throw new ImageError(
      `frame ${frame + 1} cannot be located in the compressed PixelData: its offset table or fragments are damaged`,
      'corrupt',
    );
  }
  throw new ImageError(
    `frame ${frame} cannot be located: ${pm.frames} frames in ${fragments.length} fragments and no Basic Offset Table`,
    'corrupt',
  );
}
