// The app's one settings store, bound to the host API, and the hook the shell reads it with.
// The theme is applied here as soon as settings change, so every component sees it alike.
import { useSyncExternalStore } from 'react';
import type { Settings } from '../../shared/settings';
import { api, reportFailure } from '../api-client';
import { createSettingsStore } from './Settings';

let lastProblem = '';
export const appSettings = createSettingsStore(api, {
  // Said once (a toast, not a dialog); the next change retries, and the same failure is not repeated.
  onError: (e) => {
    if (e.message === lastProblem) return;
    lastProblem = e.message;
    reportFailure(new Error(`Your settings could not be saved or read: ${e.message}`));
  },
});

/** Light/dark: styles.css swaps its colour variables on [data-theme=light]. */
export function applyTheme(theme: Settings['theme']): void {
  document.documentElement.dataset.theme = theme;
}

appSettings.subscribe(() => applyTheme(appSettings.get().theme));
// A change made just before the window closes still reaches the file.
window.addEventListener('pagehide', () => void appSettings.flush());

export function useSettings(): Settings {
  return useSyncExternalStore(appSettings.subscribe, appSettings.get);
}
