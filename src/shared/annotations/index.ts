// The registry of annotation types: one module per type (./types), looked up by `type`. Code
// that handles annotations asks the type's util instead of switching on `a.type`.
import type { Annotation } from '../figure/schema';
import type { AnnotationUtil } from './util';
import arrow from './types/arrow';
import line from './types/line';
import text from './types/text';
import callout from './types/callout';
import rect from './types/rect';
import ellipse from './types/ellipse';
import polygon from './types/polygon';
import freehand from './types/freehand';
import marker from './types/marker';
import number from './types/number';
import measureLength from './types/measure-length';
import measureAngle from './types/measure-angle';
import measureArea from './types/measure-area';
import redaction from './types/redaction';

type Utils = { [K in Annotation['type']]: AnnotationUtil<Extract<Annotation, { type: K }>> };

export const ANNOTATION_UTILS: Utils = {
  arrow,
  line,
  text,
  callout,
  rect,
  ellipse,
  polygon,
  freehand,
  marker,
  number,
  'measure-length': measureLength,
  'measure-angle': measureAngle,
  'measure-area': measureArea,
  redaction,
};

/** The util of an annotation's type (typed loosely: it is called with that very annotation). */
export function utilOf<T extends Annotation>(a: T): AnnotationUtil<T> {
  return ANNOTATION_UTILS[a.type] as unknown as AnnotationUtil<T>;
}

export type { AnnotationUtil } from './util';
export * from './core';
