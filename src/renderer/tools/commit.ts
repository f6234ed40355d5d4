// How every drawing tool ends: the new annotation enters the document as one command and
// becomes the selection (so the inspector and handles follow it at once).
import type { Annotation } from '../../shared/figure/schema';
import { addAnnotation } from '../editor/commands';
import type { ToolContext } from './types';

export function commitAnnotation(ctx: Pick<ToolContext, 'store' | 'figureId'>, panelId: string, a: Annotation): void {
  ctx.store.dispatch(addAnnotation(ctx.figureId, panelId, a));
  ctx.store.setUi({ selection: new Set([a.id]) });
}
