// Face proposals: the Tiny Face Detector shipped inside @vladmandic/face-api, run offline in the
// decode pool's worker. A real photograph of a person (NASA public domain, via Debian
// python3-skimage) gives her face; a micrograph and a fundus photograph give none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDecodePool } from '../../src/services/images/worker';
import { decodeFrame, readInfo } from '../../src/services/images/decode';
import { toRgb8 } from '../../src/services/deid/prepare';
import { proposeRedactions } from '../../src/services/deid/propose';
import { createOcrEngine } from '../../src/services/deid/ocr';
import { faceAssets, ocrAssets } from '../../src/services/deid/assets';

const pool = createDecodePool({ size: 1 });
const ocr = createOcrEngine({ size: 1 });
afterAll(async () => {
  await pool.close();
  await ocr.close();
});

async function load(rel: string) {
  const bytes = new Uint8Array(readFileSync(join(__dirname, '../fixtures', rel)));
  return { info: await readInfo(bytes), frame: await decodeFrame(bytes, 0) };
}

describe('face detection', () => {
  it('models and data are local files of installed packages', () => {
    const o = ocrAssets();
    const f = faceAssets();
    for (const p of [join(o.langPath, 'eng.traineddata.gz'), o.workerPath, f.script, f.manifest, f.weights]) {
      expect(p.startsWith('/') || /^[A-Z]:\\/.test(p)).toBe(true);
      expect(existsSync(p), p).toBe(true);
    }
  });

  it("finds the astronaut's face in the photograph, as a proposal in source pixels", async () => {
    const { info, frame } = await load('photos/astronaut_face.png');
    const rgb = toRgb8(frame)!;
    const faces = await pool.faces(rgb.data, rgb.width, rgb.height);
    expect(faces).toHaveLength(1);
    const f = faces[0];
    expect(f.score).toBeGreaterThan(0.7);
    // Her face is at about x 170–270, y 80–190 of the 512² image (eyes near y 120).
    const cx = f.box.x + f.box.w / 2,
      cy = f.box.y + f.box.h / 2;
    expect(cx).toBeGreaterThan(190);
    expect(cx).toBeLessThan(250);
    expect(cy).toBeGreaterThan(110);
    expect(cy).toBeLessThan(160);
    expect(f.box.w).toBeGreaterThan(70);
    expect(f.box.w).toBeLessThan(180);

    const proposals = await proposeRedactions({ ocr, faces: pool.faces }, { frame, info });
    const face = proposals.find((p) => p.kind === 'face')!;
    expect(face).toBeDefined();
    expect(proposals[0].kind).toBe('face');
    // The proposal covers the detection with a margin.
    expect(face.box.x).toBeLessThanOrEqual(f.box.x);
    expect(face.box.x + face.box.w).toBeGreaterThanOrEqual(f.box.x + f.box.w);
  });

  it('finds no face in a micrograph or a fundus photograph', async () => {
    for (const rel of ['images/histology/ihc.png', 'photos/retina_fundus.jpg']) {
      const { frame } = await load(rel);
      const rgb = toRgb8(frame)!;
      expect(await pool.faces(rgb.data, rgb.width, rgb.height), rel).toEqual([]);
    }
  });
});
