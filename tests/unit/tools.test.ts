// Each tool's state machine, fed a sequence of pointer events, produces the expected shape
// in the document (through the real store), or none.
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The image tools in the registry read decoded pixels through the renderer's API client (a
// browser module); these tests draw annotations only.
vi.mock('../../src/renderer/imaging/panel-images', () => ({ infoOf: () => undefined, loadedFrame: () => undefined }));
import type { Annotation } from '../../src/shared/figure/schema';
import { createTools, type Tool } from '../../src/renderer/tools';
import { toolOptions } from '../../src/renderer/tools/options';
import { smoothStroke } from '../../src/renderer/tools/freehand';
import { setup, gesture, click, ptr, flush } from './tools-helpers';

const toolById = (id: string): Tool => createTools().find((t) => t.id === id)!;
type Of<T extends Annotation['type']> = Extract<Annotation, { type: T }>;

beforeEach(() => toolOptions.reset());

describe('two-point tools', () => {
  it('arrow: drag from tail to head, with the arrow options', () => {
    const { ctx, annotations, store } = setup();
    toolOptions.set({ arrowHead: 'open', arrowTail: 'dot' });
    const t = toolById('arrow');
    gesture(t, ctx, [
      [10, 10],
      [50, 12],
      [100, 50],
    ]);
    const [a] = annotations() as Of<'arrow'>[];
    expect(a).toMatchObject({
      type: 'arrow',
      points: [
        [10, 10],
        [100, 50],
      ],
      head: 'open',
      tail: 'dot',
      layer: 'labels',
    });
    expect(store.get().ui.selection).toEqual(new Set([a.id]));
    expect(t.state).toBe('idle');
  });
  it('shift snaps the direction to 45°', () => {
    const { ctx, annotations } = setup();
    gesture(
      toolById('line'),
      ctx,
      [
        [0, 0],
        [100, 90],
      ],
      { shift: true },
    );
    const [a] = annotations() as Of<'line'>[];
    const [x, y] = a.points[1];
    expect(x).toBeCloseTo(y, 9);
    expect(Math.hypot(x, y)).toBeCloseTo(Math.hypot(100, 90), 9);
  });
  it('a click without a drag draws nothing; measure-length is kept', () => {
    const { ctx, annotations, store } = setup();
    click(toolById('arrow'), ctx, [5, 5]);
    expect(annotations()).toHaveLength(0);
    expect(store.get().history.past).toHaveLength(0);
    gesture(toolById('measure-length'), ctx, [
      [0, 0],
      [30, 40],
    ]);
    expect(annotations()[0]).toMatchObject({
      type: 'measure-length',
      points: [
        [0, 0],
        [30, 40],
      ],
    });
  });
});

describe('box tools', () => {
  it('rectangle dragged up-left is normalised; shift makes a square', () => {
    const { ctx, annotations } = setup();
    gesture(toolById('rect'), ctx, [
      [100, 100],
      [40, 70],
    ]);
    gesture(
      toolById('ellipse'),
      ctx,
      [
        [0, 0],
        [50, 20],
      ],
      { shift: true },
    );
    const [r, e] = annotations() as [Of<'rect'>, Of<'ellipse'>];
    expect(r).toMatchObject({ at: [40, 70], size: [60, 30], rotation: 0 });
    expect(e.size).toEqual([50, 50]);
  });
  it('redaction goes to the redactions layer and is opaque whatever the style', () => {
    const { ctx, annotations } = setup();
    ctx.style = { ...ctx.style, opacity: 0.2 };
    gesture(toolById('redaction'), ctx, [
      [0, 0],
      [20, 20],
    ]);
    expect(annotations()[0]).toMatchObject({ type: 'redaction', layer: 'redactions' });
    expect(annotations()[0].style.opacity).toBe(1);
  });
});

