// Live preview of a panel's display settings during a drag (window/level, brightness): the
// panel's decoded frame is windowed into a canvas no larger than the panel shows on screen,
// without a document change. The gesture commits ONE command when it ends; the scene then
// draws the committed display at full preview resolution.
import type { DecodedFrame } from '../../shared/imaging/types';
import type { Display, Panel } from '../../shared/figure/schema';
import { renderDisplay } from '../../shared/imaging/display';
import { infoOf, loadedFrame } from '../imaging/panel-images';

/** Every `step`-th pixel of every `step`-th row (nearest neighbour): a cheap smaller frame. */
export function subsampleFrame(f: DecodedFrame, step: number): DecodedFrame {
  if (step <= 1) return f;
  const w = Math.max(1, Math.floor(f.width / step));
  const h = Math.max(1, Math.floor(f.height / step));
  const c = f.channels;
  const Ctor = f.data.constructor as new (n: number) => typeof f.data;
  const out = new Ctor(w * h * c);
  for (let y = 0; y < h; y++) {
    const row = y * step * f.width;
    for (let x = 0; x < w; x++) {
      const si = (row + x * step) * c;
      const di = (y * w + x) * c;
      for (let k = 0; k < c; k++) out[di + k] = f.data[si + k];
    }
  }
  return { ...f, width: w, height: h, data: out };
}

/** Keeps the subsampled frame of one gesture and a canvas to draw the display into. */
export class DisplayPreview {
  private key = '';
  private small: DecodedFrame | null = null;
  readonly canvas: HTMLCanvasElement = document.createElement('canvas');

  /**
   * Draws `display` for the panel into `canvas`, at most `maxSide` px on the long side (what the
   * panel covers on screen). False when the panel's frame is not loaded.
   */
  render(panel: Panel, display: Display, maxSide: number): boolean {
    const frame = loadedFrame(panel.sourceId, panel.frame);
    if (!frame) return false;
    const step = Math.max(1, Math.floor(Math.max(frame.width, frame.height) / Math.max(64, maxSide)));
    const key = `${panel.sourceId}#${panel.frame}@${step}`;
    if (key !== this.key || !this.small) {
      this.small = subsampleFrame(frame, step);
      this.key = key;
    }
    const f = this.small;
    // The preview's window must be the one the full image would get (an automatic window from
    // the full frame's range, not the sample's).
    const rgba = renderDisplay(f, display, infoOf(panel.sourceId)?.windows ?? []);
    if (this.canvas.width !== f.width || this.canvas.height !== f.height) {
      this.canvas.width = f.width;
      this.canvas.height = f.height;
    }
    this.canvas.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, f.width, f.height), 0, 0);
    return true;
  }
}
