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
  /** process.platform; macOS gets its own menu (see below). Default: the Linux/Windows menu. */
  platform?: NodeJS.Platform;
  /**
   * macOS only: runs an item as the page would run its key (src/main/menu-route.ts decides from
   * where the focus is: a text field's own editing, the app action, or nothing). Absent: the app
   * action always.
   */
  route?: (click: MenuClick, appAction: () => void) => void;
  /** Items shown in Open Recent (the recents file keeps 10). */
  maxRecents?: number;
  /** Enabled/checked of each action as the renderer last reported it (absent: enabled). */
  state?: ActionStates;
}

/** API methods after which the recents file may have changed: the menu is rebuilt. */
export const RECENTS_CHANGING_METHODS: ReadonlySet<string> = new Set(['openProject', 'saveProject']);

/** Action id that opens a recent project in the renderer (the renderer parses it back). */
export const recentActionId = (fileId: string): string => `${OPEN_RECENT_PREFIX}${fileId}`;

/** The native editing command a text field runs for each of these app actions' keys. */
export type TextEditCommand = 'copy' | 'cut' | 'paste' | 'undo' | 'redo' | 'selectAll';
export const TEXT_EDIT_ACTIONS: Readonly<Record<string, TextEditCommand>> = {
  'edit.copy': 'copy',
  'edit.cut': 'cut',
  'edit.paste': 'paste',
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.selectAll': 'selectAll',
};

/** A macOS menu item chosen: its text-editing command (if any) and whether a key chose it. */
export interface MenuClick {
  /** The app action the item runs. */
  id?: string;
  command?: TextEditCommand;
  byKey: boolean;
}

/** True when an accelerator holds Cmd/Ctrl (CmdOrCtrl, Cmd, Ctrl, Command, Control, Super, Meta). */
export function hasCommandModifier(accelerator: string): boolean {
  const mods = accelerator.split('+').slice(0, -1);
  return mods.some((m) => /^(cmdorctrl|commandorcontrol|cmd|command|ctrl|control|super|meta)$/i.test(m));
}

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
  // macOS ignores registerAccelerator:false: every shown accelerator is a key equivalent the menu
  // takes before the page sees the key. So there a key without Cmd (a tool letter, Shift+M,
  // Delete, PageUp, F1) is not put on the menu at all (the renderer's key handler runs it and
  // leaves text fields alone), and the Cmd keys the menu does take are routed as the renderer
  // would (opts.route): Copy/Cut/Paste/Undo/Redo/Select All in a text field are its own editing.
  const mac = opts.platform === 'darwin';
  const menus: MenuItemConstructorOptions[] = MENUS.map((m) => {
    const items: MenuItemConstructorOptions[] = [];
    for (const a of actions) {
      if (a.menu !== m || a.id === 'edit.redoY') continue;
      // The list dialog ("Open Recent Project…") is reached from the submenu's "More…".
      if (a.id === 'file.recent') {
        items.push(openRecent);
        continue;
      }
      const st = opts.state?.[a.id];
      const base: MenuItemConstructorOptions = {
        label: a.label,
        id: a.id,
        enabled: st?.enabled ?? true,
        ...(a.checkable ? { type: 'checkbox' as const, checked: st?.checked ?? false } : {}),
      };
      if (!mac) {
        items.push({
          ...base,
          // Shown in the menu but handled by the renderer's key handler, which leaves text fields
          // alone: a registered Ctrl+C/V/Z/A would steal copy, paste and undo from every input.
          accelerator: a.accelerator,
          registerAccelerator: false,
          click: () => send(a.id),
        });
        continue;
      }
      const command = TEXT_EDIT_ACTIONS[a.id];
      const route = opts.route;
      items.push({
        ...base,
        // A text field may need it when the app's own action cannot run (nothing to undo in the
        // figure): kept enabled; the renderer ignores a disabled action.
        ...(command ? { enabled: true } : {}),
        ...(a.accelerator && hasCommandModifier(a.accelerator) ? { accelerator: a.accelerator } : {}),
        click: route
          ? (_item, _win, ev) => route({ id: a.id, command, byKey: !!ev?.triggeredByAccelerator }, () => send(a.id))
          : () => send(a.id),
      });
    }
    // macOS has Quit in the application menu.
    if (m === 'File' && !mac) items.push({ type: 'separator' }, { role: 'quit' });
    if (m === 'View' && opts.devTools) items.push({ role: 'toggleDevTools' });
    return { label: m, submenu: items };
  });
  if (!mac) return menus;
  // The first menu is the application's (About, Hide, Quit); without it File would take its place.
  // The Window menu gives Cmd+W, Cmd+M and the window list, as every Mac app has.
  return [{ role: 'appMenu' }, ...menus.slice(0, -1), { role: 'windowMenu' }, menus[menus.length - 1]];
}

/** The part of Electron's Menu this module needs: items found by id. */
export interface MenuLike {
  getMenuItemById(id: string): { enabled: boolean; checked: boolean } | null;
}

/**
 * Applies the renderer's enabled/checked report to a built menu in place (no rebuild, so an
 * open menu is not torn down while the user edits).
 */
export function applyActionStates(menu: MenuLike | null, state: ActionStates, platform?: NodeJS.Platform): void {
  if (!menu) return;
  for (const [id, st] of Object.entries(state)) {
    const item = menu.getMenuItemById(id);
    if (!item) continue;
    // macOS: the text-editing items stay enabled for text fields (see buildMenuTemplate).
    if (!(platform === 'darwin' && TEXT_EDIT_ACTIONS[id])) item.enabled = st.enabled;
    if (st.checked !== undefined) item.checked = st.checked;
  }
}
