// One translation layer between the decoders and the user: every failure leaves the image services as
// an ImageError whose message is a plain sentence about the file (truncated, damaged, unsupported
// syntax by name, a value quoted as found), never a library's internals (parser function names,
// libvips/libjpeg texts, JavaScript exception names, NaN). The hosts prefix the file's name.
import { ImageError } from '../../shared/imaging/types';

/** Texts that belong to a library or the runtime, not to a sentence for a clinician. */
export const INTERNALS: RegExp[] = [
  /dicomParser|parseDicom|maxPosition|readFixedString|byteStream|ByteStream/,
  /vips|tiff2vips|libjpeg|libpng|libtiff|libspng|libwebp|giflib|openjpeg|charls|emscripten/i,
  /Bogus|Corrupt JPEG data|Premature end|samples out of range|Unsupported marker|Huffman table 0x/i,
  /\bNaN\b|\bundefined\b|\[object |\bnull\b/,
  /\n\s+at |TypeError|RangeError|SyntaxError|ReferenceError|DataView|out of bounds|Offset is outside|Invalid typed array/,
  /codec error -?\d+|ERR_[A-Z_]+|errno|Aborted\(|RuntimeError|unreachable/,
];

export function hasInternals(message: string): boolean {
  return INTERNALS.some((r) => r.test(message));
}

const PLAIN: Record<ImageError['code'], string> = {
  empty: 'the file is empty',
  truncated: 'the file is truncated: the end of the image data is missing',
  'not-an-image': 'the file is not an image Medfig can read',
  unsupported: 'this kind of image is not supported',
  corrupt: 'the image data is damaged and cannot be decoded',
  'too-large': 'the image is too large to decode',
  'no-pixels': 'the file holds no image',
  'not-found': 'the file was not found',
  io: 'the file cannot be read',
};

/** Drop a trailing "(detail)" or ": detail" that carries library text, keeping the sentence before it. */
function withoutDetail(message: string): string {
  let m = message;
  for (let i = 0; i < 3 && hasInternals(m); i++) {
    const paren = m.lastIndexOf(' (');
    const colon = m.lastIndexOf(': ');
    const cut = Math.max(paren, colon);
    if (cut <= 0) break;
    m = m.slice(0, cut);
  }
  return m;
}

/**
 * Any thrown value → an ImageError in the user's words. Our own ImageErrors pass unchanged unless
 * they carry library text; anything else (a library's TypeError, a DataView RangeError on a cut file)
 * is a damaged file, said once and plainly.
 */
export function toUserError(e: unknown): ImageError {
  if (e instanceof ImageError) {
    if (!hasInternals(e.message)) return e;
    const kept = withoutDetail(e.message);
    return new ImageError(hasInternals(kept) || kept.length < 10 ? PLAIN[e.code] : kept, e.code);
  }
  const text = e instanceof Error ? e.message : String(e);
  if (/out of memory|Array buffer allocation failed|Invalid array length/i.test(text)) {
    return new ImageError('decoding needs more memory than Medfig allows for one image', 'too-large');
  }
  if (/Offset is outside|out of bounds|beyond|end of (the )?(buffer|data|stream)/i.test(text))
    return new ImageError(PLAIN.truncated, 'truncated');
  return new ImageError(PLAIN.corrupt, 'corrupt');
}

/** Runs a decoder step and hands back its result or a translated ImageError. */
export async function inUserWords<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (e) {
    // A caller's argument fault (frame or region out of range) is not the file's: keep it as is.
    if (e instanceof RangeError && /must be|non-finite coordinate|lies outside/.test(e.message)) throw e;
    throw toUserError(e);
  }
}
