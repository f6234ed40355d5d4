// macOS menu items take their Cmd keys before the page sees them (menu.ts). This routes each
// one as the renderer's own key handler would have handled the key (src/renderer/app/keys.ts,
// App.tsx): in a text field Copy/Cut/Paste/Undo/Redo/Select All are the field's own editing
// and other shortcuts leave it alone; inside a modal dialog shortcuts do nothing; elsewhere the
// app action runs. A click with the mouse runs the app action, except the editing items in a
// text field (Edit ▸ Copy copies the selected text, as in every Mac app). Plain (no electron
// import): unit-tested in tests/unit/menu-route.test.ts.
import { FIELD_SAFE_ACTIONS } from '../shared/actions';
import type { MenuClick, TextEditCommand } from './menu';

/** Where the keyboard focus is in the page. */
export type Focus = 'text' | 'modal' | 'page';

/**
 * Evaluated in the page (webContents.executeJavaScript): the Focus of document.activeElement.
 * The same test as isTextEntry and inModal in src/renderer/app/keys.ts (text-like inputs,
 * textarea, contenteditable; inside [aria-modal="true"]), kept in step by the unit test.
 */
export const FOCUS_SCRIPT = `(() => {
  const t = document.activeElement;
  if (!t || typeof t.tagName !== 'string') return 'page';
  const types = ['text', 'number', 'search', 'email', 'url', 'password', 'tel', 'date', 'time', 'datetime-local', 'month', 'week'];
  if (t.isContentEditable || t.tagName === 'TEXTAREA') return 'text';
  if (t.tagName === 'INPUT' && types.includes(String(t.type || 'text').toLowerCase())) return 'text';
  if (typeof t.closest === 'function' && t.closest('[aria-modal="true"]')) return 'modal';
  return 'page';
})()`;

export type Route = { kind: 'native'; command: TextEditCommand } | { kind: 'app' } | { kind: 'none' };

export function decideRoute(focus: Focus, click: MenuClick): Route {
  if (focus === 'text' && click.command) return { kind: 'native', command: click.command };
  if (!click.byKey) return { kind: 'app' };
  // Save, Export… work from a field too (FIELD_SAFE_ACTIONS), as in the renderer's key handler.
  if (focus === 'text' && click.id && FIELD_SAFE_ACTIONS.has(click.id)) return { kind: 'app' };
  // The renderer's key handler ignores shortcuts typed into a field or a dialog.
  return focus === 'page' ? { kind: 'app' } : { kind: 'none' };
}

/** The part of a WebContents this needs. */
export interface EditableContents extends Record<TextEditCommand, () => void> {
  executeJavaScript(code: string): Promise<unknown>;
  isDestroyed(): boolean;
}

const FOCUSES: readonly string[] = ['text', 'modal', 'page'];

/** Asks the page where the focus is and runs the item accordingly. */
export async function routeMenuClick(wc: EditableContents | null | undefined, click: MenuClick, appAction: () => void): Promise<Route> {
  let focus: Focus = 'page';
  if (wc && !wc.isDestroyed()) {
    // A page that cannot answer (loading, crashed) has no focused field: the app action runs.
    const f = await wc.executeJavaScript(FOCUS_SCRIPT).catch(() => 'page');
    focus = typeof f === 'string' && FOCUSES.includes(f) ? (f as Focus) : 'page';
  }
  const route = decideRoute(focus, click);
  if (route.kind === 'native' && wc && !wc.isDestroyed()) wc[route.command]();
  else if (route.kind === 'app') appAction();
  return route;
}
