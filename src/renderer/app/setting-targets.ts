// The command palette finds settings as well as commands: every section, labelled control and
// button of the side panels (figure settings on the left, the inspector on the right), read from
// what is on screen, so a new control is found without being registered anywhere. Choosing one
// opens its collapsed section, scrolls it into view and focuses it (a button is pressed).

export interface SettingTarget {
  /** What the control is called on screen ("Journal", "Scale bar", "Bone"). */
  label: string;
  /** Where it is: the side panel and section ("Inspector · Display"). */
  where: string;
  kind: 'section' | 'control' | 'button';
  el: HTMLElement;
}

const words = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9µ]+/)
    .filter(Boolean);

/**
 * Targets whose label matches every word of the query (each a prefix of one of its words), best
 * first: a label that starts with the query, then sections, then the rest in screen order. One
 * entry per label and place; at most `limit`.
 */
export function matchSettings<T extends Pick<SettingTarget, 'label' | 'where' | 'kind'>>(
  targets: readonly T[],
  query: string,
  limit = 8,
): T[] {
  const q = words(query);
  if (!q.length || query.trim().length < 2) return [];
  const scored: { t: T; score: number; i: number }[] = [];
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    const w = words(t.label);
    if (!q.every((qw) => w.some((x) => x.startsWith(qw)))) return;
    const key = `${t.label.toLowerCase()}|${t.where}`;
    if (seen.has(key)) return;
    seen.add(key);
    const starts = w.join(' ').startsWith(q.join(' '));
    scored.push({ t, i, score: (starts ? 2 : 0) + (t.kind === 'section' ? 1 : 0) });
  });
  return scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.t);
}

const SKIP = new Set(['SELECT', 'OPTION', 'INPUT', 'TEXTAREA', 'BUTTON']);

/** A label's own words, without the values of the controls inside it. */
function ownText(el: Element): string {
  let s = '';
  el.childNodes.forEach((n) => {
    if (n.nodeType === Node.TEXT_NODE) s += n.textContent ?? '';
    else if (n instanceof Element && !SKIP.has(n.tagName)) s += ` ${ownText(n)} `;
  });
  return s.replace(/\s+/g, ' ').trim();
}

function sectionOf(el: Element): string {
  for (let n: Element | null = el; n; n = n.parentElement) {
    const heading =
      n.tagName === 'SECTION'
        ? n.querySelector(':scope > h2, :scope > h3')
        : n.tagName === 'DETAILS'
          ? n.querySelector(':scope > summary')
          : null;
    if (heading && heading !== el) return heading.textContent?.trim() ?? '';
  }
  return '';
}

/** Every section, labelled control and button of the side panels, in screen order. */
export function collectSettingTargets(doc: Document = document): SettingTarget[] {
  const out: SettingTarget[] = [];
  for (const aside of doc.querySelectorAll<HTMLElement>('aside.left, aside.inspector')) {
    const panelName = aside.classList.contains('inspector') ? 'Inspector' : 'Figure';
    for (const el of aside.querySelectorAll<HTMLElement>('section > h2, section > h3, summary, label, button')) {
      const section = sectionOf(el);
      const where = section && section !== el.textContent?.trim() ? `${panelName} · ${section}` : panelName;
      if (el.tagName === 'H2' || el.tagName === 'H3' || el.tagName === 'SUMMARY') {
        const label = el.textContent?.trim() ?? '';
        if (label) out.push({ label, where: panelName, kind: 'section', el });
      } else if (el.tagName === 'LABEL') {
        const label = ownText(el);
        const control = (el as HTMLLabelElement).control ?? el.querySelector<HTMLElement>('input, select, textarea');
        if (label && control && !(control as HTMLInputElement).disabled)
          out.push({ label, where, kind: 'control', el: control as HTMLElement });
      } else {
        const b = el as HTMLButtonElement;
        // Buttons inside a label are that label's; icon-only buttons are named by aria-label.
        const label = (b.textContent?.trim() || b.getAttribute('aria-label') || '').replace(/\s+/g, ' ');
        if (label && !b.disabled && !b.closest('label') && label.length <= 40) out.push({ label, where, kind: 'button', el: b });
      }
    }
  }
  return out;
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/** Opens the target's collapsed sections, brings it into view and focuses it; a button is pressed. */
export function revealSetting(t: SettingTarget): void {
  for (let n: HTMLElement | null = t.el; n; n = n.parentElement) if (n instanceof HTMLDetailsElement) n.open = true;
  // A section: its first control after the heading (a panel may hold several headed parts).
  const after = (n: Element) => !!(t.el.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
  const focusable =
    t.kind === 'section'
      ? ([...(t.el.closest('section, details')?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].find(after) ?? t.el)
      : t.el;
  focusable.scrollIntoView({ block: 'center' });
  focusable.focus({ preventScroll: true });
  focusable.classList.add('palette-found');
  setTimeout(() => focusable.classList.remove('palette-found'), 1600);
  if (t.kind === 'button') focusable.click();
}
