// readRasterInfo: sizes after orientation, calibration from resolution tags, and PHI field names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readRasterInfo } from '../../src/services/images/raster';
import { parseImageJ, tiffCalibration } from '../../src/services/images/raster/spacing';

const FIX = join(__dirname, '../fixtures/images');
const load = (p: string) => new Uint8Array(readFileSync(join(FIX, p)));

const rgb = (w: number, h: number) => sharp(new Uint8Array(w * h * 3).fill(120), { raw: { width: w, height: h, channels: 3 } });

describe('readRasterInfo', () => {
  it('reports upright size and the orientation applied', async () => {
    const i = await readRasterInfo(load('exif/orientation_f6.jpg'));
    expect([i.format, i.width, i.height, i.orientation]).toEqual(['jpeg', 40, 80, 6]);
    expect([i.channels, i.bitsAllocated, i.photometric]).toEqual([3, 8, 'RGB']);
  });

  it('has no orientation when the file carries none', async () => {
    expect((await readRasterInfo(load('histology/ihc.png'))).orientation).toBeNull();
  });

  it('reads the 200 dpi fax TIFF as 0.127 mm pixels', async () => {
    const i = await readRasterInfo(load('tiff/fax_g4_200dpi.tif'));
    expect(i.densityDpi).toBe(200);
    expect(i.pixelSpacing?.source).toBe('TIFFResolution');
    expect(i.pixelSpacing?.row).toBeCloseTo(0.127, 6);
    expect(i.pixelSpacing?.column).toBeCloseTo(0.127, 6);
  });

  it('takes ImageJ calibration (unit=micron, pixels per micron) with anisotropic pixels', async () => {
    const i = await readRasterInfo(load('generated/imagej_micron.tif'));
    expect(i.pixelSpacing?.source).toBe('ImageJ');
    expect(i.pixelSpacing?.column).toBeCloseTo(0.25e-3, 9); // 4 px/µm across
    expect(i.pixelSpacing?.row).toBeCloseTo(0.5e-3, 9); // 2 px/µm down
    expect(i.pixelSpacing?.note).toMatch(/z spacing 0.5/);
    expect(i.densityDpi).toBeNull();
  });

  it('gives no calibration for an ImageJ stack without a unit, nor for unitless TIFF resolution', async () => {
    expect((await readRasterInfo(load('tiff/imagej_stack_30.tif'))).pixelSpacing).toBeNull();
    const tiled = await readRasterInfo(load('tiff/tiled_64x64_rgb_deflate.tiff')); // 72, ResolutionUnit none
    expect([tiled.pixelSpacing, tiled.densityDpi]).toEqual([null, null]);
  });

  it('treats 72 and 96 dpi as defaults, not calibration', async () => {
    const t72 = await readRasterInfo(
      new Uint8Array(
        await rgb(8, 8)
          .tiff({ xres: 72 / 25.4, yres: 72 / 25.4, resolutionUnit: 'inch' })
          .toBuffer(),
      ),
    );
    expect([t72.pixelSpacing, t72.densityDpi]).toEqual([null, null]);
    const png96 = await readRasterInfo(load('histology/ihc.png')); // pHYs 3780 px/m
    expect(png96.densityDpi).toBeNull();
    const jpeg72 = await readRasterInfo(load('exif/orientation_f1.jpg'));
    expect(jpeg72.densityDpi).toBeNull();
  });

  it('reports a real JPEG and PNG density but never a JPEG/PNG pixel spacing', async () => {
    const jpeg = await readRasterInfo(new Uint8Array(await rgb(8, 8).withMetadata({ density: 300 }).jpeg().toBuffer()));
    expect([jpeg.densityDpi, jpeg.pixelSpacing]).toEqual([300, null]);
    const png = await readRasterInfo(new Uint8Array(await rgb(8, 8).withMetadata({ density: 600 }).png().toBuffer()));
    expect(png.densityDpi).toBeCloseTo(600, 0);
    expect(png.pixelSpacing).toBeNull();
  });

  it('reads TIFF resolution in centimetres, per axis, from a BigTIFF too', async () => {
    // sharp takes xres/yres in pixels per mm: 40 px/mm across = 0.025 mm, 20 down = 0.05 mm
    const tif = await rgb(8, 8).tiff({ xres: 40, yres: 20, resolutionUnit: 'cm', bigtiff: true }).toBuffer();
    const i = await readRasterInfo(new Uint8Array(tif));
    expect(i.pixelSpacing?.column).toBeCloseTo(0.025, 6);
    expect(i.pixelSpacing?.row).toBeCloseTo(0.05, 6);
    expect(i.pixelSpacing?.source).toBe('TIFFResolution');
  });

  it('16-bit TIFF: bits 16, one channel; multipage counts frames', async () => {
    const g = await readRasterInfo(load('tiff/gray16_uncompressed.tiff'));
    expect([g.bitsAllocated, g.bitsStored, g.channels, g.photometric]).toEqual([16, 16, 1, 'MONOCHROME2']);
    expect((await readRasterInfo(load('tiff/imagej_stack_30.tif'))).frames).toBe(30);
  });

  it('fills only what rasters have', async () => {
    const i = await readRasterInfo(load('exif/orientation_f1.jpg'));
    expect([i.windows, i.rescale, i.burnedInAnnotation, i.modality, i.transferSyntax]).toEqual([[], null, null, null, null]);
  });
});

