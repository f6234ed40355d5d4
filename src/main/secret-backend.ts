// Whether Electron's safeStorage really encrypts PACS logins. On Linux without a keyring it falls
// back to the 'basic_text' backend: isEncryptionAvailable() is still true, but the "encryption"
// uses a fixed key in Chromium's source, so the file would hold the password in effect in the
// clear. Plain (no electron import): unit-tested in tests/unit/secret-backend.test.ts.

/** `backend`: safeStorage.getSelectedStorageBackend() on Linux (after ready), else undefined. */
export function keychainUsable(platform: NodeJS.Platform, encryptionAvailable: boolean, backend: string | undefined): boolean {
  if (!encryptionAvailable) return false;
  if (platform !== 'linux') return true;
  // 'unknown' is only answered before the app is ready: no proof of a keyring either.
  return backend !== undefined && backend !== 'basic_text' && backend !== 'unknown';
}
