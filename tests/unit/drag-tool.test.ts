// One lifecycle for every press–drag–release tool: the same click threshold (3 screen px, in
// source px through the zoom), the same preview, the same cancel.
import { describe, expect, it } from 'vitest';
import type { Tool } from '../../src/renderer/tools/types';
import { createTwoPointTool } from '../../src/renderer/tools/two-point';
import { createBoxTool } from '../../src/renderer/tools/box';
import { createPlaceTool } from '../../src/renderer/tools/place';
import { CLICK_SLOP_PX } from '../../src/renderer/tools/types';
import { setup, ptr } from './tools-helpers';

const DRAWING = ['arrow', 'line', 'measure-length', 'rect', 'ellipse', 'redaction'] as const;
const make = (id: (typeof DRAWING)[number] | 'marker'): Tool =>
  id === 'marker'
    ? createPlaceTool('marker', 'Marker', 'S')
    : id === 'rect' || id === 'ellipse' || id === 'redaction'
      ? createBoxTool(id, id, 'R')
      : createTwoPointTool(id, id, 'A');

describe('createDragTool lifecycle', () => {
  it('a move within the click threshold draws nothing, for every drawing tool alike, at any zoom', () => {
    for (const zoomOut of [1, 4]) {
      for (const id of DRAWING) {
        const { store, ctx, annotations } = setup();
        ctx.sourcePerScreenPx = () => zoomOut;
        const tool = make(id);
        const d = CLICK_SLOP_PX * zoomOut;
        tool.down(ptr([100, 100]), ctx);
        tool.move(ptr([100 + d * 0.6, 100 + d * 0.6]), ctx);
        expect(tool.state, id).toBe('pointing');
        tool.up(ptr([100 + d * 0.6, 100 + d * 0.6]), ctx);
        expect(annotations(), `${id} at ${zoomOut}`).toHaveLength(0);
        expect(store.get().history.past).toHaveLength(0);
        // Past it: one annotation, one undo step, selected.
        tool.down(ptr([100, 100]), ctx);
        tool.move(ptr([100 + d * 4, 100 + d * 4]), ctx);
        expect(tool.state).toBe('dragging');
        expect(tool.preview!()!.annotations).toHaveLength(1);
        tool.up(ptr([100 + d * 4, 100 + d * 4]), ctx);
        expect(annotations(), id).toHaveLength(1);
        expect(store.get().history.past).toHaveLength(1);
        expect([...store.get().ui.selection]).toEqual([annotations()[0].id]);
        expect(tool.state).toBe('idle');
        expect(tool.preview!()).toBeNull();
      }
    }
  });

  it('cancel drops the gesture: nothing is committed on release', () => {
    const { ctx, annotations } = setup();
    const tool = make('arrow');
    tool.down(ptr([10, 10]), ctx);
    tool.move(ptr([80, 80]), ctx);
    tool.cancel();
    tool.up(ptr([80, 80]), ctx);
    expect(annotations()).toHaveLength(0);
  });

  it('a marker is placed by a click as well as by a drag', () => {
    const { ctx, annotations } = setup();
    const tool = make('marker');
    tool.down(ptr([10, 10]), ctx);
    tool.up(ptr([10, 10]), ctx);
    tool.down(ptr([10, 10]), ctx);
    tool.move(ptr([50, 60]), ctx);
    tool.up(ptr([50, 60]), ctx);
    expect(annotations().map((a) => ('at' in a ? a.at : null))).toEqual([
      [10, 10],
      [50, 60],
    ]);
  });
});
