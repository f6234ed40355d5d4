// The desktop app's permission decision (src/main/request-policy.ts, used by both of the
// session's handlers in security.ts): writing text to the clipboard is granted to the app's own
// top frame only, so Copy legend / Copy as CSV work; everything else stays denied.
import { describe, expect, it } from 'vitest';
import { permissionAllowed } from '../../src/main/request-policy';

const clip = 'clipboard-sanitized-write';

describe('permissionAllowed', () => {
  it("grants clipboard writes to the app's own top frame (request: its URL; check: its origin and URL)", () => {
    expect(permissionAllowed({ permission: clip, url: 'app://medfig/index.html', isMainFrame: true }, true)).toBe(true);
    expect(permissionAllowed({ permission: clip, origin: 'app://medfig', url: 'app://medfig/index.html', isMainFrame: true }, true)).toBe(
      true,
    );
    expect(permissionAllowed({ permission: clip, origin: 'app://medfig', isMainFrame: true }, true)).toBe(true);
  });

  it('denies it to a sub-frame, another origin, or a request that names no origin', () => {
    expect(permissionAllowed({ permission: clip, url: 'app://medfig/index.html', isMainFrame: false }, true)).toBe(false);
    for (const url of [
      'app://medfig.evil/x',
      'app://other/index.html',
      'https://evil.example/',
      'file:///app/index.html',
      'data:text/html,x',
      'null',
    ])
      expect(permissionAllowed({ permission: clip, url, isMainFrame: true }, true), url).toBe(false);
    expect(
      permissionAllowed({ permission: clip, origin: 'https://evil.example', url: 'app://medfig/index.html', isMainFrame: true }, true),
    ).toBe(false);
    expect(permissionAllowed({ permission: clip, isMainFrame: true }, true)).toBe(false);
    expect(permissionAllowed({ permission: clip, url: '', isMainFrame: true }, true)).toBe(false);
  });

  it('denies every other permission, to the app too', () => {
    for (const permission of [
      'clipboard-read',
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fileSystem',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'fullscreen',
      'deprecated-sync-clipboard-read',
    ])
      expect(
        permissionAllowed({ permission, origin: 'app://medfig', url: 'app://medfig/index.html', isMainFrame: true }, true),
        permission,
      ).toBe(false);
  });

  it('the development server is the app only in an unpackaged build', () => {
    const dev = { permission: clip, origin: 'http://localhost:5173', url: 'http://localhost:5173/', isMainFrame: true };
    expect(permissionAllowed(dev, false)).toBe(true);
    expect(permissionAllowed(dev, true)).toBe(false);
    expect(permissionAllowed({ ...dev, url: 'http://localhost.evil:5173/' }, false)).toBe(false);
  });
});
