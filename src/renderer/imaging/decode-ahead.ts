// Which slices to decode ahead of the one shown: the next DECODE_AHEAD in the direction of travel.
// Apart from cornerstone so that the benches (in Node) read the same number the viewer uses.

/** Slices decoded ahead of the one shown, in the direction of travel. */
export const DECODE_AHEAD = 12;

/** The ids to have requested while `at` is shown, having come from `from` (−1: nowhere yet). */
export function idsAhead<T>(ids: readonly T[], at: number, from: number): T[] {
  const step = at >= from ? 1 : -1;
  const out: T[] = [];
  for (let k = 1; k <= DECODE_AHEAD; k++) {
    const id = ids[at + step * k];
    if (id === undefined) break;
    out.push(id);
  }
  return out;
}
