// The sizes of the screen previews, shared by the renderer (which asks for them) and the services
// (which start decoding them as soon as an image is opened, before the renderer asks).

/** Screen previews are capped so a 100+ MP micrograph never lands whole in the renderer; 2048 px
 * fills a fitted view, and deep zoom (detail-layer.ts) fetches real pixels beyond it. */
export const SCREEN_MAX_SIDE = 2048;

/** A JPEG this large is first shown from a quick reduced decode (shrink-on-load: an eighth-size
 * decode is several times faster than a full one), then from the screen preview. */
export const QUICK_FROM_SIDE = 2 * SCREEN_MAX_SIDE;
export const QUICK_MAX_SIDE = 512;

/** Whether an image gets the quick preview first: a JPEG (its decoder shrinks on load) this large. */
export function wantsQuickPreview(info: { format: string; width: number; height: number }): boolean {
  return info.format === 'jpeg' && Math.max(info.width, info.height) > QUICK_FROM_SIDE;
}
