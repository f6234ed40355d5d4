import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError, migrate, MIGRATIONS, upgrade, type Migration } from '../../src/shared/figure/migrations';
import { FORMAT_VERSION, Project } from '../../src/shared/figure/schema';
import { parseProjectText } from '../../src/services/documents';
import { FIXTURES } from './helpers/documents-fixtures';

describe('format versions', () => {
  it('keeps one fixture per format version, and every one of them opens as a current project', async () => {
    const names = (await fsp.readdir(FIXTURES)).filter((n) => /^v\d+\.medfig$/.test(n));
    const versions = names.map((n) => Number(n.slice(1, -'.medfig'.length))).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: FORMAT_VERSION }, (_, i) => i + 1));
    for (const n of names) {
      const text = await fsp.readFile(path.join(FIXTURES, n), 'utf8');
      const project = parseProjectText(text, n);
      expect(project.formatVersion).toBe(FORMAT_VERSION);
      expect(Project.safeParse(project).success).toBe(true);
      // Nothing a user made may be lost by a migration: every annotation id survives.
      const ids = (s: string) => [...s.matchAll(/"id":\s*"([^"]+)"/g)].map((m) => m[1]).sort();
      expect(ids(JSON.stringify(project))).toEqual(ids(text));
    }
  });

  it('has a migration for every older version', () => {
    for (let v = 1; v < FORMAT_VERSION; v++) expect(typeof MIGRATIONS[v]).toBe('function');
  });

  it('refuses a future version with the message users see', () => {
    expect(() => migrate({ formatVersion: FORMAT_VERSION + 1, app: 'medfig' })).toThrow(
      `made by a newer Medfig (format ${FORMAT_VERSION + 1}; this version reads up to ${FORMAT_VERSION})`,
    );
    const err = (() => {
      try {
        migrate({ formatVersion: 99 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).code).toBe('future-version');
  });

  it('refuses version 0, fractional and missing versions, and other apps', () => {
    for (const [raw, msg] of [
      [{ formatVersion: 0, app: 'medfig' }, /not a Medfig format/],
      [{ formatVersion: 1.5, app: 'medfig' }, /whole number/],
      [{ app: 'medfig' }, /formatVersion: missing/],
      [{ formatVersion: 1, app: 'figma' }, /app: expected "medfig"/],
      ['just a string', /\(root\)/],
    ] as const) {
      expect(() => migrate(raw)).toThrow(msg);
    }
  });
});

describe('the migration runner (synthetic formats 1 → 3)', () => {
  // Format 2 renamed figures[].title → name; format 3 moved app under meta.
  const table: Record<number, Migration> = {
    1: (d) => ({ ...d, figures: (d.figures as { title: string }[]).map(({ title, ...f }) => ({ ...f, name: title })) }),
    2: ({ app, ...d }) => ({ ...d, meta: { app } }),
  };

  it('applies each step in order and stamps the version', () => {
    const v1 = { formatVersion: 1, app: 'medfig', figures: [{ title: 'Fig A' }] };
    expect(upgrade(v1, table, 3)).toEqual({ formatVersion: 3, meta: { app: 'medfig' }, figures: [{ name: 'Fig A' }] });
    expect(upgrade({ formatVersion: 2, app: 'medfig', figures: [] }, table, 3)).toEqual({
      formatVersion: 3,
      meta: { app: 'medfig' },
      figures: [],
    });
  });

  it('does not mutate the input', () => {
    const v1 = { formatVersion: 1, app: 'medfig', figures: [{ title: 'Fig A' }] };
    const copy = structuredClone(v1);
    upgrade(v1, table, 3);
    expect(v1).toEqual(copy);
  });

  it('a gap in the table is an error, not a silent skip', () => {
    expect(() => upgrade({ formatVersion: 1, app: 'medfig' }, { 2: table[2] }, 3)).toThrow(/no migration from format 1 to 2/);
  });
});
