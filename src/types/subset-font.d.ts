// subset-font ships no types; this declares the part Medfig uses (src/services/export/svg-font.ts).
declare module 'subset-font' {
  export interface SubsetOptions {
    targetFormat?: 'truetype' | 'sfnt' | 'woff' | 'woff2';
    noHinting?: boolean;
    preserveNameIds?: number[];
    dropTables?: string[];
  }
  /** A subset of `font` (TTF/OTF/WOFF/WOFF2) holding the glyphs of `text`. */
  export default function subsetFont(font: Buffer | Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
}
