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
