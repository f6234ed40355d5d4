// The read of one image for the one-shot commands (info, render): on this thread when the file is
// small enough, through the decoder pool otherwise. The pool (worker threads) is imported only
// then, so a one-shot command on a small file loads none of it at start. Every decode is capped
// in time (MEDFIG_DECODE_TIMEOUT, default 30 s): the pool by its per-job limit, this thread by the
// guards of time-cap.ts.
import { ImageError } from '../shared/imaging/types';
import type { PixelEncoding } from '../services/images/dicom/transferSyntax';
import type { CodecName } from '../services/images/dicom/codecs/wasm';
import { dicomDecoder, sniff } from '../services/images/decode';
import { inUserWords } from '../services/images/errors';
import { checkImageFile, readImageBytes } from '../services/images/read-file';
import { IN_PROCESS_MAX_BYTES, readLocal, type LocalRead } from '../services/images/read-local';
import { consoleIo, type CliIo } from './args';
import { capAsync, capSync, decodeLimitMs, startCap, type DecodeCap } from './time-cap';

/**
 * How decodeParsedFrame decodes a frame of `encoding`, as far as the cap goes: 'in-call' when it
 * decodes before its first await (the hand-written decoders), a codec's name when that wasm codec
 * does once loaded, null when unknown (a new encoding: the watchdog thread's case). Every answer is
 * held to it by tests/unit/cli-time-cap.test.ts.
 */
export function decoderOf(encoding: PixelEncoding, bitsStored: number): 'in-call' | CodecName | null {
  switch (encoding) {
    case 'native':
    case 'rle':
    case 'jpeg-lossless':
    case 'unsupported':
      return 'in-call';
    case 'jpeg2000':
      return 'openjpeg';
    case 'jpeg-ls':
      return 'charls';
    case 'jpeg-baseline':
    case 'jpeg-extended':
    case 'jpeg-progressive':
      // As decodeFrame chooses: 8-bit frames go to libjpeg-turbo, deeper ones to the DCT decoder.
      return bitsStored <= 8 ? 'libjpeg-turbo-8bit' : 'in-call';
    default:
      return null;
  }
}

/** Attributes and (when `frame` is given, 0-based) one decoded frame of an image. */
export async function readImage(path: string, frame: number | null = null, io: CliIo = consoleIo): Promise<LocalRead> {
  const limitMs = decodeLimitMs();
  if ((await checkImageFile(path)) > IN_PROCESS_MAX_BYTES) {
    const { images } = await import('./images');
    const entry = await images().open(path);
    return { info: entry.info, frame: frame === null ? null : await images().frame(path, frame) };
  }
  const cap = startCap(limitMs);
  const bytes = await readImageBytes(path);
  if (sniff(bytes) === 'dicom') {
    const read = await readDicomHere(bytes, frame, cap);
    if (read) return read;
  }
  // Raster files (sharp in libuv's pool, exifr, the BMP and TIFF readers) and the DICOM frames left
  // above: the services' own in-process read under the watchdog thread (it reads the file again:
  // cheap beside loading sharp).
  return capAsync(cap, path, io, () => readLocal(path, frame));
}

/**
 * A DICOM file parsed, and its frame decoded, under capSync; null when the frame's decoder is not
 * known to decode within the call, or the frame is out of range (readLocal then decodes it, or says so).
 */
async function readDicomHere(bytes: Uint8Array, frame: number | null, cap: DecodeCap): Promise<LocalRead | null> {
  const { parseDicom, infoFromParsed, decodeParsedFrame } = await dicomDecoder();
  // As readLocal: a decoder's fault in the user's words; an argument fault said plainly.
  try {
    return await inUserWords(async () => {
      const { parsed, info } = capSync(cap, () => {
        const parsed = parseDicom(bytes);
        return { parsed, info: infoFromParsed(parsed) };
      });
      if (frame === null) return { info, frame: null };
      const decoder = decoderOf(parsed.syntax.encoding, info.bitsStored);
      if (!decoder || frame >= info.frames) return null;
      // Loading a codec reads no pixel data; it stays outside the cap (an await the cap could not cover).
      if (decoder !== 'in-call') await (await import('../services/images/dicom/codecs/wasm')).loadCodec(decoder);
      return { info, frame: await capSync(cap, () => decodeParsedFrame(parsed, frame)) };
    });
  } catch (e) {
    throw e instanceof RangeError ? new ImageError(e.message, 'no-pixels') : e;
  }
}
