// Slice order for a stack: position along the slice normal (PS3.3 C.7.6.2.1.1), else InstanceNumber.
// Files of different series are grouped so the caller can split them and tell the user.
import type { ImageInfo } from '../../../shared/imaging/types';

export interface SeriesGroup<T> {
  seriesInstanceUid: string | null;
  items: T[];
}

export interface SortedSeries<T> {
  /** Every item, sorted within its series; series in order of first appearance. */
  sorted: T[];
  /** Present only when the items come from more than one series. */
  groups?: SeriesGroup<T>[];
  /** How the order was decided, for the UI. */
  by: 'position' | 'instance' | 'input';
}

function normal(iop: number[]): [number, number, number] {
  const [rx, ry, rz, cx, cy, cz] = iop;
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

function sortGroup<T extends { info: ImageInfo }>(items: T[]): { items: T[]; by: SortedSeries<T>['by'] } {
  const iop = items.find((i) => i.info.imageOrientationPatient)?.info.imageOrientationPatient;
  if (iop && items.every((i) => i.info.imagePositionPatient)) {
    const n = normal(iop);
    const key = (i: T) => {
      const p = i.info.imagePositionPatient as number[];
      return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
    };
    const keyed = items.map((item, idx) => ({ item, idx, k: key(item) }));
    keyed.sort((a, b) => a.k - b.k || (a.item.info.instanceNumber ?? 0) - (b.item.info.instanceNumber ?? 0) || a.idx - b.idx);
    return { items: keyed.map((x) => x.item), by: 'position' };
  }
  if (items.every((i) => i.info.instanceNumber !== null)) {
    const keyed = items.map((item, idx) => ({ item, idx }));
    keyed.sort((a, b) => (a.item.info.instanceNumber as number) - (b.item.info.instanceNumber as number) || a.idx - b.idx);
    return { items: keyed.map((x) => x.item), by: 'instance' };
  }
  return { items: items.slice(), by: 'input' };
}

export function sortSeries<T extends { info: ImageInfo }>(items: T[]): SortedSeries<T> {
  const bySeries = new Map<string | null, T[]>();
  for (const item of items) {
    const uid = item.info.seriesInstanceUid;
    const list = bySeries.get(uid);
    if (list) list.push(item);
    else bySeries.set(uid, [item]);
  }
  const groups: SeriesGroup<T>[] = [];
  let by: SortedSeries<T>['by'] = 'position';
  const rank = { position: 0, instance: 1, input: 2 } as const;
  for (const [uid, list] of bySeries) {
    const s = sortGroup(list);
    if (rank[s.by] > rank[by]) by = s.by;
    groups.push({ seriesInstanceUid: uid, items: s.items });
  }
  if (groups.length === 0) return { sorted: [], by: 'input' };
  const sorted = groups.flatMap((g) => g.items);
  return groups.length > 1 ? { sorted, groups, by } : { sorted, by };
}
