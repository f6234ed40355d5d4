// Options of the drawing tools that are not style (arrow ends, marker shape). They apply to
// new shapes; the canvas's tool bar edits them. Kept outside the document on purpose.
export interface ToolOptions {
  arrowHead: 'filled' | 'open' | 'none';
  arrowTail: 'none' | 'dot' | 'filled';
  markerShape: 'asterisk' | 'star' | 'arrowhead';
  /** New redaction boxes: opaque black, or a blur (a face). */
  redactionMode: 'solid' | 'blur';
  /** What a drag with the page tool draws (a click places text). */
  pageShape: 'line' | 'bracket';
}

const DEFAULTS: ToolOptions = {
  arrowHead: 'filled',
  arrowTail: 'none',
  markerShape: 'asterisk',
  redactionMode: 'solid',
  pageShape: 'line',
};
let options: ToolOptions = { ...DEFAULTS };
const listeners = new Set<() => void>();

export const toolOptions = {
  get: (): ToolOptions => options,
  set(patch: Partial<ToolOptions>) {
    options = { ...options, ...patch };
    listeners.forEach((l) => l());
  },
  reset() {
    options = { ...DEFAULTS };
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};
