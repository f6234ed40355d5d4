// A resolution a writer puts in by default is not a calibration (principle 4: no guess).
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { readRasterInfo } from '../../src/services/images/raster';

const grey = () => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } } });

describe('default resolutions are uncalibrated', () => {
  it('a TIFF written with no resolution (libvips writes 25.4 dpi) has no pixel spacing', async () => {
    const info = await readRasterInfo(new Uint8Array(await grey().tiff().toBuffer()));
    expect(info.pixelSpacing).toBeNull();
  });
  it('72 dpi is a default too; a real 4000 dpi (6.35 µm/px) scan is a calibration', async () => {
    expect(
      (
        await readRasterInfo(
          new Uint8Array(
            await grey()
              .tiff({ xres: 72 / 25.4, yres: 72 / 25.4 })
              .toBuffer(),
          ),
        )
      ).pixelSpacing,
    ).toBeNull();
    const real = await readRasterInfo(
      new Uint8Array(
        await grey()
          .tiff({ xres: 4000 / 25.4, yres: 4000 / 25.4, resolutionUnit: 'inch' })
          .toBuffer(),
      ),
    );
    expect(real.pixelSpacing?.source).toBe('TIFFResolution');
    expect(real.pixelSpacing!.column).toBeCloseTo(25.4 / 4000, 6);
  });
});
