// The reference line the calibrate tool just drew, waiting for the user to type its length.
// UI state, not document state: only the resulting calibration goes into the document.
import { useSyncExternalStore } from 'react';
import type { Point } from '../../shared/figure/schema';

export interface PendingReference {
  panelId: string;
  p1: Point;
  p2: Point;
}

let pending: PendingReference | null = null;
const listeners = new Set<() => void>();

export const referenceLine = {
  get: () => pending,
  set(v: PendingReference | null) {
    pending = v;
    listeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function usePendingReference(): PendingReference | null {
  return useSyncExternalStore(referenceLine.subscribe, referenceLine.get);
}
