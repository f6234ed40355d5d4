// Identify a raster format from its first bytes, and describe bytes that are not an image,
// so the user is told "this is a PDF" rather than "unsupported image format".

export type RasterFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'bmp' | 'gif';

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

export function sniffRaster(b: Uint8Array): RasterFormat | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // Classic TIFF (42) and BigTIFF (43), both byte orders.
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 2) === 'BM' && b.length >= 26) return 'bmp';
  return null;
}

/** A short human description of bytes that are not a supported raster ("a PDF document", "text: 'hello…'"). */
export function describeBytes(b: Uint8Array): string {
  if (ascii(b, 128, 132) === 'DICM') return 'a DICOM file';
  if (ascii(b, 0, 5) === '%PDF-') return 'a PDF document';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip-compressed data';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    return /hei|mif|avi/.test(brand) ? `a HEIF/AVIF image (brand '${brand}'), not supported` : `an ISO media file (brand '${brand}')`;
  }
  if (startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50])) return 'a JPEG 2000 image, not supported outside DICOM';
  if (startsWith(b, [0xff, 0x4f, 0xff, 0x51])) return 'a raw JPEG 2000 codestream, not supported outside DICOM';
  if (looksLikeText(b.subarray(0, 512))) {
    let s = new TextDecoder('utf-8').decode(b.subarray(0, 40)).replace(/\s+/g, ' ').trim();
    if (/^<(!doctype html|html)/i.test(s)) return 'an HTML page';
    if (/^<svg|^<\?xml/i.test(s)) return 'an XML/SVG text file (vector graphics are not supported here)';
    if (b.length > 40) s += '…';
    return `plain text ("${s}")`;
  }
  const hex = [...b.subarray(0, 8)].map((c) => c.toString(16).padStart(2, '0')).join(' ');
  return `unrecognised binary data (starts ${hex})`;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.some((c) => c < 32 && c !== 9 && c !== 10 && c !== 13)) return false;
  try {
    // Drop a possibly cut multi-byte character at the end before the strict UTF-8 check.
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === 512 ? head.subarray(0, 508) : head);
    return true;
  } catch {
    return false;
  }
}
