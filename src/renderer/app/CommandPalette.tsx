// Ctrl+K: every action with its shortcut, filtered as you type.
import { useState } from 'react';

interface Action {
  id: string;
  label: string;
  menu: string;
  accelerator?: string;
  perform(): void;
}

export function CommandPalette({ actions, onClose }: { actions: Action[]; onClose(): void }) {
  const [q, setQ] = useState('');
  const [i, setI] = useState(0);
  const list = actions.filter((a) => a.id !== 'edit.redoY' && `${a.menu} ${a.label}`.toLowerCase().includes(q.toLowerCase()));
  const run = (a: Action | undefined) => {
    if (!a) return;
    onClose();
    a.perform();
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
            setI(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setI((x) => Math.min(list.length - 1, x + 1));
            else if (e.key === 'ArrowUp') setI((x) => Math.max(0, x - 1));
            else if (e.key === 'Enter') run(list[i]);
            else if (e.key === 'Escape') onClose();
          }}
        />
        <ul role="listbox">
          {list.map((a, k) => (
            <li key={a.id} role="option" aria-selected={k === i} className={k === i ? 'active' : ''} onClick={() => run(a)}>
              <span className="muted">{a.menu}:</span> {a.label}
              <kbd>{a.accelerator?.replace('CmdOrCtrl', 'Ctrl') ?? ''}</kbd>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
