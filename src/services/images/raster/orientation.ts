// EXIF/TIFF Orientation (1–8): map a rectangle given in upright (displayed) pixel coordinates to
// the stored pixel grid, so a region can be cut from the stored image before it is rotated —
// rotating a whole 100 MP image just to crop a corner would defeat region reads.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** True when the orientation swaps width and height (5–8). */
export const swapsAxes = (o: number): boolean => o >= 5 && o <= 8;

/** Stored (x, y) of upright pixel (u, v); W, H are the stored dimensions. */
export function uprightToStored(o: number, u: number, v: number, W: number, H: number): [number, number] {
  switch (o) {
    case 2:
      return [W - 1 - u, v];
    case 3:
      return [W - 1 - u, H - 1 - v];
    case 4:
      return [u, H - 1 - v];
    case 5:
      return [v, u];
    case 6:
      return [v, H - 1 - u];
    case 7:
      return [W - 1 - v, H - 1 - u];
    case 8:
      return [W - 1 - v, u];
    default:
      return [u, v];
  }
}

export function uprightRectToStored(o: number, r: Rect, W: number, H: number): Rect {
  const [x0, y0] = uprightToStored(o, r.x, r.y, W, H);
  const [x1, y1] = uprightToStored(o, r.x + r.w - 1, r.y + r.h - 1, W, H);
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0) + 1, h: Math.abs(y1 - y0) + 1 };
}