describe('calibration edge cases', () => {
  it('refuses zero, NaN and absurd resolutions with a warning', () => {
    const zero = tiffCalibration({ xResolution: 0, yResolution: 0, resolutionUnit: 2, imageDescription: null });
    expect(zero.pixelSpacing).toBeNull();
    expect(zero.warnings.join(' ')).toMatch(/XResolution 0 refused/);
    const nan = tiffCalibration({ xResolution: NaN, yResolution: 300, resolutionUnit: 2, imageDescription: null });
    expect([nan.pixelSpacing, nan.warnings.length > 0]).toEqual([null, true]);
    const absurd = tiffCalibration({ xResolution: 1e-9, yResolution: 1e-9, resolutionUnit: 3, imageDescription: null });
    expect([absurd.pixelSpacing, absurd.warnings.length > 0]).toEqual([null, true]);
  });

  it('parses ImageJ units: um, µm escapes, nm, mm; blank or pixel units are not calibration', () => {
    expect(parseImageJ('ImageJ=1.53c\nunit=um\n')?.mmPerUnit).toBe(1e-3);
    expect(parseImageJ('ImageJ=1.53c\nunit=\\u00B5m\n')?.mmPerUnit).toBe(1e-3);
    expect(parseImageJ('ImageJ=1.53c\nunit=nm\nspacing=2.5\n')).toMatchObject({ mmPerUnit: 1e-6, spacing: 2.5 });
    expect(parseImageJ('ImageJ=1.53c\nunit=mm\n')?.mmPerUnit).toBe(1);
    expect(parseImageJ('ImageJ=1.53c\nunit= \n')).toBeNull();
    expect(parseImageJ('ImageJ=1.53c\nunit=pixel\n')).toBeNull();
    expect(parseImageJ('converted PBM file')).toBeNull();
  });

  it('an ImageJ nm calibration gives nanometre pixels', () => {
    const c = tiffCalibration({ xResolution: 0.5, yResolution: 0.5, resolutionUnit: 1, imageDescription: 'ImageJ=1.54f\nunit=nm\n' });
    expect(c.pixelSpacing).toMatchObject({ source: 'ImageJ' });
    expect(c.pixelSpacing?.row).toBeCloseTo(2e-6, 12);
  });
});

describe('identifying metadata (phi)', () => {
  it('finds GPS, the capture date and the user comment on the Nikon photo', async () => {
    const i = await readRasterInfo(load('exif/nikon_d2h_gps.jpg'));
    expect(i.phi).toEqual(expect.arrayContaining(['GPSLatitude', 'GPSLongitude', 'DateTimeOriginal', 'UserComment']));
  });

  it('finds GPS on the iPhone photo', async () => {
    const i = await readRasterInfo(load('exif/iphone6plus_orient6_gps.jpg'));
    expect(i.phi).toEqual(expect.arrayContaining(['GPSLatitude', 'GPSLongitude', 'GPSAltitude']));
  });

  it('finds serial numbers, owner and artist, and nothing on a clean file', async () => {
    const tagged = await rgb(8, 8)
      .withExifMerge({
        IFD0: { Artist: 'Dr Jane Roe', Copyright: 'Clinic' },
        IFD2: { BodySerialNumber: '2049913', CameraOwnerName: 'Jane Roe', LensSerialNumber: '0000123' },
      })
      .jpeg()
      .toBuffer();
    const i = await readRasterInfo(new Uint8Array(tagged));
    expect(i.phi).toEqual(expect.arrayContaining(['Artist', 'Copyright', 'LensSerialNumber']));
    // exifr names 0xA431/0xA430 by their EXIF 2.3 draft names SerialNumber/OwnerName
    expect(i.phi.filter((f) => /Serial/.test(f))).toHaveLength(2);
    expect(i.phi.some((f) => /OwnerName/.test(f))).toBe(true);
    const clean = await readRasterInfo(new Uint8Array(await rgb(8, 8).jpeg().toBuffer()));
    expect(clean.phi).toEqual([]);
    expect((await readRasterInfo(load('exif/orientation_f1.jpg'))).phi).toEqual([]);
  });

  it('finds EXIF in WebP (through sharp) as well', async () => {
    const webp = await rgb(8, 8)
      .withExif({ IFD0: { Artist: 'Jane Roe' } })
      .webp()
      .toBuffer();
    expect((await readRasterInfo(new Uint8Array(webp))).phi).toContain('Artist');
  });

  it('survives the EXIF IFD loop fixture with a warning', async () => {
    const i = await readRasterInfo(load('bad/exif_infinite_loop.jpg'));
    expect(i.warnings.length).toBeGreaterThan(0);
  });
});
