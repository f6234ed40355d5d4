// Copy/paste of annotations inside the app. Geometry is in the source pixels of the panel it
// was copied from; pasting into another panel maps it to the same relative place of that
// panel's visible frame, scaled uniformly so shapes keep their proportions.
import type { Annotation, Figure, Point } from '../../shared/figure/schema';
import { boundsOf, keyPoints, mapAnnotation } from './geometry';
import type { Rect } from './geometry';

export interface Clip {
  panelId: string;
  /** The source panel's visible frame (crop, or the whole image) in its source px. */
  frame: Rect;
  annotations: Annotation[];
}

let current: Clip | null = null;

export const clipboard = {
  get: (): Clip | null => current,
  set: (c: Clip | null) => {
    current = c;
  },
};

/** The selected annotations of one panel (the first panel holding any), in drawing order. */
export function copySelection(figure: Figure, selection: ReadonlySet<string>, frameOf: (panelId: string) => Rect | null): Clip | null {
  const panel = figure.panels.find((p) => p.annotations.some((a) => selection.has(a.id)));
  if (!panel) return null;
  const frame = frameOf(panel.id);
  if (!frame) return null;
  return { panelId: panel.id, frame, annotations: structuredClone(panel.annotations.filter((a) => selection.has(a.id))) };
}

/**
 * Copies of the clip's annotations for `targetPanelId`, with new ids. In the same panel they
 * are shifted by `offset` source px so a paste is visible; in another panel they land at the
 * same relative place.
 */
export function pasteClip(clip: Clip, targetPanelId: string, targetFrame: Rect, offset: number, newId: () => string): Annotation[] {
  let f: (p: Point) => Point;
  let k = 1;
  if (targetPanelId === clip.panelId) {
    f = (p) => [p[0] + offset, p[1] + offset];
  } else {
    const b = boundsOf(clip.annotations.flatMap(keyPoints));
    const c1: Point = [b.x + b.w / 2, b.y + b.h / 2];
    const fx = targetFrame.w / clip.frame.w;
    const fy = targetFrame.h / clip.frame.h;
    const c2: Point = [targetFrame.x + (c1[0] - clip.frame.x) * fx, targetFrame.y + (c1[1] - clip.frame.y) * fy];
    k = Math.min(fx, fy);
    f = (p) => [c2[0] + (p[0] - c1[0]) * k, c2[1] + (p[1] - c1[1]) * k];
  }
  return clip.annotations.map((a) => ({ ...mapAnnotation(a, f, k), id: newId() }));
}
