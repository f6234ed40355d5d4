// Text label: click where the label goes, type in place, Enter to place (Shift+Enter = new line).
import { addAnnotation } from '../editor/commands';
import type { Tool } from './types';

export function createTextTool(): Tool {
  const tool: Tool = {
    id: 'text',
    label: 'Text',
    key: 'T',
    cursor: 'text',
    state: 'idle',
    down(p) {
      if (!p.panelId || !p.source || tool.state !== 'idle') return;
      tool.state = 'pointing';
    },
    // The editor opens on release: opening it on press would lose focus to the click.
    up(p, ctx) {
      if (tool.state !== 'pointing' || !p.panelId || !p.source) return;
      tool.state = 'dragging';
      const panelId = p.panelId;
      const at = p.source;
      void ctx.editText(panelId, at, '').then((text) => {
        tool.state = 'idle';
        if (text && text.trim()) {
          const id = ctx.newId();
          ctx.store.dispatch(addAnnotation(ctx.figureId, panelId, { id, type: 'text', layer: 'labels', style: ctx.style, at, text, rotation: 0 }));
          ctx.store.setUi({ selection: new Set([id]) });
        }
      });
    },
    move() {},
    cancel() {
      tool.state = 'idle';
    },
    draft: () => null,
  };
  return tool;
}