describe('point-by-point tools', () => {
  it('polygon: three clicks, a click on the first point closes', () => {
    const { ctx, annotations } = setup();
    const t = toolById('polygon');
    for (const p of [
      [0, 0],
      [100, 0],
      [50, 80],
    ] as const)
      click(t, ctx, [p[0], p[1]]);
    expect(t.state).toBe('drawing');
    expect(t.preview!()!.annotations[0].type).toBe('polygon');
    click(t, ctx, [2, 1]);
    expect(annotations()[0]).toMatchObject({
      type: 'polygon',
      closed: true,
      points: [
        [0, 0],
        [100, 0],
        [50, 80],
      ],
    });
    expect(t.state).toBe('idle');
  });
  it('polygon: Backspace removes the last point, Enter finishes, a press-drag adds both ends', () => {
    const { ctx, annotations } = setup();
    const t = toolById('polygon');
    gesture(t, ctx, [
      [0, 0],
      [40, 0],
    ]); // press at 0,0, release at 40,0: two points
    click(t, ctx, [90, 90]);
    expect(t.keyDown!('Backspace', ctx)).toBe(true);
    click(t, ctx, [40, 60]);
    expect(t.keyDown!('Enter', ctx)).toBe(true);
    expect((annotations()[0] as Of<'polygon'>).points).toEqual([
      [0, 0],
      [40, 0],
      [40, 60],
    ]);
  });
  it('polygon: a second click on the last point (double click) finishes; cancel leaves nothing', () => {
    const { ctx, annotations } = setup();
    const t = toolById('polygon');
    for (const p of [
      [0, 0],
      [10, 0],
      [10, 10],
      [10.5, 10],
    ] as const)
      click(t, ctx, [p[0], p[1]]);
    expect((annotations()[0] as Of<'polygon'>).points).toHaveLength(3);
    for (const p of [
      [0, 0],
      [10, 0],
    ] as const)
      click(t, ctx, [p[0], p[1]]);
    t.cancel();
    expect(annotations()).toHaveLength(1);
  });
  it('too few points make nothing', () => {
    const { ctx, annotations } = setup();
    const t = toolById('measure-area');
    click(t, ctx, [0, 0]);
    click(t, ctx, [10, 0]);
    t.keyDown!('Enter', ctx);
    expect(annotations()).toHaveLength(0);
  });
  it('angle: arm, vertex, arm, finished on the third click', () => {
    const { ctx, annotations } = setup();
    const t = toolById('measure-angle');
    for (const p of [
      [100, 0],
      [0, 0],
      [0, 100],
    ] as const)
      click(t, ctx, [p[0], p[1]]);
    expect(annotations()[0]).toMatchObject({
      type: 'measure-angle',
      points: [
        [100, 0],
        [0, 0],
        [0, 100],
      ],
    });
  });
  it('area: the outline then Enter', () => {
    const { ctx, annotations } = setup();
    const t = toolById('measure-area');
    for (const p of [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ] as const)
      click(t, ctx, [p[0], p[1]]);
    t.keyDown!('Enter', ctx);
    expect(annotations()[0]).toMatchObject({ type: 'measure-area' });
    expect((annotations()[0] as Of<'measure-area'>).points).toHaveLength(4);
  });
});

describe('freehand', () => {
  it('smooths and simplifies a shaky horizontal stroke', () => {
    const { ctx, annotations } = setup();
    const raw: [number, number][] = Array.from({ length: 200 }, (_, i) => [i * 2, 50 + (i % 2 ? 1.5 : -1.5)]);
    gesture(toolById('freehand'), ctx, raw);
    const a = annotations()[0] as Of<'freehand'>;
    expect(a.type).toBe('freehand');
    expect(a.points.length).toBeLessThan(raw.length / 4);
    expect(a.points[0]).toEqual(raw[0]);
    expect(a.points[a.points.length - 1]).toEqual(raw[raw.length - 1]);
    // Interior points sit closer to the intended line than the ±1.5 px tremor.
    for (const p of a.points.slice(1, -1)) expect(Math.abs(p[1] - 50)).toBeLessThan(1.5);
  });
  it('keeps real corners', () => {
    const pts: [number, number][] = [
      ...Array.from({ length: 50 }, (_, i) => [i, 0] as [number, number]),
      ...Array.from({ length: 50 }, (_, i) => [49, i + 1] as [number, number]),
    ];
    const out = smoothStroke(pts, 0.75);
    expect(out.some((p) => p[0] > 45 && p[1] < 4)).toBe(true);
    expect(out.length).toBeLessThan(10);
  });
});

