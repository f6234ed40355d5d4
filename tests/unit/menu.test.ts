// The native menu template, built without Electron: every action appears once in its menu,
// accelerators are shown but not registered (the renderer handles keys), and Open Recent lists
// the recents file's projects, each sending the renderer an action with the issued file id.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { ACTIONS, OPEN_RECENT_PREFIX } from '../../src/shared/actions';
import { buildMenuTemplate, MENUS, RECENTS_CHANGING_METHODS, recentActionId } from '../../src/main/menu';
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
