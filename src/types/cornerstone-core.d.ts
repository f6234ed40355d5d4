// cornerstone-core ships no types; this declares the part Medfig uses.
declare module 'cornerstone-core' {
  export function enable(el: HTMLElement): void;
  export function disable(el: HTMLElement): void;
  export function resize(el: HTMLElement, fit?: boolean): void;
  export function registerImageLoader(scheme: string, loader: (imageId: string) => { promise: Promise<unknown> }): void;
  export function loadAndCacheImage(imageId: string): Promise<unknown>;
  export function displayImage(el: HTMLElement, image: unknown, viewport?: unknown): void;
  export function getDefaultViewportForImage(el: HTMLElement, image: unknown): Record<string, unknown>;
  export function getViewport(el: HTMLElement): Record<string, unknown> | undefined;
  export function setViewport(el: HTMLElement, vp: unknown): void;
}
