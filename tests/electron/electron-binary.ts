// Where the Electron binary is, for the Electron tests: absent where the package was installed
// with ELECTRON_SKIP_BINARY_DOWNLOAD, and then every Electron test is skipped with NO_ELECTRON
// (the one skip scripts/test.mjs accepts, matched by its opening words).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron binary's path, or null where the package was installed without its download. */
export function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
export const NO_ELECTRON = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): the Electron smoke tests run where it is';
