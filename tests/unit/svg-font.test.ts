// SVG export carries its fonts: each face the text uses (regular, bold, italic) embedded as an
// @font-face data: URL holding a subset of exactly the characters that face draws. Checked with
// readers other than the one that wrote them: FreeType (fc-query) reads each font's names and
// character map, Chromium loads the faces (its OTS sanitizer rejects a broken font) and draws the
// figure with them where no font of that name is installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser } from 'playwright-core';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import { Annotation, ScaleBar, ValueBar, type Project } from '../../src/shared/figure/schema';
import { PageItem } from '../../src/shared/figure/page-items';
import { labelFields } from '../../src/shared/figure/rich-text';
import { exportProjectFigure } from '../../src/services/figure-export';
import { closeExportWorker } from '../../src/services/export/worker';
import { embedSvgFonts, fontUsage } from '../../src/services/export/svg-font';

const dir = mkdtempSync(join(tmpdir(), 'medfig-svg-font-'));
const imagePath = join(dir, 'grey.png');
let browser: Browser;

beforeAll(async () => {
  // A uniform image: what differs between two renderings of the figure is its text.
  writeFileSync(
    imagePath,
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#505050' } })
      .png()
      .toBuffer(),
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await closeExportWorker();
});

/**
 * Panel letters (bold), a scale bar ("… µm"), a plain label with ×, – and é, a rich label with an
 * italic run, a bold page header, and a value bar (its ticks in HU, negative ones with "−").
 */
function labelledFigure(): Project {
  const style = { color: '#ffffff', strokePt: 1.5, fontPt: 9, halo: true, haloColor: '#000000', opacity: 1, fill: null, bold: false };
  const plain = Annotation.parse({ id: 'plain', type: 'text', layer: 'labels', at: [60, 120], style, text: 'Zoom ×2 – café' });
  const rich = Annotation.parse({
    id: 'rich',
    type: 'text',
    layer: 'labels',
    at: [60, 300],
    style,
    ...labelFields([{ text: 'CD', italic: true }, { text: '31' }, { text: '+', script: 'super' }]),
  });
  const header = PageItem.parse({ id: 'h', type: 'text', at: [22, 1.5], ...labelFields([{ text: 'Baseline', bold: true }]) });
  const fig = newFigure('Figure 1', 89);
  const panel = {
    ...newPanel('src1'),
    calibration: { source: 'reference' as const, mmPerPxX: 0.0005, mmPerPxY: 0.0005, note: 'test' },
    scaleBar: ScaleBar.parse({ lengthMm: null }),
    annotations: [plain, rich],
  };
  const base = newPanel('src1');
  const withBar = { ...base, display: { ...base.display, window: { center: 40, width: 400 } }, valueBar: ValueBar.parse({ units: 'HU' }) };
  const p = newProject({ ...fig, page: { ...fig.page, marginMm: 8 }, panels: [panel, withBar], rows: [2], pageItems: [header] });
  p.sources.push({ id: 'src1', path: imagePath, sha256: '0'.repeat(64), size: 1, kind: 'raster' });
  return p;
}

async function exportAs(project: Project, format: 'svg' | 'png', name: string, dpi = 300): Promise<string> {
  const out = join(dir, name);
  await exportProjectFigure({
    project,
    figureId: project.figures[0].id,
    format,
    dpi,
    widthMm: null,
    unlabelled: false,
    quality: 92,
    outPath: out,
    resolveSource: () => imagePath,
  });
  return out;
}

interface Face {
  weight: string;
  style: string;
  font: Buffer;
}
function embeddedFaces(svg: string): Face[] {
  return [...svg.matchAll(/@font-face\{([^}]*)\}/g)].map(([, rule]) => ({
    weight: /font-weight:(\d+)/.exec(rule)![1],
    style: /font-style:(\w+)/.exec(rule)![1],
    font: Buffer.from(/src:url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\) format\("truetype"\)/.exec(rule)![1], 'base64'),
  }));
}

