// A blur redaction on screen: the panel's displayed pixels under the box, blurred by the same
// function the export burns into the source pixels (shared/imaging/redaction-blur), drawn as an
// image over the panel. Exports need none: their pixels arrive with the blur already burned in.
import Konva from 'konva';
import { BLUR_CELLS, blurRegion, clipBox, type BlurBox } from '../shared/imaging/redaction-blur';
import type { PanelImage } from './figure-scene';

function pixelSize(image: CanvasImageSource): { width: number; height: number } {
  const i = image as { naturalWidth?: number; naturalHeight?: number; width: number; height: number };
  return { width: i.naturalWidth || i.width, height: i.naturalHeight || i.height };
}

/** The blurred patch for `box` (source px), positioned in source px; null when nothing is shown there. */
export function blurPatch(pix: PanelImage, box: BlurBox): Konva.Image | null {
  const region = pix.region ?? { x: 0, y: 0, w: pix.width, h: pix.height };
  const { width: iw, height: ih } = pixelSize(pix.image);
  if (!iw || !ih || !region.w || !region.h) return null;
  // Image pixels per source pixel (a screen preview may be reduced; an export carries a crop).
  const sx = iw / region.w;
  const sy = ih / region.h;
  const r = clipBox({ x: (box.x - region.x) * sx, y: (box.y - region.y) * sy, w: box.w * sx, h: box.h * sy }, iw, ih);
  if (!r) return null;
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  const canvas = Konva.Util.createCanvasElement();
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.drawImage(pix.image, r.x0, r.y0, w, h, 0, 0, w, h);
  const data = g.getImageData(0, 0, w, h);
  // Cells sized from the whole box, as the export does, so screen and file blur alike.
  const cell = Math.ceil(Math.max(Math.abs(box.w) * sx, Math.abs(box.h) * sy) / BLUR_CELLS);
  blurRegion(data.data, w, h, { x: 0, y: 0, w, h }, cell);
  g.putImageData(data, 0, 0);
  return new Konva.Image({
    image: canvas,
    x: region.x + r.x0 / sx,
    y: region.y + r.y0 / sy,
    width: w / sx,
    height: h / sy,
    listening: true,
    name: 'redaction-blur',
  });
}
