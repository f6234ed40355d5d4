// A large photograph paints first from a quick reduced decode (512 px), without waiting for its
// 2048 px screen preview; the preview then replaces it. The preview's answer is held back by the
// test until the first paint is on screen, so the order is checked, not a timing.
import { test, expect, openViaPicker, SHOTS } from './fixtures';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeWire } from '../../src/shared/wire';
import type { DecodedFrame } from '../../src/shared/imaging/types';

const W = 6000;
const H = 4000;

/** The centre pixel of every figure canvas: is it the photo's magenta? */
const CENTRE_IS_MAGENTA = `[...document.querySelectorAll('[data-testid="canvas"] canvas')].some((c) => {
  const d = c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
  return d[0] > 190 && d[1] < 70 && d[2] > 190;
})`;

test('a 24 MP JPEG paints from a quick decode first, then its screen preview', async ({ app: page, web }) => {
  test.setTimeout(180_000);
  const file = join(web.workDir, 'photo_24mp.jpg');
  const centre = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 230, g: 20, b: 230 } } })
    .png()
    .toBuffer();
  await sharp({ create: { width: W, height: H, channels: 3, background: { r: 40, g: 140, b: 60 } } })
    .composite([{ input: centre, left: (W - 2400) / 2, top: (H - 1800) / 2 }])
    .jpeg({ quality: 90 })
    .toFile(file);

  const sizes: number[] = [];
  let paintedBeforePreview: boolean | null = null;
  await page.route('**/api/getFrame', async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    const msg = decodeWire(new Uint8Array(body)) as { ok: boolean; value?: DecodedFrame };
    const side = msg.ok && msg.value ? Math.max(msg.value.width, msg.value.height) : 0;
    if (side > 512) {
      // Hold the screen preview until the quick decode is on screen (or give up after 60 s).
      await expect.poll(() => page.evaluate(CENTRE_IS_MAGENTA), { timeout: 60_000 }).toBe(true);
      paintedBeforePreview = true;
      await page.screenshot({ path: join(SHOTS, 'first-paint-quick.png') });
    }
    sizes.push(side);
    await route.fulfill({ response: res, body });
  });

  await openViaPicker(page, [web.workDir.split('/').pop()!], 'photo_24mp.jpg');
  await expect(page.getByTestId('image-info')).toContainText('6000 × 4000 px', { timeout: 60_000 });
  await expect.poll(() => sizes.length, { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
  expect(sizes[0]).toBe(512);
  expect(Math.max(...sizes)).toBe(2048);
  expect(paintedBeforePreview).toBe(true);
  await expect.poll(() => page.evaluate(CENTRE_IS_MAGENTA)).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'first-paint-detail.png') });
});
