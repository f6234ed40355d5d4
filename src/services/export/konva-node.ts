/**
 * Konva in Node: the glue that lets the scene's own draw code run headless on
 * @napi-rs/canvas (Skia), so exports come from the same renderer as the screen.
 */
import Konva from 'konva';
import { Canvas as NapiCanvas, DOMMatrix as NapiDOMMatrix, GlobalFonts, Image as NapiImage, Path2D as NapiPath2D } from '@napi-rs/canvas';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let installed = false;

/**
 * Point Konva's canvas/image factories at @napi-rs/canvas. Idempotent; safe to
 * call from every entry point. Konva's own default factories need `document`.
 */
export function setupKonvaNode(): typeof Konva {
  if (installed) return Konva;
  const g = globalThis as Record<string, unknown>;
  // Konva's Path and Transform code reads these as globals.
  g.DOMMatrix ??= NapiDOMMatrix;
  g.Path2D ??= NapiPath2D;
  g.Image ??= NapiImage;
  Konva.isBrowser = false;
  Konva.Util.createCanvasElement = () => {
    const node = new NapiCanvas(300, 300) as unknown as HTMLCanvasElement & { style?: object };
    // Konva writes inline styles on the element it creates.
    if (!node.style) Object.defineProperty(node, 'style', { value: {}, writable: true });
    return node;
  };
  Konva.Util.createImageElement = () => new NapiImage() as unknown as HTMLImageElement;
  // Exports are drawn at an explicit ratio; never inherit a device ratio.
  Konva.pixelRatio = 1;
  (Konva as unknown as { _renderBackend?: string })._renderBackend = 'napi-rs-canvas';
  installed = true;
  return Konva;
}

const registered = new Set<string>();

/**
 * Register every .ttf/.otf in `fontsDir` (e.g. resources/fonts) with Skia once,
 * so text in rasters, PDF and SVG uses the bundled face, not a system fallback.
 * Returns the family names now available.
 */
export function registerFonts(fontsDir: string): string[] {
  if (!existsSync(fontsDir)) throw new Error(`Fonts folder not found: ${fontsDir}`);
  for (const name of readdirSync(fontsDir).sort()) {
    if (!/\.(ttf|otf)$/i.test(name)) continue;
    const path = join(fontsDir, name);
    if (registered.has(path)) continue;
    if (!GlobalFonts.registerFromPath(path)) throw new Error(`Could not register font ${path}`);
    registered.add(path);
  }
  return GlobalFonts.families.map((f) => f.family);
}

/** A headless stage (no container) of the given logical size. */
export function createNodeStage(widthPx: number, heightPx: number): Konva.Stage {
  setupKonvaNode();
  return new Konva.Stage({ width: widthPx, height: heightPx } as Konva.StageConfig);
}

export { Konva };
