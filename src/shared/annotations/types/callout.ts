// The callout: a label and the point it points at, one annotation, each end with its handle.
import type { Annotation } from '../../figure/schema';
import type { AnnotationUtil } from '../util';

type Callout = Extract<Annotation, { type: 'callout' }>;

const callout: AnnotationUtil<Callout> = {
  type: 'callout',
  map: (a, f) => ({ ...a, at: f(a.at), target: f(a.target) }),
  keyPoints: (a) => [a.at, a.target],
  handles: (a) => [
    { id: 'at', kind: 'vertex', at: a.at },
    { id: 'target', kind: 'vertex', at: a.target },
  ],
  dragHandle: (a, id, p) => (id === 'at' || id === 'target' ? { ...a, [id]: p } : a),
};
export default callout;
