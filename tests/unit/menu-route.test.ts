// macOS menu routing (src/main/menu-route.ts): the page's focus, read by the script main runs in
// the page, decides whether a menu item is a text field's own editing, the app action or nothing —
// the same decision the renderer's key handler makes on Linux/Windows.
import { describe, expect, it } from 'vitest';
import { decideRoute, FOCUS_SCRIPT, routeMenuClick, type EditableContents, type Focus } from '../../src/main/menu-route';
import { inModal, isTextEntry } from '../../src/renderer/app/keys';

interface FakeEl {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
  inDialog?: boolean;
}
const el = (x: FakeEl) => ({
  isContentEditable: false,
  ...x,
  closest: (sel: string) => (sel === '[aria-modal="true"]' && x.inDialog ? {} : null),
});
const focusOf = (active: unknown): unknown => new Function('document', `return ${FOCUS_SCRIPT}`)({ activeElement: active });

describe('FOCUS_SCRIPT', () => {
  const cases: [FakeEl, Focus][] = [
    [{ tagName: 'INPUT', type: 'text' }, 'text'],
    [{ tagName: 'INPUT', type: '' }, 'text'],
    [{ tagName: 'INPUT', type: 'NUMBER' }, 'text'],
    [{ tagName: 'INPUT', type: 'search', inDialog: true }, 'text'],
    [{ tagName: 'TEXTAREA' }, 'text'],
    [{ tagName: 'DIV', isContentEditable: true }, 'text'],
    [{ tagName: 'INPUT', type: 'checkbox' }, 'page'],
    [{ tagName: 'INPUT', type: 'range' }, 'page'],
    [{ tagName: 'SELECT' }, 'page'],
    [{ tagName: 'BUTTON' }, 'page'],
    [{ tagName: 'BODY' }, 'page'],
    [{ tagName: 'BUTTON', inDialog: true }, 'modal'],
    [{ tagName: 'INPUT', type: 'checkbox', inDialog: true }, 'modal'],
  ];

  it('reads where the focus is, as the renderer key handler does (keys.ts)', () => {
    for (const [x, want] of cases) {
      const e = el(x);
      expect(focusOf(e), JSON.stringify(x)).toBe(want);
      // In step with the renderer's own tests of the same element.
      const renderer = isTextEntry(e as unknown as EventTarget) ? 'text' : inModal(e as unknown as EventTarget) ? 'modal' : 'page';
      expect(renderer, JSON.stringify(x)).toBe(want);
    }
    expect(focusOf(null)).toBe('page');
  });
});

describe('decideRoute', () => {
  it('editing items in a text field are its own editing, by key or by mouse', () => {
    for (const byKey of [true, false]) {
      expect(decideRoute('text', { command: 'copy', byKey })).toEqual({ kind: 'native', command: 'copy' });
      expect(decideRoute('text', { command: 'undo', byKey })).toEqual({ kind: 'native', command: 'undo' });
    }
  });

  it('a key leaves a text field or a dialog alone; elsewhere it runs the app action', () => {
    expect(decideRoute('text', { byKey: true })).toEqual({ kind: 'none' });
    expect(decideRoute('modal', { byKey: true })).toEqual({ kind: 'none' });
    expect(decideRoute('modal', { command: 'paste', byKey: true })).toEqual({ kind: 'none' });
    expect(decideRoute('page', { command: 'paste', byKey: true })).toEqual({ kind: 'app' });
    expect(decideRoute('page', { byKey: true })).toEqual({ kind: 'app' });
  });

  it('a mouse click on a menu item runs the app action unless it edits a focused text field', () => {
    expect(decideRoute('text', { byKey: false })).toEqual({ kind: 'app' });
    expect(decideRoute('modal', { byKey: false })).toEqual({ kind: 'app' });
    expect(decideRoute('modal', { command: 'copy', byKey: false })).toEqual({ kind: 'app' });
  });
});

describe('routeMenuClick', () => {
  const contents = (answer: () => Promise<unknown>, destroyed = false) => {
    const ran: string[] = [];
    const wc: EditableContents = {
      executeJavaScript: answer,
      isDestroyed: () => destroyed,
      copy: () => ran.push('copy'),
      cut: () => ran.push('cut'),
      paste: () => ran.push('paste'),
      undo: () => ran.push('undo'),
      redo: () => ran.push('redo'),
      selectAll: () => ran.push('selectAll'),
    };
    return { wc, ran };
  };

  it('runs the native command in a text field and not the app action', async () => {
    const { wc, ran } = contents(async () => 'text');
    let app = 0;
    expect(await routeMenuClick(wc, { command: 'selectAll', byKey: true }, () => app++)).toEqual({ kind: 'native', command: 'selectAll' });
    expect(ran).toEqual(['selectAll']);
    expect(app).toBe(0);
  });

  it('runs the app action on the canvas; a page that cannot answer counts as the canvas', async () => {
    for (const answer of [async () => 'page', async () => Promise.reject(new Error('gone')), async () => 42]) {
      const { wc, ran } = contents(answer);
      let app = 0;
      await routeMenuClick(wc, { command: 'copy', byKey: true }, () => app++);
      expect(app).toBe(1);
      expect(ran).toEqual([]);
    }
    let app = 0;
    await routeMenuClick(null, { command: 'copy', byKey: true }, () => app++);
    await routeMenuClick(contents(async () => 'text', true).wc, { command: 'copy', byKey: true }, () => app++);
    expect(app).toBe(2);
  });
});

describe('project shortcuts from a text field', () => {
  it('Save, Export, Open and the palette run from a field; other keys stay the field’s', () => {
    for (const id of ['file.save', 'file.saveAs', 'file.export', 'file.open', 'file.openSeries', 'view.palette'])
      expect(decideRoute('text', { id, byKey: true })).toEqual({ kind: 'app' });
    expect(decideRoute('text', { id: 'edit.delete', byKey: true })).toEqual({ kind: 'none' });
    expect(decideRoute('text', { id: 'tool.arrow', byKey: true })).toEqual({ kind: 'none' });
    // Not in a dialog.
    expect(decideRoute('modal', { id: 'file.save', byKey: true })).toEqual({ kind: 'none' });
  });
});
