// The page tool: headers, lines and brackets on the page (mm), each gesture one command.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Point } from '../../src/shared/figure/schema';
import { createPageTool } from '../../src/renderer/tools/page';
import { createSelectTool } from '../../src/renderer/tools/select';
import { toolOptions } from '../../src/renderer/tools/options';
import { addPageItem, deletePageItems, setPageLayerHidden } from '../../src/renderer/editor/page-commands';
import { DEFAULT_PAGE_STYLE } from '../../src/shared/figure/page-items';
import { addAnnotations } from '../../src/renderer/editor/commands';
import { flush, ptr, setup } from './tools-helpers';

beforeEach(() => toolOptions.reset());

/** A pointer on the page at `mm`, outside any panel, with what is under it. */
const at = (mm: Point, pageItem: string | null = null) => ptr(null, { pageMm: mm, pageItem });

describe('page tool', () => {
  it('a click writes a header there (rich runs from the editor), one undo step', async () => {
    const { ctx, store, texts, edits, figureId } = setup();
    const t = createPageTool();
    texts.push([{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' }]);
    t.down(at([40, 3]), ctx);
    t.up(at([40, 3]), ctx);
    await flush();
    expect(edits.at(-1)).toMatchObject({ panelId: 'page', at: [40, 3] });
    const items = store.figure().pageItems;
    expect(items).toEqual([
      expect.objectContaining({
        type: 'text',
        at: [40, 3],
        align: 'center',
        text: 'CD3+',
        runs: [{ text: 'CD', italic: true }, { text: '3' }, { text: '+', script: 'super' }],
      }),
    ]);
    expect(store.get().ui.pageSelection).toEqual(new Set([items[0].id]));
    store.undo();
    expect(store.figure().pageItems).toEqual([]);
    expect(figureId).toBe(store.figure().id);
  });

  it('a cancelled or empty editor writes nothing', async () => {
    const { ctx, store, texts } = setup();
    const t = createPageTool();
    texts.push('   ');
    t.down(at([10, 3]), ctx);
    t.up(at([10, 3]), ctx);
    await flush();
    t.down(at([10, 3]), ctx);
    t.up(at([10, 3]), ctx);
    await flush();
    expect(store.figure().pageItems).toEqual([]);
    expect(t.state).toBe('idle');
  });

  it('a drag draws a line, or a bracket as the tool bar says; many moves, one undo step', () => {
    const { ctx, store } = setup();
    const t = createPageTool();
    t.down(at([10, 5]), ctx);
    for (const x of [12, 20, 30, 60]) t.move(at([x, 5.2]), ctx);
    t.up(at([60, 5.2]), ctx);
    expect(store.figure().pageItems).toEqual([
      expect.objectContaining({
        type: 'line',
        points: [
          [10, 5],
          [60, 5.2],
        ],
      }),
    ]);
    toolOptions.set({ pageShape: 'bracket' });
    t.down(at([3, 10]), ctx);
    t.move(at([3, 30]), ctx);
    t.move(at([3.4, 60]), { ...ctx });
    t.up(at([3.4, 60]), ctx);
    expect(store.figure().pageItems[1]).toMatchObject({
      type: 'bracket',
      points: [
        [3, 10],
        [3.4, 60],
      ],
      tickMm: 1.5,
    });
    store.undo();
    expect(store.figure().pageItems.map((i) => i.type)).toEqual(['line']);
    store.undo();
    expect(store.figure().pageItems).toEqual([]);
  });

  it('dragging an item moves it; a click on the selected header edits it; Delete-like command removes it', async () => {
    const { ctx, store, texts, figureId } = setup();
    const t = createPageTool();
    texts.push('Baseline');
    t.down(at([40, 3]), ctx);
    t.up(at([40, 3]), ctx);
    await flush();
    const id = store.figure().pageItems[0].id;
    t.down(at([41, 4], id), ctx);
    for (const x of [43, 46, 50]) t.move(at([x, 4], id), ctx);
    t.up(at([50, 4], id), ctx);
    expect(store.figure().pageItems[0]).toMatchObject({ at: [49, 3] });
    const steps = store.get().history.past.length;
    // Selected already: a click edits it in place (the editor opens with its runs).
    texts.push([{ text: 'Week 12', bold: true }]);
    t.down(at([49, 4], id), ctx);
    t.up(at([49, 4], id), ctx);
    await flush();
    expect(store.figure().pageItems[0]).toMatchObject({ text: 'Week 12', runs: [{ text: 'Week 12', bold: true }], at: [49, 3] });
    expect(store.get().history.past.length).toBe(steps + 1);
    store.dispatch(setPageLayerHidden(figureId, true));
    expect(store.figure().hiddenLayers).toEqual(['page']);
    store.dispatch(deletePageItems(figureId, new Set([id])));
    expect(store.figure().pageItems).toEqual([]);
  });
});

describe('Select on page items (as in any layout program: no tool change to move a header)', () => {
  const withItems = () => {
    const s = setup();
    const style = { ...DEFAULT_PAGE_STYLE };
    s.store.dispatch(
      addPageItem(s.figureId, {
        id: 'h1',
        type: 'text',
        at: [40, 3],
        align: 'center',
        rotation: 0,
        style,
        text: 'Baseline',
        runs: [{ text: 'Baseline' }],
      }),
    );
    s.store.dispatch(
      addPageItem(s.figureId, {
        id: 'l1',
        type: 'line',
        points: [
          [10, 8],
          [60, 8],
        ],
        style,
      }),
    );
    return s;
  };

  it('a press selects the item (and drops an annotation selection); a drag moves it live as one undo step', () => {
    const { ctx, store } = withItems();
    store.dispatch(
      addAnnotations(ctx.figureId, 'p0', [{ id: 'x1', type: 'arrow', from: [1, 1], to: [5, 5], style: { ...ctx.style } } as never]),
    );
    store.setUi({ selection: new Set(['x1']) });
    const t = createSelectTool();
    const steps = store.get().history.past.length;
    t.down(at([41, 4], 'h1'), ctx);
    expect(store.get().ui.pageSelection).toEqual(new Set(['h1']));
    expect(store.get().ui.selection).toEqual(new Set());
    // Under the click distance: nothing moves.
    t.move(at([41.3, 4], 'h1'), ctx);
    expect(store.figure().pageItems[0]).toMatchObject({ at: [40, 3] });
    for (const x of [43, 46, 51]) t.move(at([x, 6], 'h1'), ctx);
    t.up(at([51, 6], 'h1'), ctx);
    expect(store.figure().pageItems[0]).toMatchObject({ at: [50, 5] });
    expect(store.figure().pageItems[1]).toMatchObject({
      points: [
        [10, 8],
        [60, 8],
      ],
    });
    expect(store.get().history.past.length).toBe(steps + 1);
    store.undo();
    expect(store.figure().pageItems[0]).toMatchObject({ at: [40, 3] });
  });

  it('shift adds to the page selection and both move together; a click on empty page clears it', () => {
    const { ctx, store } = withItems();
    const t = createSelectTool();
    t.down(at([40, 3], 'h1'), ctx);
    t.up(at([40, 3], 'h1'), ctx);
    t.down(at([20, 8], 'l1'), { ...ctx });
    t.up(at([20, 8], 'l1'), ctx);
    expect(store.get().ui.pageSelection).toEqual(new Set(['l1']));
    t.down({ ...at([40, 3], 'h1'), shift: true }, ctx);
    t.up({ ...at([40, 3], 'h1'), shift: true }, ctx);
    expect(store.get().ui.pageSelection).toEqual(new Set(['l1', 'h1']));
    t.down(at([20, 8], 'l1'), ctx);
    t.move(at([20, 10], 'l1'), ctx);
    t.up(at([20, 10], 'l1'), ctx);
    expect(store.figure().pageItems[0]).toMatchObject({ at: [40, 5] });
    expect(store.figure().pageItems[1]).toMatchObject({
      points: [
        [10, 10],
        [60, 10],
      ],
    });
    t.down(at([100, 100]), ctx);
    t.up(at([100, 100]), ctx);
    expect(store.get().ui.pageSelection).toEqual(new Set());
  });

  it('a marquee over page items selects them (and only annotations when it catches any)', () => {
    const { ctx, store } = withItems();
    const t = createSelectTool();
    const caught: { annotations: string[]; page: string[] } = { annotations: [], page: ['h1', 'l1'] };
    const c = { ...ctx, annotationsInPageRect: () => caught.annotations, pageItemsInPageRect: () => caught.page };
    t.down(at([0, 0]), c);
    t.move(at([70, 12]), c);
    t.up(at([70, 12]), c);
    expect(store.get().ui.pageSelection).toEqual(new Set(['h1', 'l1']));
    store.dispatch(
      addAnnotations(ctx.figureId, 'p0', [{ id: 'x1', type: 'arrow', from: [1, 1], to: [5, 5], style: { ...ctx.style } } as never]),
    );
    caught.annotations = ['x1'];
    t.down(at([0, 0]), c);
    t.move(at([70, 12]), c);
    t.up(at([70, 12]), c);
    expect(store.get().ui.selection).toEqual(new Set(['x1']));
    expect(store.get().ui.pageSelection).toEqual(new Set());
  });

  it('a double click on a page text edits it in place; emptied, it is deleted', async () => {
    const { ctx, store, texts, edits } = withItems();
    const t = createSelectTool();
    texts.push([{ text: 'Week 12', bold: true }]);
    t.dblclick!(at([40, 3], 'h1'), ctx);
    await flush();
    expect(edits.at(-1)).toMatchObject({ panelId: 'page', at: [40, 3], initial: 'Baseline' });
    expect(store.figure().pageItems[0]).toMatchObject({ text: 'Week 12', runs: [{ text: 'Week 12', bold: true }] });
    expect(t.state).toBe('idle');
    texts.push(' ');
    t.dblclick!(at([40, 3], 'h1'), ctx);
    await flush();
    expect(store.figure().pageItems.map((i) => i.id)).toEqual(['l1']);
    // A line has no text to edit.
    t.dblclick!(at([20, 8], 'l1'), ctx);
    expect(t.state).toBe('idle');
  });
});
