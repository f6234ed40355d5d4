import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, Project } from '../../src/shared/figure/schema';
import { layoutFigure } from '../../src/shared/figure/layout';
import { layoutBoxes, placePanels, reflowToGrid, setInsetFloat } from '../../src/renderer/editor/layout-commands';
import { checkReferences } from '../../src/shared/figure/migrations';
import { createEditorStore, selectedPanelIds } from '../../src/renderer/editor/store';
import { cropForBox } from '../../src/renderer/tools/arrange';
import { createActions, run, stateOf, type ActionHost } from '../../src/renderer/actions/registry';
import { panelTransform } from '../../src/shared/geometry/transform';

const sha = 'a'.repeat(64);
const project = Project.parse({
  formatVersion: FORMAT_VERSION,
  app: 'medfig',
  sources: [{ id: 's', path: 'a.png', sha256: sha, size: 1, kind: 'raster' }],
  figures: [
    {
      id: 'f',
      name: 'F',
      page: { widthMm: 100, gutterMm: 2 },
      rows: [2, 2],
      panels: ['a', 'b', 'c', 'd'].map((id) => ({ id, sourceId: 's' })),
    },
  ],
});
const fig = () => project.figures[0];
const squares = [1, 1, 1, 1];

describe('free layout commands', () => {
  it('the first move fixes every panel where the grid had it and switches to free layout', () => {
    const current = layoutBoxes(fig(), layoutFigure(fig(), squares));
    const moved = { xMm: 10, yMm: 120, wMm: 30, hMm: 30 };
    const next = placePanels('f', current, new Map([['b', moved]]))(project);
    const f = next.figures[0];
    expect(f.layoutMode).toBe('free');
    expect(f.panels[1].place).toEqual(moved);
    expect(f.panels[0].place).toEqual(current.get('a'));
    expect(f.panels[3].place).toEqual(current.get('d'));
    // Still a valid document (rows add up, as saving checks).
    expect(checkReferences(next)).toBeNull();
    expect(Project.parse(JSON.parse(JSON.stringify(next)))).toEqual(next);
  });

  it('an unchanged place is no change (no empty undo step)', () => {
    const current = layoutBoxes(fig(), layoutFigure(fig(), squares));
    const once = placePanels('f', current, new Map([['b', current.get('b')!]]))(project);
    expect(placePanels('f', current, new Map([['b', current.get('b')!]]))(once)).toBe(once);
  });

  it('re-flow reads the free arrangement into rows, in reading order', () => {
    // 1 + 3: d on top, full width; then c, a, b left to right.
    const current = new Map([
      ['a', { xMm: 34, yMm: 52, wMm: 32, hMm: 32 }],
      ['b', { xMm: 68, yMm: 52, wMm: 32, hMm: 32 }],
      ['c', { xMm: 0, yMm: 52, wMm: 32, hMm: 32 }],
      ['d', { xMm: 0, yMm: 0, wMm: 100, hMm: 50 }],
    ]);
    const free = placePanels('f', current, current)(project);
    const back = reflowToGrid('f', current)(free).figures[0];
    expect(back.layoutMode).toBe('grid');
    expect(back.rows).toEqual([1, 3]);
    expect(back.panels.map((p) => p.id)).toEqual(['d', 'c', 'a', 'b']);
    expect(back.panels.every((p) => p.place === null)).toBe(true);
  });

  it('a floating inset stays right after its parent through a re-flow, and keeps its row slot', () => {
    let p = setInsetFloat('f', 'b', { corner: 'top-left', zoom: 2, marginMm: 1 })({
      ...project,
      figures: [{ ...fig(), panels: fig().panels.map((x) => (x.id === 'b' ? { ...x, insetOf: 'a' } : x)) }],
    });
    const l = layoutFigure(p.figures[0], squares);
    const current = layoutBoxes(p.figures[0], l);
    expect(current.has('b')).toBe(false);
    p = placePanels('f', current, new Map([['a', { xMm: 0, yMm: 200, wMm: 40, hMm: 40 }]]))(p); // below c and d
    const back = reflowToGrid('f', layoutBoxes(p.figures[0], layoutFigure(p.figures[0], squares)))(p).figures[0];
    expect(back.panels.map((x) => x.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(back.rows.reduce((s, n) => s + n, 0)).toBe(4);
  });
});

describe('the panel set', () => {
  it('counts while it holds the selected panel, else the selected panel alone', () => {
    const store = createEditorStore(project);
    store.setUi({ panelId: 'b', panelSet: new Set(['a', 'b']) });
    expect(selectedPanelIds(store)).toEqual(['a', 'b']);
    store.selectPanel('c');
    expect(selectedPanelIds(store)).toEqual(['c']);
  });
});

describe('a resize that changes the crop (Alt)', () => {
  it('keeps the scale: a wider box shows more of the image to the right, clamped to the image', () => {
    const t = panelTransform({ crop: { x: 100, y: 0, w: 200, h: 100 }, rotation: 0, flipH: false, flipV: false }, 400, 100);
    const from = { xMm: 0, yMm: 0, wMm: 20, hMm: 10 }; // 0.1 mm per px
    const r = cropForBox(t, { width: 400, height: 100 }, from, { xMm: 0, yMm: 0, wMm: 40, hMm: 10 })!;
    expect(r.crop).toEqual({ x: 100, y: 0, w: 300, h: 100 }); // 400 px wanted, 300 left in the image
    expect(r.box.wMm).toBeCloseTo(30, 9);
  });
  it('follows a quarter turn', () => {
    const t = panelTransform({ crop: null, rotation: 90, flipH: false, flipV: false }, 200, 100);
    // View is 100 wide × 200 tall; halve the view's height from the bottom.
    const r = cropForBox(t, { width: 200, height: 100 }, { xMm: 0, yMm: 0, wMm: 10, hMm: 20 }, { xMm: 0, yMm: 0, wMm: 10, hMm: 10 })!;
    expect(r.crop.w).toBeCloseTo(100, 9);
    expect(r.crop.h).toBeCloseTo(100, 9);
    expect(r.box.hMm).toBeCloseTo(10, 9);
  });
});

describe('layout actions in the registry', () => {
  const ctxFor = (store: ReturnType<typeof createEditorStore>) => ({
    store,
    host: {
      canvas: () => ({ layout: () => layoutFigure(store.figure(), squares) }),
    } as unknown as ActionHost,
  });
  const byId = (id: string) => createActions().find((a) => a.id === id)!;

  it('align needs two panels, distribute three; align top moves the set in one undo step', () => {
    const store = createEditorStore(project);
    const ctx = ctxFor(store);
    store.setUi({ panelId: 'a', panelSet: new Set(['a']) });
    expect(stateOf(createActions(), ctx)['layout.alignTop'].enabled).toBe(false);
    store.setUi({ panelId: 'a', panelSet: new Set(['a', 'd']) });
    const st = stateOf(createActions(), ctx);
    expect(st['layout.alignTop'].enabled).toBe(true);
    expect(st['layout.distributeH'].enabled).toBe(false);
    expect(st['layout.reflow'].enabled).toBe(false); // still a grid
    const steps = store.get().history.past.length;
    expect(run(byId('layout.alignTop'), ctx)).toBe(true);
    const f = store.figure();
    expect(f.layoutMode).toBe('free');
    expect(f.panels[3].place!.yMm).toBeCloseTo(f.panels[0].place!.yMm, 9);
    expect(store.get().history.past.length).toBe(steps + 1);
    expect(stateOf(createActions(), ctx)['layout.reflow'].enabled).toBe(true);
    run(byId('layout.reflow'), ctx);
    expect(store.figure().layoutMode).toBe('grid');
  });
});
