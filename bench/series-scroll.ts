// Scrolling a 300-slice CT series in the real renderer (Chromium, cornerstone-core, decoded by the
// services over the loopback web host), as slices per second, against a reference: the same
// Chromium painting 300 pre-windowed 512×512 frames with putImageData (no decode, no transport) —
// the ceiling of any browser viewer. Ratio = Medfig time per slice / reference time per slice.
// A second reference is the transport alone: the same Chromium fetching N slice-sized bodies from a
// bare Node HTTP server on loopback, as many at once as the viewer decodes ahead, nothing decoded
// or drawn. The CPU each process spent in the first pass is read from /proc (Linux).
//   npx electron-vite build && node --import tsx bench/series-scroll.ts      (N=300 by default)
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startWebHost } from '../src/web/server';
import { decodeDicom } from '../src/services/images/dicom';
import { writeDicom, greyModule, type El } from '../tests/fixtures/dicom/reference';
import { DECODE_AHEAD } from '../src/renderer/imaging/decode-ahead';
import { cpuSnapshot, cpuSpent } from './process-cpu';

const ROOT = resolve(import.meta.dirname, '..');
const N = Number(process.env.N ?? 300);

async function writeSeries(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const src = await decodeDicom(new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/dicom/ct/ct_chest_ge_explicit_le.dcm'))));
  const signed = src.data instanceof Int16Array;
  for (let k = 0; k < N; k++) {
    const px = signed ? Int16Array.from(src.data as Int16Array) : Uint16Array.from(src.data as Uint16Array);
    // Each slice differs (a moving bright bar) so no cache can return a neighbour.
    for (let y = 0; y < 6; y++) for (let x = 0; x < 512; x++) if ((x + k) % 64 < 8) px[((k % 500) + y) * 512 + x] = 3000;
    const els: El[] = [
      ...greyModule({ rows: 512, cols: 512, ba: 16, bs: 16, pr: signed ? 1 : 0 }).filter((e) => e.tag !== 0x00080060),
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x0020000e, vr: 'UI', value: '2.25.300' },
      { tag: 0x00200013, vr: 'IS', value: String(k + 1) },
      { tag: 0x00200032, vr: 'DS', value: `0\\0\\${k * 1.25}` },
      { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
      { tag: 0x00281050, vr: 'DS', value: '40' },
      { tag: 0x00281051, vr: 'DS', value: '400' },
      { tag: 0x00281052, vr: 'DS', value: String(src.intercept) },
      { tag: 0x00281053, vr: 'DS', value: String(src.slope) },
      { tag: 0x7fe00010, vr: 'OW', value: px },
    ];
    writeFileSync(join(dir, `s${String(k).padStart(4, '0')}.dcm`), writeDicom(els));
  }
}

/** Step through every slice with ArrowDown, each time waiting until the viewer shows it and a frame is painted. */
// In-page code is passed as text: tsx's name helpers (__name) do not exist in the page.
const SCROLL_ALL = `async (n) => {
  const vp = document.querySelector('[data-testid="series-viewport"]');
  const key = (k) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  const shown = (i) => new Promise((res) => {
    if (vp.dataset.shown === String(i)) return res();
    const mo = new MutationObserver(() => { if (vp.dataset.shown === String(i)) { mo.disconnect(); res(); } });
    mo.observe(vp, { attributes: true, attributeFilter: ['data-shown'] });
  });
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
  key('Home');
  await shown(0);
  await frame();
  const t0 = performance.now();
  for (let i = 1; i < n; i++) { key('ArrowDown'); await shown(i); await frame(); }
  return (performance.now() - t0) / (n - 1);
}`;

const REFERENCE = `async (n) => {
  const c = document.createElement('canvas');
  c.width = 512; c.height = 512;
  document.body.appendChild(c);
  const ctx = c.getContext('2d');
  const frames = [];
  for (let k = 0; k < n; k++) {
    const d = new ImageData(512, 512);
    for (let i = 0; i < d.data.length; i += 4) { d.data[i] = d.data[i + 1] = d.data[i + 2] = (i / 4 + k) & 255; d.data[i + 3] = 255; }
    frames.push(d);
  }
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
  await frame();
  const t0 = performance.now();
  for (let k = 0; k < n; k++) { ctx.putImageData(frames[k], 0, 0); await frame(); }
  return (performance.now() - t0) / n;
}`;

/** Step through every slice with ArrowDown, each time waiting until the viewer shows it and a frame is painted. */
async function scrollAll(page: Page): Promise<number> {
  return page.evaluate(`(${SCROLL_ALL})(${N})`) as Promise<number>;
}

async function reference(page: Page): Promise<number> {
  return page.evaluate(`(${REFERENCE})(${N})`) as Promise<number>;
}

/** One slice as the web host sends it: 512×512 16-bit pixels and the wire format's small header. */
const SLICE_BYTES = 512 * 512 * 2 + 512;

/** Chromium fetching N slice-sized bodies from a bare loopback server, DECODE_AHEAD at a time, each
 * read whole into its own buffer as the viewer does; ms per body. */
async function transportAlone(browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<{ ms: number; cpu: [string, number][] }> {
  const body = Buffer.alloc(SLICE_BYTES, 0x5a);
  const server = createServer((req, res) => {
    if (req.url === '/slice') {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>transport</title>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    const before = cpuSnapshot();
    const ms = (await page.evaluate(`(async (n, inFlight) => {
      const kept = [];
      let next = 0;
      const one = async () => {
        while (next < n) {
          next++;
          const res = await fetch('/slice', { cache: 'no-store' });
          const size = Number(res.headers.get('Content-Length'));
          let buf = new ArrayBuffer(size);
          let at = 0;
          const reader = res.body.getReader({ mode: 'byob' });
          while (at < size) {
            const r = await reader.read(new Uint8Array(buf, at, size - at));
            if (r.done) break;
            buf = r.value.buffer;
            at += r.value.byteLength;
          }
          kept.push(buf);
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: inFlight }, one));
      window.kept = kept;
      return (performance.now() - t0) / n;
    })(${N}, ${DECODE_AHEAD})`)) as number;
    return { ms, cpu: cpuSpent(before, cpuSnapshot()) };
  } finally {
    await page.close();
    server.close();
  }
}

function printCpu(title: string, cpu: [string, number][]): void {
  if (cpu.length === 0) return;
  const total = cpu.reduce((a, [, v]) => a + v, 0);
  console.log(`\n${title}: ${(total / N).toFixed(1)} ms of CPU per slice in all`);
  console.log('| process: thread | CPU ms per slice |');
  console.log('| --- | --- |');
  for (const [k, v] of cpu.filter(([, v]) => v / N >= 0.2)) console.log(`| ${k} | ${(v / N).toFixed(1)} |`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'medfig-bench-series-'));
  process.stdout.write(`writing ${N} slices… `);
  await writeSeries(join(work, 'series'));
  console.log('done');
  const host = await startWebHost({
    rendererDir: join(ROOT, 'out/renderer'),
    roots: [work],
    importDir: join(work, 'imports'),
    exportDir: join(work, 'exports'),
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Series…', exact: true }).click();
    await page.getByRole('button', { name: `Open folder ${work.split('/').pop()}` }).click();
    await page.getByTestId('entry-series').click();
    const t0 = Date.now();
    await page.getByTestId('picker-open').click();
    await page.getByTestId('series-browser').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="series-viewport"][data-shown]').waitFor({ timeout: 300_000 });
    const openMs = Date.now() - t0;
    // PROFILE=<path>: a CPU profile of the renderer during the first pass.
    const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const cpu0 = cpuSnapshot();
    const cold = await scrollAll(page);
    const coldCpu = cpuSpent(cpu0, cpuSnapshot());
    if (cdp) writeFileSync(process.env.PROFILE!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const warm = await scrollAll(page);
    const ref = await reference(await browser.newPage());
    const alone = await transportAlone(browser);
    const row = (what: string, ms: number) =>
      console.log(
        `| ${what} | ${ms.toFixed(1)} ms/slice (${(1000 / ms).toFixed(0)} fps) | ${ref.toFixed(1)} ms (${(1000 / ref).toFixed(0)} fps) | ${(ms / ref).toFixed(2)} |`,
      );
    console.log(`open ${N}-slice series (headers of every file, sort, first slice shown): ${(openMs / 1000).toFixed(1)} s`);
    console.log('| scroll | Medfig | putImageData ceiling | ratio |');
    console.log('| --- | --- | --- | --- |');
    row('first pass (services decode + transfer + cornerstone)', cold);
    row('second pass (cornerstone cache)', warm);
    console.log(
      `transport alone (${N} bodies of ${SLICE_BYTES} bytes from a bare loopback server, ${DECODE_AHEAD} at a time, nothing decoded or drawn): ${alone.ms.toFixed(1)} ms/slice; first pass / transport alone: ${(cold / alone.ms).toFixed(2)}`,
    );
    printCpu('CPU of the first pass', coldCpu);
    printCpu('CPU of the transport alone', alone.cpu);
  } finally {
    await browser.close();
    await host.close();
  }
}

await main();
