// Ctrl+K: every action of the registry with its shortcut, filtered as you type, then the settings
// of the side panels that match (setting-targets.ts): a section, control or button found here is
// opened, scrolled to and focused. An action that cannot run now is listed greyed out and is not run.
import { useMemo, useState } from 'react';
import type { Action, ActionContext } from '../actions/registry';
import { bind } from '../actions/ActionsContext';
import { collectSettingTargets, matchSettings, revealSetting, type SettingTarget } from './setting-targets';

type Entry = { kind: 'action'; a: Action; b: ReturnType<typeof bind> } | { kind: 'setting'; t: SettingTarget };

const enabled = (x: Entry | undefined) => !!x && (x.kind === 'setting' || x.b.enabled);

export function CommandPalette({ actions, ctx, onClose }: { actions: readonly Action[]; ctx: ActionContext; onClose(): void }) {
  const [q, setQ] = useState('');
  const [i, setI] = useState(0);
  // What the side panels show as the palette opens (the palette covers them meanwhile).
  const targets = useMemo(() => collectSettingTargets(), []);
  const listFor = (query: string): Entry[] => [
    ...actions
      .filter((a) => a.id !== 'edit.redoY' && `${a.menu} ${a.label}`.toLowerCase().includes(query.toLowerCase()))
      .map((a) => ({ kind: 'action' as const, a, b: bind(a, ctx) })),
    ...matchSettings(targets, query).map((t) => ({ kind: 'setting' as const, t })),
  ];
  const list = listFor(q);
  const go = (x: Entry | undefined) => {
    if (!enabled(x)) return;
    onClose();
    if (x!.kind === 'action') x!.b.run();
    // After the palette is gone, so that nothing takes the focus back from the setting.
    else requestAnimationFrame(() => revealSetting(x!.t));
  };
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Command palette" onClick={onClose}>
      <div className="modal palette" onClick={(e) => e.stopPropagation()} data-testid="palette">
        <input
          autoFocus
          aria-label="Search commands"
          placeholder="Type a command or a setting…"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            // The first entry that can run is the one Enter runs.
            setI(Math.max(0, listFor(e.target.value).findIndex(enabled)));
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
          {list.map((x, k) =>
            x.kind === 'action' ? (
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
            ) : (
              <li
                key={`setting-${k}`}
                role="option"
                aria-selected={k === i}
                className={k === i ? 'active' : ''}
                onClick={() => go(x)}
                data-testid="palette-setting"
              >
                <span className="muted">{x.t.where}:</span> {x.t.label}
                <kbd>{x.t.kind === 'button' ? 'press' : 'go to'}</kbd>
              </li>
            ),
          )}
          {!list.length && (
            <li className="muted" data-testid="palette-empty">
              No command or setting matches “{q}”.
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
