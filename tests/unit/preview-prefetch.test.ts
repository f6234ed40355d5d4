// First paint plumbing (issue 15): the image cache keeps one decode per frame and size in flight
// (a prefetch at open and the renderer's own ask share it), the pool can be warmed ahead of the
// first open, the workspace starts the previews at open, and the web transport hands the renderer
// typed arrays over the response body itself instead of copies.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { createImageCache } from '../../src/services/images/cache';
import { createWorkspace } from '../../src/services/workspace';
import { decodeWire, encodeWire, encodeWireParts } from '../../src/shared/wire';
import { wantsQuickPreview } from '../../src/shared/imaging/preview-sizes';

const root = resolve(import.meta.dirname, '../..');
const CT = join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm');
const cache = createImageCache();
afterAll(() => cache.close());

describe('image cache', () => {
  it('warms, then two asks for the same frame and size while it decodes get the one decode', async () => {
    await cache.warm();
    const [a, b] = await Promise.all([cache.frame(CT, 0, 2048), cache.frame(CT, 0, 2048)]);
    expect(a).toBe(b);
    expect([a.width, a.height]).toEqual([512, 512]);
    // And it stays cached: a later ask is the same frame again.
    expect(await cache.frame(CT, 0, 2048)).toBe(a);
  });
});

describe('workspace open', () => {
  it("a large JPEG: its previews at the renderer's sizes (started at open), one decode for repeat asks", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medfig-prefetch-'));
    const file = join(dir, 'wide.jpg');
    await sharp({ create: { width: 4400, height: 600, channels: 3, background: { r: 200, g: 30, b: 90 } } })
      .jpeg()
      .toFile(file);
    const ws = createWorkspace({ roots: [dir], importDir: join(dir, 'imports'), exportDir: join(dir, 'exports') });
    try {
      const opened = await ws.openImage({ fileId: ws.issue(file, 'file').id });
      expect(wantsQuickPreview(opened.info)).toBe(true);
      // Asked right after the open, both come from the decodes the open started (the same objects
      // the cache then keeps), at the sizes the renderer shows.
      const quick = await ws.getFrame({ sourceId: opened.source.id, frame: 0, maxSide: 512 });
      const screen = await ws.getFrame({ sourceId: opened.source.id, frame: 0, maxSide: 2048 });
      expect([quick.width, quick.height]).toEqual([512, 70]);
      expect([screen.width, screen.height]).toEqual([2048, 279]);
      for (const [i, want] of [200, 30, 90].entries()) expect(Math.abs(screen.data[i] - want)).toBeLessThanOrEqual(3);
      expect(await ws.getFrame({ sourceId: opened.source.id, frame: 0, maxSide: 2048 })).toBe(screen);
    } finally {
      await ws.close();
    }
  });
});

describe('wire', () => {
  const msg = {
    ok: true,
    value: { data: Uint16Array.from([1, 2, 65535]), rgb: Uint8Array.from([9, 8, 7, 6, 5]), f: Float32Array.from([0.5]) },
  };
  it('by default decodes copies the caller may transfer', () => {
    const bytes = encodeWire(msg);
    const v = (decodeWire(bytes) as typeof msg).value;
    expect(v.data.buffer).not.toBe(bytes.buffer);
    expect(Array.from(v.data)).toEqual([1, 2, 65535]);
  });
  it('with views, the arrays are the message bytes themselves (no copy), values intact', () => {
    const bytes = encodeWire(msg);
    const v = (decodeWire(bytes, { views: true }) as typeof msg).value;
    for (const a of [v.data, v.rgb, v.f]) expect(a.buffer).toBe(bytes.buffer);
    expect(Array.from(v.data)).toEqual([1, 2, 65535]);
    expect(Array.from(v.rgb)).toEqual([9, 8, 7, 6, 5]);
    expect(Array.from(v.f)).toEqual([0.5]);
  });
});

describe('wire in parts', () => {
  it('the parts, joined, are the one-buffer message; the pixel buffers are sent as they are', () => {
    const data = Uint16Array.from([7, 8, 9]);
    const msg = { ok: true, value: { data, note: 'x' } };
    const parts = encodeWireParts(msg);
    expect(parts.some((p) => p.buffer === data.buffer)).toBe(true);
    const joined = Buffer.concat(parts);
    expect(Buffer.compare(joined, Buffer.from(encodeWire(msg)))).toBe(0);
    expect(Array.from((decodeWire(joined) as typeof msg).value.data)).toEqual([7, 8, 9]);
  });
});
