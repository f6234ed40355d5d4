// Where a panel dragged on the canvas lands: insertion between the panels of the row under the
// pointer; nothing while the pointer is still over the panel itself or the drop would not move it.
import { describe, expect, it } from 'vitest';
import type { LayoutPanel } from '../../src/shared/figure/layout';
import { dropTarget } from '../../src/renderer/app/CanvasPanelDrag';
import { movePanel } from '../../src/renderer/editor/panel-commands';
import { letterFor } from '../../src/shared/figure/letters';
import type { Project } from '../../src/shared/figure/schema';

/** A 2×2 grid of 80 × 60 mm panels with 4 mm gaps: A B / C D. */
const cell = (index: number): LayoutPanel =>
  ({ index, row: Math.floor(index / 2), xMm: (index % 2) * 84, yMm: Math.floor(index / 2) * 64, wMm: 80, hMm: 60 }) as LayoutPanel;
const grid = { panels: [0, 1, 2, 3].map(cell) };

describe('dropTarget', () => {
  it('is nothing over the dragged panel itself', () => {
    expect(dropTarget(grid, 0, [40, 30])).toBeNull();
  });

  it('over another panel: takes its place, the bar on the side it goes to', () => {
    // A anywhere on B: A goes after B (index 1); the bar at B's right edge.
    for (const x of [100, 150]) {
      const d = dropTarget(grid, 0, [x, 30])!;
      expect(d.to).toBe(1);
      expect(d.bar).toEqual({ x: 164, y0: 0, y1: 60 });
    }
    // D onto A: D becomes first; the bar at A's left edge.
    const e = dropTarget(grid, 3, [60, 30])!;
    expect(e.to).toBe(0);
    expect(e.bar.x).toBe(0);
    // A onto D (second row, last): A goes last, the bar right of D.
    expect(dropTarget(grid, 0, [100, 100])).toMatchObject({ to: 3, bar: { x: 164, y0: 64, y1: 124 } });
  });

  it('in a gap: inserted between the panels either side', () => {
    // B into the gap between C and D (second row): between them, index 2 once B is out.
    const f = dropTarget(grid, 1, [82, 100])!;
    expect(f.to).toBe(2);
    expect(f.bar).toEqual({ x: 82, y0: 64, y1: 124 });
    // A into the gap between A and B: where it already is.
    expect(dropTarget(grid, 0, [82, 30])).toBeNull();
  });

  it('uses the nearest row when the pointer is in a gap or below the page', () => {
    expect(dropTarget(grid, 0, [150, 61])!.to).toBe(1); // gap nearer row 1 (ends at 60)
    expect(dropTarget(grid, 0, [150, 400])!.to).toBe(3); // below: after D
  });

  it('the drop is one movePanel: automatic letters follow the new order', () => {
    const panels = ['p0', 'p1', 'p2', 'p3'].map((id) => ({ id, letter: null }));
    const project = { figures: [{ id: 'f', panels, rows: [2, 2], letters: { format: 'A' } }] } as unknown as Project;
    const d = dropTarget(grid, 3, [10, 30])!;
    expect(d.to).toBe(0);
    const next = movePanel('f', 'p3', d.to)(project);
    const f = next.figures[0];
    expect(f.panels.map((p) => p.id)).toEqual(['p3', 'p0', 'p1', 'p2']);
    expect(f.panels.map((_, i) => letterFor(f, i))).toEqual(['A', 'B', 'C', 'D']);
  });
});
