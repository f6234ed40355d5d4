// Principle 5, end to end: a project with a GPS-tagged iPhone photo and a CT slice that names its
// patient, both saved under file names that identify the patient, exported by the real `medfig`
// CLI to every format. exiftool (an EXIF/XMP/IPTC/ICC/PDF/SVG-aware reader) must find only image
// structure, resolution and "Medfig"; and no identifying value, nor the source file names, may
// occur anywhere in the bytes — raw, inside compressed PDF streams, in images embedded in SVG/PDF,
// in compressed PNG text chunks, in UTF-8 or UTF-16.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync, inflateSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';

const ROOT = resolve(import.meta.dirname, '../..');
const FIX = join(ROOT, 'tests/fixtures');
const PHOTO = join(FIX, 'images/exif/iphone6plus_orient6_gps.jpg');
const CT = join(FIX, 'dicom/ct/ct_chest_ge_explicit_le.dcm');
// Names a clinician might really give the files: they must not travel into the export.
const PHOTO_NAME = 'Doe_Jane_19700101_MRN4455667.jpg';
const CT_NAME = 'MISTER^CT_2178309_scan.dcm';
const FORMATS = ['png', 'tif', 'jpg', 'pdf', 'svg'] as const;
/** The author's alt text: PDF and SVG carry it (and the figure's name), nothing from the sources. */
const ALT_TEXT = 'Two panels: nodules on the skin and their calcification on CT.';

let dir: string;
const outputs = new Map<string, Buffer>();
/** Every value that identifies the patient, the device or the files, read from the sources. */
let needles: string[] = [];

function dicomValues(): string[] {
  const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(CT)));
  // PatientName, PatientID, AccessionNumber, StudyDate, StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID, StudyID.
  const tags = ['x00100010', 'x00100020', 'x00080050', 'x00080020', 'x0020000d', 'x0020000e', 'x00080018', 'x00200010'];
  const vals = tags.map((t) => ds.string(t)?.trim()).filter((v): v is string => !!v && v.length >= 5);
  const name = ds.string('x00100010') ?? '';
  return [...vals, ...name.split('^').filter((p) => p.length >= 5)];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medfig-privacy-export-'));
  copyFileSync(PHOTO, join(dir, PHOTO_NAME));
  copyFileSync(CT, join(dir, CT_NAME));
  const fig = { ...newFigure('Figure 1'), altText: ALT_TEXT };
  const sources = [
    { id: 'photo', name: PHOTO_NAME, kind: 'raster' as const },
    { id: 'ct', name: CT_NAME, kind: 'dicom' as const },
  ].map((s) => ({
    id: s.id,
    path: s.name,
    kind: s.kind,
    sha256: createHash('sha256')
      .update(readFileSync(join(dir, s.name)))
      .digest('hex'),
    size: statSync(join(dir, s.name)).size,
  }));
  const project = { ...newProject({ ...fig, rows: [2], panels: [newPanel('photo'), newPanel('ct')] }), sources };
  writeFileSync(join(dir, 'case.medfig'), JSON.stringify(project, null, 2));

  const ct = dicomValues();
  expect(ct).toEqual(expect.arrayContaining(['MISTER^CT', '2178309']));
  needles = [
    ...ct,
    'Doe_Jane',
    '4455667',
    '19700101',
    'MRN4455667',
    'iphone6plus',
    'ct_chest_ge',
    '_scan',
    'case.medfig',
    'iPhone',
    'Apple',
    '2016:03:24',
    'Exif\0\0',
    'ICC_PROFILE',
    'Photoshop 3.0',
    'http://ns.adobe.com/xap',
    'x:xmpmeta',
    'DICM',
    dir,
  ];

  // The real CLI, as a user runs it; the formats in parallel.
  const run = promisify(execFile);
  await Promise.all(
    FORMATS.map(async (f) => {
      const out = join(dir, `out.${f}`);
      await run(process.execPath, [join(ROOT, 'bin/medfig.js'), 'export', join(dir, 'case.medfig'), '-o', out, '--dpi', '150'], {
        cwd: dir,
        timeout: 120_000,
      });
      outputs.set(f, readFileSync(out));
    }),
  );
}, 180_000);

interface Exif {
  [k: string]: unknown;
}

function exiftool(file: string): Exif {
  // -a: duplicates too; -G1: the group (IFD0, ExifIFD, GPS, XMP-*, IPTC, ICC_Profile, PNG-*, PDF…) of each tag.
  const json = execFileSync('exiftool', ['-j', '-a', '-G1', '-n', file], { encoding: 'utf8' });
  const [tags] = JSON.parse(json) as Exif[];
  for (const k of Object.keys(tags)) if (k.startsWith('System:') || k === 'SourceFile' || k.startsWith('ExifTool:')) delete tags[k];
  return tags;
}

