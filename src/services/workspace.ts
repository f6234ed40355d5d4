// The services every host calls: Electron main (over IPC), the web host (over HTTP) and
// the CLI. Plain Node. Paths never come from the renderer: the host issues ids for the
// files a user picked (dialog, in-app picker, drop) and the renderer names those ids.
import { whyFolderUnreadable } from './folder-errors';
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Project } from '../shared/figure/schema';
import { ApiError, type ApiParsed, type ApiResponses, type FileEntry, type OpenedImage } from '../shared/api';
import { ImageError, type DecodedFrame, type ImageInfo } from '../shared/imaging/types';
import { scanPrivacy } from './images/privacy';
import { createDeidService } from './deid/service';
import { sortSeries } from './images/dicom';
import { createImageCache, type ImageCache } from './images/cache';
import { QUICK_MAX_SIDE, SCREEN_MAX_SIDE, wantsQuickPreview } from '../shared/imaging/preview-sizes';
import { exportProjectFigure } from './figure-export';

export interface WorkspaceOptions {
  /** Folders the web host's picker may list (the Electron host uses native dialogs). */
  roots: string[];
  /** Where bytes dropped into the page are kept for this session. */
  importDir: string;
  /** Where the web host writes exports (Electron writes where the save dialog says). */
  exportDir: string;
}

interface IssuedFile {
  path: string;
  kind: 'dir' | 'file';
  /** Picked by the user in a native dialog: trusted wherever it is, unlike a browsed path. */
  chosen: boolean;
}

export interface Workspace {
  issue(path: string, kind?: 'dir' | 'file', chosen?: boolean): FileEntry;
  pathOf(fileId: string): string;
  /** True when the user picked this path in a native dialog (Electron). */
  isChosen(fileId: string): boolean;
  browse(req: ApiParsed<'browse'>): Promise<ApiResponses['browse']>;
  importBytes(req: ApiParsed<'importBytes'>): Promise<ApiResponses['importBytes']>;
  openImage(req: ApiParsed<'openImage'>): Promise<OpenedImage>;
  /** `sourceId`: register under a project's stored id (opening a .medfig) instead of a new one. */
  openPath(path: string, sourceId?: string): Promise<OpenedImage>;
  getFrame(req: ApiParsed<'getFrame'>): Promise<DecodedFrame>;
  getRegion(req: ApiParsed<'getRegion'>): Promise<DecodedFrame>;
  openSeries(req: ApiParsed<'openSeries'>): Promise<ApiResponses['openSeries']>;
  exportFigure(req: ApiParsed<'exportFigure'>, targetPath?: string): Promise<ApiResponses['exportFigure']>;
  /** The source resolver exports use (teaching exports too): only files this session issued or opened. */
  resolveSourceFor(project: Project, projectPath: string | null): (sourceId: string) => string | null;
  suggestRedactions(req: ApiParsed<'suggestRedactions'>): Promise<ApiResponses['suggestRedactions']>;
  cancelSuggestions(jobId: string): boolean;
  exportProgress(jobId: string): number | null;
  cancelExport(jobId: string): boolean;
  readonly images: ImageCache;
  readonly options: WorkspaceOptions;
  close(): Promise<void>;
}

/**
 * The host keeps only recent frames: enough for the renderer's ask to find the decode the open
 * started, and for a panel's pixel check after it was shown. The renderer keeps the frames it
 * shows (cornerstone's cache and its own budget); holding a second copy of a whole series here
 * cost the host's garbage collector about 3 ms of CPU per slice while a 300-slice CT was first
 * scrolled (bench/series-scroll.ts: 7.2–7.5 ms against 4.1–4.2 ms with this budget).
 */
export const RECENT_FRAMES_BYTES = 16 * 1024 * 1024;

