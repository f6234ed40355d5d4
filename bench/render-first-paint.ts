// First paint of a 24 MP JPEG in the real app (Chromium, web host, services decode a ≤4096 px
// preview, the figure canvas draws it), against Chromium itself showing the same file in an <img>
// (load + decode + paint). Ratio = Medfig / Chromium (< 1: Medfig is faster). Median of RUNS (3).
//   npx electron-vite build && node --import tsx bench/render-first-paint.ts
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { chromium } from '@playwright/test';
import { startWebHost } from '../src/web/server';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 3);
const W = 6000;
const H = 4000;

async function writeJpeg(path: string): Promise<void> {
  // Photo-like texture (so the codec has real work), with a magenta centre the watcher looks for.
  const raw = Buffer.alloc(W * H * 3);
  let seed = 1;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = seed & 31;
      const centre = Math.abs(x - W / 2) < 1200 && Math.abs(y - H / 2) < 900;
      raw[i] = centre ? 230 : ((x >> 3) ^ (y >> 3)) & 255;
      raw[i + 1] = centre ? 20 : ((x * y) >> 12) & 255;
      raw[i + 2] = centre ? 230 : n * 8;
    }
  await sharp(raw, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(path);
}

// In-page code as text: tsx's name helpers (__name) do not exist in the page.
const WATCH = `window.__painted = new Promise((res) => {
  const loop = () => {
    for (const c of document.querySelectorAll('[data-testid="canvas"] canvas')) {
      const d = c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
      if (d[0] > 190 && d[1] < 70 && d[2] > 190) return res(performance.now());
    }
    requestAnimationFrame(loop);
  };
  loop();
}); window.__t0 = performance.now();`;

const IMG = (url: string) => `new Promise((res) => {
  const t0 = performance.now();
  const img = new Image();
  img.style.width = '1000px';
  img.onload = () => img.decode().then(() => { document.body.appendChild(img); requestAnimationFrame(() => requestAnimationFrame(() => res(performance.now() - t0))); });
  img.src = ${JSON.stringify(url)};
})`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'medfig-bench-paint-'));
  const file = join(work, 'photo_24mp.jpg');
  await writeJpeg(file);
  writeFileSync(join(work, 'blank.html'), '<!doctype html><body style="margin:0;background:#222"></body>');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
  const medfig: number[] = [];
  const native: number[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      // A fresh host each run: nothing cached in the services.
      const host = await startWebHost({
        rendererDir: join(ROOT, 'out/renderer'),
        roots: [work],
        importDir: join(work, `imports${r}`),
        exportDir: join(work, 'exports'),
      });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(host.url);
      await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
      await page.getByTestId('open-image').click();
      await page.getByTestId(`entry-${work.split('/').pop()}`).click();
      await page.getByTestId('entry-photo_24mp.jpg').click();
      await page.evaluate(WATCH);
      await page.getByTestId('picker-open').click();
      medfig.push(Number(await page.evaluate('window.__painted.then((t) => t - window.__t0)')));
      await page.close();
      await host.close();

      const ref = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await ref.goto(`file://${join(work, 'blank.html')}`);
      native.push(Number(await ref.evaluate(IMG(`file://${file}`))));
      await ref.close();
    }
  } finally {
    await browser.close();
  }
  const m = median(medfig);
  const n = median(native);
  console.log(
    `runs: Medfig ${medfig.map((x) => x.toFixed(0)).join(', ')} ms; Chromium <img> ${native.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
  console.log('| what | Medfig | Chromium <img> | ratio |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| first paint, 24 MP JPEG (6000×4000) | ${m.toFixed(0)} ms | ${n.toFixed(0)} ms | ${(m / n).toFixed(2)} |`);
}

await main();