describe('place tools', () => {
  it('numbers go 1, 2, 3 on a panel and start at 1 on another; the next follows the highest', () => {
    const { ctx, annotations } = setup(2);
    const t = toolById('number');
    click(t, ctx, [10, 10]);
    click(t, ctx, [20, 10]);
    click(t, ctx, [5, 5], { panelId: 'p1' });
    expect((annotations() as Of<'number'>[]).map((a) => a.n)).toEqual([1, 2]);
    expect((annotations('p1') as Of<'number'>[]).map((a) => a.n)).toEqual([1]);
  });
  it('marker uses the chosen shape and follows the pointer while held', () => {
    const { ctx, annotations } = setup();
    toolOptions.set({ markerShape: 'arrowhead' });
    gesture(toolById('marker'), ctx, [
      [10, 10],
      [30, 40],
    ]);
    expect(annotations()[0]).toMatchObject({ type: 'marker', shape: 'arrowhead', at: [30, 40] });
  });
});

describe('text and callout', () => {
  it('text: the editor opens on release; multi-line text is kept', async () => {
    const { ctx, annotations, texts, edits } = setup();
    const t = toolById('text');
    texts.push('Nodule\nleft buttock');
    t.down(ptr([40, 50]), ctx);
    expect(edits).toHaveLength(0);
    t.up(ptr([40, 50]), ctx);
    expect(edits).toEqual([{ panelId: 'p0', at: [40, 50], initial: '' }]);
    await flush();
    expect(annotations()[0]).toMatchObject({ type: 'text', at: [40, 50], text: 'Nodule\nleft buttock' });
    expect(t.state).toBe('idle');
  });
  it('text: cancelled or blank adds nothing; clicking a label edits it in place, emptying deletes it', async () => {
    const { ctx, annotations, texts, edits } = setup();
    const t = toolById('text');
    texts.push('   ');
    click(t, ctx, [1, 1]);
    await flush();
    expect(annotations()).toHaveLength(0);
    texts.push('First');
    click(t, ctx, [1, 1]);
    await flush();
    const id = annotations()[0].id;
    texts.push('Second');
    click(t, ctx, [1, 1], { hit: { panelId: 'p0', annotationId: id } });
    expect(t.preview!()!.hide.has(id)).toBe(true); // hidden under the editor
    await flush();
    expect(edits[edits.length - 1].initial).toBe('First');
    expect(annotations()).toMatchObject([{ id, text: 'Second' }]);
    texts.push('');
    click(t, ctx, [1, 1], { hit: { panelId: 'p0', annotationId: id } });
    await flush();
    expect(annotations()).toHaveLength(0);
  });
  it('callout: press on the target, drag to the label, type', async () => {
    const { ctx, annotations, texts } = setup();
    texts.push('Calcification');
    gesture(toolById('callout'), ctx, [
      [100, 100],
      [150, 60],
      [200, 40],
    ]);
    await flush();
    expect(annotations()[0]).toMatchObject({ type: 'callout', target: [100, 100], at: [200, 40], text: 'Calcification' });
  });
});

