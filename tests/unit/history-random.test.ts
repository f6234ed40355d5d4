// Undo/redo restore the document exactly (deep equality) after a seeded random sequence of
// 200 edits of every kind, including coalesced drags, style edits, deletions and z-order.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, Project, type Annotation, type Point } from '../../src/shared/figure/schema';
import {
  addAnnotation,
  deleteAnnotations,
  reorderAnnotations,
  updateAnnotations,
  updatePanel,
  replaceAnnotations,
} from '../../src/renderer/editor/commands';
import { translateAnnotation, dragHandle } from '../../src/renderer/editor/geometry';
import { setup } from './tools-helpers';

function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

describe('history', () => {
  for (const seed of [1, 2, 3]) {
    it(`200 random edits (seed ${seed}): undo all gives back every state, redo all the last`, () => {
      const { store, figureId } = setup(2);
      const r = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
      const pt = (): Point => [Math.round(r() * 1000), Math.round(r() * 750)];
      let n = 0;
      const all = () => store.figure().panels.flatMap((p) => p.annotations.map((a) => ({ panelId: p.id, a })));
      const make = (): Annotation => {
        const id = `x${++n}`;
        const style = { ...DEFAULT_STYLE, color: pick(['#ffffff', '#ffd700', '#000000']) };
        switch (pick(['arrow', 'rect', 'text', 'polygon', 'number', 'redaction', 'callout'] as const)) {
          case 'arrow':
            return { id, layer: 'labels', style, type: 'arrow', points: [pt(), pt()], head: 'filled', tail: 'none' };
          case 'rect':
            return { id, layer: 'labels', style, type: 'rect', at: pt(), size: [10 + r() * 100, 10 + r() * 100], rotation: 0 };
          case 'text':
            return { id, layer: 'labels', style, type: 'text', at: pt(), text: `t${n}\nline`, rotation: 0 };
          case 'polygon':
            return { id, layer: 'labels', style, type: 'polygon', points: [pt(), pt(), pt()], closed: true };
          case 'number':
            return { id, layer: 'labels', style, type: 'number', at: pt(), n };
          case 'redaction':
            return { id, layer: 'redactions', style, type: 'redaction', at: pt(), size: [20, 20] };
          default:
            return { id, layer: 'labels', style, type: 'callout', at: pt(), target: pt(), text: 'c' };
        }
      };

      // Expected states: the document before each undo step, as deep copies.
      const states: unknown[] = [structuredClone(store.project())];
      for (let i = 0; i < 200; i++) {
        const before = store.get().history.past.length;
        const existing = all();
        const op = existing.length < 3 ? 'add' : pick(['add', 'add', 'drag', 'style', 'delete', 'reorder', 'panel', 'resize', 'nudge']);
        const target = existing.length ? pick(existing) : null;
        switch (op) {
          case 'add':
            store.dispatch(addAnnotation(figureId, pick(['p0', 'p1']), make()));
            break;
          case 'drag': {
            // A drag dispatches many coalesced moves: one undo step.
            const key = `drag-${i}`;
            for (let k = 0; k < 1 + Math.floor(r() * 15); k++)
              store.dispatch(
                updateAnnotations(figureId, new Set([target!.a.id]), (a) => translateAnnotation(a, r() * 4 - 2, r() * 4 - 2)),
                key,
              );
            store.endGesture();
            break;
          }
          case 'style':
            store.dispatch(
              updateAnnotations(figureId, new Set([target!.a.id]), (a) => ({
                ...a,
                style: { ...a.style, strokePt: Math.round(r() * 40) / 4 + 0.25, halo: r() < 0.5 },
              })),
            );
            break;
          case 'delete':
            store.dispatch(deleteAnnotations(figureId, new Set([target!.a.id])));
            break;
          case 'reorder':
            store.dispatch(reorderAnnotations(figureId, new Set([target!.a.id]), pick(['forward', 'backward', 'front', 'back'] as const)));
            break;
          case 'panel':
            store.dispatch(updatePanel(figureId, pick(['p0', 'p1']), { rotation: pick([0, 90, 180, 270, 12.5]), flipH: r() < 0.5 }));
            break;
          case 'resize':
            if (target!.a.type === 'rect') store.dispatch(replaceAnnotations(figureId, [dragHandle(target!.a, 'se', pt(), r() < 0.5)]));
            break;
          case 'nudge':
            store.dispatch(updateAnnotations(figureId, new Set([target!.a.id]), (a) => translateAnnotation(a, 10, 0)));
            break;
        }
        if (store.get().history.past.length > before) states.push(structuredClone(store.project()));
        else expect(store.project()).toEqual(states[states.length - 1]);
      }
      const last = structuredClone(store.project());
      expect(() => Project.parse(last)).not.toThrow();
      expect(states.length).toBeGreaterThan(120);

      for (let i = states.length - 2; i >= 0; i--) {
        store.undo();
        expect(store.project()).toEqual(states[i]);
      }
      expect(store.get().history.past).toHaveLength(0);
      for (let i = 1; i < states.length; i++) {
        store.redo();
        expect(store.project()).toEqual(states[i]);
      }
      expect(store.project()).toEqual(last);
    });
  }

  it('a drag of many moves is one step; the next gesture is another', () => {
    const { store, figureId, annotations } = setup();
    store.dispatch(addAnnotation(figureId, 'p0', { id: 'n', layer: 'labels', style: DEFAULT_STYLE, type: 'number', at: [0, 0], n: 1 }));
    const steps = store.get().history.past.length;
    for (let k = 0; k < 30; k++)
      store.dispatch(
        updateAnnotations(figureId, new Set(['n']), (a) => translateAnnotation(a, 1, 0)),
        'drag-1',
      );
    store.endGesture();
    for (let k = 0; k < 5; k++)
      store.dispatch(
        updateAnnotations(figureId, new Set(['n']), (a) => translateAnnotation(a, 0, 1)),
        'drag-1',
      );
    expect(store.get().history.past.length).toBe(steps + 2);
    expect(annotations()[0]).toMatchObject({ at: [30, 5] });
    store.undo();
    expect(annotations()[0]).toMatchObject({ at: [30, 0] });
    store.undo();
    expect(annotations()[0]).toMatchObject({ at: [0, 0] });
  });
});
