// Print units used by the scene. The scene is built in millimetres of the printed page;
// a stage scale of (pixels per mm) gives the screen at any zoom or an export at any DPI.
export const MM_PER_PT = 25.4 / 72;
export const ptToMm = (pt: number): number => pt * MM_PER_PT;
export const pxPerMmAt = (dpi: number): number => dpi / 25.4;
/** Pixel size of a printed length at a DPI (what journals check). */
export const mmToPx = (mm: number, dpi: number): number => Math.round((mm / 25.4) * dpi);
export const FONT_FAMILY = 'Liberation Sans';
