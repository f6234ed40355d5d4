// Format versions and migrations. A document is upgraded one version at a time
// (MIGRATIONS[n] turns format n into n+1), then validated with the current schema.
// Adding format 2 = bump FORMAT_VERSION in schema.ts, add MIGRATIONS[1], add
// tests/fixtures/projects/v2.medfig (the test checks a fixture exists per version).
import { describeZodError, FORMAT_VERSION, Project } from './schema';

/** The first format Medfig ever wrote; nothing older exists, so nothing older is readable. */
export const OLDEST_FORMAT = 1;

export type RawDocument = Record<string, unknown>;
export type Migration = (doc: RawDocument) => RawDocument;

/**
 * Format 2 (rich text, page items): every label and callout keeps its plain `text` and gains
 * `runs` (the same characters as one unformatted run); every figure gains an empty `pageItems`.
 * A format-1 Medfig refuses the file rather than open it and drop the formatting on save.
 */
function toFormat2(doc: RawDocument): RawDocument {
  const figures = doc.figures;
  if (!Array.isArray(figures)) return doc;
  return {
    ...doc,
    figures: figures.map((f: unknown) => {
      if (!isRecord(f)) return f;
      const panels = Array.isArray(f.panels)
        ? f.panels.map((p: unknown) => {
            if (!isRecord(p) || !Array.isArray(p.annotations)) return p;
            return {
              ...p,
              annotations: p.annotations.map((a: unknown) =>
                isRecord(a) && (a.type === 'text' || a.type === 'callout') && typeof a.text === 'string' && a.runs === undefined
                  ? { ...a, runs: [{ text: a.text }] }
                  : a,
              ),
            };
          })
        : f.panels;
      return { ...f, panels, pageItems: Array.isArray(f.pageItems) ? f.pageItems : [] };
    }),
  };
}

/** MIGRATIONS[n]: format n → n + 1. Must not mutate its input. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: toFormat2 };

export type FormatErrorCode = 'future-version' | 'invalid';

export class FormatError extends Error {
  constructor(
    message: string,
    readonly code: FormatErrorCode,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

function isRecord(v: unknown): v is RawDocument {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads formatVersion and refuses what this build cannot read, with a sentence a user understands. */
export function formatVersionOf(raw: unknown, current: number = FORMAT_VERSION, oldest = OLDEST_FORMAT): number {
  if (!isRecord(raw)) throw new FormatError('(root): expected a JSON object — this is not a Medfig project', 'invalid');
  if (raw.app !== undefined && raw.app !== 'medfig')
    throw new FormatError(`app: expected "medfig" — this is not a Medfig project`, 'invalid');
  const v = raw.formatVersion;
  if (v === undefined) throw new FormatError('formatVersion: missing — this is not a Medfig project', 'invalid');
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FormatError('formatVersion: must be a whole number', 'invalid');
  if (v > current) throw new FormatError(`made by a newer Medfig (format ${v}; this version reads up to ${current})`, 'future-version');
  if (v < oldest) throw new FormatError(`formatVersion: ${v} is not a Medfig format (the oldest is ${oldest})`, 'invalid');
  return v;
}

/** Applies the migration chain up to `current`. Pure: the input is cloned first. */
export function upgrade(
  raw: unknown,
  table: Readonly<Record<number, Migration>> = MIGRATIONS,
  current: number = FORMAT_VERSION,
  oldest = OLDEST_FORMAT,
): RawDocument {
  let v = formatVersionOf(raw, current, oldest);
  let doc = structuredClone(raw as RawDocument);
  while (v < current) {
    const step = table[v];
    if (!step) throw new FormatError(`formatVersion: no migration from format ${v} to ${v + 1}`, 'invalid');
    doc = { ...step(doc), formatVersion: v + 1 };
    v += 1;
  }
  return doc;
}

/**
 * Cross-references the schema cannot express: unique ids, panels that name an existing
 * source, insets of a panel in the same figure, rows that add up to the panel count.
 * Returns the first problem as "path: message", or null. Save checks the same, so Medfig
 * never writes a file it would refuse to open.
 */
export function checkReferences(p: Project): string | null {
  const seen = new Set<string>();
  const sourceIds = new Set<string>();
  for (const [i, s] of p.sources.entries()) {
    if (sourceIds.has(s.id)) return `sources[${i}].id: duplicate id "${s.id}"`;
    sourceIds.add(s.id);
  }
  for (const [f, fig] of p.figures.entries()) {
    if (seen.has(fig.id)) return `figures[${f}].id: duplicate id "${fig.id}"`;
    seen.add(fig.id);
    const panelIds = new Set(fig.panels.map((x) => x.id));
    const total = fig.rows.reduce((a, b) => a + b, 0);
    if (total !== fig.panels.length) return `figures[${f}].rows: adds up to ${total} but the figure has ${fig.panels.length} panel(s)`;
    for (const [k, panel] of fig.panels.entries()) {
      const at = `figures[${f}].panels[${k}]`;
      if (seen.has(panel.id)) return `${at}.id: duplicate id "${panel.id}"`;
      seen.add(panel.id);
      if (!sourceIds.has(panel.sourceId)) return `${at}.sourceId: no source with id "${panel.sourceId}"`;
      if (panel.insetOf !== null && (panel.insetOf === panel.id || !panelIds.has(panel.insetOf)))
        return `${at}.insetOf: no other panel with id "${panel.insetOf}" in this figure`;
    }
    for (const [k, item] of fig.pageItems.entries()) {
      if (seen.has(item.id)) return `figures[${f}].pageItems[${k}].id: duplicate id "${item.id}"`;
      seen.add(item.id);
    }
  }
  return null;
}

/** Any readable document → a valid current Project. Throws FormatError naming the bad field. */
export function migrate(raw: unknown): Project {
  const doc = upgrade(raw);
  const parsed = Project.safeParse(doc);
  if (!parsed.success) throw new FormatError(describeZodError(parsed.error), 'invalid');
  const problem = checkReferences(parsed.data);
  if (problem) throw new FormatError(problem, 'invalid');
  return parsed.data;
}
