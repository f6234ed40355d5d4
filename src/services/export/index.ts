/** Export service: render the scene headless and encode PNG/TIFF/JPEG/PDF/SVG at a DPI. */
export { setupKonvaNode, registerFonts, createNodeStage, Konva } from './konva-node';
export type { BuildLayers, SceneRoot } from './draw-layers';
export { drawLayers, sceneCanvasFor } from './draw-layers';
export { encodeRaster, flatten, type EncodeOptions, type RasterFormat } from './encode';
export { renderLayersToRaster, type RasterOptions } from './raster';
export { renderVector, PT_PER_MM, type VectorOptions } from './vector';
export { exportFigure, pixelsFor, type ExportFormat, type ExportRequest } from './export-figure';
export { writeFileAtomic, WriteError } from './write-atomic';
export { readPngChunks, readPngDpi } from './png-chunks';
export { readJpegHeader } from './jpeg-markers';
