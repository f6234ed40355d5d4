/**
 * A 100,000-point freehand (issue 22): the figure drawn by the scene now against the same scene
 * with the stroke drawn as before (one Konva.Line with tension over every point, halo and main
 * stroke), through the raster export pipeline at 300 and 600 dpi. Run:
 *   node --import tsx bench/freehand-bench.ts        (RUNS=n, default 5; medians after a warm-up)
 * Prints CPU ms (the render runs on this thread) and the ratio now/before (< 1: faster). Also the figure without the stroke, as the
 * floor that the stroke adds to.
 */
import { freehandFigure, renderFreehand, spiral } from '../tests/unit/helpers/freehand-scene';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU time of this thread (user + system), ms: the shared machine's load does not count. */
async function time(f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.cpuUsage();
    await f();
    const d = process.cpuUsage(t0);
    ts.push((d.user + d.system) / 1000);
  }
  return median(ts);
}

const figure = freehandFigure(spiral(100_000));
const empty = freehandFigure([]);
empty.panels[0].annotations = [];
for (const dpi of [300, 600]) {
  const floor = await time(() => renderFreehand(empty, dpi));
  const now = await time(() => renderFreehand(figure, dpi));
  const before = await time(() => renderFreehand(figure, dpi, true));
  console.log(
    `${dpi} dpi: no stroke ${floor.toFixed(0)} ms | 100k-point freehand now ${now.toFixed(0)} ms, before ${before.toFixed(0)} ms` +
      ` | ratio ${(now / before).toFixed(3)} (stroke cost only: ${((now - floor) / (before - floor)).toFixed(3)})`,
  );
}
