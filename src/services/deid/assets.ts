// Where the offline models live: inside installed npm packages, resolved from this module, never a
// URL. Tesseract's English data (@tesseract.js-data/eng), its worker script and wasm core
// (tesseract.js, tesseract.js-core), and the face detector's weights (@vladmandic/face-api/model).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const req = createRequire(import.meta.url);

export interface OcrAssets {
  /** Folder holding eng.traineddata.gz. */
  langPath: string;
  workerPath: string;
  corePath: string;
}

export function ocrAssets(): OcrAssets {
  return {
    // 4.0.0: the integer LSTM model Tesseract ships as "tessdata" (faster than best_int, as accurate on print).
    langPath: join(dirname(req.resolve('@tesseract.js-data/eng/package.json')), '4.0.0'),
    workerPath: join(dirname(req.resolve('tesseract.js/package.json')), 'src/worker-script/node/index.js'),
    corePath: dirname(req.resolve('tesseract.js-core/package.json')),
  };
}

export interface FaceAssets {
  /** The face-api bundle (tfjs with its CPU backend inside). */
  script: string;
  manifest: string;
  weights: string;
}

export function faceAssets(): FaceAssets {
  const root = dirname(req.resolve('@vladmandic/face-api/package.json'));
  return {
    script: join(root, 'dist/face-api.js'),
    manifest: join(root, 'model/tiny_face_detector_model-weights_manifest.json'),
    weights: join(root, 'model/tiny_face_detector_model.bin'),
  };
}