/** FreeType's reading of a font file: names, weight and slant, and the characters its cmap maps. */
function fcQuery(font: Buffer, name: string): { family: string; style: string; chars: string } {
  const file = join(dir, name);
  writeFileSync(file, font);
  const [family, style, charset] = execFileSync('fc-query', ['--format=%{family}|%{style}|%{charset}', file], { encoding: 'utf8' }).split(
    '|',
  );
  const chars = charset
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((range) => {
      const [a, b = a] = range.split('-').map((h) => parseInt(h, 16));
      return Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i));
    });
  return { family, style, chars: [...chars].sort().join('') };
}

const sorted = (s: Iterable<string>) => [...s].sort().join('');

describe('SVG export embeds the fonts its text uses', () => {
  let svg = '';
  beforeAll(async () => {
    svg = readFileSync(await exportAs(labelledFigure(), 'svg', 'fig.svg'), 'utf8');
  }, 120_000);

  it('one @font-face per face used, each a TrueType subset of exactly the characters that face draws', async () => {
    expect(svg).toMatch(
      /<\/title><desc id="figure-desc">[\s\S]*?<\/desc><defs><style type="text\/css">\n@font-face\{font-family:"Liberation Sans";/,
    );
    const faces = embeddedFaces(svg);
    expect(faces.map((f) => `${f.weight} ${f.style}`)).toEqual(['400 normal', '700 normal', '400 italic']);

    // The characters each face draws, as Chromium's DOM and computed style see them (not our parser).
    const page = await browser.newPage();
    await page.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
    const drawn = await page.evaluate(() => {
      const by: Record<string, string> = {};
      const walker = document.createTreeWalker(document.querySelector('svg')!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (!el.closest('text')) continue;
        const cs = getComputedStyle(el);
        if (!/Liberation Sans/.test(cs.fontFamily)) continue;
        const key = `${Number(cs.fontWeight) > 500 ? 700 : 400} ${cs.fontStyle}`;
        by[key] = (by[key] ?? '') + n.textContent;
      }
      return by;
    });
    await page.close();
    const want = { regular: new Set(drawn['400 normal']), bold: new Set(drawn['700 normal']), italic: new Set(drawn['400 italic']) };
    expect(Object.keys(drawn).sort()).toEqual(['400 italic', '400 normal', '700 normal']);
    // The label's non-ASCII characters and the value bar's "−100 … HU" are drawn in the regular face,
    // the scale bar's "µm", the letters and the header in bold…
    for (const ch of '×–é−HU') expect(want.regular).toContain(ch);
    for (const ch of 'µmABBaseline') expect(want.bold).toContain(ch);
    expect(sorted(want.italic)).toBe('CD');

    const [regular, bold, italic] = faces.map((f, i) => fcQuery(f.font, `face-${i}.ttf`));
    expect([regular.family, regular.style]).toEqual(['Liberation Sans', 'Regular']);
    expect([bold.family, bold.style]).toEqual(['Liberation Sans', 'Bold']);
    expect([italic.family, italic.style]).toEqual(['Liberation Sans', 'Italic']);
    // …and each font maps exactly the characters its face draws: none missing, none extra.
    expect(regular.chars).toBe(sorted(want.regular));
    expect(bold.chars).toBe(sorted(want.bold));
    expect(italic.chars).toBe(sorted(want.italic));
  }, 60_000);

  it('stays small and deterministic: a few KB per face, the same bytes on every export', async () => {
    const faces = embeddedFaces(svg);
    const defs = /<defs><style[\s\S]*?<\/style><\/defs>/.exec(svg)![0];
    const full = readFileSync(join(import.meta.dirname, '../../resources/fonts/LiberationSans-Regular.ttf')).byteLength;
    for (const f of faces) expect(f.font.byteLength).toBeLessThan(8_000);
    // The whole addition, base64 included, is under 3 % of one whole face.
    expect(defs.length).toBeLessThan(faces.length * 11_000);
    expect(defs.length).toBeLessThan(full * 0.03);
    // Text stays text: the labels are still <text>, not outlines.
    expect(svg).toMatch(
      /<text[^>]*font-family="'Liberation Sans', Arial, Helvetica, sans-serif"[^>]*><tspan[^>]*>Zoom ×2 – café<\/tspan><\/text>/,
    );
    // The next export in the same worker: the same file, fonts and all (export-svg-reproducible.test.ts).
    const again = readFileSync(await exportAs(labelledFigure(), 'svg', 'again.svg'), 'utf8');
    expect(/<defs><style[\s\S]*?<\/style><\/defs>/.exec(again)![0] === defs).toBe(true);
    expect(again === svg).toBe(true);
  }, 120_000);

  it('Chromium draws the text with the embedded faces where no font of that name is installed', async () => {
    // Renamed to a family no machine has: only the embedded fonts can draw it as Liberation Sans.
    const probe = svg.replace(/^<\?xml[^>]*>/, '').replaceAll('Liberation Sans', 'Medfig Probe');
    const unembedded = probe.replace(/<defs><style[\s\S]*?<\/style><\/defs>/, '');
    // The control: neither the embedded faces nor the metric-compatible fallbacks (Arial…).
    const fallbacks = ', Arial, Helvetica, sans-serif';
    expect(unembedded).toContain(`font-family="'Medfig Probe'${fallbacks}"`);
    const withoutFonts = unembedded.replaceAll(fallbacks, '');
    const systemFont = svg.replace(/^<\?xml[^>]*>/, '').replace(/<defs><style[\s\S]*?<\/style><\/defs>/, '');
    // The same rules with the whole font files: what the subsets must draw exactly like.
    const files = { '400 normal': 'Regular', '700 normal': 'Bold', '400 italic': 'Italic' } as Record<string, string>;
    const wholeFonts = probe.replace(/@font-face\{([^}]*)\}/g, (rule, body: string) => {
      const face = `${/font-weight:(\d+)/.exec(body)![1]} ${/font-style:(\w+)/.exec(body)![1]}`;
      const whole = readFileSync(join(import.meta.dirname, `../../resources/fonts/LiberationSans-${files[face]}.ttf`)).toString('base64');
      return rule.replace(/base64,[^)]*/, `base64,${whole}`);
    });
    const widthMm = Number(/width="([\d.]+)mm"/.exec(svg)![1]);
    const heightMm = Number(/height="([\d.]+)mm"/.exec(svg)![1]);
    const scale = 2;
    const css = (mm: number) => Math.round((mm / 25.4) * 96);
    const page = await browser.newPage({ viewport: { width: css(widthMm), height: css(heightMm) }, deviceScaleFactor: scale });
    const shot = async (markup: string) => {
      await page.setContent(`<html><body style="margin:0">${markup}</body></html>`);
      const status = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].map((f) => `${f.family} ${f.weight} ${f.style} ${f.status}`);
      });
      const png = await page.screenshot({ clip: { x: 0, y: 0, width: css(widthMm), height: css(heightMm) } });
      return { status, raw: await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true }) };
    };
    const embedded = await shot(probe);
    // Every embedded face loaded (OTS accepts it) and is in use.
    expect(embedded.status.sort()).toEqual([
      'Medfig Probe 400 italic loaded',
      'Medfig Probe 400 normal loaded',
      'Medfig Probe 700 normal loaded',
    ]);
    const fallback = await shot(withoutFonts);
    const metricFallback = await shot(unembedded);
    const installed = await shot(systemFont);
    const whole = await shot(wholeFonts);
    await page.close();
    // The PNG export of the same figure at the same pixel size.
    const pngFile = await exportAs(labelledFigure(), 'png', 'fig.png', 96 * scale);
    const png = await sharp(pngFile).removeAlpha().raw().toBuffer({ resolveWithObject: true });

    // Pixels of `a` that differ clearly from every pixel of `b` within one pixel of them, over the
    // area both cover (the page is a fractional number of pixels wide: the PNG rounds it, the
    // screenshot's clip truncates it). A one-pixel shift of an edge (hinting, antialiasing) is not a
    // difference; another face's shapes and widths are.
    const differing = (a: typeof png, b: typeof png) => {
      const w = Math.min(a.info.width, b.info.width);
      const h = Math.min(a.info.height, b.info.height);
      expect(Math.max(a.info.width, b.info.width) - w + Math.max(a.info.height, b.info.height) - h).toBeLessThanOrEqual(2);
      const near = (i: number, j: number) =>
        Math.max(Math.abs(a.data[i] - b.data[j]), Math.abs(a.data[i + 1] - b.data[j + 1]), Math.abs(a.data[i + 2] - b.data[j + 2])) <= 64;
      let n = 0;
      for (let y = 1; y < h - 1; y++)
        for (let x = 1; x < w - 1; x++) {
          const i = (y * a.info.width + x) * 3;
          let matched = false;
          for (let dy = -1; dy <= 1 && !matched; dy++)
            for (let dx = -1; dx <= 1 && !matched; dx++) matched = near(i, ((y + dy) * b.info.width + x + dx) * 3);
          if (!matched) n++;
        }
      return n;
    };
    const vsWhole = differing(embedded.raw, whole.raw);
    const vsInstalled = differing(embedded.raw, installed.raw);
    const fallbackVsInstalled = differing(fallback.raw, installed.raw);
    const vsPng = differing(embedded.raw, png);
    const fallbackVsPng = differing(fallback.raw, png);
    // Without the embedded fonts the text changes face (the control shows the test can fail)…
    expect(fallbackVsInstalled).toBeGreaterThan(300);
    expect(fallbackVsPng).toBeGreaterThan(300);
    // …with them it is drawn as with the whole font files, as with Liberation Sans installed, and
    // as in the PNG export (Skia, which also draws the halos and the value bar's ramp its own way):
    // measured 10, 17 and 120 pixels, against 618 and 744 for the fallback face.
    expect(vsWhole).toBeLessThan(fallbackVsInstalled / 20);
    expect(vsInstalled).toBeLessThan(fallbackVsInstalled / 10);
    expect(vsPng).toBeLessThan(fallbackVsPng / 3);
    // A viewer that ignores @font-face, as Inkscape and Illustrator do, takes the list's next
    // family: Arial, which this machine's fontconfig serves with Liberation Sans (a metric alias),
    // so the labels keep their shapes and widths instead of turning into the generic sans-serif.
    expect(execFileSync('fc-match', ['Arial'], { encoding: 'utf8' })).toMatch(/"Liberation Sans"/);
    expect(differing(metricFallback.raw, installed.raw)).toBeLessThan(fallbackVsInstalled / 10);
  }, 120_000);
});

