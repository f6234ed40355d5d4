// Page pyramids (libvips/Aperio-style tiled TIFFs: page 0 full resolution, each next page half the
// size of the one before). The reduced pages are one image, not frames; previews and reduced region
// reads take the smallest page that still has enough pixels, so a 100+ MP micrograph's overview
// reads a few megapixels instead of every full-resolution tile.
import sharp from 'sharp';

export interface Level {
  page: number;
  width: number;
  height: number;
}

/** Within a pixel or two of half the previous level (libvips rounds up, others down). */
const halves = (big: number, small: number): boolean => Math.abs(big / 2 - small) <= 1.5;

/** The pyramid's levels, largest first, or null when the file is not a page pyramid. */
export async function pyramidLevels(
  bytes: Uint8Array,
  format: string,
  pages: number,
  width: number,
  height: number,
): Promise<Level[] | null> {
  if (format !== 'tiff' || pages < 2 || pages > 32) return null;
  const levels: Level[] = [{ page: 0, width, height }];
  for (let p = 1; p < pages; p++) {
    const m = await sharp(bytes, { page: p, failOn: 'none', limitInputPixels: false })
      .metadata()
      .catch(() => null);
    const prev = levels[levels.length - 1];
    // A multipage stack (same-size pages) is frames; only a strict halving chain is a pyramid.
    if (!m?.width || !m.height || !halves(prev.width, m.width) || !halves(prev.height, m.height)) return null;
    levels.push({ page: p, width: m.width, height: m.height });
  }
  return levels;
}

/** The smallest level with at least `scale` × the full resolution (scale ≤ 1). */
export function levelFor(levels: Level[], scale: number): Level {
  let best = levels[0];
  for (const l of levels) if (l.width >= levels[0].width * scale * 0.999 && l.height >= levels[0].height * scale * 0.999) best = l;
  return best;
}
