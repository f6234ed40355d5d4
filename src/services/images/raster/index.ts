// Raster images (JPEG, PNG, TIFF, WebP, BMP, GIF): decode, region/preview reads for huge images, and info.
export { decodeRaster, readRasterRegion, readRasterPreview } from './decode';
export { readRasterInfo } from './info';
export { sniffRaster, type RasterFormat } from './sniff';
export type { Rect } from './orientation';
