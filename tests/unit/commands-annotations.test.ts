// Annotation commands: z-order, multi-update as one step, copy/paste between panels,
// duplicate and cut; areas of closed shapes in calibrated units or px.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, type Annotation, type Calibration } from '../../src/shared/figure/schema';
import { reorderAnnotations, updateAnnotations, addAnnotations } from '../../src/renderer/editor/commands';
import { annotationActions } from '../../src/renderer/editor/annotation-actions';
import { clipboard } from '../../src/renderer/editor/clipboard';
import { shapeArea } from '../../src/renderer/editor/area';
import { setup } from './tools-helpers';

const base = { layer: 'labels' as const, style: DEFAULT_STYLE };
const num = (id: string, n: number): Annotation => ({ ...base, id, type: 'number', at: [n * 10, 0], n });

function withNumbers() {
  const s = setup(2);
  s.store.dispatch(addAnnotations(s.figureId, 'p0', [num('a', 1), num('b', 2), num('c', 3), num('d', 4)]));
  const order = () =>
    s
      .annotations()
      .map((a) => a.id)
      .join('');
  return { ...s, order };
}

describe('z-order', () => {
  it('forward, backward, front and back', () => {
    const { store, figureId, order } = withNumbers();
    store.dispatch(reorderAnnotations(figureId, new Set(['a']), 'forward'));
    expect(order()).toBe('bacd');
    store.dispatch(reorderAnnotations(figureId, new Set(['a', 'b']), 'front'));
    expect(order()).toBe('cdba');
    store.dispatch(reorderAnnotations(figureId, new Set(['a']), 'back'));
    expect(order()).toBe('acdb');
    store.dispatch(reorderAnnotations(figureId, new Set(['d']), 'backward'));
    expect(order()).toBe('adcb');
  });
  it('a move that changes nothing adds no undo step', () => {
    const { store, figureId } = withNumbers();
    const n = store.get().history.past.length;
    store.dispatch(reorderAnnotations(figureId, new Set(['d']), 'front'));
    store.dispatch(reorderAnnotations(figureId, new Set(['a']), 'backward'));
    expect(store.get().history.past.length).toBe(n);
  });
});

describe('multi-update', () => {
  it('a style change on several shapes is one undo step', () => {
    const { store, figureId, annotations } = withNumbers();
    const n = store.get().history.past.length;
    store.dispatch(updateAnnotations(figureId, new Set(['a', 'c']), (a) => ({ ...a, style: { ...a.style, color: '#ffd700' } })));
    expect(annotations().map((a) => a.style.color)).toEqual(['#ffd700', '#ffffff', '#ffd700', '#ffffff']);
    expect(store.get().history.past.length).toBe(n + 1);
    store.undo();
    expect(annotations().every((a) => a.style.color === '#ffffff')).toBe(true);
  });
});

describe('clipboard', () => {
  const frames: Record<string, { x: number; y: number; w: number; h: number }> = {
    p0: { x: 0, y: 0, w: 1000, h: 1000 },
    p1: { x: 100, y: 100, w: 500, h: 2000 },
  };
  it('paste into another panel lands at the same relative place, scaled uniformly, with new ids', () => {
    const { store, figureId, annotations } = withNumbers();
    store.dispatch(addAnnotations(figureId, 'p0', [{ ...base, id: 'r', type: 'rect', at: [400, 400], size: [200, 100], rotation: 0 }]));
    let n = 0;
    const env = (sel: string[], target: string | null) =>
      annotationActions({
        store,
        figure: store.figure(),
        selection: new Set(sel),
        targetPanelId: target,
        frameOf: (id) => frames[id],
        newId: () => `new${++n}`,
      });
    env(['r'], null)['edit.copy']();
    env([], 'p1')['edit.paste']();
    const [pasted] = annotations('p1') as Extract<Annotation, { type: 'rect' }>[];
    expect(pasted.id).toBe('new1');
    // Centre 500,450 of a 1000² frame (50 %, 45 %) → 100 + 250, 100 + 900 in the 500×2000 frame; scale 0.5.
    expect(pasted.size).toEqual([100, 50]);
    expect(pasted.at[0] + pasted.size[0] / 2).toBeCloseTo(350, 9);
    expect(pasted.at[1] + pasted.size[1] / 2).toBeCloseTo(1000, 9);
    expect(store.get().ui.selection).toEqual(new Set(['new1']));
  });
  it('duplicate offsets the copy in the same panel; cut removes; undo restores', () => {
    const { store, annotations } = withNumbers();
    let n = 0;
    const env = (sel: string[]) =>
      annotationActions({
        store,
        figure: store.figure(),
        selection: new Set(sel),
        targetPanelId: 'p0',
        frameOf: (id) => frames[id],
        newId: () => `dup${++n}`,
      });
    env(['b'])['edit.duplicate']();
    const dup = annotations().find((a) => a.id === 'dup1') as Extract<Annotation, { type: 'number' }>;
    expect(dup.n).toBe(2);
    expect(dup.at).toEqual([20 + 20, 0 + 20]); // 2 % of the 1000 px frame
    const before = store.project();
    env(['a', 'c'])['edit.cut']();
    expect(annotations().map((a) => a.id)).toEqual(['b', 'd', 'dup1']);
    expect(clipboard.get()!.annotations.map((a) => a.id)).toEqual(['a', 'c']);
    store.undo();
    expect(store.project()).toEqual(before);
  });
});

describe('area of closed shapes', () => {
  const cal: Calibration = { source: 'PixelSpacing', mmPerPxX: 0.1, mmPerPxY: 0.2, note: '' };
  it('rectangle and ellipse in mm² when calibrated, px² otherwise', () => {
    const rect: Annotation = { ...base, id: 'r', type: 'rect', at: [0, 0], size: [100, 50], rotation: 30 };
    expect(shapeArea(rect, cal)!.value).toBeCloseTo(100 * 50 * 0.1 * 0.2, 9);
    expect(shapeArea(rect, cal)!.unit).toBe('mm²');
    expect(shapeArea(rect, null)).toMatchObject({ value: 5000, unit: 'px²' });
    expect(shapeArea(rect, null)!.label).toMatch(/px² \(uncalibrated\)/);
    const ell: Annotation = { ...base, id: 'e', type: 'ellipse', at: [0, 0], size: [20, 10], rotation: 0 };
    expect(shapeArea(ell, null)!.value).toBeCloseTo(Math.PI * 10 * 5, 9);
  });
  it('a polygon by the shoelace formula; open shapes and lines have no area', () => {
    const tri: Annotation = {
      ...base,
      id: 'p',
      type: 'polygon',
      points: [
        [0, 0],
        [10, 0],
        [0, 10],
      ],
      closed: true,
    };
    expect(shapeArea(tri, null)!.value).toBe(50);
    expect(shapeArea({ ...tri, closed: false } as Annotation, null)).toBeNull();
    expect(
      shapeArea(
        {
          ...base,
          id: 'l',
          type: 'line',
          points: [
            [0, 0],
            [1, 1],
          ],
        },
        null,
      ),
    ).toBeNull();
  });
});
