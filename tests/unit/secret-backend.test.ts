// PACS logins are kept in the OS keychain only where safeStorage really encrypts
// (src/main/secret-backend.ts): never on Linux's 'basic_text' fallback.
import { describe, expect, it } from 'vitest';
import { keychainUsable } from '../../src/main/secret-backend';

describe('keychainUsable', () => {
  it('Linux: a keyring (libsecret, KWallet) is used; basic_text or no answer is treated as no encryption', () => {
    for (const b of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) expect(keychainUsable('linux', true, b), b).toBe(true);
    for (const b of ['basic_text', 'unknown', undefined]) expect(keychainUsable('linux', true, b), String(b)).toBe(false);
  });

  it('no encryption available: never, on any platform', () => {
    for (const p of ['linux', 'darwin', 'win32'] as const) expect(keychainUsable(p, false, 'gnome_libsecret'), p).toBe(false);
  });

  it('macOS Keychain and Windows DPAPI: used whenever encryption is available', () => {
    expect(keychainUsable('darwin', true, undefined)).toBe(true);
    expect(keychainUsable('win32', true, undefined)).toBe(true);
  });
});
