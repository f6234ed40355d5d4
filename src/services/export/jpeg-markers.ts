/**
 * JPEG marker surgery: drop every APPn (EXIF, XMP, ICC, Photoshop) and COM
 * segment and write one JFIF APP0 carrying the density in dots per inch —
 * the only place JPEG readers look for DPI without EXIF.
 */

export interface JpegSegment {
  marker: number;
  /** Payload after the 2-byte length (empty for standalone markers). */
  data: Buffer;
}

/** Segments from SOI up to (not including) SOS, plus the offset of SOS. */
export function readJpegHeader(jpeg: Buffer): { segments: JpegSegment[]; sos: number } {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const segments: JpegSegment[] = [];
  let p = 2;
  while (p + 4 <= jpeg.length) {
    if (jpeg[p] !== 0xff) throw new Error(`JPEG: marker expected at ${p}`);
    const marker = jpeg[p + 1];
    if (marker === 0xff) {
      p += 1; // fill byte
      continue;
    }
    if (marker === 0xda) return { segments, sos: p };
    const len = jpeg.readUInt16BE(p + 2);
    segments.push({ marker, data: jpeg.subarray(p + 4, p + 2 + len) });
    p += 2 + len;
  }
  throw new Error('JPEG: no SOS marker');
}

export function jfifApp0(dpi: number): JpegSegment {
  // JFIF densities are 16-bit integers.
  const d = Math.min(65535, Math.max(1, Math.round(dpi)));
  const data = Buffer.alloc(14);
  data.write('JFIF\0', 0, 'latin1');
  data[5] = 1; // version 1.01
  data[6] = 1;
  data[7] = 1; // units: dots per inch
  data.writeUInt16BE(d, 8);
  data.writeUInt16BE(d, 10);
  data[12] = 0; // no thumbnail
  data[13] = 0;
  return { marker: 0xe0, data };
}

export function normaliseJpeg(jpeg: Buffer, dpi: number): Buffer {
  const { segments, sos } = readJpegHeader(jpeg);
  const kept = segments.filter((s) => !(s.marker >= 0xe0 && s.marker <= 0xef) && s.marker !== 0xfe);
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  for (const s of [jfifApp0(dpi), ...kept]) {
    const head = Buffer.alloc(4);
    head[0] = 0xff;
    head[1] = s.marker;
    head.writeUInt16BE(s.data.length + 2, 2);
    parts.push(head, s.data);
  }
  parts.push(jpeg.subarray(sos));
  return Buffer.concat(parts);
}
