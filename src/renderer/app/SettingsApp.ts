// The app's one settings store, bound to the host API, and the hook the shell reads it with.
// The theme is applied here as soon as settings change, so every component sees it alike.
import { useSyncExternalStore } from 'react';
import type { Settings } from '../../shared/settings';
import { api } from '../api-client';
import { createSettingsStore } from './Settings';

export const appSettings = createSettingsStore(api, {
  // A settings file that cannot be written is not worth a dialog; the next change retries.
  onError: (e) => console.warn('settings:', e.message),
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
