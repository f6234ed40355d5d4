// Face detection on photographs, offline: @vladmandic/face-api's Tiny Face Detector, whose weights
// (190 kB) ship in the package's model/ folder, run on the TensorFlow.js CPU backend bundled in
// its dist/face-api.js. That bundle is a browser build: loaded here with Node's require and a
// minimal platform (no fetch, no file reads, no canvas — the input is a tensor), so it never
// touches the network. Runs inside a decode-pool worker (see images/worker), never on a host thread.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { faceAssets } from './assets';

export interface FaceHit {
  box: { x: number; y: number; w: number; h: number };
  score: number;
}

/* The bundle is untyped JavaScript; only the few calls used here are described. */
interface Tensor {
  dispose(): void;
}
interface FaceApi {
  tf: {
    env(): { setPlatform(name: string, platform: unknown): void };
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor;
    io: { decodeWeights(buffer: ArrayBuffer, specs: unknown[]): unknown };
  };
  env: { setEnv(env: Record<string, unknown>): void };
  nets: { tinyFaceDetector: { loadFromWeightMap(map: unknown): Promise<void> } };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(
    input: Tensor,
    options: unknown,
  ): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
}

let loading: Promise<FaceApi> | null = null;

function offline(): never {
  throw new Error('face detection works offline: no fetch, file or canvas access');
}

async function load(): Promise<FaceApi> {
  const a = faceAssets();
  const source = readFileSync(a.script, 'utf8');
  // The bundle declares `var faceapi`; `process` without versions.node keeps it from choosing its Node
  // platform (which needs the real util module the browser build stubs out); `require` is Node's.
  const factory = new Function('require', 'process', `${source}\n;return faceapi;`) as (r: NodeJS.Require, p: unknown) => FaceApi;
  const api = factory(createRequire(a.script), { versions: {}, env: {} });
  api.tf.env().setPlatform('medfig-offline', {
    fetch: offline,
    now: () => performance.now(),
    encode: (t: string) => new TextEncoder().encode(t),
    decode: (b: Uint8Array, enc: string) => new TextDecoder(enc).decode(b),
    isTypedArray: (x: unknown) => ArrayBuffer.isView(x) && !(x instanceof DataView),
  });
  class Absent {}
  api.env.setEnv({
    Canvas: Absent,
    CanvasRenderingContext2D: Absent,
    Image: Absent,
    ImageData: Absent,
    Video: Absent,
    createCanvasElement: offline,
    createImageElement: offline,
    createVideoElement: offline,
    fetch: offline,
    readFile: offline,
  });
  await api.tf.setBackend('cpu');
  await api.tf.ready();
  const manifest = JSON.parse(readFileSync(a.manifest, 'utf8')) as { weights: unknown[] }[];
  const bin = readFileSync(a.weights);
  const weights = api.tf.io.decodeWeights(
    bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
    manifest.flatMap((g) => g.weights),
  );
  await api.nets.tinyFaceDetector.loadFromWeightMap(weights);
  return api;
}

/** Nearest-neighbour reduction of interleaved RGB to fit maxSide (the detector works at 320 px anyway). */
function fit(rgb: Uint8Array, width: number, height: number, maxSide: number) {
  const s = Math.min(1, maxSide / Math.max(width, height));
  if (s === 1) return { data: rgb, width, height, scale: 1 };
  const W = Math.max(1, Math.round(width * s));
  const H = Math.max(1, Math.round(height * s));
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(height - 1, Math.floor(y / s));
    for (let x = 0; x < W; x++) {
      const si = (sy * width + Math.min(width - 1, Math.floor(x / s))) * 3;
      const di = (y * W + x) * 3;
      out[di] = rgb[si];
      out[di + 1] = rgb[si + 1];
      out[di + 2] = rgb[si + 2];
    }
  }
  return { data: out, width: W, height: H, scale: W / width };
}

/** Faces in an interleaved 8-bit RGB image; boxes in its pixels. */
export async function detectFaces(rgb: Uint8Array, width: number, height: number, minScore = 0.5): Promise<FaceHit[]> {
  if (rgb.length !== width * height * 3) throw new RangeError(`expected ${width * height * 3} RGB samples, got ${rgb.length}`);
  loading ??= load();
  const api = await loading.catch((e: unknown) => {
    loading = null;
    throw e;
  });
  const img = fit(rgb, width, height, 1024);
  const t = api.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  try {
    const found = await api.detectAllFaces(t, new api.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: minScore }));
    return found.map((d) => {
      const x = Math.max(0, d.box.x / img.scale);
      const y = Math.max(0, d.box.y / img.scale);
      return {
        score: d.score,
        box: { x, y, w: Math.min(width - x, d.box.width / img.scale), h: Math.min(height - y, d.box.height / img.scale) },
      };
    });
  } finally {
    t.dispose();
  }
}
