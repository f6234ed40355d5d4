// Enough of a DICOM sniff to label a SourceRef; decoding proper lives in services/images.
import { promises as fsp } from 'node:fs';

const VRS = new Set('AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));

export function sniffKindOf(head: Uint8Array): 'dicom' | 'raster' {
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return 'dicom';
  // Preamble-less dataset (old ACR-NEMA style or stripped): starts with a small even group
  // (0002 meta or 0008 identifying) and a plausible element header.
  if (head.length < 8) return 'raster';
  const group = head[0] | (head[1] << 8);
  if (group !== 0x0002 && group !== 0x0008) return 'raster';
  const vr = String.fromCharCode(head[4], head[5]);
  if (VRS.has(vr)) return 'dicom';
  const len = (head[4] | (head[5] << 8) | (head[6] << 16)) + head[7] * 2 ** 24;
  return len > 0 && len < 1024 ? 'dicom' : 'raster';
}

export async function sniffKind(file: string): Promise<'dicom' | 'raster'> {
  const h = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(132);
    const { bytesRead } = await h.read(buf, 0, 132, 0);
    return sniffKindOf(buf.subarray(0, bytesRead));
  } finally {
    await h.close();
  }
}
