// The native save dialog's answer, made into the file Medfig writes. GTK (Linux) does not add a
// filter's extension to a typed name, so "Case report" would be saved without .medfig and an
// export without the extension that says its format. Plain (no electron import): unit-tested in
// tests/unit/save-dialog.test.ts.
import { promises as fs } from 'node:fs';
import { basename, extname } from 'node:path';

/** Extensions that name the same kind of export: the renderer takes the format from the one typed. */
const EXPORT_FAMILIES: readonly (readonly string[])[] = [
  ['png', 'tif', 'tiff', 'jpg', 'jpeg', 'pdf', 'svg'], // a figure (ExportDialog)
  ['gif', 'mp4'], // a cine loop (TeachingExport)
  ['pptx'],
  ['zip'],
];

/**
 * The path to write for a save dialog's choice. A project gets ".medfig" unless it ends so (as the
 * web host's newFileIn names it). An export keeps an extension of its kind (a figure typed
 * "fig.tif" is a TIFF) and otherwise gets the suggested name's: "Figure 1" → "Figure 1.png",
 * "deck.v2" → "deck.v2.pptx".
 */
export function withSaveExtension(chosen: string, defaultName: string, kind: 'project' | 'export'): string {
  if (kind === 'project') return /\.medfig$/i.test(chosen) ? chosen : `${chosen}.medfig`;
  const wanted = extname(defaultName).slice(1);
  if (!wanted) return chosen;
  const typed = extname(basename(chosen)).slice(1).toLowerCase();
  const family = EXPORT_FAMILIES.find((f) => f.includes(wanted.toLowerCase())) ?? [wanted.toLowerCase()];
  return family.includes(typed) ? chosen : `${chosen}.${wanted}`;
}

/**
 * The folder a save dialog opens in: `dir` (created if missing, as Documents/Medfig is on a first
 * export), else `fallback` when it cannot be made (a read-only or odd Documents folder).
 */
export async function ensureFolder(dir: string, fallback: string): Promise<string> {
  try {
    await fs.mkdir(dir, { recursive: true });
    return dir;
  } catch {
    return fallback;
  }
}
