// Electron's security checklist, applied to every window and session in one place so a
// test can read it back (tests/unit/electron-security.test.ts scans the built main).
import { CSP } from '../shared/csp';
import { app, session, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { externalLinkAllowed, permissionAllowed, requestAllowed } from './request-policy';

export { externalLinkAllowed, permissionAllowed, requestAllowed };

export { CSP };

export function secureWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function lockDownSession(): void {
  const ses = session.defaultSession;
  // Every permission denied but writing text to the clipboard from the app's own page (Copy
  // legend, Copy as CSV: navigator.clipboard.writeText asks for 'clipboard-sanitized-write').
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed({ permission, url: details?.requestingUrl, isMainFrame: details?.isMainFrame }, app.isPackaged)),
  );
  ses.setPermissionCheckHandler((_wc, permission, origin, details) =>
    permissionAllowed({ permission, origin, url: details?.requestingUrl, isMainFrame: details?.isMainFrame }, app.isPackaged),
  );
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // No remote content and no file:// at all: only the app's own protocol (app://medfig/).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !requestAllowed(details.url, app.isPackaged) }));
}

export function lockDownContents(wc: WebContents): void {
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    // A journal's guideline page opens in the user's browser; nothing else opens anywhere.
    if (externalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
