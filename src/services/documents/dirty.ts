// Unsaved-changes check. Compares structure, not text, so key order or whitespace in the
// saved file (hand edits, older writers) does not raise a false prompt.
import { migrate } from '../../shared/figure/migrations';
import { Project } from '../../shared/figure/schema';

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val,
  );
}

/** savedJson = text of the last save/open, or null for a never-saved project (always dirty). */
export function isDirty(savedJson: string | null, current: Project): boolean {
  if (savedJson === null) return true;
  let saved: unknown;
  try {
    saved = migrate(JSON.parse(savedJson));
  } catch {
    return true;
  }
  const now = Project.safeParse(current);
  return canonical(saved) !== canonical(now.success ? now.data : current);
}
