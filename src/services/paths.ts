// Where the app's own resources (bundled fonts, sample case) are, from source (tsx, vitest),
// from the electron-vite bundle (out/main) and from a packaged app (process.resourcesPath).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function resourcesDir(): string {
  if (cached) return cached;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'resources/fonts'))) return (cached = join(packaged, 'resources'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources/fonts'))) return (cached = join(dir, 'resources'));
    dir = dirname(dir);
  }
  throw new Error('Medfig resources folder not found (resources/fonts)');
}
