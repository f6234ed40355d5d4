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
