/**
 * PNG chunk surgery: libvips/sharp write only what they want; journals and
 * privacy want exactly IHDR, pHYs, (sRGB), IDAT, IEND.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 of a chunk (chained through `crc`): Node's zlib, native, not a table in JavaScript. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  return zlibCrc32(bytes, crc);
}

export interface PngChunk {
  type: string;
  data: Buffer;
}

export function readPngChunks(png: Buffer): PngChunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  const chunks: PngChunk[] = [];
  let p = 8;
  while (p + 12 <= png.length) {
    const len = png.readUInt32BE(p);
    const type = png.toString('latin1', p + 4, p + 8);
    chunks.push({ type, data: png.subarray(p + 8, p + 8 + len) });
    p += 12 + len;
    if (type === 'IEND') break;
  }
  return chunks;
}

export function writePngChunks(chunks: PngChunk[]): Buffer {
  const parts: Buffer[] = [SIGNATURE];
  for (const { type, data } of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
    parts.push(head, data, crc);
  }
  return Buffer.concat(parts);
}

/**
 * pHYs stores whole pixels per metre, so the DPI read back is
 * round(dpi / 0.0254) × 0.0254: within 0.0127 dpi of the request
 * (300 → 11811 ppm → 299.9994 dpi).
 */
export function physChunk(dpi: number): PngChunk {
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data[8] = 1; // unit: metre
  return { type: 'pHYs', data };
}

export function textChunk(keyword: string, text: string): PngChunk {
  return { type: 'tEXt', data: Buffer.from(`${keyword}\0${text}`, 'latin1') };
}

/** Chunks we pass through from the encoder; everything else is dropped. */
const KEEP = new Set(['IHDR', 'PLTE', 'tRNS', 'sRGB', 'IDAT', 'IEND']);

/** Rebuild `png` with only essential chunks plus our pHYs (after IHDR). */
export function normalisePng(png: Buffer, dpi: number, software?: string): Buffer {
  const out: PngChunk[] = [];
  for (const chunk of readPngChunks(png)) {
    if (!KEEP.has(chunk.type)) continue;
    if (chunk.type === 'IDAT' && software && !out.some((c) => c.type === 'tEXt')) {
      out.push(textChunk('Software', software));
    }
    out.push(chunk);
    if (chunk.type === 'IHDR') out.push(physChunk(dpi));
  }
  return writePngChunks(out);
}

/** DPI from a PNG's pHYs (metre unit), or null. */
export function readPngDpi(png: Buffer): { x: number; y: number } | null {
  const phys = readPngChunks(png).find((c) => c.type === 'pHYs');
  if (!phys || phys.data[8] !== 1) return null;
  return { x: phys.data.readUInt32BE(0) * 0.0254, y: phys.data.readUInt32BE(4) * 0.0254 };
}
