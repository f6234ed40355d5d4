// Pixel limits. A full decode materialises every pixel (300 MP of RGB is ~900 MB), so it is capped;
// region and preview reads stream through libvips and never hold the whole image, so they may open
// much larger files (whole-slide scans), while still refusing absurd declared sizes (decompression bombs).
// Byte budgets shared with the DICOM decoders live in ../limits.ts.
export { MAX_OUTPUT_PIXELS } from '../limits';
export const MAX_DECODE_PIXELS = 300_000_000;
export const MAX_STREAM_PIXELS = 4_000_000_000;
