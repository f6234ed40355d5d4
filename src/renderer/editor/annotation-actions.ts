// What the annotation actions of the action list do (copy, cut, paste, duplicate, z-order):
// each is one command on the store, so one undo step.
import type { Figure } from '../../shared/figure/schema';
import { addAnnotations, deleteAnnotations, reorderAnnotations, type ZOrder } from './commands';
import { clipboard, copySelection, pasteClip } from './clipboard';
import type { Rect } from './geometry';
import type { EditorStore } from './store';

export interface AnnotationActionEnv {
  store: EditorStore;
  figure: Figure;
  selection: ReadonlySet<string>;
  /** Where a paste goes: the panel under the pointer, else the selection's, else the first. */
  targetPanelId: string | null;
  /** A panel's visible frame in its source px (crop or whole image). */
  frameOf(panelId: string): Rect | null;
  newId(): string;
}

export const ANNOTATION_ACTION_IDS = [
  'edit.copy',
  'edit.cut',
  'edit.paste',
  'edit.duplicate',
  'arrange.forward',
  'arrange.backward',
  'arrange.front',
  'arrange.back',
] as const;

/** A paste in the same panel lands this fraction of the frame down-right, so it is visible. */
const PASTE_OFFSET = 0.02;

export function annotationActions(env: AnnotationActionEnv): Record<(typeof ANNOTATION_ACTION_IDS)[number], () => void> {
  const { store, figure, selection } = env;
  const paste = (clip = clipboard.get(), target = env.targetPanelId) => {
    const panelId = target && figure.panels.some((p) => p.id === target) ? target : figure.panels[0]?.id;
    if (!clip || !panelId) return;
    const frame = env.frameOf(panelId);
    if (!frame) return;
    const list = pasteClip(clip, panelId, frame, Math.max(frame.w, frame.h) * PASTE_OFFSET, env.newId);
    store.dispatch(addAnnotations(figure.id, panelId, list));
    store.setUi({ selection: new Set(list.map((a) => a.id)) });
    // Successive pastes cascade instead of stacking on one spot.
    if (panelId === clip.panelId && clip === clipboard.get()) clipboard.set({ ...clip, annotations: list });
  };
  const arrange = (how: ZOrder) => () => selection.size && store.dispatch(reorderAnnotations(figure.id, selection, how));
  return {
    'edit.copy': () => {
      const c = copySelection(figure, selection, env.frameOf);
      if (c) clipboard.set(c);
    },
    'edit.cut': () => {
      const c = copySelection(figure, selection, env.frameOf);
      if (!c) return;
      clipboard.set(c);
      store.dispatch(deleteAnnotations(figure.id, new Set(c.annotations.map((a) => a.id))));
      store.setUi({ selection: new Set() });
    },
    'edit.paste': () => paste(),
    'edit.duplicate': () => {
      const c = copySelection(figure, selection, env.frameOf);
      if (c) paste(c, c.panelId);
    },
    'arrange.forward': arrange('forward'),
    'arrange.backward': arrange('backward'),
    'arrange.front': arrange('front'),
    'arrange.back': arrange('back'),
  };
}