describe('fontUsage and embedSvgFonts', () => {
  it('reads each face from the <text> and its <tspan> runs, with entities decoded', () => {
    const svg =
      '<svg><text font-family="Liberation Sans" font-weight="600">A&amp;</text>' +
      `<text font-family="'Liberation Sans', Arial" xml:space="preserve"><tspan font-style="italic">x&#xB5;</tspan><tspan font-weight="bold">&#215;</tspan>n m</text>` +
      '<text>no family</text><text font-family="DejaVu Sans">☃</text></svg>';
    const got = Object.fromEntries([...fontUsage(svg).entries()].map(([k, v]) => [k, sorted(v.chars)]));
    expect(got).toEqual({
      'Liberation Sans|bold|': sorted('A&×'),
      'Liberation Sans||italic': sorted('xµ'),
      'Liberation Sans||': sorted('n m'),
      'DejaVu Sans||': '☃',
    });
  });

  it('leaves an SVG without text, or with only families the app does not ship, unchanged', async () => {
    const none = '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>';
    expect(await embedSvgFonts(none)).toBe(none);
    const other = '<svg xmlns="http://www.w3.org/2000/svg"><text font-family="DejaVu Sans">☃</text></svg>';
    expect(await embedSvgFonts(other)).toBe(other);
  });

  it('a font file that is not a font is said in one sentence', async () => {
    const fonts = mkdtempSync(join(tmpdir(), 'medfig-bad-font-'));
    writeFileSync(join(fonts, 'LiberationSans-Regular.ttf'), 'not a font');
    await expect(embedSvgFonts('<svg><text font-family="Liberation Sans">A</text></svg>', fonts)).rejects.toThrow(
      /^The SVG cannot embed its font: .*LiberationSans-Regular\.ttf is not a font the subsetter can read\.$/,
    );
  });
});
