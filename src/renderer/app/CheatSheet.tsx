// The keyboard cheat sheet (F1): every action with a shortcut, read from the one action list,
// plus the keys that only mean something on the canvas.
import { useEffect } from 'react';
import type { ActionMeta } from '../../shared/actions';

/** Electron accelerator → what the user presses on this platform. */
export function showAccelerator(accel: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  return accel
    .replace('CmdOrCtrl', mac ? '⌘' : 'Ctrl')
    .replace(/\+/g, ' + ')
    .replace('PageUp', 'Page Up')
    .replace('PageDown', 'Page Down');
}

const CANVAS_KEYS: [string, string][] = [
  ['← ↑ → ↓', 'Nudge the selection 1 screen px (Shift: 10)'],
  ['Shift while drawing', 'Snap to 0/45/90°, square box, circle; 15° steps when rotating'],
  ['Shift + click', 'Add to or remove from the selection'],
  ['Double click', 'Edit a label, callout or number in place; finish a polygon'],
  ['Enter / Backspace', 'Finish a polygon or area / remove its last point'],
  ['Shift + Enter', 'New line in a label'],
  ['Escape', 'Cancel the gesture, clear the selection'],
  ['Space + drag, middle button', 'Pan'],
  ['Wheel', 'Zoom at the pointer'],
];

export function CheatSheet({ actions, onClose }: { actions: readonly ActionMeta[]; onClose(): void }) {
  useEffect(() => {
    const k = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || e.key === 'F1') {
        e.preventDefault();
        e.stopImmediatePropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', k, true);
    return () => window.removeEventListener('keydown', k, true);
  }, [onClose]);
  const menus = [...new Set(actions.filter((a) => a.accelerator).map((a) => a.menu))];
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal cheat-sheet"
        role="dialog"
        aria-label="Keyboard shortcuts"
        data-testid="cheat-sheet"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <div className="cheat-columns">
          {menus.map((m) => (
            <section key={m}>
              <h3>{m}</h3>
              <dl>
                {actions
                  .filter((a) => a.menu === m && a.accelerator && a.id !== 'edit.redoY')
                  .map((a) => (
                    <div key={a.id} className="cheat-row">
                      <dt>
                        <kbd>{showAccelerator(a.accelerator!)}</kbd>
                        {a.id === 'edit.redo' && (
                          <>
                            {' '}
                            <kbd>{showAccelerator('CmdOrCtrl+Y')}</kbd>
                          </>
                        )}
                      </dt>
                      <dd>{a.label}</dd>
                    </div>
                  ))}
              </dl>
            </section>
          ))}
          <section>
            <h3>Canvas</h3>
            <dl>
              {CANVAS_KEYS.map(([k, what]) => (
                <div key={k} className="cheat-row">
                  <dt>
                    <kbd>{k}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
        <div className="buttons">
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
