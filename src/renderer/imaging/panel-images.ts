// Pixels for the screen: each panel's frame comes decoded from the services (one decoding
// path), then the shared display function windows/adjusts it into a canvas the scene draws.
import type { Panel } from '../../shared/figure/schema';
import type { DecodedFrame, ImageInfo } from '../../shared/imaging/types';
import { renderDisplay } from '../../shared/imaging/display';
import { api } from '../api-client';
import { QUICK_MAX_SIDE, SCREEN_MAX_SIDE, wantsQuickPreview } from '../../shared/imaging/preview-sizes';
import type { PanelImage } from '../../scene/figure-scene';

// The preview sizes are shared with the services, which start decoding them at open.
export { SCREEN_MAX_SIDE, QUICK_FROM_SIDE, QUICK_MAX_SIDE } from '../../shared/imaging/preview-sizes';

const frames = new Map<string, Promise<DecodedFrame>>();
const settled = new Map<string, DecodedFrame>();
const infos = new Map<string, ImageInfo>();
const canvases = new Map<string, { key: string; image: PanelImage }>();

export function rememberInfo(sourceId: string, info: ImageInfo): void {
  infos.set(sourceId, info);
}

export function infoOf(sourceId: string): ImageInfo | undefined {
  return infos.get(sourceId);
}

/** Decoded screen frames kept in the renderer (oldest dropped first): a long session of series
 * and micrographs must not grow without bound. */
export const FRAME_BUDGET_BYTES = 768 * 1024 * 1024;
/** Displayed canvases kept (one per panel): enough for several figures of four panels. */
export const MAX_CANVASES = 32;

function evictFrames(): void {
  let used = 0;
  for (const f of settled.values()) used += f.data.byteLength;
  for (const [key, f] of settled) {
    if (used <= FRAME_BUDGET_BYTES || settled.size <= 1) break;
    settled.delete(key);
    frames.delete(key);
    used -= f.data.byteLength;
  }
}

const frameListeners = new Set<() => void>();

/** Calls `listener` whenever a frame has arrived (views that read loadedFrame render again). */
export function onFrameLoaded(listener: () => void): () => void {
  frameListeners.add(listener);
  return () => void frameListeners.delete(listener);
}

export function loadFrame(sourceId: string, frame: number): Promise<DecodedFrame> {
  const key = `${sourceId}#${frame}`;
  let p = frames.get(key);
  if (p) {
    // Most recently used last (Maps keep insertion order).
    frames.delete(key);
    frames.set(key, p);
    const f = settled.get(key);
    if (f) {
      settled.delete(key);
      settled.set(key, f);
    }
  } else {
    p = api.getFrame({ sourceId, frame, maxSide: SCREEN_MAX_SIDE });
    frames.set(key, p);
    p.then((f) => {
      settled.set(key, f);
      evictFrames();
      frameListeners.forEach((l) => l());
    }).catch(() => frames.delete(key));
  }
  return p;
}

/**
 * The panel's displayed image, recomputed only when its frame or display settings change. A large
 * source not decoded yet first comes back from a quick reduced decode, so the first paint does not
 * wait for the full preview; `onDetail` then receives the image from the screen preview.
 */
export async function panelImage(panel: Panel, onDetail?: (image: PanelImage) => void): Promise<PanelImage> {
  const info = infos.get(panel.sourceId);
  const key = `${panel.sourceId}#${panel.frame}#${JSON.stringify(panel.display)}`;
  const hit = canvases.get(panel.id);
  if (hit && hit.key === key) return hit.image;
  // JPEG only: its decoder shrinks on load (a tiled TIFF has its own pyramid; DICOM decodes whole).
  const big = info && wantsQuickPreview(info);
  if (onDetail && big && !settled.has(`${panel.sourceId}#${panel.frame}`)) {
    // The quick decode is asked for first: the services' pool takes jobs in order.
    const quickP = api.getFrame({ sourceId: panel.sourceId, frame: panel.frame, maxSide: QUICK_MAX_SIDE }).catch(() => null);
    const full = loadFrame(panel.sourceId, panel.frame);
    const quick = await quickP;
    if (quick) {
      void full.then(
        (frame) => onDetail(displayed(panel, frame, key)),
        () => undefined, // the failure is reported by the next panelImage (loadFrame forgets it)
      );
      return toImage(panel, quick);
    }
    return displayed(panel, await full, key);
  }
  return displayed(panel, await loadFrame(panel.sourceId, panel.frame), key);
}

/** The screen preview with the panel's display applied, remembered per panel. */
function displayed(panel: Panel, frame: DecodedFrame, key: string): PanelImage {
  const hit = canvases.get(panel.id);
  if (hit && hit.key === key) return hit.image;
  const image = toImage(panel, frame);
  canvases.delete(panel.id);
  canvases.set(panel.id, { key, image });
  for (const k of canvases.keys()) {
    if (canvases.size <= MAX_CANVASES) break;
    canvases.delete(k);
  }
  return image;
}

function toImage(panel: Panel, frame: DecodedFrame): PanelImage {
  const info = infos.get(panel.sourceId);
  const rgba = renderDisplay(frame, panel.display, info?.windows ?? []);
  const canvas = document.createElement('canvas');
  canvas.width = frame.width;
  canvas.height = frame.height;
  const ctx = canvas.getContext('2d')!;
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, frame.width, frame.height), 0, 0);
  // A preview smaller than the source is drawn stretched to the source size, so annotation
  // coordinates stay in full-resolution source pixels.
  return { image: canvas, width: info?.width ?? frame.width, height: info?.height ?? frame.height };
}

/** The frame if it has already arrived (tools need it synchronously, e.g. a window drag's range). */
export function loadedFrame(sourceId: string, frame: number): DecodedFrame | undefined {
  return settled.get(`${sourceId}#${frame}`);
}
