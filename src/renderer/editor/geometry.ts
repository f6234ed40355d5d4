// Pure geometry of annotations in their panel's source pixels: moving, mapping, bounds,
// the handles a selected shape shows, and what dragging a handle does. No Konva, no DOM.
import type { Annotation, Point } from '../../shared/figure/schema';

import { utilOf } from '../../shared/annotations';
import { boundsOf, rotateVec, snap45, type Handle, type HandleKind, type Rect } from '../../shared/annotations';

// The geometry of each type lives in its own module (src/shared/annotations/types); these are
// the entry points the editor and tools call.
export { boundsOf, rotateVec, snap45 };
export type { Handle, HandleKind, Rect };

/**
 * Applies a point map to every point of an annotation; `k` scales sizes (rect/ellipse box)
 * so a uniform map (translate, paste into a bigger panel) keeps the shape.
 */
export function mapAnnotation(a: Annotation, f: (p: Point) => Point, k = 1): Annotation {
  return utilOf(a).map(a, f, k);
}

export function translateAnnotation(a: Annotation, dx: number, dy: number): Annotation {
  return mapAnnotation(a, (p) => [p[0] + dx, p[1] + dy]);
}

/** The points that define an annotation (box corners for boxes, rotation included). */
export function keyPoints(a: Annotation): Point[] {
  return utilOf(a).keyPoints(a);
}

/**
 * Handles of one selected annotation. `rotateOffset` is how far (source px) the rotate handle
 * sits above the box, so it keeps a constant distance on screen.
 */
export function handlesOf(a: Annotation, rotateOffset: number): Handle[] {
  return utilOf(a).handles(a, rotateOffset);
}

/** What dragging handle `id` to `p` (source px) makes of the annotation. Shift constrains. */
export function dragHandle(a: Annotation, id: string, p: Point, shift: boolean): Annotation {
  return utilOf(a).dragHandle(a, id, p, shift);
}

/**
 * A step on screen (view px) as a step in a panel's source px: rotation and flips turn it, so
 * an arrow-key nudge moves the shape the way the arrow points on screen.
 */
export function viewDeltaToSource(fromView: (p: [number, number]) => [number, number], dx: number, dy: number): Point {
  const o = fromView([0, 0]);
  const d = fromView([dx, dy]);
  return [d[0] - o[0], d[1] - o[1]];
}

/** Distance between two points. */
export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
