// Reading an image on the caller's own thread, for a one-shot process (the CLI's `info` and
// `render`): starting a decode worker costs more than decoding a CT slice (a second Node
// environment, its module loads), and a short-lived command has no event loop to keep free.
// The decoders are the same as the worker's, with the same size budgets (checked before any
// pixel buffer is allocated) and the same translation of errors into the user's words; a DICOM
// file is parsed once for both its attributes and its pixels.
import { ImageError, type DecodedFrame, type ImageInfo } from '../../shared/imaging/types';
import { dicomDecoder, rasterDecoder, sniff } from './decode';
import { inUserWords } from './errors';
import { checkImageFile, readImageBytes } from './read-file';

/** Larger files go through the worker pool, whose heap limit turns an exhausted heap into a sentence. */
export const IN_PROCESS_MAX_BYTES = 64 * 1024 * 1024;

export interface LocalRead {
  info: ImageInfo;
  /** The decoded frame when one was asked for. */
  frame: DecodedFrame | null;
}

/** Attributes of the file at `path` and, when `frame` (0-based) is given, that frame decoded. */
export async function readLocal(path: string, frame: number | null = null): Promise<LocalRead> {
  await checkImageFile(path);
  const bytes = await readImageBytes(path);
  try {
    return await inUserWords(async (): Promise<LocalRead> => {
      if (sniff(bytes) === 'dicom') {
        const { parseDicom, infoFromParsed, decodeParsedFrame } = await dicomDecoder();
        const parsed = parseDicom(bytes);
        const info = infoFromParsed(parsed);
        return { info, frame: frame === null ? null : (inRange(info, frame), await decodeParsedFrame(parsed, frame)) };
      }
      const { readRasterInfo, decodeRaster } = await rasterDecoder();
      const info = await readRasterInfo(bytes);
      return { info, frame: frame === null ? null : (inRange(info, frame), await decodeRaster(bytes, frame)) };
    });
  } catch (e) {
    // As the worker answers: an argument fault (a frame off the image) is the caller's, said plainly.
    throw e instanceof RangeError ? new ImageError(e.message, 'no-pixels') : e;
  }
}

function inRange(info: ImageInfo, frame: number): void {
  if (frame >= info.frames) throw new ImageError(`frame ${frame + 1} requested but the image has ${info.frames}`, 'no-pixels');
}
