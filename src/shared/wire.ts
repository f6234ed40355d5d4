// Binary framing for the web host's HTTP transport, so that typed arrays (pixels, file
// bytes) travel as raw bytes instead of JSON numbers. Electron's IPC clones them natively.
// Frame: 4-byte little-endian JSON length, the JSON, then the concatenated buffers.
import { LIMITS, jsonDepthExceeds } from './limits';

const TYPED = {
  Uint8Array,
  Uint8ClampedArray,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

interface Ref {
  $ta: TypedName;
  i: number;
}

function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && typeof (v as Ref).$ta === 'string' && typeof (v as Ref).i === 'number';
}

/**
 * The message as the pieces to send in order (header with its padding, then each buffer and its
 * padding), the buffers themselves not copied: a host writes them to the socket one after another.
 */
export function encodeWireParts(value: unknown): Uint8Array[] {
  const buffers: Uint8Array[] = [];
  // Typed arrays answer JSON.stringify's toJSON call with a reference to their bytes. A toJSON on
  // their shared prototype, for this call only, keeps the stringify native: a replacer function
  // would be called for every key, and an autosave of a project with hundreds of annotations then
  // took several milliseconds of the renderer's thread.
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype) as { toJSON?: unknown };
  const had = Object.getOwnPropertyDescriptor(typedProto, 'toJSON');
  Object.defineProperty(typedProto, 'toJSON', {
    configurable: true,
    writable: true,
    value: function (this: ArrayBufferView) {
      const name = this.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`cannot send ${name}`);
      buffers.push(new Uint8Array(this.buffer, this.byteOffset, this.byteLength));
      return { $ta: name, i: buffers.length - 1, n: this.byteLength };
    },
  });
  let json: string;
  try {
    json = JSON.stringify(value);
  } finally {
    if (had) Object.defineProperty(typedProto, 'toJSON', had);
    else delete typedProto.toJSON;
  }
  const json8 = new TextEncoder().encode(json);
  // Each buffer is padded to 8 bytes so typed views can be made without copying.
  const pad = (n: number) => (8 - (n % 8)) % 8;
  const head = new Uint8Array(4 + json8.length + pad(4 + json8.length));
  new DataView(head.buffer).setUint32(0, json8.length, true);
  head.set(json8, 4);
  const parts: Uint8Array[] = [head];
  for (const b of buffers) {
    parts.push(b);
    if (pad(b.byteLength)) parts.push(new Uint8Array(pad(b.byteLength)));
  }
  return parts;
}

export function encodeWire(value: unknown): Uint8Array {
  const parts = encodeWireParts(value);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

/** A wire message that breaks the framing rules; hosts answer it with 400. */
export class WireError extends Error {}

/**
 * Every length a message claims is checked against the bytes that arrived before anything is
 * allocated: a 40-byte body claiming a 4-billion-element array is refused at once (it once
 * crashed the web host). Buffers must be numbered 0, 1, 2… in the order the JSON names them,
 * as encodeWire writes them, so no index can make the decoder walk a sparse array.
 */
export function decodeWire(bytes: Uint8Array, options: { views?: boolean } = {}): unknown {
  if (bytes.byteLength < 4) throw new WireError('wire message too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  if (len > bytes.byteLength - 4) throw new WireError('wire message truncated');
  const json = new TextDecoder().decode(bytes.subarray(4, 4 + len));
  if (jsonDepthExceeds(json, LIMITS.jsonDepth)) throw new WireError(`wire message nested deeper than ${LIMITS.jsonDepth} levels`);
  const pad = (n: number) => (8 - (n % 8)) % 8;
  let next = 0;
  let off = 4 + len + pad(4 + len);
  return JSON.parse(json, (_k, v: unknown) => {
    if (!isRef(v)) return v;
    const Ctor = Object.hasOwn(TYPED, v.$ta) ? TYPED[v.$ta] : undefined;
    if (!Ctor) throw new WireError(`unknown typed array ${String(v.$ta).slice(0, 40)}`);
    const n = (v as Ref & { n?: unknown }).n;
    if (v.i !== next) throw new WireError('wire buffers out of order');
    if (++next > LIMITS.wireBuffers) throw new WireError(`more than ${LIMITS.wireBuffers} buffers in one message`);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n % Ctor.BYTES_PER_ELEMENT !== 0)
      throw new WireError('bad buffer length in wire message');
    if (n > bytes.byteLength - off) throw new WireError('wire message truncated');
    const at = off;
    off += n + pad(n);
    // `views`: typed arrays over the message's own bytes, no copy (a 2048 px preview is 12 MB) —
    // for a receiver that owns the message and never transfers the arrays (the renderer's HTTP
    // client). Otherwise a fresh, aligned copy each, which the caller may transfer or keep.
    if (options.views && (bytes.byteOffset + at) % Ctor.BYTES_PER_ELEMENT === 0)
      return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset + at, n / Ctor.BYTES_PER_ELEMENT);
    // Uint8Array's own slice: a Node Buffer's slice is a view, not a copy.
    const copy = Uint8Array.prototype.slice.call(bytes, at, at + n);
    return new Ctor(copy.buffer, 0, n / Ctor.BYTES_PER_ELEMENT);
  });
}