/** Tags each format may carry: structure, resolution, and the app's own name. Anything else fails. */
const ALLOWED: Record<string, RegExp> = {
  png: /^(File:(FileType|FileTypeExtension|MIMEType)|PNG:(ImageWidth|ImageHeight|BitDepth|ColorType|Compression|Filter|Interlace|SRGBRendering|Gamma|Software)|PNG-pHYs:.*|Composite:(ImageSize|Megapixels))$/,
  tif: /^(File:(FileType|FileTypeExtension|MIMEType|ExifByteOrder)|IFD0:(ImageWidth|ImageHeight|BitsPerSample|Compression|PhotometricInterpretation|StripOffsets|Orientation|SamplesPerPixel|RowsPerStrip|StripByteCounts|XResolution|YResolution|PlanarConfiguration|ResolutionUnit|Predictor|SampleFormat|ExtraSamples)|Composite:(ImageSize|Megapixels))$/,
  jpg: /^(File:(FileType|FileTypeExtension|MIMEType|ImageWidth|ImageHeight|EncodingProcess|BitsPerSample|ColorComponents|YCbCrSubSampling)|JFIF:.*|Composite:(ImageSize|Megapixels))$/,
  // Title and Subject/description: the figure's name and its alt text, written from the figure
  // (checked below to be exactly that), never from a source file.
  pdf: /^(File:(FileType|FileTypeExtension|MIMEType)|PDF:(PDFVersion|Linearized|PageCount|Creator|Producer|Title|Subject))$/,
  svg: /^(File:(FileType|FileTypeExtension|MIMEType)|SVG:(Xmlns|SVGVersion|ImageWidth|ImageHeight|ViewBox|Role|Aria-labelledby|TitleId|Title|DescId|Desc))$/,
};