describe('select', () => {
  function withShapes() {
    const s = setup();
    gesture(toolById('rect'), s.ctx, [
      [100, 100],
      [200, 150],
    ]);
    gesture(toolById('line'), s.ctx, [
      [0, 0],
      [50, 0],
    ]);
    const [rect, line] = s.annotations() as [Of<'rect'>, Of<'line'>];
    s.store.setUi({ selection: new Set() });
    return { ...s, rect, line, t: toolById('select') };
  }
  it('click selects, shift-click adds and removes, click on nothing clears', () => {
    const { ctx, store, rect, line, t } = withShapes();
    click(t, ctx, [150, 100], { hit: { panelId: 'p0', annotationId: rect.id } });
    expect(store.get().ui.selection).toEqual(new Set([rect.id]));
    click(t, ctx, [10, 0], { shift: true, hit: { panelId: 'p0', annotationId: line.id } });
    expect(store.get().ui.selection).toEqual(new Set([rect.id, line.id]));
    click(t, ctx, [10, 0], { shift: true, hit: { panelId: 'p0', annotationId: line.id } });
    expect(store.get().ui.selection).toEqual(new Set([rect.id]));
    click(t, ctx, [400, 400]);
    expect(store.get().ui.selection.size).toBe(0);
  });
  it('drag moves the selection as one undo step, previewed without touching the document', () => {
    const { ctx, store, rect, annotations, t } = withShapes();
    const before = store.project();
    const steps = store.get().history.past.length;
    t.down(ptr([150, 100], { hit: { panelId: 'p0', annotationId: rect.id } }), ctx);
    for (let i = 1; i <= 20; i++) t.move(ptr([150 + i, 100 + 2 * i]), ctx);
    expect(store.project()).toBe(before);
    expect(t.preview!()!.hide.has(rect.id)).toBe(true);
    t.up(ptr([170, 140]), ctx);
    expect(annotations()[0]).toMatchObject({ at: [120, 140], size: [100, 50] });
    expect(store.get().history.past.length).toBe(steps + 1);
    store.undo();
    expect(store.project()).toBe(before);
  });
  it('handles: a corner resizes with the opposite corner fixed; rotate snaps to 15° with shift', () => {
    const { ctx, store, rect, annotations, t } = withShapes();
    store.setUi({ selection: new Set([rect.id]) });
    gesture(t, ctx, [
      [200, 150],
      [230, 190],
    ]);
    expect(annotations()[0]).toMatchObject({ at: [100, 100], size: [130, 90] });
    // Rotate handle: above the top edge's midpoint by ROTATE_OFFSET_PX.
    const a = annotations()[0] as Of<'rect'>;
    const cx = a.at[0] + a.size[0] / 2;
    gesture(
      t,
      ctx,
      [
        [cx, a.at[1] - 24],
        [cx + 200, 145 - 160],
      ],
      { shift: true },
    );
    const r = (annotations()[0] as Of<'rect'>).rotation;
    expect(r % 15).toBeCloseTo(0, 9);
    expect(r).toBe(45);
    expect((annotations()[0] as Of<'rect'>).size).toEqual([130, 90]);
  });
  it('marquee selects what the canvas reports inside it; shift adds', () => {
    const { ctx, store, rect, line, t } = withShapes();
    store.setUi({ selection: new Set([line.id]) });
    let asked: unknown = null;
    ctx.annotationsInPageRect = (r) => ((asked = r), [rect.id]);
    gesture(
      t,
      ctx,
      [
        [90, 90],
        [60, 40],
      ],
      { shift: true },
    );
    expect(asked).toEqual({ x: 60, y: 40, w: 30, h: 50 });
    expect(store.get().ui.selection).toEqual(new Set([line.id, rect.id]));
  });
  it('double click on a number edits it', async () => {
    const { ctx, annotations, texts } = setup();
    click(toolById('number'), ctx, [10, 10]);
    const id = annotations()[0].id;
    texts.push('7');
    toolById('select').dblclick!(ptr([10, 10], { hit: { panelId: 'p0', annotationId: id } }), ctx);
    await flush();
    expect((annotations()[0] as Of<'number'>).n).toBe(7);
  });
});

describe('registry', () => {
  it('every tool has a unique id and a unique key', () => {
    const tools = createTools();
    expect(new Set(tools.map((t) => t.id)).size).toBe(tools.length);
    expect(new Set(tools.map((t) => t.key)).size).toBe(tools.length);
  });
});
