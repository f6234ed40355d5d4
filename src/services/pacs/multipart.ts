// multipart/related (RFC 2387) as DICOMweb uses it: WADO-RS answers with one part per instance,
// STOW-RS sends one. Hand-written: a few dozen lines over Buffer.indexOf, no npm parser handles
// binary multipart/related without a stream framework, and the limits matter here (part count).
import { randomBytes } from 'node:crypto';
import { PacsError } from './errors';

export interface Part {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A parameter of a Content-Type value (quoted or not), case-insensitive name. */
export function contentTypeParam(contentType: string, name: string): string | null {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i');
  const m = re.exec(contentType);
  if (!m) return null;
  return m[1] ?? m[2] ?? null;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Split a multipart body into parts. The boundary comes from the Content-Type; a body without a
 * closing delimiter is refused (a truncated download must not be taken for a whole one).
 */
export function parseMultipart(body: Uint8Array, contentType: string, maxParts = 100_000): Part[] {
  if (!/^multipart\//i.test(contentType.trim()))
    throw new PacsError('protocol', `expected a multipart answer, got "${contentType.split(';')[0]}"`);
  const boundary = contentTypeParam(contentType, 'boundary');
  if (!boundary || boundary.length > 200) throw new PacsError('protocol', 'the multipart answer has no boundary');
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delim = Buffer.from(`--${boundary}`);
  // The first delimiter may be at the very start (no preamble) or after a preamble line.
  let pos = buf.indexOf(delim);
  if (pos < 0) throw new PacsError('protocol', 'the multipart answer has no parts');
  const parts: Part[] = [];
  for (;;) {
    pos += delim.length;
    // "--" after a delimiter closes the body.
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) return parts;
    // Transport padding (spaces/tabs) then CRLF.
    while (buf[pos] === 0x20 || buf[pos] === 0x09) pos++;
    if (!buf.subarray(pos, pos + 2).equals(CRLF))
      throw new PacsError('protocol', 'the multipart answer is malformed (no line break after a boundary)');
    pos += 2;
    const headerEnd = buf.indexOf(HEADER_END, pos);
    // A part with no headers starts right with CRLF.
    let headersText: string;
    let bodyStart: number;
    if (buf.subarray(pos, pos + 2).equals(CRLF)) {
      headersText = '';
      bodyStart = pos + 2;
    } else {
      if (headerEnd < 0) throw new PacsError('protocol', 'the multipart answer is truncated (part headers never end)');
      headersText = buf.subarray(pos, headerEnd).toString('latin1');
      bodyStart = headerEnd + 4;
    }
    const next = buf.indexOf(Buffer.concat([CRLF, delim]), bodyStart);
    if (next < 0) throw new PacsError('protocol', 'the multipart answer is truncated (a part has no closing boundary)');
    const headers: Record<string, string> = {};
    for (const line of headersText.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    parts.push({ headers, body: new Uint8Array(buf.buffer, buf.byteOffset + bodyStart, next - bodyStart) });
    if (parts.length > maxParts) throw new PacsError('too-large', `the multipart answer has more than ${maxParts} parts`);
    pos = next + 2;
  }
}

/** One multipart/related body for STOW-RS; the boundary is random and checked absent from the parts. */
export function buildMultipart(parts: { type: string; body: Uint8Array }[], rootType: string): { body: Uint8Array; contentType: string } {
  let boundary: string;
  do boundary = 'medfig-' + randomBytes(16).toString('hex');
  while (parts.some((p) => Buffer.from(p.body.buffer, p.body.byteOffset, p.body.byteLength).includes(`--${boundary}`)));
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${p.type}\r\n\r\n`));
    chunks.push(Buffer.from(p.body.buffer, p.body.byteOffset, p.body.byteLength));
    chunks.push(CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/related; type="${rootType}"; boundary=${boundary}` };
}
