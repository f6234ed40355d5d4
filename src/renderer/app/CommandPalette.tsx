// Ctrl+K: every action of the registry with its shortcut, filtered as you type. An action that
// cannot run now is listed greyed out and is not run.
import { useState } from 'react';
import type { Action, ActionContext } from '../actions/registry';
import { bind } from '../actions/ActionsContext';

export function CommandPalette({ actions, ctx, onClose }: { actions: readonly Action[]; ctx: ActionContext; onClose(): void }) {
  const [q, setQ] = useState('');
  const [i, setI] = useState(0);
  const list = actions
    .filter((a) => a.id !== 'edit.redoY' && `${a.menu} ${a.label}`.toLowerCase().includes(q.toLowerCase()))
    .map((a) => ({ a, b: bind(a, ctx) }));
  const go = (x: (typeof list)[number] | undefined) => {
    if (!x || !x.b.enabled) return;
    onClose();
    x.b.run();
  };
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Command palette" onClick={onClose}>
      <div className="modal palette" onClick={(e) => e.stopPropagation()} data-testid="palette">
        <input
          autoFocus
          aria-label="Search commands"
          placeholder="Type a command…"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            // The first action that can run is the one Enter runs.
            const next = actions.filter(
              (a) => a.id !== 'edit.redoY' && `${a.menu} ${a.label}`.toLowerCase().includes(e.target.value.toLowerCase()),
            );
            setI(
              Math.max(
                0,
                next.findIndex((a) => bind(a, ctx).enabled),
              ),
            );
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setI((x) => Math.min(list.length - 1, x + 1));
            else if (e.key === 'ArrowUp') setI((x) => Math.max(0, x - 1));
            else if (e.key === 'Enter') {
              // The Enter that runs an action must not also press the button of a question the
              // action opens (New project → "Save changes?" would be answered Save at once).
              e.preventDefault();
              go(list[i]);
            } else if (e.key === 'Escape') onClose();
          }}
        />
        <ul role="listbox">
          {list.map((x, k) => (
            <li
              key={x.a.id}
              role="option"
              aria-selected={k === i}
              aria-disabled={!x.b.enabled}
              className={`${k === i ? 'active' : ''}${x.b.enabled ? '' : ' disabled'}`}
              onClick={() => go(x)}
            >
              <span className="muted">{x.a.menu}:</span> {x.a.label}
              {x.b.checked ? ' ✓' : ''}
              <kbd>{x.b.shortcut}</kbd>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
