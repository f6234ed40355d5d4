// The registry as React sees it: the shell provides the actions and their context once; the
// toolbar, palette and cheat sheet read them through these hooks and re-render after the store
// changes (so enabled/checked are current from the frame after an edit: app/after-paint.ts).
import { createContext, useContext } from 'react';
import { useRenderAfterPaint } from '../app/after-paint';
import { isEnabled, run, type Action, type ActionContext } from './registry';

export interface ActionsValue {
  actions: readonly Action[];
  ctx: ActionContext;
}

export const ActionsContext = createContext<ActionsValue | null>(null);

/** An action ready for a button: label, shortcut, enabled, checked and run(). */
export interface BoundAction {
  id: string;
  label: string;
  /** The shortcut as shown to the user ("Ctrl+Z"), or ''. */
  shortcut: string;
  /** Label with the shortcut, for a tooltip. */
  title: string;
  enabled: boolean;
  checked: boolean;
  run(): void;
}

/** Electron accelerator → what the user presses on this platform. */
export function showAccelerator(accel: string | undefined): string {
  if (!accel) return '';
  const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  return accel
    .replace('CmdOrCtrl', mac ? '⌘' : 'Ctrl')
    .replace('PageUp', 'Page Up')
    .replace('PageDown', 'Page Down');
}

export function bind(a: Action, ctx: ActionContext): BoundAction {
  const shortcut = showAccelerator(a.accelerator);
  return {
    id: a.id,
    label: a.label,
    shortcut,
    title: shortcut ? `${a.label} (${shortcut})` : a.label,
    enabled: isEnabled(a, ctx),
    checked: a.checked ? a.checked(ctx) : false,
    run: () => void run(a, ctx),
  };
}

function useActionsValue(): ActionsValue {
  const v = useContext(ActionsContext);
  if (!v) throw new Error('useAction needs the ActionsContext provider (App)');
  return v;
}

/** One action by id, bound for a button (the toolbar renders these). */
export function useAction(id: string): BoundAction {
  const { actions, ctx } = useActionsValue();
  // Re-render after every store change: enabled/checked read the store.
  useRenderAfterPaint(ctx.store.subscribe);
  const a = actions.find((x) => x.id === id);
  if (!a) throw new Error(`No action "${id}" in the registry`);
  return bind(a, ctx);
}

/** Several actions by id, in that order (a toolbar group). */
export function useActions(ids: readonly string[]): BoundAction[] {
  const { actions, ctx } = useActionsValue();
  useRenderAfterPaint(ctx.store.subscribe);
  return ids.map((id) => {
    const a = actions.find((x) => x.id === id);
    if (!a) throw new Error(`No action "${id}" in the registry`);
    return bind(a, ctx);
  });
}
