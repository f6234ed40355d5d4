// "The screen has finished drawing" as a signal: the canvas pixels stopped changing across a few
// animation frames. Used before screenshots and before asserting that something did NOT happen,
// instead of a fixed sleep.
import type { Page } from '@playwright/test';

export async function canvasSettled(page: Page, stableFrames = 4, timeoutMs = 30_000): Promise<void> {
  await page.evaluate(
    ({ stableFrames, timeoutMs }) =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
        const digest = (): string => {
          const canvases = [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="canvas"] canvas')];
          let h = 2166136261 >>> 0;
          for (const c of canvases) {
            if (!c.width || !c.height) continue;
            const ctx = c.getContext('2d', { willReadFrequently: true });
            if (!ctx) continue;
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            // FNV-1a over every 7th byte: any redraw of a region changes it.
            for (let i = 0; i < d.length; i += 7) h = Math.imul(h ^ d[i], 16777619) >>> 0;
            h = Math.imul(h ^ c.width ^ (c.height << 16), 16777619) >>> 0;
          }
          return `${canvases.length}:${h}`;
        };
        void (async () => {
          let last = digest();
          let same = 0;
          while (same < stableFrames) {
            if (performance.now() - started > timeoutMs) return reject(new Error('the canvas kept changing'));
            await frame();
            const now = digest();
            same = now === last ? same + 1 : 0;
            last = now;
          }
          resolve();
        })();
      }),
    { stableFrames, timeoutMs },
  );
}
