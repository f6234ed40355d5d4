// The native menu template, built without Electron: every action appears once in its menu,
// accelerators are shown but not registered (the renderer handles keys), and Open Recent lists
// the recents file's projects, each sending the renderer an action with the issued file id.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { ACTIONS, OPEN_RECENT_PREFIX } from '../../src/shared/actions';
import {
  applyActionStates,
  buildMenuTemplate,
  hasCommandModifier,
  MENUS,
  RECENTS_CHANGING_METHODS,
  recentActionId,
  type MenuClick,
} from '../../src/main/menu';
import { API_METHODS } from '../../src/shared/api';

const sub = (m: MenuItemConstructorOptions) => m.submenu as MenuItemConstructorOptions[];
const byLabel = (t: MenuItemConstructorOptions[], label: string) => t.find((m) => m.label === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('buildMenuTemplate', () => {
  const recents = [
    { id: 'f-1', name: 'Calcinosis case', path: '/home/u/Calcinosis case.medfig' },
    { id: 'f-2', name: 'R&D figures.medfig', path: '/home/u/R&D figures.medfig' },
  ];

  it('puts every listed action in its menu once, with accelerators shown but not registered', () => {
    const sent: string[] = [];
    const t = buildMenuTemplate(ACTIONS, recents, (id) => sent.push(id), { devTools: false });
    expect(t.map((m) => m.label)).toEqual([...MENUS]);
    const items = t.flatMap(sub);
    for (const a of ACTIONS) {
      if (a.id === 'edit.redoY' || a.id === 'file.recent') continue;
      const found = items.filter((i) => i.id === a.id);
      expect(found, a.id).toHaveLength(1);
      expect(sub(byLabel(t, a.menu))).toContain(found[0]);
      expect(found[0].accelerator).toBe(a.accelerator);
      expect(found[0].registerAccelerator).toBe(false);
    }
    click(items.find((i) => i.id === 'file.export')!);
    expect(sent).toEqual(['file.export']);
    // Quit in File; no developer tools in a packaged build.
    expect(sub(byLabel(t, 'File')).some((i) => i.role === 'quit')).toBe(true);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(
      buildMenuTemplate(ACTIONS, [], () => {}, { devTools: true })
        .flatMap(sub)
        .some((i) => i.role === 'toggleDevTools'),
    ).toBe(true);
  });

  it('Open Recent lists the recents, each sending the renderer its issued file id', () => {
    const sent: string[] = [];
    const t = buildMenuTemplate(ACTIONS, recents, (id) => sent.push(id), { devTools: false });
    const file = sub(byLabel(t, 'File'));
    const openRecent = file.find((i) => i.label === 'Open Recent')!;
    // Where "Open Recent Project…" was in the action list.
    expect(file.indexOf(openRecent)).toBe(ACTIONS.filter((a) => a.menu === 'File').findIndex((a) => a.id === 'file.recent'));
    const list = sub(openRecent);
    expect(list.map((i) => i.label)).toEqual(['Calcinosis case', 'R&&D figures', undefined, 'More…']);
    expect(list[0].toolTip).toBe('/home/u/Calcinosis case.medfig');
    click(list[1]);
    click(list[3]);
    expect(sent).toEqual([`${OPEN_RECENT_PREFIX}f-2`, 'file.recent']);
    expect(recentActionId('f-2')).toBe(`${OPEN_RECENT_PREFIX}f-2`);
  });

  it('an empty recents list shows a disabled placeholder; the list is capped', () => {
    const empty = sub(
      sub(
        byLabel(
          buildMenuTemplate(ACTIONS, [], () => {}, { devTools: false }),
          'File',
        ),
      ).find((i) => i.label === 'Open Recent')!,
    );
    expect(empty).toEqual([{ label: 'No recent projects', enabled: false }]);
    const many = Array.from({ length: 15 }, (_, i) => ({ id: `f${i}`, name: `P${i}`, path: `/p/P${i}.medfig` }));
    const capped = sub(
      sub(
        byLabel(
          buildMenuTemplate(ACTIONS, many, () => {}, { devTools: false, maxRecents: 10 }),
          'File',
        ),
      ).find((i) => i.label === 'Open Recent')!,
    );
    expect(capped.filter((i) => i.click && i.label !== 'More…')).toHaveLength(10);
  });

  it('rebuilds after the API methods that touch the recents file, all of which exist', () => {
    for (const m of RECENTS_CHANGING_METHODS) expect(API_METHODS).toContain(m);
    expect(RECENTS_CHANGING_METHODS.has('openProject')).toBe(true);
    expect(RECENTS_CHANGING_METHODS.has('saveProject')).toBe(true);
  });
});

describe('buildMenuTemplate on macOS', () => {
  // macOS ignores registerAccelerator:false (the menu takes every shown key before the page).
  const build = (platform: NodeJS.Platform, route?: (c: MenuClick, app: () => void) => void, sent: string[] = []) =>
    buildMenuTemplate(ACTIONS, [], (id) => sent.push(id), { devTools: false, platform, route });
  const items = (t: MenuItemConstructorOptions[]) => t.filter((m) => Array.isArray(m.submenu)).flatMap(sub);
  const clickWith = (item: MenuItemConstructorOptions, triggeredByAccelerator: boolean) =>
    (item.click as unknown as (i: unknown, w: unknown, e: { triggeredByAccelerator: boolean }) => void)({}, undefined, {
      triggeredByAccelerator,
    });

  it('starts with the application menu, ends with Window and Help, and has no Quit in File', () => {
    const t = build('darwin');
    expect(t[0]).toEqual({ role: 'appMenu' });
    expect(t.slice(1, -2).map((m) => m.label)).toEqual(MENUS.slice(0, -1));
    expect(t.at(-2)).toEqual({ role: 'windowMenu' });
    expect(t.at(-1)!.label).toBe('Help');
    expect(sub(byLabel(t, 'File')).some((i) => i.role === 'quit')).toBe(false);
  });

  it('shows only Cmd accelerators (registered); keys without Cmd are left to the page', () => {
    const all = items(build('darwin'));
    const withoutCmd = [
      'tool.arrow',
      'tool.select',
      'tool.text',
      'tool.callout',
      'tool.arrange',
      'edit.delete',
      'arrange.forward',
      'arrange.front',
      'help.shortcuts',
    ];
    for (const id of withoutCmd) {
      const it = all.find((i) => i.id === id)!;
      expect(it, id).toBeDefined();
      expect(it.accelerator, id).toBeUndefined();
    }
    for (const id of ['edit.copy', 'edit.cut', 'edit.paste', 'edit.undo', 'edit.redo', 'edit.selectAll', 'file.save', 'view.fit']) {
      const it = all.find((i) => i.id === id)!;
      expect(it.accelerator, id).toBe(ACTIONS.find((a) => a.id === id)!.accelerator);
      expect(it.registerAccelerator, id).not.toBe(false);
    }
    // Every action still has its item.
    for (const a of ACTIONS)
      if (a.id !== 'edit.redoY' && a.id !== 'file.recent')
        expect(
          all.filter((i) => i.id === a.id),
          a.id,
        ).toHaveLength(1);
  });

  it('routes each item through opts.route with its editing command and how it was chosen', () => {
    const calls: MenuClick[] = [];
    const sent: string[] = [];
    const all = items(build('darwin', (c, app) => (calls.push(c), app()), sent));
    clickWith(
      all.find((i) => i.id === 'edit.paste')!,
      true,
    );
    clickWith(
      all.find((i) => i.id === 'edit.undo')!,
      false,
    );
    clickWith(
      all.find((i) => i.id === 'file.save')!,
      true,
    );
    expect(calls).toEqual([
      { id: 'edit.paste', command: 'paste', byKey: true },
      { id: 'edit.undo', command: 'undo', byKey: false },
      { id: 'file.save', command: undefined, byKey: true },
    ]);
    expect(sent).toEqual(['edit.paste', 'edit.undo', 'file.save']);
  });

  it('keeps the editing items enabled for text fields even when the figure has nothing to undo', () => {
    const state = { 'edit.undo': { enabled: false }, 'edit.copy': { enabled: false }, 'file.save': { enabled: false } };
    const mac = items(buildMenuTemplate(ACTIONS, [], () => {}, { devTools: false, platform: 'darwin', state }));
    expect(mac.find((i) => i.id === 'edit.undo')!.enabled).toBe(true);
    expect(mac.find((i) => i.id === 'edit.copy')!.enabled).toBe(true);
    expect(mac.find((i) => i.id === 'file.save')!.enabled).toBe(false);
    const menu = new Map([
      ['edit.undo', { enabled: true, checked: false }],
      ['file.save', { enabled: true, checked: false }],
    ]);
    const like = { getMenuItemById: (id: string) => menu.get(id) ?? null };
    applyActionStates(like, state, 'darwin');
    expect(menu.get('edit.undo')!.enabled).toBe(true);
    expect(menu.get('file.save')!.enabled).toBe(false);
    applyActionStates(like, state, 'linux');
    expect(menu.get('edit.undo')!.enabled).toBe(false);
  });

  it('Linux and Windows keep every accelerator shown but unregistered, clicks going straight to the app', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const routed: MenuClick[] = [];
      const sent: string[] = [];
      const t = build(platform, (c) => routed.push(c), sent);
      expect(t.map((m) => m.label)).toEqual([...MENUS]);
      // The very template built without a platform (as before), click handlers aside.
      const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
      expect(plain(t)).toEqual(plain(buildMenuTemplate(ACTIONS, [], () => {}, { devTools: false })));
      const all = items(t);
      for (const a of ACTIONS.filter((x) => x.accelerator && x.id !== 'edit.redoY')) {
        const it = all.find((i) => i.id === a.id)!;
        expect(it.accelerator, a.id).toBe(a.accelerator);
        expect(it.registerAccelerator, a.id).toBe(false);
      }
      clickWith(
        all.find((i) => i.id === 'edit.copy')!,
        true,
      );
      expect(routed).toEqual([]);
      expect(sent).toEqual(['edit.copy']);
      expect(sub(byLabel(t, 'File')).some((i) => i.role === 'quit')).toBe(true);
    }
  });

  it('tells Cmd/Ctrl accelerators from plain keys', () => {
    expect(hasCommandModifier('CmdOrCtrl+Shift+Z')).toBe(true);
    expect(hasCommandModifier('Ctrl+A')).toBe(true);
    expect(hasCommandModifier('Command+=')).toBe(true);
    expect(hasCommandModifier('Shift+M')).toBe(false);
    expect(hasCommandModifier('A')).toBe(false);
    expect(hasCommandModifier('Delete')).toBe(false);
    expect(hasCommandModifier('Shift+PageUp')).toBe(false);
    expect(hasCommandModifier('Alt+Plus')).toBe(false);
  });
});
