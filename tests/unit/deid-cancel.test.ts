// A pixel check cancelled right after it was asked for (while its file is still opening or its
// frame decoding) never starts reading text: the OCR engine is not called and the request ends
// as cancelled. Before, a cancel that arrived during the open found no job and the reading ran on.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeidService } from '../../src/services/deid/service';
import type { OcrEngine } from '../../src/services/deid/ocr';
import { createImageCache } from '../../src/services/images/cache';

const dir = join(import.meta.dirname, '../fixtures/dicom/burned-in');
const file = join(
  dir,
  readdirSync(dir).find((f) => f.endsWith('.dcm'))!,
);
const images = createImageCache();
afterAll(() => images.close());

describe('cancelling a pixel check', () => {
  it('a cancel during the open stops the check before any text is read', async () => {
    let reads = 0;
    // The engine only counts calls: what is under test is whether the service reaches it.
    const ocr: OcrEngine = {
      recognize: async () => {
        reads++;
        return [];
      },
      warm: async () => {},
      close: async () => {},
    };
    const deid = createDeidService(images, { ocr });
    const p = deid.suggest(file, 0, { jobId: 'j1', faces: false });
    expect(deid.cancel('j1')).toBe(true);
    await expect(p).rejects.toThrow(/cancelled/);
    expect(reads).toBe(0);
    // The same check asked again runs (a cancelled run is not remembered).
    const again = await deid.suggest(file, 0, { jobId: 'j2', faces: false });
    expect(reads).toBeGreaterThan(0);
    expect(again.suggestions).toEqual([]);
  });
});
