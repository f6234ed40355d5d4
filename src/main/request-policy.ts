// What the Electron renderer may load and open, as plain functions (no electron import) so the
// session's handlers (security.ts) and the browser stand-in test share the very same rules.
import { EXTERNAL_LINKS } from '../shared/figure/journals';
import { APP_ORIGIN } from './app-protocol';

/**
 * What the renderer may load: its own app:// origin (and blobs it made), inline data, the
 * devtools, and in development the electron-vite server. Never file://, never the network.
 */
export function requestAllowed(url: string, packaged: boolean): boolean {
  return (
    url.startsWith(`${APP_ORIGIN}/`) ||
    url.startsWith(`blob:${APP_ORIGIN}/`) ||
    url.startsWith('data:') ||
    url.startsWith('devtools://') ||
    (!packaged && url.startsWith('http://localhost:'))
  );
}

/** Links opened in the user's browser: only the guideline pages listed with the journals (Export → journal). */
export function externalLinkAllowed(url: string): boolean {
  return EXTERNAL_LINKS.includes(url);
}

/** The one permission the app's page is given: writing text to the clipboard (Copy legend, Copy as CSV). */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The app's own page: app://medfig (and, in development, the electron-vite server). */
function ownPage(location: string, packaged: boolean): boolean {
  return location === APP_ORIGIN || location.startsWith(`${APP_ORIGIN}/`) || (!packaged && /^http:\/\/localhost:\d+(\/|$)/.test(location));
}

/**
 * Whether a permission request or check is granted: only GRANTED_PERMISSIONS, only for the app's
 * own top frame. `origin` (a check's requesting origin) and `url` (the requesting frame's URL)
 * must each be the app's own where given; with neither given, nothing is granted.
 */
export function permissionAllowed(
  req: { permission: string; origin?: string; url?: string; isMainFrame: boolean },
  packaged: boolean,
): boolean {
  if (!GRANTED_PERMISSIONS.has(req.permission) || req.isMainFrame !== true) return false;
  const where = [req.origin, req.url].filter((x): x is string => typeof x === 'string' && x !== '');
  return where.length > 0 && where.every((x) => ownPage(x, packaged));
}
