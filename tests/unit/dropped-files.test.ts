// Dropped folders are read recursively, in natural order, hidden files skipped, with a limit.
import { describe, expect, it } from 'vitest';
import { filesFromEntries, looksLikeSeries, type EntryLike } from '../../src/renderer/app/dropped-files';

const file = (name: string): EntryLike => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File([name], name)) });
function dir(name: string, children: EntryLike[], batch = 2): EntryLike {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let i = 0;
      // Like Chromium, hand the entries out in batches, then an empty batch.
      return { readEntries: (ok) => ok(children.slice(i, (i += batch))) };
    },
  };
}

describe('files from a drop', () => {
  it('walks folders in batches, natural order, skipping hidden files', async () => {
    const r = await filesFromEntries([dir('series', [file('IM10'), file('IM2'), file('.DS_Store'), dir('sub', [file('IM1')])])]);
    expect(r.files.map((f) => f.name)).toEqual(['IM2', 'IM10', 'IM1']);
    expect(r.fromFolder).toBe(true);
    expect(r.truncated).toBe(false);
  });
  it('stops at the limit', async () => {
    const many = Array.from({ length: 30 }, (_, i) => file(`f${i}.dcm`));
    const r = await filesFromEntries([dir('big', many, 7)], 10);
    expect(r.files).toHaveLength(10);
    expect(r.truncated).toBe(true);
  });
  it('a folder of DICOM-like files is a series; photos are not', () => {
    const f = (n: string) => new File(['x'], n);
    expect(looksLikeSeries([f('a.dcm'), f('b.dcm')], true)).toBe(true);
    expect(looksLikeSeries([f('IM0001'), f('IM0002')], true)).toBe(true);
    expect(looksLikeSeries([f('a.jpg'), f('b.dcm')], true)).toBe(false);
    expect(looksLikeSeries([f('a.dcm')], true)).toBe(false);
  });
});