export function createWorkspace(options: WorkspaceOptions): Workspace {
  const files = new Map<string, IssuedFile>();
  const byPath = new Map<string, string>();
  /** sourceId → absolute path of the registered source. */
  const sources = new Map<string, string>();
  const images = createImageCache(RECENT_FRAMES_BYTES);
  const deid = createDeidService(images);

  function issue(path: string, kind: 'dir' | 'file' = 'file', chosen = false): FileEntry {
    const abs = resolve(path);
    let fid = byPath.get(abs);
    if (fid && chosen) files.get(fid)!.chosen = true;
    if (!fid) {
      fid = randomUUID();
      files.set(fid, { path: abs, kind, chosen });
      byPath.set(abs, fid);
    }
    return { id: fid, name: basename(abs) || abs, kind, size: 0 };
  }

  function pathOf(fileId: string): string {
    const f = files.get(fileId);
    if (!f) throw new ApiError('unknown-file', 'that file is no longer known to this session: open it again');
    return f.path;
  }

  function withinRoots(p: string): boolean {
    // path.sep, not '/': Windows paths use backslashes.
    return options.roots.some((root) => {
      const r = resolve(root);
      return p === r || p.startsWith(r.endsWith(sep) ? r : r + sep);
    });
  }

  async function browse(req: ApiParsed<'browse'>): Promise<ApiResponses['browse']> {
    if (req.dirId === null) {
      const entries = options.roots.map((r) => issue(r, 'dir'));
      return { dir: null, parentId: null, entries };
    }
    const dir = pathOf(req.dirId);
    if (!withinRoots(dir)) throw new ApiError('forbidden', 'that folder is outside the folders this host serves');
    let names: import('node:fs').Dirent[];
    try {
      names = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw new ApiError('io', `cannot list ${basename(dir)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const entries: FileEntry[] = [];
    for (const d of names) {
      if (d.name.startsWith('.')) continue;
      const full = join(dir, d.name);
      if (d.isDirectory()) entries.push(issue(full, 'dir'));
      else if (d.isFile()) {
        const st = await fs.stat(full).catch(() => null);
        entries.push({ ...issue(full, 'file'), size: st?.size ?? 0 });
      }
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'dir' ? -1 : 1));
    const parent = dirname(dir);
    const parentId = options.roots.includes(dir) || !withinRoots(parent) ? null : issue(parent, 'dir').id;
    return { dir: { ...issue(dir, 'dir') }, parentId, entries };
  }

  async function importBytes(req: ApiParsed<'importBytes'>): Promise<FileEntry> {
    // Dropped bytes are kept under a content-addressed folder so the same file dropped
    // twice is one source, and the original name is kept for the user.
    const hash = createHash('sha256').update(req.bytes).digest('hex');
    const safe = req.name.replace(/[\\/\0]/g, '_').slice(0, 200) || 'image';
    const dir = join(options.importDir, hash.slice(0, 16));
    await fs.mkdir(dir, { recursive: true });
    const target = join(dir, safe);
    await fs.writeFile(target, req.bytes, { flag: 'w' });
    return { ...issue(target, 'file'), size: req.bytes.byteLength };
  }

  async function openPath(path: string, fixedId?: string): Promise<OpenedImage> {
    const name = basename(path);
    const entry = await images.open(path);
    const sourceId = fixedId ?? entry.sha256.slice(0, 16) + '-' + randomUUID().slice(0, 8);
    sources.set(sourceId, path);
    const info: ImageInfo = entry.info;
    return {
      source: { id: sourceId, path, sha256: entry.sha256, size: entry.size, kind: info.format === 'dicom' ? 'dicom' : 'raster' },
      name,
      info,
      privacy: scanPrivacy(info, name),
    };
  }

  async function openImage(req: ApiParsed<'openImage'>): Promise<OpenedImage> {
    const path = pathOf(req.fileId);
    const opened = await openPath(path).catch((e: unknown) => {
      throw asApiError(e, basename(path));
    });
    prefetchPreviews(path, opened.info);
    return opened;
  }

  /**
   * The previews the renderer asks for next (panel-images.ts), started now: their decode overlaps
   * the open's answer and the renderer's own round trip; its asks join these (the cache keeps one
   * decode per frame and size). Failures are the renderer's to report when it asks.
   */
  function prefetchPreviews(path: string, info: ImageInfo): void {
    if (wantsQuickPreview(info)) void images.frame(path, 0, QUICK_MAX_SIDE).catch(() => undefined);
    void images.frame(path, 0, SCREEN_MAX_SIDE).catch(() => undefined);
  }

  async function getFrame(req: ApiParsed<'getFrame'>): Promise<DecodedFrame> {
    const path = sources.get(req.sourceId);
    if (!path) throw new ApiError('unknown-source', 'that image is no longer open in this session');
    try {
      return await images.frame(path, req.frame, req.maxSide);
    } catch (e) {
      throw asApiError(e, basename(path));
    }
  }

  async function getRegion(req: ApiParsed<'getRegion'>): Promise<DecodedFrame> {
    const path = sources.get(req.sourceId);
    if (!path) throw new ApiError('unknown-source', 'that image is no longer open in this session');
    try {
      return await images.region(path, req.frame, req.region, req.outWidth);
    } catch (e) {
      throw asApiError(e, basename(path));
    }
  }

  async function openSeries(req: ApiParsed<'openSeries'>): Promise<ApiResponses['openSeries']> {
    // Expand folders to their files; each file opens on its own so one bad slice
    // does not stop the rest.
    const paths: string[] = [];
    const failed: { name: string; message: string }[] = [];
    for (const fid of req.fileIds) {
      const f = files.get(fid);
      if (!f) continue;
      if (f.kind === 'dir') {
        try {
          const names = await fs.readdir(f.path);
          for (const n of names.sort()) if (!n.startsWith('.')) paths.push(join(f.path, n));
        } catch (e) {
          // Said with its reason: an unreadable folder is not an empty one ("no slices").
          failed.push({ name: basename(f.path), message: `${basename(f.path)}: ${whyFolderUnreadable(e)}` });
        }
      } else paths.push(f.path);
    }
    const opened: OpenedImage[] = [];
    for (const p of paths) {
      try {
        const st = await fs.stat(p);
        if (!st.isFile()) continue;
        const o = await openPath(p);
        if (o.info.format !== 'dicom') {
          failed.push({ name: basename(p), message: 'not a DICOM file' });
          continue;
        }
        opened.push(o);
      } catch (e) {
        failed.push({ name: basename(p), message: asApiError(e, basename(p)).message });
      }
    }
    const result = sortSeries(opened.map((o) => ({ ...o, info: o.info })));
    if (!result.groups) return { slices: result.sorted as OpenedImage[], failed, note: null };
    // Several series in one selection: show the largest (first on a tie) and name the files left out,
    // rather than interleaving slices of different scans.
    const main = result.groups.reduce((a, g) => (g.items.length > a.items.length ? g : a));
    const others = result.groups.filter((g) => g !== main);
    const names = others.flatMap((g) => g.items.map((o) => o.name));
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
    const note = `This selection mixes ${result.groups.length} series; showing the one with ${main.items.length} image(s). Left out (other series): ${shown}.`;
    return { slices: main.items as OpenedImage[], failed, note };
  }

  /** Running exports by the renderer's job id: progress to report, a controller to cancel. */
  const jobs = new Map<string, { fraction: number; abort: AbortController }>();

  async function suggestRedactions(req: ApiParsed<'suggestRedactions'>): Promise<ApiResponses['suggestRedactions']> {
    const path = sources.get(req.sourceId);
    if (!path) throw new ApiError('unknown-source', 'that image is no longer open in this session');
    return deid.suggest(path, req.frame, { jobId: req.jobId });
  }

  /** Where a project's source is, for an export: only a file this session issued or opened. */
  function resolveSourceFor(project: Project, projectPath: string | null): (id: string) => string | null {
    return (id) => {
      const p = sources.get(id);
      if (p) return p;
      const ref = project.sources.find((s) => s.id === id);
      if (!ref) return null;
      const abs = projectPath ? resolve(dirname(projectPath), ref.path) : resolve(ref.path);
      // Project and projectPath come from the renderer: decode only a file this session issued or
      // opened, never an arbitrary path it names (tests/unit/webhost-security.test.ts).
      return byPath.has(abs) || [...sources.values()].includes(abs) ? abs : null;
    };
  }

  async function exportFigure(req: ApiParsed<'exportFigure'>, targetPath?: string): Promise<ApiResponses['exportFigure']> {
    const out = targetPath ?? join(options.exportDir, req.fileName);
    if (!targetPath) await fs.mkdir(options.exportDir, { recursive: true });
    const resolveSource = resolveSourceFor(req.project, req.projectPath);
    const job = { fraction: 0, abort: new AbortController() };
    if (req.jobId) jobs.set(req.jobId, job);
    const r = await exportProjectFigure({
      signal: job.abort.signal,
      onProgress: (f) => (job.fraction = f),
      project: req.project,
      figureId: req.figureId,
      format: req.format,
      dpi: req.dpi,
      widthMm: req.widthMm,
      unlabelled: req.unlabelled,
      quality: req.quality,
      outPath: out,
      images,
      resolveSource,
    })
      .catch((e: unknown) => {
        if (job.abort.signal.aborted) throw new ApiError('cancelled', 'export cancelled; nothing was written');
        throw e;
      })
      .finally(() => {
        if (req.jobId) jobs.delete(req.jobId);
      });
    return { path: out, fileId: issue(out, 'file').id, bytes: r.bytes, widthPx: r.widthPx, heightPx: r.heightPx };
  }

  return {
    issue,
    pathOf,
    isChosen: (id) => files.get(id)?.chosen ?? false,
    browse,
    importBytes,
    openImage,
    openPath,
    getFrame,
    getRegion,
    openSeries,
    exportFigure,
    resolveSourceFor,
    suggestRedactions,
    exportProgress: (id) => jobs.get(id)?.fraction ?? null,
    cancelExport: (id) => {
      const j = jobs.get(id);
      j?.abort.abort();
      return !!j;
    },
    images,
    options,
    cancelSuggestions: (jobId) => deid.cancel(jobId),
    close: async () => {
      await deid.close();
      await images.close();
    },
  };
}

/** Every failure reaching a host becomes an ApiError with a message naming the file. */
export function asApiError(e: unknown, fileName?: string): ApiError {
  if (e instanceof ApiError) return e;
  const prefix = fileName ? `${fileName}: ` : '';
  if (e instanceof ImageError) return new ApiError(e.code, prefix + e.message);
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return new ApiError('not-found', `${prefix}file not found`);
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return new ApiError('io', `${prefix}permission denied`);
  if (err?.code === 'EISDIR') return new ApiError('io', `${prefix}is a folder, not an image`);
  return new ApiError('internal', prefix + (err?.message ?? String(e)));
}
