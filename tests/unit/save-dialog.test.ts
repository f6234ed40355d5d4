// The desktop save dialog's answer made into the file written (src/main/save-dialog.ts): GTK does
// not add the filter's extension to a typed name.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFolder, withSaveExtension } from '../../src/main/save-dialog';

describe('withSaveExtension', () => {
  it('a project gets .medfig unless it has it (any case), as the web host names it', () => {
    expect(withSaveExtension('/home/u/Documents/Case report', 'Untitled.medfig', 'project')).toBe('/home/u/Documents/Case report.medfig');
    expect(withSaveExtension('/home/u/Case.medfig', 'Untitled.medfig', 'project')).toBe('/home/u/Case.medfig');
    expect(withSaveExtension('/home/u/Case.MEDFIG', 'Untitled.medfig', 'project')).toBe('/home/u/Case.MEDFIG');
    expect(withSaveExtension('/home/u/Case.v2', 'Untitled.medfig', 'project')).toBe('/home/u/Case.v2.medfig');
    expect(withSaveExtension('C:\\Users\\u\\Case', 'x.medfig', 'project')).toBe('C:\\Users\\u\\Case.medfig');
  });

  it("an export without an extension of its kind gets the suggested name's", () => {
    expect(withSaveExtension('/d/Figure 1', 'figure.png', 'export')).toBe('/d/Figure 1.png');
    expect(withSaveExtension('/d/Figure 1.final', 'figure.tif', 'export')).toBe('/d/Figure 1.final.tif');
    expect(withSaveExtension('/d/deck', 'case-quiz.pptx', 'export')).toBe('/d/deck.pptx');
    expect(withSaveExtension('/d/deck.png', 'case.pptx', 'export')).toBe('/d/deck.png.pptx');
    expect(withSaveExtension('/d/loop', 'figure-1-cine.gif', 'export')).toBe('/d/loop.gif');
    expect(withSaveExtension('/d/submission', 'case-submission.zip', 'export')).toBe('/d/submission.zip');
    expect(withSaveExtension('/d/my.folder/fig', 'figure.svg', 'export')).toBe('/d/my.folder/fig.svg');
  });

  it('keeps an extension the renderer reads as another format of the same kind', () => {
    for (const name of ['fig.tif', 'fig.TIFF', 'fig.jpg', 'fig.jpeg', 'fig.pdf', 'fig.svg', 'fig.PNG'])
      expect(withSaveExtension(`/d/${name}`, 'figure.png', 'export'), name).toBe(`/d/${name}`);
    expect(withSaveExtension('/d/loop.mp4', 'figure-1-cine.gif', 'export')).toBe('/d/loop.mp4');
  });
});

describe('ensureFolder', () => {
  it('creates the folder (and its parents) and opens there', async () => {
    const base = mkdtempSync(join(tmpdir(), 'medfig-save-'));
    try {
      const dir = join(base, 'Documents', 'Medfig');
      expect(await ensureFolder(dir, join(base, 'Documents'))).toBe(dir);
      expect(statSync(dir).isDirectory()).toBe(true);
      // Already there: the same.
      expect(await ensureFolder(dir, base)).toBe(dir);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('falls back when it cannot be made (a file in the way)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'medfig-save-'));
    try {
      writeFileSync(join(base, 'Medfig'), 'not a folder');
      expect(await ensureFolder(join(base, 'Medfig'), base)).toBe(base);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
