// The calibrate tool: a drawn line waits on the canvas for its length (never in the document),
// with the prompt's anchor at its end; a new press, a click, Escape or another tool drops it.
import { afterEach, describe, expect, it } from 'vitest';
import { createCalibrateTool, CALIBRATE_HINTS } from '../../src/renderer/tools/calibrate';
import { referenceLine } from '../../src/renderer/app/calibration-state';
import { click, gesture, setup } from './tools-helpers';

afterEach(() => referenceLine.set(null));

describe('calibrate tool', () => {
  it('keeps the drawn line with its length in px, anchored for the prompt, and selects its panel', () => {
    const { ctx, store, annotations } = setup(2);
    ctx.screenOf = (panelId, at) => (panelId === 'p1' ? { x: at[0] * 2, y: at[1] * 2 } : null);
    const tool = createCalibrateTool();
    expect(tool.hint).toBe(CALIBRATE_HINTS.draw);
    gesture(
      tool,
      ctx,
      [
        [10, 20],
        [50, 20],
        [110, 20],
      ],
      { panelId: 'p1' },
    );
    expect(referenceLine.get()).toEqual({ panelId: 'p1', p1: [10, 20], p2: [110, 20], anchor: { x: 220, y: 40 } });
    expect(store.get().ui.panelId).toBe('p1');
    expect(tool.state).toBe('idle');
    expect(tool.hint).toBe(CALIBRATE_HINTS.type);
    const preview = tool.preview!()!;
    expect(preview.panelId).toBe('p1');
    expect(preview.annotations.map((a) => a.type)).toEqual(['line', 'text']);
    expect(preview.annotations[1]).toMatchObject({ text: '100 px', at: [60, 20] });
    // Nothing in the document.
    expect(annotations('p1')).toEqual([]);
  });

  it('a new line replaces the waiting one; a click or cancel drops it', () => {
    const { ctx } = setup();
    const tool = createCalibrateTool();
    gesture(tool, ctx, [
      [0, 0],
      [40, 0],
    ]);
    expect(referenceLine.get()?.anchor).toBeNull();
    gesture(tool, ctx, [
      [0, 10],
      [0, 90],
    ]);
    expect(referenceLine.get()).toMatchObject({ p1: [0, 10], p2: [0, 90] });
    click(tool, ctx, [5, 5]);
    expect(referenceLine.get()).toBeNull();
    expect(tool.preview!()).toBeNull();
    gesture(tool, ctx, [
      [0, 0],
      [40, 0],
    ]);
    tool.cancel();
    expect(referenceLine.get()).toBeNull();
    expect(tool.hint).toBe(CALIBRATE_HINTS.draw);
  });
});