/** Everything a reader could decode out of a file, as buffers to search. */
function layers(format: string, buf: Buffer): Buffer[] {
  const out = [buf];
  if (format === 'pdf') {
    // Every stream, inflated when it is Flate (content, fonts, images, metadata).
    const text = buf.toString('latin1');
    const re = /stream\r?\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const start = m.index + m[0].length;
      const end = text.indexOf('endstream', start);
      if (end < 0) break;
      const body = buf.subarray(start, end);
      try {
        out.push(inflateSync(body));
      } catch {
        out.push(body);
      }
    }
  }
  if (format === 'svg') {
    for (const m of buf.toString('utf8').matchAll(/data:[^;,"]+;base64,([A-Za-z0-9+/=]+)/g)) out.push(Buffer.from(m[1], 'base64'));
  }
  return out;
}

/** PNG chunk types and their text (zTXt/iTXt/iCCP inflated). */
function pngChunks(buf: Buffer): { type: string; data: Buffer }[] {
  expect(buf.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let o = 8; o + 8 <= buf.length;) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    chunks.push({ type, data: buf.subarray(o + 8, o + 8 + len) });
    o += 12 + len;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** JPEG marker segments before the scan. */
function jpegMarkers(buf: Buffer): { marker: number; data: Buffer }[] {
  expect(buf.readUInt16BE(0)).toBe(0xffd8);
  const out: { marker: number; data: Buffer }[] = [];
  for (let o = 2; o + 4 <= buf.length;) {
    if (buf[o] !== 0xff) break;
    const marker = buf[o + 1];
    const len = buf.readUInt16BE(o + 2);
    out.push({ marker, data: buf.subarray(o + 4, o + 2 + len) });
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    o += 2 + len;
  }
  return out;
}

/** Images embedded in a file (SVG data URIs, PDF image streams that are whole PNG/JPEG files). */
function embeddedImages(format: string, buf: Buffer): Buffer[] {
  return layers(format, buf)
    .slice(1)
    .filter((b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) || (b[0] === 0xff && b[1] === 0xd8));
}

function checkPng(buf: Buffer, where: string): void {
  for (const c of pngChunks(buf)) {
    expect(
      ['IHDR', 'PLTE', 'IDAT', 'IEND', 'pHYs', 'sRGB', 'gAMA', 'cHRM', 'tRNS', 'sBIT', 'bKGD', 'tEXt'],
      `${where}: PNG chunk ${c.type}`,
    ).toContain(c.type);
    // Only a "Software" text chunk, naming the app.
    if (c.type === 'tEXt') expect(c.data.toString('latin1'), where).toMatch(/^Software\0Medfig/);
  }
}

function checkJpeg(buf: Buffer, where: string): void {
  for (const m of jpegMarkers(buf)) {
    // APP1 (Exif/XMP), APP2 (ICC/FlashPix), APP13 (IPTC/Photoshop), COM (comments): none.
    const app = m.marker >= 0xe0 && m.marker <= 0xef;
    if (app)
      expect(m.marker === 0xe0 && m.data.subarray(0, 5).toString('latin1') === 'JFIF\0', `${where}: APP${m.marker - 0xe0} segment`).toBe(
        true,
      );
    expect(m.marker, `${where}: COM segment`).not.toBe(0xfe);
  }
}

describe('medfig export holds no identifying field', () => {
  for (const f of FORMATS) {
    it(`${f}: exiftool finds only structure, resolution and the app name`, () => {
      const tags = exiftool(join(dir, `out.${f}`));
      const extra = Object.keys(tags).filter((k) => !ALLOWED[f].test(k));
      expect(extra, `unexpected tags in ${f}: ${JSON.stringify(Object.fromEntries(extra.map((k) => [k, tags[k]])))}`).toEqual([]);
      // No GPS/EXIF/XMP/IPTC/ICC/maker-note group at all.
      expect(
        Object.keys(tags).filter((k) =>
          /^(GPS|ExifIFD|XMP|IPTC|ICC|ICC_Profile|Photoshop|Apple|MakerNotes|InteropIFD|IFD1|DICOM)/i.test(k),
        ),
      ).toEqual([]);
      for (const k of ['PDF:Creator', 'PDF:Producer', 'PNG:Software']) if (k in tags) expect(tags[k]).toMatch(/^Medfig/);
      for (const k of ['PDF:Title', 'SVG:Title']) if (k in tags) expect(tags[k]).toBe('Figure 1');
      for (const k of ['PDF:Subject', 'SVG:Desc']) if (k in tags) expect(tags[k]).toBe(ALT_TEXT);
    });

    it(`${f}: no identifying value or source file name anywhere in the bytes`, () => {
      const buf = outputs.get(f)!;
      for (const layer of layers(f, buf)) {
        for (const n of needles) {
          for (const enc of [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le'), Buffer.from(Buffer.from(n, 'utf16le').swap16())]) {
            expect(layer.indexOf(enc), `"${n.replace(/\0/g, '\\0')}" found in ${f}`).toBe(-1);
          }
        }
      }
    });
  }

  it('png: only structural chunks (no eXIf, iTXt, zTXt, iCCP, tIME)', () => checkPng(outputs.get('png')!, 'png'));
  it('jpg: only a JFIF APP0 segment, no comment', () => checkJpeg(outputs.get('jpg')!, 'jpg'));
  it('tif: one image, no EXIF/GPS/XMP/IPTC/ICC tags in the IFD', () => {
    const b = outputs.get('tif')!;
    const le = b.toString('latin1', 0, 2) === 'II';
    const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const ifd = u32(4);
    const n = u16(ifd);
    const tags = Array.from({ length: n }, (_, i) => u16(ifd + 2 + 12 * i));
    // 34665 Exif IFD, 34853 GPS IFD, 700 XMP, 33723 IPTC, 34377 Photoshop, 34675 ICC, 270/271/272/305/306/315/316 text tags.
    for (const bad of [34665, 34853, 700, 33723, 34377, 34675, 270, 271, 272, 305, 306, 315, 316, 269, 285])
      expect(tags, `TIFF tag ${bad}`).not.toContain(bad);
    expect(u32(ifd + 2 + 12 * n), 'a second IFD (thumbnail)').toBe(0);
  });
  it('svg and pdf: embedded images carry no metadata either', () => {
    let seen = 0;
    for (const f of ['svg', 'pdf'] as const) {
      for (const img of embeddedImages(f, outputs.get(f)!)) {
        seen++;
        if (img[0] === 0x89) checkPng(img, `${f} embedded PNG`);
        else checkJpeg(img, `${f} embedded JPEG`);
      }
    }
    expect(seen, 'the SVG embeds its panels as images').toBeGreaterThan(0);
    const svg = outputs.get('svg')!.toString('utf8');
    // The only title and description are the figure's own (its name and alt text), once each.
    expect(svg).not.toMatch(/<metadata\b/);
    expect([...svg.matchAll(/<title\b[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['Figure 1']);
    expect([...svg.matchAll(/<desc\b[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([ALT_TEXT]);
  });

  it('the checks themselves see a leak (canary on the sources)', () => {
    const tags = exiftool(join(dir, PHOTO_NAME));
    expect(Object.keys(tags).some((k) => !ALLOWED.jpg.test(k))).toBe(true);
    expect(Object.keys(tags).some((k) => k.startsWith('GPS:'))).toBe(true);
    expect(() => checkJpeg(readFileSync(PHOTO), 'source')).toThrow(/APP1/);
    const ct = readFileSync(CT);
    expect(needles.filter((n) => ct.indexOf(Buffer.from(n)) >= 0)).toEqual(expect.arrayContaining(['MISTER^CT', '2178309', 'DICM']));
    // A name in a compressed PDF stream is found after inflating.
    const pdf = Buffer.concat([
      Buffer.from('1 0 obj<</Filter/FlateDecode>>stream\n'),
      deflateSync(Buffer.from('(MISTER^CT) Tj')),
      Buffer.from('\nendstream'),
    ]);
    expect(layers('pdf', pdf).some((l) => l.indexOf(Buffer.from('MISTER^CT')) >= 0)).toBe(true);
  });

  it('default export names are figure-N, never a patient attribute or source name', async () => {
    const outDir = join(dir, 'all');
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bin/medfig.js'), 'export', join(dir, 'case.medfig'), '--all-figures', '-o', outDir + '/'],
      { cwd: dir, timeout: 120_000 },
    );
    expect(readdirSync(outDir)).toEqual(['figure-1.png']);
  });
});
