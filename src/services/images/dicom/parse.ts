// Bytes → dicom-parser DataSet, with every failure turned into an ImageError that names the fault.
// Accepts Part 10 files and, like dcmtk's default "read file format or data set", a bare data set
// (no preamble, no meta header) when its first element looks like a real group-0008 tag.
import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet } from 'dicom-parser';
import { ImageError } from '../../../shared/imaging/types';
import { transferSyntax, type TransferSyntax } from './transferSyntax';
import { FG_SEQUENCES } from './functionalGroups';

const SEQUENCES = new Set(FG_SEQUENCES);

export interface ParsedDicom {
  dataSet: DataSet;
  syntax: TransferSyntax;
  /** false when the file had no preamble/meta header and the syntax was inferred. */
  part10: boolean;
}

const VR_CODES = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

function hasPart10Prefix(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** How a bare data set (no meta header) starting at byte 0 is encoded, or null if it does not look like one. */
function bareDataSetSyntax(b: Uint8Array): string | null {
  if (b.length < 8) return null;
  const group = b[0] | (b[1] << 8);
  // A bare data set starts with a low group: 0008 (identification) in practice; 0002 would mean a
  // meta header written without preamble, which dcmtk also reads.
  if (group !== 0x0008 && group !== 0x0002) return null;
  const vr = String.fromCharCode(b[4], b[5]);
  if (VR_CODES.has(vr)) return '1.2.840.10008.1.2.1';
  const len = b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24);
  return len >= 0 && len < b.length ? '1.2.840.10008.1.2' : null;
}

export function looksLikeDicom(b: Uint8Array): boolean {
  return hasPart10Prefix(b) || bareDataSetSyntax(b) !== null;
}

function message(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return message((e as { exception: unknown }).exception);
  return String(e);
}

/** Largest inflated Deflated Explicit VR data set: zlib stops there instead of filling memory (a deflate bomb). */
export const MAX_INFLATED_BYTES = 256 * 1024 ** 2;

function inflater(bytes: Uint8Array, position: number): Uint8Array {
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(bytes.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ImageError(
        `the deflated data set inflates to more than ${MAX_INFLATED_BYTES / 1024 ** 2} MB, the limit for Deflated Explicit VR Little Endian`,
        'too-large',
      );
    }
    throw new ImageError('the deflated data set is damaged and cannot be inflated', 'corrupt');
  }
  const out = Buffer.alloc(position + inflated.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}

export function parseDicomBytes(bytes: Uint8Array): ParsedDicom {
  if (bytes.length === 0) throw new ImageError('the file is empty (0 bytes)', 'empty');
  const part10 = hasPart10Prefix(bytes);
  const bare = part10 ? null : bareDataSetSyntax(bytes);
  if (!part10 && !bare) {
    throw new ImageError("not a DICOM file: no 'DICM' prefix at byte 128 and no data set at byte 0", 'not-an-image');
  }
  // dicom-parser's zlib path wants a Buffer (it calls .copy); pass our own inflater instead.
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(buf, {
      ...(bare ? { TransferSyntaxUID: bare } : {}),
      // Implicit VR names no VR: tell the parser which tags are sequences so functional groups are read.
      vrCallback: (tag: string) => (SEQUENCES.has(tag) ? 'SQ' : undefined),
      inflater: inflater as unknown as (arr: Uint8Array, position: number) => void,
    });
  } catch (e) {
    if (e instanceof ImageError) throw e;
    const text = message(e);
    if (/0002,0010/.test(text)) {
      throw new ImageError('the DICOM file meta header has no Transfer Syntax UID (0002,0010)', 'corrupt');
    }
    // dicom-parser's texts name its own functions ("parseDicomDataSetImplicit: invalid value for
    // parameter 'maxPosition'"): say what they mean instead.
    if (/overrun|beyond|remaining|eof|end of|maxPosition|buffer length/i.test(text) || bytes.length < 132 + 12) {
      throw new ImageError('the DICOM file is truncated: it ends in the middle of an element', 'truncated');
    }
    if (/item tag|sequence|delimit/i.test(text)) {
      throw new ImageError('the DICOM data set is damaged: a sequence or item is not where its length says', 'corrupt');
    }
    throw new ImageError('the DICOM data set is damaged: an element has an impossible tag or length', 'corrupt');
  }
  // dicom-parser accepts an element whose value runs past the end of the bytes; that is a cut file.
  const end = dataSet.byteArray.length;
  for (const el of Object.values(dataSet.elements)) {
    if (!el.encapsulatedPixelData && el.dataOffset + el.length > end) {
      throw new ImageError(
        `the DICOM file is truncated: element ${el.tag.slice(1, 5)},${el.tag.slice(5)} needs ${el.dataOffset + el.length - end} more bytes`,
        'truncated',
      );
    }
  }
  const tsUid = dataSet.string('x00020010') ?? bare ?? '1.2.840.10008.1.2';
  return { dataSet, syntax: transferSyntax(tsUid), part10 };
}
