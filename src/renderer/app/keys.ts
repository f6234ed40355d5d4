// Turns an Electron accelerator ("CmdOrCtrl+Shift+Z", "A", "Delete") into a key test, so the
// one action list drives both native menus and in-page shortcuts.
export function keyMatches(accel: string, e: KeyboardEvent): boolean {
  const parts = accel.split('+');
  const key = parts.pop()!.toLowerCase();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const wantCtrl = mods.has('cmdorctrl') || mods.has('ctrl') || mods.has('cmd');
  if (wantCtrl !== (e.ctrlKey || e.metaKey)) return false;
  if (mods.has('shift') !== e.shiftKey) return false;
  if (mods.has('alt') !== e.altKey) return false;
  const k = e.key.toLowerCase();
  if (key === '=') return k === '=' || k === '+';
  if (key === 'delete') return k === 'delete';
  return k === key || e.code.toLowerCase() === `key${key}` || e.code.toLowerCase() === `digit${key}`;
}

// Inputs where keys are typed text (and Ctrl+Z undoes typing); every other control — a button,
// a select, a checkbox, a range slider — leaves shortcuts to the app.
const TEXT_INPUT_TYPES = new Set([
  'text',
  'number',
  'search',
  'email',
  'url',
  'password',
  'tel',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/** True when keys typed now go into a text entry, so shortcuts must leave them alone. */
export function isTextEntry(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  if (!t || typeof t.tagName !== 'string') return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA') return true;
  if (t.tagName === 'INPUT') return TEXT_INPUT_TYPES.has(((t as HTMLInputElement).type || 'text').toLowerCase());
  return false;
}

/** True inside a modal dialog (the palette, a question): the page behind it takes no shortcuts. */
export function inModal(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && typeof t.closest === 'function' && !!t.closest('[aria-modal="true"]');
}
