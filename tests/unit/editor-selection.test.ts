// The one selection model and the no-op rule, on a real store: selecting a panel makes it the
// inspector's subject even with an annotation selected elsewhere; an annotation selection names
// its panel; a command that changes nothing records no undo step and keeps every identity.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, type Annotation } from '../../src/shared/figure/schema';
import { addAnnotation, updatePanel } from '../../src/renderer/editor/commands';
import { keepUnchanged } from '../../src/renderer/editor/same';
import { setup } from './tools-helpers';

const arrow = (id: string): Annotation =>
  ({
    id,
    type: 'arrow',
    layer: 'labels',
    style: { ...DEFAULT_STYLE },
    points: [
      [0, 0],
      [10, 10],
    ],
    head: 'filled',
    tail: 'none',
  }) as Annotation;

describe('selection model', () => {
  it('a document edit that leaves the selection as it was keeps the UI state object (the views do not render for it)', () => {
    const { store, figureId } = setup(2);
    store.dispatch(addAnnotation(figureId, 'p1', arrow('a1')));
    store.setUi({ selection: new Set(['a1']) });
    const ui = store.get().ui;
    store.dispatch(addAnnotation(figureId, 'p1', arrow('a2')));
    expect(store.get().ui).toBe(ui);
    store.setUi({ tool: ui.tool });
    expect(store.get().ui).toBe(ui);
    // A change that does touch it still gives a new one.
    store.setUi({ tool: 'arrow' });
    expect(store.get().ui).not.toBe(ui);
    expect(store.get().ui.tool).toBe('arrow');
  });

  it('a panel click wins over an annotation selected in another panel, and drops it', () => {
    const { store, figureId } = setup(3);
    store.dispatch(addAnnotation(figureId, 'p1', arrow('a1')));
    store.setUi({ selection: new Set(['a1']) });
    // Selecting an annotation makes its panel the selected one.
    expect(store.get().ui.panelId).toBe('p1');
    store.selectPanel('p2');
    expect(store.get().ui.panelId).toBe('p2');
    expect(store.selectedPanel()?.id).toBe('p2');
    expect(store.get().ui.selection.size).toBe(0);
  });

  it('keeps annotations of the panel that is selected again', () => {
    const { store, figureId } = setup(2);
    store.dispatch(addAnnotation(figureId, 'p1', arrow('a1')));
    store.setUi({ selection: new Set(['a1']) });
    store.selectPanel('p1');
    expect([...store.get().ui.selection]).toEqual(['a1']);
  });

  it('an undo that removes the selected panel moves the selection to a panel that exists', () => {
    const { store, figureId } = setup(1);
    store.dispatch((p) => ({
      ...p,
      figures: p.figures.map((f) => (f.id === figureId ? { ...f, panels: [...f.panels, { ...f.panels[0], id: 'pNew' }] } : f)),
    }));
    store.selectPanel('pNew');
    expect(store.get().ui.panelId).toBe('pNew');
    store.undo();
    expect(store.get().ui.panelId).toBe('p0');
  });
});

describe('no-op commands are never recorded', () => {
  it('setting a value to what it is records no undo step and keeps the document', () => {
    const { store, figureId } = setup(2);
    const before = store.project();
    const panel = store.figure().panels[0];
    store.dispatch(updatePanel(figureId, 'p0', { rotation: panel.rotation, display: { ...panel.display } }));
    expect(store.project()).toBe(before);
    expect(store.get().history.past).toHaveLength(0);
  });

  it('a real edit keeps the identity of every untouched panel', () => {
    const { store, figureId } = setup(2);
    const [p0, p1] = store.figure().panels;
    store.dispatch(updatePanel(figureId, 'p0', { rotation: 90 }));
    expect(store.get().history.past).toHaveLength(1);
    expect(store.figure().panels[0]).not.toBe(p0);
    expect(store.figure().panels[1]).toBe(p1);
    // …and of the untouched parts of the edited one.
    expect(store.figure().panels[0].display).toBe(p0.display);
  });

  it('keepUnchanged: equal plain data collapses to the old object; a change keeps the rest', () => {
    const a = { x: [1, 2, { y: 3 }], z: { w: 'k' } };
    expect(keepUnchanged(a, structuredClone(a))).toBe(a);
    const b = keepUnchanged(a, { ...structuredClone(a), z: { w: 'other' } });
    expect(b).not.toBe(a);
    expect(b.x).toBe(a.x);
    expect(keepUnchanged([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
    const extra = { a: 1, b: 2 };
    expect(keepUnchanged<Record<string, number>>({ a: 1 }, extra)).toEqual(extra);
  });
});

describe('replacing a calibration from the file', () => {
  it('asks, naming both values, only when the current calibration came from the file', async () => {
    const { replaceQuestion } = await import('../../src/renderer/app/calibration-state');
    const xray = { source: 'ImagerPixelSpacing' as const, mmPerPxX: 0.1, mmPerPxY: 0.1, note: 'detector plane' };
    const profile = { source: 'profile' as const, mmPerPxX: 0.0001625, mmPerPxY: 0.0001625, note: '40x' };
    const q = replaceQuestion('panel B', xray, profile)!;
    expect(q.message).toContain('Panel B is calibrated by its file: 0.1 mm/px from DICOM Imager Pixel Spacing');
    expect(q.message).toContain('0.1625 µm/px from microscope profile');
    expect(q.cancelId).toBe('keep');
    expect(replaceQuestion('panel B', profile, { ...profile, mmPerPxX: 0.0003, mmPerPxY: 0.0003 })).toBeNull();
    expect(replaceQuestion('panel B', null, profile)).toBeNull();
    expect(replaceQuestion('panel B', xray, { ...xray })).toBeNull();
  });
});
