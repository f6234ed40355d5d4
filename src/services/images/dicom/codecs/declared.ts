// What a compressed codestream says about its own size, read from its header before a wasm codec
// runs: the codec allocates whatever the codestream declares, so a few bytes claiming 65535² must be
// refused here, against the DICOM header, not discovered after the allocation.
import { ImageError } from '../../../../shared/imaging/types';

export interface Declared {
  width: number;
  height: number;
  components: number;
}

/** JPEG (T.81) or JPEG-LS (T.87, SOF55): the first SOFn segment. */
function jpegFrame(d: Uint8Array): Declared | null {
  for (let i = 2; i + 9 < d.length;) {
    if (d[i] !== 0xff) {
      i++;
      continue;
    }
    const m = d[i + 1];
    if (m === 0xff || m === 0x01 || (m >= 0xd0 && m <= 0xd8)) {
      i += m === 0xff ? 1 : 2;
      continue;
    }
    if ((m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7) {
      return { height: (d[i + 5] << 8) | d[i + 6], width: (d[i + 7] << 8) | d[i + 8], components: d[i + 9] };
    }
    if (m === 0xda || m === 0xd9) return null;
    i += 2 + ((d[i + 2] << 8) | d[i + 3]);
  }
  return null;
}

/** JPEG 2000 codestream (or JP2 box stream): the SIZ segment (FF51) after SOC. */
function j2kSiz(d: Uint8Array): Declared | null {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let i = -1;
  for (let k = 0; k + 1 < Math.min(d.length, 4096); k++) {
    if (d[k] === 0xff && d[k + 1] === 0x4f && d[k + 2] === 0xff && d[k + 3] === 0x51) {
      i = k + 2;
      break;
    }
  }
  if (i < 0 || i + 40 > d.length) return null;
  const xsiz = dv.getUint32(i + 6),
    ysiz = dv.getUint32(i + 10),
    xo = dv.getUint32(i + 14),
    yo = dv.getUint32(i + 18);
  return { width: xsiz - xo, height: ysiz - yo, components: dv.getUint16(i + 38) };
}

/**
 * Refuses a codestream whose own header disagrees with the DICOM pixel module (a different size
 * means the codec would allocate for a size nobody checked). Unknown layouts pass: the codec's
 * result is compared with the header afterwards as before.
 */
export function checkDeclared(
  kind: 'jpeg' | 'jpeg-ls' | 'jpeg2000',
  data: Uint8Array,
  rows: number,
  columns: number,
  samples: number,
): void {
  const what = kind === 'jpeg' ? 'JPEG' : kind === 'jpeg-ls' ? 'JPEG-LS' : 'JPEG 2000';
  const d = kind === 'jpeg2000' ? j2kSiz(data) : jpegFrame(data);
  if (!d) return;
  if (d.width !== columns || d.height !== rows || d.components !== samples) {
    throw new ImageError(
      `the ${what} codestream declares ${d.width}×${d.height}×${d.components}, the DICOM header says ${columns}×${rows}×${samples}`,
      'corrupt',
    );
  }
}
