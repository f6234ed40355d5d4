// DICOM decoding for every host (app, exports, CLI): parse once with dicom-parser, decode pixels with
// npm codecs (or the small hand-written RLE and 12-bit DCT decoders), hand back a DecodedFrame.
import type { DecodedFrame, ImageInfo } from '../../../shared/imaging/types';
import { looksLikeDicom, parseDicomBytes } from './parse';
import { decodeParsedFrame, type DecodeOptions } from './decodeFrame';
import { infoFromParsed } from './info';

export { sortSeries, type SortedSeries, type SeriesGroup } from './series';
export { transferSyntax, describeSyntax } from './transferSyntax';
/** Parse once, then read attributes and decode frames from the one parse (read-local.ts). */
export { parseDicomBytes as parseDicom, type ParsedDicom } from './parse';
export { infoFromParsed, decodeParsedFrame };

/** Part 10 file ('DICM' at byte 128) or a bare data set starting with a group 0002/0008 element. */
export function isDicom(bytes: Uint8Array): boolean {
  return looksLikeDicom(bytes);
}

/** Decode frame `frame` (0-based). Grey frames keep stored values; colour comes back as RGB. */
export async function decodeDicom(bytes: Uint8Array, frame = 0, opts: DecodeOptions = {}): Promise<DecodedFrame> {
  return decodeParsedFrame(parseDicomBytes(bytes), frame, opts);
}

export function readDicomInfo(bytes: Uint8Array): ImageInfo {
  return infoFromParsed(parseDicomBytes(bytes));
}
