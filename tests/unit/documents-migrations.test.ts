import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError, migrate, MIGRATIONS, upgrade, type Migration } from '../../src/shared/figure/migrations';
import { DEFAULT_STYLE, FORMAT_VERSION, Project } from '../../src/shared/figure/schema';
import { parseProjectText } from '../../src/services/documents';
import { FIXTURES, fixtureProject } from './helpers/documents-fixtures';

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

describe('format 1 → 2 (rich text, page items)', () => {
  const v1Label = (extra: Record<string, unknown> = {}) => ({
    formatVersion: 1,
    app: 'medfig',
    sources: [{ id: 's', path: 'a.png', sha256: 'a'.repeat(64), size: 1, kind: 'raster' }],
    figures: [
      {
        id: 'f',
        name: 'Figure 1',
        page: { widthMm: 89 },
        rows: [1],
        panels: [
          {
            id: 'p',
            sourceId: 's',
            annotations: [
              { id: 't', layer: 'labels', style: DEFAULT_STYLE, type: 'text', at: [1, 2], text: 'nodule', ...extra },
              { id: 'c', layer: 'labels', style: DEFAULT_STYLE, type: 'callout', at: [1, 2], target: [3, 4], text: 'CD3+' },
            ],
          },
        ],
      },
    ],
  });

  it('gives every label and callout its text as one plain run and every figure an empty page layer', () => {
    const p = migrate(v1Label());
    const [t, c] = p.figures[0].panels[0].annotations;
    expect(t).toMatchObject({ text: 'nodule', runs: [{ text: 'nodule' }] });
    expect(c).toMatchObject({ text: 'CD3+', runs: [{ text: 'CD3+' }] });
    expect(p.figures[0].pageItems).toEqual([]);
  });

  it('reads the rich labels and page items of the v2 fixture as written', async () => {
    const p = await fixtureProject(2);
    const rich = p.figures[0].panels[0].annotations.find((a) => a.id === 'a-rich');
    expect(rich && 'runs' in rich ? rich.runs : null).toEqual([
      { text: 'CD', italic: true },
      { text: '3' },
      { text: '+', script: 'super' },
      { text: ' T' },
      { text: '2', script: 'sub' },
      { text: '-weighted' },
    ]);
    expect(p.figures[0].pageItems.map((i) => i.type)).toEqual(['text', 'line', 'bracket']);
  });

  it('refuses runs that do not spell the text, naming the field', () => {
    const raw = v1Label();
    const doc = upgrade(raw) as { figures: { panels: { annotations: Record<string, unknown>[] }[] }[] };
    doc.figures[0].panels[0].annotations[0].runs = [{ text: 'nodules', italic: true }];
    expect(() => migrate(doc)).toThrow('figures[0].panels[0].annotations[0].runs: the formatted runs do not spell the text');
  });
});
