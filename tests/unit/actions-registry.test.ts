// The action registry drives menus, palette, keys and toolbar: every listed action has a
// behaviour (no silent no-op), disabled actions do nothing, and the menu greys them out.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { ACTIONS, parseActionStates } from '../../src/shared/actions';
import { applyActionStates, buildMenuTemplate } from '../../src/main/menu';
import { createActions, run, stateOf, type ActionContext, type ActionHost } from '../../src/renderer/actions/registry';
import { updatePanel } from '../../src/renderer/editor/commands';
import { setup } from './tools-helpers';

function context(panels = 1) {
  const s = setup(panels);
  const called: string[] = [];
  const host: ActionHost = {
    openImages: () => called.push('openImages'),
    openSeries: () => called.push('openSeries'),
    exportFigure: () => called.push('export'),
    exportTeaching: () => called.push('teaching'),
    openPacs: () => called.push('pacs'),
    showPalette: () => called.push('palette'),
    showShortcuts: () => called.push('shortcuts'),
    toggleTheme: () => called.push('theme'),
    documents: Object.fromEntries(
      [
        'file.newProject',
        'file.openProject',
        'file.recent',
        'file.save',
        'file.saveAs',
        'file.collect',
        'figure.new',
        'figure.rename',
        'figure.delete',
      ].map((id) => [id, () => void called.push(id)]),
    ),
    openRecent: (id) => called.push(`recent:${id}`),
    canvas: () => null,
    hoverPanelId: () => null,
    newId: () => 'n1',
    isDirty: () => false,
  };
  const ctx: ActionContext = { store: s.store, host };
  return { ...s, ctx, called, actions: createActions() };
}

describe('action registry', () => {
  it('defines every listed action; an unknown one is an error, not a no-op', () => {
    const actions = createActions();
    expect(actions.map((a) => a.id)).toEqual(ACTIONS.map((a) => a.id));
    expect(() => createActions([{ id: 'file.bogus', label: 'Bogus', menu: 'File' }])).toThrow(/no behaviour/);
  });

  it('undo is disabled with nothing to undo, and enabled after an edit', () => {
    const { ctx, actions, store, figureId } = context();
    const undo = actions.find((a) => a.id === 'edit.undo')!;
    expect(stateOf(actions, ctx)['edit.undo'].enabled).toBe(false);
    expect(run(undo, ctx)).toBe(false);
    store.dispatch(updatePanel(figureId, 'p0', { rotation: 90 }));
    expect(stateOf(actions, ctx)['edit.undo'].enabled).toBe(true);
    expect(run(undo, ctx)).toBe(true);
    expect(store.figure().panels[0].rotation).toBe(0);
  });

  it('flip acts on the selected panel and is checked while flipped; tools are checked while current', () => {
    const { ctx, actions, store } = context(2);
    store.selectPanel('p1');
    run(
      actions.find((a) => a.id === 'image.flipH')!,
      ctx,
    );
    expect(store.figure().panels.map((p) => p.flipH)).toEqual([false, true]);
    const st = stateOf(actions, ctx);
    expect(st['image.flipH']).toEqual({ enabled: true, checked: true });
    expect(st['tool.select'].checked).toBe(true);
    run(
      actions.find((a) => a.id === 'tool.arrow')!,
      ctx,
    );
    expect(stateOf(actions, ctx)['tool.arrow'].checked).toBe(true);
  });

  it('the menu is built and updated with the renderer state (disabled items greyed out)', () => {
    const { ctx, actions } = context();
    const state = parseActionStates(JSON.parse(JSON.stringify(stateOf(actions, ctx))));
    const t = buildMenuTemplate(ACTIONS, [], () => {}, { devTools: false, state });
    const items = t.flatMap((m) => m.submenu as MenuItemConstructorOptions[]);
    expect(items.find((i) => i.id === 'edit.undo')!.enabled).toBe(false);
    expect(items.find((i) => i.id === 'file.open')!.enabled).toBe(true);
    expect(items.find((i) => i.id === 'view.toggleLabels')).toMatchObject({ type: 'checkbox', checked: true });
    // Applied in place to a built menu.
    const live = new Map(items.filter((i) => i.id).map((i) => [i.id!, { enabled: true, checked: false }]));
    applyActionStates(
      { getMenuItemById: (id) => live.get(id) ?? null },
      { 'edit.undo': { enabled: false }, 'image.flipH': { enabled: true, checked: true } },
    );
    expect(live.get('edit.undo')!.enabled).toBe(false);
    expect(live.get('image.flipH')!.checked).toBe(true);
    // Malformed reports are dropped.
    expect(parseActionStates({ 'edit.undo': { enabled: 'yes' }, nope: { enabled: true }, 'file.open': { enabled: false } })).toEqual({
      'file.open': { enabled: false },
    });
  });
});
