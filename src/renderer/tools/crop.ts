// Crop tool: drag a rectangle on a panel; its source-pixel box becomes the panel's crop (a
// parameter: the source is never rewritten). Free or fixed ratio, the ratio being that of the
// panel as printed (so a 4:3 crop of a panel turned 90° is 3 wide × 4 high in the source).
import type { Crop, Panel, Point, Style } from '../../shared/figure/schema';
import { createDragTool } from './drag-tool';
import { cosSinDeg } from '../../shared/geometry/transform';
import { updatePanel } from '../editor/commands';
import { infoOf } from '../imaging/panel-images';
import { CLICK_SLOP_PX } from './types';

export const CROP_RATIOS: readonly { id: string; label: string; ratio: number | null }[] = [
  { id: 'free', label: 'Free', ratio: null },
  { id: '1:1', label: '1 : 1', ratio: 1 },
  { id: '4:3', label: '4 : 3', ratio: 4 / 3 },
  { id: '3:4', label: '3 : 4', ratio: 3 / 4 },
  { id: '3:2', label: '3 : 2', ratio: 3 / 2 },
  { id: '2:3', label: '2 : 3', ratio: 2 / 3 },
  { id: '16:9', label: '16 : 9', ratio: 16 / 9 },
];

// The chosen ratio outlives a tool switch (users crop several panels alike).
let ratioId = 'free';
/** A ratio not in the list (another panel's, "like panel A"), printed width / height. */
let otherRatio: number | null = null;
export const cropRatio = (): string => ratioId;
/** A listed ratio by id, or any other id with its ratio (e.g. 'like:<panelId>', 1.5). */
export function setCropRatio(id: string, ratio?: number): void {
  if (CROP_RATIOS.some((r) => r.id === id)) ratioId = id;
  else if (ratio !== undefined && Number.isFinite(ratio) && ratio > 0) {
    ratioId = id;
    otherRatio = ratio;
  }
}
const ratioValue = (): number | null => CROP_RATIOS.find((r) => r.id === ratioId)?.ratio ?? (ratioId === 'free' ? null : otherRatio);

/** Smallest crop side, source px: anything less is a click, not a crop. */
const MIN_SIDE = 2;

/**
 * The crop for a drag from `a` to `b` (source px): clamped to the image, and with a ratio
 * (printed width / height) shrunk towards the corner the drag started from. null = too small.
 */
export function cropFromDrag(
  a: Point,
  b: Point,
  size: { width: number; height: number } | null,
  ratio: number | null,
  geom: Pick<Panel, 'rotation'>,
): Crop | null {
  const clampX = (v: number) => (size ? Math.min(size.width, Math.max(0, v)) : v);
  const clampY = (v: number) => (size ? Math.min(size.height, Math.max(0, v)) : v);
  const ax = clampX(a[0]);
  const ay = clampY(a[1]);
  const bx = clampX(b[0]);
  const by = clampY(b[1]);
  let w = Math.abs(bx - ax);
  let h = Math.abs(by - ay);
  if (ratio) {
    // A quarter turn swaps which source side is printed as the width.
    const [cos, sin] = cosSinDeg(geom.rotation);
    const r = Math.abs(sin) > Math.abs(cos) ? 1 / ratio : ratio;
    if (w / h > r) w = h * r;
    else h = w / r;
  }
  if (!(w >= MIN_SIDE && h >= MIN_SIDE)) return null;
  const x = bx >= ax ? ax : ax - w;
  const y = by >= ay ? ay : ay - h;
  return { x, y, w, h };
}

const DRAFT_STYLE: Style = {
  color: '#ffd700',
  strokePt: 1,
  fontPt: 8,
  halo: true,
  haloColor: '#000000',
  opacity: 1,
  fill: null,
  bold: false,
};

export function createCropTool() {
  return createDragTool<{ crop: Crop | null }>({
    id: 'crop',
    label: 'Crop',
    key: 'C',
    start: () => ({ crop: null }),
    drag: (g, p, ctx) => {
      const panel = ctx.store.figure().panels.find((x) => x.id === g.panelId);
      if (!panel) return { crop: null };
      const info = infoOf(panel.sourceId);
      return { crop: cropFromDrag(g.origin, p.source, info ? { width: info.width, height: info.height } : null, ratioValue(), panel) };
    },
    commit: (g, ctx) => {
      const crop = g.state.crop;
      // Both sides past the click threshold: a sliver is a slip, not a crop.
      if (crop && Math.min(crop.w, crop.h) > CLICK_SLOP_PX * ctx.sourcePerScreenPx(g.panelId)) {
        ctx.store.dispatch(updatePanel(ctx.figureId, g.panelId, { crop }));
        ctx.setTool('select');
      }
    },
    // The draft is a rectangle annotation: drawn by the same scene, on the anatomy — on the
    // canvas's interactive layer, never in the document.
    preview: (g) => {
      const c = g.state.crop;
      return c
        ? [{ id: 'crop-draft', type: 'rect', layer: 'labels', style: DRAFT_STYLE, at: [c.x, c.y], size: [c.w, c.h], rotation: 0 }]
        : null;
    },
  });
}
