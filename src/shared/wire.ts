// Binary framing for the web host's HTTP transport, so that typed arrays (pixels, file
// bytes) travel as raw bytes instead of JSON numbers. Electron's IPC clones them natively.
// Frame: 4-byte little-endian JSON length, the JSON, then the concatenated buffers.

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

export function encodeWire(value: unknown): Uint8Array {
  const buffers: Uint8Array[] = [];
  const json = JSON.stringify(value, function (_k, v: unknown) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`cannot send ${name}`);
      buffers.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return { $ta: name, i: buffers.length - 1, n: v.byteLength };
    }
    return v;
  });
  const head = new TextEncoder().encode(json);
  // Each buffer is padded to 8 bytes so typed views can be made without copying.
  const pad = (n: number) => (8 - (n % 8)) % 8;
  let total = 4 + head.length + pad(4 + head.length);
  for (const b of buffers) total += b.byteLength + pad(b.byteLength);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let off = 4 + head.length + pad(4 + head.length);
  for (const b of buffers) {
    out.set(b, off);
    off += b.byteLength + pad(b.byteLength);
  }
  return out;
}

export function decodeWire(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 4) throw new Error('wire message too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  if (4 + len > bytes.byteLength) throw new Error('wire message truncated');
  const json = new TextDecoder().decode(bytes.subarray(4, 4 + len));
  const pad = (n: number) => (8 - (n % 8)) % 8;
  // First pass: collect refs with their sizes (in index order) to find offsets.
  const sizes: number[] = [];
  JSON.parse(json, (_k, v: unknown) => {
    if (isRef(v)) sizes[v.i] = (v as Ref & { n: number }).n;
    return v;
  });
  const offsets: number[] = [];
  let off = 4 + len + pad(4 + len);
  for (let i = 0; i < sizes.length; i++) {
    offsets[i] = off;
    off += sizes[i] + pad(sizes[i]);
  }
  if (off - pad(sizes.at(-1) ?? 0) > bytes.byteLength) throw new Error('wire message truncated');
  return JSON.parse(json, (_k, v: unknown) => {
    if (isRef(v)) {
      const Ctor = TYPED[v.$ta];
      if (!Ctor) throw new Error(`unknown typed array ${v.$ta}`);
      const n = sizes[v.i];
      // Copy into a fresh, aligned buffer: the caller may transfer or keep it.
      const copy = bytes.slice(offsets[v.i], offsets[v.i] + n);
      return new Ctor(copy.buffer, 0, n / Ctor.BYTES_PER_ELEMENT);
    }
    return v;
  });
}
