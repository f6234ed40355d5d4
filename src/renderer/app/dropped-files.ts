// Files from a drop, folders included: a dropped folder (a CT series, a slide's tiles) is read
// recursively through the File and Directory Entries API, which both Chromium and Electron have.

/** The parts of FileSystemEntry this needs (so it can be tested with plain objects). */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: EntryLike[]) => void, fail: (e: unknown) => void): void };
}

/** At most this many files from one drop: a dropped home folder must not freeze the page. */
export const MAX_DROPPED_FILES = 5000;

async function readAll(dir: EntryLike): Promise<EntryLike[]> {
  const reader = dir.createReader!();
  const out: EntryLike[] = [];
  // readEntries returns the folder in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) return out;
    out.push(...batch);
  }
}

export async function filesFromEntries(
  roots: EntryLike[],
  limit = MAX_DROPPED_FILES,
): Promise<{ files: File[]; fromFolder: boolean; truncated: boolean }> {
  const files: File[] = [];
  let fromFolder = false;
  const queue = [...roots];
  while (queue.length) {
    const e = queue.shift()!;
    if (files.length >= limit) return { files, fromFolder, truncated: true };
    if (e.isDirectory && e.createReader) {
      fromFolder = true;
      const children = (await readAll(e)).filter((c) => !c.name.startsWith('.'));
      children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
      queue.push(...children);
    } else if (e.isFile && e.file) {
      files.push(await new Promise<File>((ok, fail) => e.file!(ok, fail)));
    }
  }
  return { files, fromFolder, truncated: false };
}

export async function filesFromDrop(dt: DataTransfer): Promise<{ files: File[]; fromFolder: boolean; truncated: boolean }> {
  const entries = Array.from(dt.items ?? [])
    .map((i) => (i.kind === 'file' ? (i.webkitGetAsEntry?.() as unknown as EntryLike | null) : null))
    .filter((e): e is EntryLike => !!e);
  if (!entries.length) return { files: Array.from(dt.files ?? []), fromFolder: false, truncated: false };
  return filesFromEntries(entries);
}

/** A dropped folder of DICOM files (or extension-less files, as scanners write) is a series. */
export function looksLikeSeries(files: readonly File[], fromFolder: boolean): boolean {
  const dicomish = files.filter((f) => /\.(dcm|dicom|ima)$/i.test(f.name) || !/\.[a-z0-9]{2,5}$/i.test(f.name));
  return files.length > 1 && dicomish.length === files.length && (fromFolder || files.length > 1);
}
