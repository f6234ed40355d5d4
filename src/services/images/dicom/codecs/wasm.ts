// The @cornerstonejs/codec-* packages are emscripten factories (CommonJS). Each is loaded and
// initialised once, lazily, on first use; the factory finds its .wasm next to its own .js file.
import { createRequire } from 'node:module';

export interface DecodedImage {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

/** The shape shared by J2KDecoder, JpegLSDecoder and JPEGDecoder. */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): DecodedImage;
  getInterleaveMode?(): number;
  getNearLossless?(): number;
  delete(): void;
}

type Factory = (module?: { print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<Record<string, new () => WasmDecoder>>;

// Not named `require`: the ESM bundle of main declares its own `require` shim.
const requireCjs = createRequire(import.meta.url);
const cache = new Map<string, Promise<Record<string, new () => WasmDecoder>>>();
/** Codecs whose module is ready: decodeWithWasm then decodes within its own call, no await first. */
const ready = new Map<string, Record<string, new () => WasmDecoder>>();

function load(specifier: string): Promise<Record<string, new () => WasmDecoder>> {
  let p = cache.get(specifier);
  if (!p) {
    const factory = requireCjs(specifier) as Factory;
    // OpenJPEG logs every header it reads; keep the console for real problems.
    p = factory({ print: () => {}, printErr: () => {} });
    cache.set(specifier, p);
    // A failed init should be retried next time, not cached forever.
    p.then(
      (mod) => ready.set(specifier, mod),
      () => cache.delete(specifier),
    );
  }
  return p;
}

export type CodecName = 'openjpeg' | 'charls' | 'libjpeg-turbo-8bit';

const SPECIFIERS: Record<CodecName, [module: string, cls: string]> = {
  openjpeg: ['@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder'],
  charls: ['@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder'],
  'libjpeg-turbo-8bit': ['@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', 'JPEGDecoder'],
};

export interface WasmResult {
  info: DecodedImage;
  /** A copy: the decoder's buffer lives in wasm memory and dies with the decoder. */
  bytes: Uint8Array;
  interleaveMode?: number;
  nearLossless?: number;
}

/**
 * Loads and initialises a codec ahead of its first decode. The CLI does so before it decodes under
 * its synchronous time cap (src/cli/time-cap.ts), which covers only what runs within the call.
 */
export async function loadCodec(codec: CodecName): Promise<void> {
  await load(SPECIFIERS[codec][0]);
}

/** Decode one codestream with a fresh decoder instance of the named codec. */
export async function decodeWithWasm(codec: CodecName, encoded: Uint8Array): Promise<WasmResult> {
  const [specifier, cls] = SPECIFIERS[codec];
  const mod = ready.get(specifier) ?? (await load(specifier));
  const Decoder = mod[cls];
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = new Uint8Array(decoder.getDecodedBuffer());
    return {
      info: {
        width: info.width,
        height: info.height,
        bitsPerSample: info.bitsPerSample,
        componentCount: info.componentCount,
        isSigned: info.isSigned,
      },
      bytes,
      interleaveMode: decoder.getInterleaveMode?.(),
      nearLossless: decoder.getNearLossless?.(),
    };
  } finally {
    decoder.delete();
  }
}
