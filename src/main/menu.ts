// The native menu as plain data: built from the shared action list and the recent projects,
// with no Electron import, so it is unit-tested without Electron (tests/unit/menu.test.ts).
// index.ts hands the template to Menu.buildFromTemplate.
import type { MenuItemConstructorOptions } from 'electron';
import { OPEN_RECENT_PREFIX, type ActionMeta, type ActionStates } from '../shared/actions';

export const MENUS = ['File', 'Edit', 'View', 'Image', 'Annotate', 'Figure', 'Help'] as const;

/** A recent project as the menu shows it: `id` is a file id the main process issued. */
export interface MenuRecent {
  id: string;
  name: string;
  path: string;
}

export interface MenuOptions {
  /** Development builds get Toggle Developer Tools. */
  devTools: boolean;
  /** Items shown in Open Recent (the recents file keeps 10). */
  maxRecents?: number;
  /** Enabled/checked of each action as the renderer last reported it (absent: enabled). */
  state?: ActionStates;
}

/** API methods after which the recents file may have changed: the menu is rebuilt. */
export const RECENTS_CHANGING_METHODS: ReadonlySet<string> = new Set(['openProject', 'saveProject']);

/** Action id that opens a recent project in the renderer (the renderer parses it back). */
export const recentActionId = (fileId: string): string => `${OPEN_RECENT_PREFIX}${fileId}`;

// Menu labels treat '&' as a mnemonic marker on Windows/Linux: a file called "A&B" must show as is.
const menuText = (s: string) => s.replace(/&/g, '&&');

export function buildMenuTemplate(
  actions: readonly ActionMeta[],
  recents: readonly MenuRecent[],
  send: (actionId: string) => void,
  opts: MenuOptions,
): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recents.slice(0, opts.maxRecents ?? 10).map((r) => ({
    label: menuText(r.name.replace(/\.medfig$/i, '')),
    // The path as a tooltip where the platform shows one (macOS); the name alone can be ambiguous.
    toolTip: r.path,
    click: () => send(recentActionId(r.id)),
  }));
  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    id: 'file.openRecentMenu',
    submenu: recentItems.length
      ? [...recentItems, { type: 'separator' }, { label: 'More…', click: () => send('file.recent') }]
      : [{ label: 'No recent projects', enabled: false }],
  };
  return MENUS.map((m) => {
    const items: MenuItemConstructorOptions[] = [];
    for (const a of actions) {
      if (a.menu !== m || a.id === 'edit.redoY') continue;
      // The list dialog ("Open Recent Project…") is reached from the submenu's "More…".
      if (a.id === 'file.recent') {
        items.push(openRecent);
        continue;
      }
      const st = opts.state?.[a.id];
      items.push({
        label: a.label,
        id: a.id,
        enabled: st?.enabled ?? true,
        ...(a.checkable ? { type: 'checkbox' as const, checked: st?.checked ?? false } : {}),
        // Shown in the menu but handled by the renderer's key handler, which leaves text fields
        // alone: a registered Ctrl+C/V/Z/A would steal copy, paste and undo from every input.
        accelerator: a.accelerator,
        registerAccelerator: false,
        click: () => send(a.id),
      });
    }
    if (m === 'File') items.push({ type: 'separator' }, { role: 'quit' });
    if (m === 'View' && opts.devTools) items.push({ role: 'toggleDevTools' });
    return { label: m, submenu: items };
  });
}

/** The part of Electron's Menu this module needs: items found by id. */
export interface MenuLike {
  getMenuItemById(id: string): { enabled: boolean; checked: boolean } | null;
}

/**
 * Applies the renderer's enabled/checked report to a built menu in place (no rebuild, so an
 * open menu is not torn down while the user edits).
 */
export function applyActionStates(menu: MenuLike | null, state: ActionStates): void {
  if (!menu) return;
  for (const [id, st] of Object.entries(state)) {
    const item = menu.getMenuItemById(id);
    if (!item) continue;
    item.enabled = st.enabled;
    if (st.checked !== undefined) item.checked = st.checked;
  }
}
