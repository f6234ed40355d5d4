/**
 * Export benchmarks. Run: node --import tsx bench/export-bench.ts
 *  1. PNG encode of a 4323 × 4016 RGBA figure (183 × 170 mm at 600 dpi) vs
 *     ImageMagick `convert` encoding the same pixels.
 *  2. PDF export of a 4-panel synthetic figure.
 *  3. Peak memory (VmHWM) of a 1200 dpi TIFF export, each case in a fresh process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { Konva, encodeRaster, exportFigure, pixelsFor, registerFonts, renderLayersToRaster, setupKonvaNode } from '../src/services/export';

const PT = 72 / 25.4;
const W_MM = 183;
const H_MM = 170;

/** A photo-like source: smooth shading plus fine texture, so PNG has work to do. */
function syntheticImage(w: number, h: number, seed: number) {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  const g = ctx.createRadialGradient(w * 0.4, h * 0.4, 10, w / 2, h / 2, Math.max(w, h) * 0.7);
  g.addColorStop(0, `hsl(${seed * 90}, 60%, 75%)`);
  g.addColorStop(1, `hsl(${seed * 90 + 40}, 50%, 20%)`);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  const img = ctx.getImageData(0, 0, w, h);
  let s = seed * 7919 + 1;
  for (let i = 0; i < img.data.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const n = (s % 21) - 10;
    img.data[i] = Math.max(0, Math.min(255, img.data[i] + n));
    img.data[i + 1] = Math.max(0, Math.min(255, img.data[i + 1] + n));
    img.data[i + 2] = Math.max(0, Math.min(255, img.data[i + 2] + n));
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** Four lettered panels, each with an image, an arrow and a label; scene units are points. */
function fourPanels(): Konva.Layer[] {
  const images = new Konva.Layer({ name: 'images' });
  const notes = new Konva.Layer({ name: 'annotations' });
  const pw = (W_MM / 2 - 3) * PT;
  const ph = (H_MM / 2 - 3) * PT;
  images.add(new Konva.Rect({ x: 0, y: 0, width: W_MM * PT, height: H_MM * PT, fill: 'white' }));
  for (let i = 0; i < 4; i++) {
    const x = (i % 2) * (W_MM / 2) * PT + 1.5 * PT;
    const y = Math.floor(i / 2) * (H_MM / 2) * PT + 1.5 * PT;
    images.add(new Konva.Image({ image: syntheticImage(1600, 1500, i) as never, x, y, width: pw, height: ph }));
    notes.add(
      new Konva.Arrow({
        points: [x + pw * 0.2, y + ph * 0.8, x + pw * 0.5, y + ph * 0.5],
        stroke: 'yellow',
        fill: 'yellow',
        strokeWidth: 1.5,
      }),
    );
    notes.add(
      new Konva.Text({
        text: 'ABCD'[i],
        x: x + 6,
        y: y + 6,
        fontFamily: 'Liberation Sans',
        fontStyle: 'bold',
        fontSize: 14,
        fill: 'white',
      }),
    );
    notes.add(
      new Konva.Text({ text: 'Nodule', x: x + pw * 0.2, y: y + ph * 0.82, fontFamily: 'Liberation Sans', fontSize: 8, fill: 'white' }),
    );
    notes.add(new Konva.Line({ points: [x + pw - 60, y + ph - 10, x + pw - 10, y + ph - 10], stroke: 'white', strokeWidth: 2 }));
  }
  return [images, notes];
}

function vmHwmMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
};

async function memoryCase(stripRows?: number): Promise<void> {
  const [buf, ms] = await time(() =>
    exportFigure({
      build: fourPanels,
      sceneUnitsPerMm: PT,
      widthMm: W_MM,
      heightMm: H_MM,
      dpi: 1200,
      format: 'tiff',
      compression: 'lzw',
      stripRows,
    }),
  );
  const meta = await sharp(buf).metadata();
  console.log(
    JSON.stringify({
      stripRows: stripRows ?? 'default',
      width: meta.width,
      height: meta.height,
      mb: +(buf.length / 2 ** 20).toFixed(1),
      ms: Math.round(ms),
      vmHwmMb: Math.round(vmHwmMb()),
    }),
  );
}

async function main(): Promise<void> {
  setupKonvaNode();
  registerFonts(resolve('resources/fonts'));
  const mode = process.argv[2];
  if (mode === '--memory') return memoryCase(process.argv[3] ? Number(process.argv[3]) : undefined);

  const dir = mkdtempSync(join(tmpdir(), 'medfig-bench-'));
  try {
    // 1. PNG vs ImageMagick on identical pixels
    const w = pixelsFor(W_MM, 600);
    const h = pixelsFor(H_MM, 600);
    const [rgba, renderMs] = await time(() =>
      renderLayersToRaster(fourPanels, w, h, { sceneWidth: W_MM * PT, sceneHeight: H_MM * PT, background: 'white' }),
    );
    console.log(`render ${w}×${h} @600 dpi: ${renderMs.toFixed(0)} ms`);
    const [png, pngMs] = await time(() => encodeRaster(rgba, w, h, { format: 'png', dpi: 600 }));
    const raw = join(dir, 'fig.rgba');
    writeFileSync(raw, rgba);
    const imPath = join(dir, 'im.png');
    const [, imMs] = await time(() => execFileSync('/usr/bin/convert', ['-size', `${w}x${h}`, '-depth', '8', `rgba:${raw}`, imPath]));
    const imSize = statSync(imPath).size;
    console.log(`PNG  medfig: ${pngMs.toFixed(0)} ms, ${(png.length / 2 ** 20).toFixed(2)} MB`);
    console.log(`PNG  convert: ${imMs.toFixed(0)} ms, ${(imSize / 2 ** 20).toFixed(2)} MB (RGBA in, default settings)`);
    console.log(`PNG  ratio medfig/convert: time ${(pngMs / imMs).toFixed(2)}×, size ${(png.length / imSize).toFixed(2)}×`);
    // the figure is opaque: convert writing RGB, as medfig does
    const imRgb = join(dir, 'im-rgb.png');
    const [, imRgbMs] = await time(() =>
      execFileSync('/usr/bin/convert', ['-size', `${w}x${h}`, '-depth', '8', `rgba:${raw}`, '-alpha', 'off', imRgb]),
    );
    const imRgbSize = statSync(imRgb).size;
    console.log(
      `PNG  convert -alpha off: ${imRgbMs.toFixed(0)} ms, ${(imRgbSize / 2 ** 20).toFixed(2)} MB; ratio time ${(pngMs / imRgbMs).toFixed(2)}×, size ${(png.length / imRgbSize).toFixed(2)}×`,
    );
    // why adaptive filtering: sharp's default on the same RGB pixels
    const rgb = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
      .removeAlpha()
      .raw()
      .toBuffer();
    for (const [label, o] of [
      ['sharp default (no filter)', {}],
      ['adaptive, level 9', { adaptiveFiltering: true, compressionLevel: 9 }],
      ['adaptive, level 6', { adaptiveFiltering: true, compressionLevel: 6 }],
    ] as const) {
      const [b, ms] = await time(() =>
        sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
          .png(o)
          .toBuffer(),
      );
      console.log(`PNG  ${label}: ${ms.toFixed(0)} ms, ${(b.length / 2 ** 20).toFixed(2)} MB`);
    }

    // 2. PDF of the same figure
    const [pdf, pdfMs] = await time(() =>
      exportFigure({ build: fourPanels, sceneUnitsPerMm: PT, widthMm: W_MM, heightMm: H_MM, dpi: 600, format: 'pdf' }),
    );
    const pdfPath = join(dir, 'fig.pdf');
    writeFileSync(pdfPath, pdf);
    const images = execFileSync('pdfimages', ['-list', pdfPath], { encoding: 'utf8' }).trim().split('\n').length - 2;
    console.log(`PDF  4 panels: ${pdfMs.toFixed(0)} ms, ${(pdf.length / 2 ** 20).toFixed(2)} MB, ${images} images`);
    const [svg, svgMs] = await time(() =>
      exportFigure({ build: fourPanels, sceneUnitsPerMm: PT, widthMm: W_MM, heightMm: H_MM, dpi: 600, format: 'svg' }),
    );
    console.log(`SVG  4 panels: ${svgMs.toFixed(0)} ms, ${(svg.length / 2 ** 20).toFixed(2)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // 3. memory, fresh process per case so VmHWM is that export's own peak
  const self = fileURLToPath(import.meta.url);
  for (const rows of [undefined, 1024, 8031]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--memory', ...(rows ? [String(rows)] : [])], { encoding: 'utf8' });
    console.log(`TIFF 1200 dpi memory: ${(r.stdout || r.stderr).trim()}`);
  }
}

await main();
