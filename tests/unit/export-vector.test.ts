// Vector export: PDF page size, real text, native-resolution images; SVG structure.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { Konva, setupKonvaNode, registerFonts, exportFigure, renderVector } from '../../src/services/export';
import { renumberIds, svgBody, svgId, mergeSvg } from '../../src/services/export/svg-merge';

const W_MM = 183;
const H_MM = 170;
const PT = 72 / 25.4;
const tmp = mkdtempSync(join(tmpdir(), 'medfig-vector-'));

function gradientCanvas(w: number, h: number) {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  const g = ctx.createLinearGradient(0, 0, w, 0);
  g.addColorStop(0, '#000');
  g.addColorStop(1, '#fff');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  return c;
}

/** A 317 × 211 px image shown at 80 × 60 mm (neither 72 nor page dpi). */
function buildScene(): Konva.Layer[] {
  const images = new Konva.Layer({ name: 'images' });
  images.add(new Konva.Image({ image: gradientCanvas(317, 211) as never, x: 10, y: 10, width: 80, height: 60 }));
  const notes = new Konva.Layer({ name: 'annotations' });
  notes.add(new Konva.Arrow({ points: [100, 100, 60, 40], stroke: '#ff0000', fill: '#ff0000', strokeWidth: 2 / PT }));
  notes.add(new Konva.Rect({ x: 120, y: 120, width: 30, height: 20, fill: 'blue', stroke: 'green', strokeWidth: 1 / PT, opacity: 0.5 }));
  notes.add(new Konva.Text({ text: 'Nodule', x: 100, y: 102, fontFamily: 'Liberation Sans', fontSize: 10 / PT, fill: '#000' }));
  return [images, notes];
}

function exifGroups(file: string): string[] {
  const json = JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', file], { encoding: 'utf8' }))[0];
  return [...new Set(Object.keys(json).map((k) => k.split(':')[0]))];
}

function save(name: string, buf: Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, buf);
  return path;
}

beforeAll(() => {
  setupKonvaNode();
  registerFonts(resolve('resources/fonts'));
});

describe('PDF', () => {
  it('page is the figure size in points, text is real, the image keeps its pixels', async () => {
    const pdf = await exportFigure({ build: buildScene, widthMm: W_MM, heightMm: H_MM, dpi: 600, format: 'pdf' });
    const file = save('fig.pdf', pdf);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.abs(Number(m[1]) - W_MM * PT)).toBeLessThan(0.01); // 518.74
    expect(Math.abs(Number(m[2]) - H_MM * PT)).toBeLessThan(0.01); // 481.89
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).not.toMatch(/Author|CreationDate|ModDate/);
    // the MediaBox rewrite kept the cross-reference table valid
    const check = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    const ppm = spawnSync('pdftoppm', ['-r', '10', '-png', file, join(tmp, 'check')], { encoding: 'utf8' });
    expect([ppm.status, ppm.stderr]).toEqual([0, '']);

    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Nodule');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/LiberationSans/);
    expect(exifGroups(file).sort()).toEqual(['ExifTool', 'File', 'PDF', 'SourceFile', 'System']);

    // exactly one image, at the source's pixel size (not resampled to the page)
    const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(list).toHaveLength(1);
    const cols = list[0].trim().split(/\s+/);
    expect([Number(cols[3]), Number(cols[4])]).toEqual([317, 211]);
  });

  it('draws the arrow as a vector path, not an image', async () => {
    const arrowOnly = () => {
      const l = new Konva.Layer();
      l.add(new Konva.Arrow({ points: [3.5, 3.5, 70.5, 70.5], stroke: '#ff0000', fill: '#ff0000', strokeWidth: 1, opacity: 0.5 }));
      return [l];
    };
    const pdf = renderVector(arrowOnly, { format: 'pdf', widthMm: 100, heightMm: 100 });
    const file = save('arrow.pdf', pdf);
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    // rasterise the page: red is where the arrow is
    const png = join(tmp, 'arrow');
    execFileSync('pdftoppm', ['-r', '72', '-png', '-singlefile', file, png]);
    const { data, info } = await sharp(`${png}.png`).raw().toBuffer({ resolveWithObject: true });
    const i = (100 * info.width + 100) * info.channels;
    expect(data[i]).toBeGreaterThan(200);
    expect(data[i + 1]).toBeLessThan(160); // half-transparent red over white
    const j = (150 * info.width + 50) * info.channels;
    expect([data[j], data[j + 1], data[j + 2]]).toEqual([255, 255, 255]);
  });
});

describe('SVG', () => {
  it('has mm size, a <g> per layer, <text> with the label and the image as base64 at native size', async () => {
    const svgBuf = await exportFigure({ build: buildScene, widthMm: W_MM, heightMm: H_MM, dpi: 300, format: 'svg' });
    const svg = svgBuf.toString('utf8');
    expect(svg).toMatch(/<svg [^>]*width="183mm" height="170mm" viewBox="0 0 518\.7402 481\.8898"/);
    expect(svg).toMatch(/<g id="images">.*<\/g><g id="annotations">/s);
    // The bundled family first (embedded below), then the families with its metrics, then the generic one.
    expect(svg).toMatch(/<text[^>]*font-family="'Liberation Sans', Arial, Helvetica, sans-serif"[^>]*>Nodule<\/text>/);
    const img = /<image [^>]*width="317" height="211" xlink:href="data:image\/png;base64,([^"]+)"/.exec(svg);
    expect(img).not.toBeNull();
    const meta = await sharp(Buffer.from(img![1], 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([317, 211]);
    // ids stay unique after merging layers
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of svg.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)) expect(ids).toContain(ref[1] ?? ref[2]);
    expect(svg).not.toMatch(/exif|GPS|xmp/i);
    expect(exifGroups(save('fig.svg', svgBuf)).sort()).toEqual(['ExifTool', 'File', 'SVG', 'SourceFile', 'System']);

    // a real SVG parser (librsvg via sharp) renders it at the page size
    const raster = await sharp(svgBuf, { density: 72 }).raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(raster.info.width - W_MM * PT)).toBeLessThanOrEqual(1);
    const { data, info } = raster;
    const px = (xMm: number, yMm: number) => {
      const i = (Math.round(yMm * PT) * info.width + Math.round(xMm * PT)) * info.channels;
      return [...data.subarray(i, i + 3)];
    };
    const shaft = px(80, 70); // on the arrow shaft
    expect(shaft[0]).toBeGreaterThan(240);
    expect(Math.max(shaft[1], shaft[2])).toBeLessThan(20);
    expect(px(12, 40)[0]).toBeLessThan(40); // dark end of the gradient
    // the label's glyphs render (Skia writes x lists with a trailing comma)
    let dark = 0;
    for (let y = 102; y < 106; y += 0.2) for (let x = 100; x < 115; x += 0.2) if (px(x, y)[0] < 100) dark++;
    expect(dark).toBeGreaterThan(20);
  });

  it('names groups from layerNames and keeps them valid XML ids', () => {
    const svg = renderVector(buildScene, { format: 'svg', widthMm: 50, heightMm: 50, layerNames: ['Panel A', 'Panel A'] }).toString();
    expect(svg).toContain('<g id="Panel-A">');
    expect(svg).toContain('<g id="Panel-A-2">');
  });
});

describe('svg-merge helpers', () => {
  it('renames ids after the layer in document order, with their references in tags but not in text', () => {
    const body =
      '<use xlink:href="#img_1"/><clipPath id="cl_4"><rect/></clipPath><g clip-path="url(#cl_4)"><use xlink:href="#img_0"/></g>' +
      '<defs><image id="img_0"/><image id="img_1"/><linearGradient id="gradient_0"/></defs><path fill="url(#gradient_0)"/>' +
      '<clipPath id="cl_1a"/><g clip-path="url(#cl_1a)" href="#cl_4"/><text>url(#cl_4) href="#img_0"</text>';
    const used = new Set(['panels', 'panels-image1']);
    expect(renumberIds(body, 'panels', used)).toBe(
      '<use xlink:href="#panels-image3"/><clipPath id="panels-clip1"><rect/></clipPath><g clip-path="url(#panels-clip1)"><use xlink:href="#panels-image2"/></g>' +
        '<defs><image id="panels-image2"/><image id="panels-image3"/><linearGradient id="panels-gradient1"/></defs><path fill="url(#panels-gradient1)"/>' +
        '<clipPath id="panels-clip2"/><g clip-path="url(#panels-clip2)" href="#panels-clip1"/><text>url(#cl_4) href="#img_0"</text>',
    );
    // The names taken are recorded, so the next layer's cannot collide with them.
    expect([...used]).toEqual([
      'panels',
      'panels-image1',
      'panels-clip1',
      'panels-image2',
      'panels-image3',
      'panels-gradient1',
      'panels-clip2',
    ]);
    expect(svgBody('<?xml version="1.0"?><svg a="1"><path/></svg>')).toBe('<path/>');
    const names = new Set<string>();
    expect(svgId('1 images', names)).toBe('images');
    expect(svgId('', names)).toBe('layer');
  });

  it('keeps ids unique across layers whose names collide with the title or with generated ids', () => {
    const part = (name: string) => ({ name, svg: '<svg><clipPath id="cl_9"/><g clip-path="url(#cl_9)"/></svg>' });
    const svg = mergeSvg([part('figure-title'), part('a'), part('a-clip1')], 10, 10, { title: 'T' });
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['figure-title', 'figure-title-2', 'figure-title-2-clip1', 'a', 'a-clip2', 'a-clip1', 'a-clip1-clip1']);
    expect(svg).toContain('<g id="a"><clipPath id="a-clip2"/><g clip-path="url(#a-clip2)"/></g>');
  });
});
