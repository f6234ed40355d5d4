// The one typed contract between the renderer and its host (Electron main via the
// preload, or the loopback web host over HTTP). Every request payload is validated with
// these schemas on the host side: the renderer is never trusted.
import { z } from 'zod';
import { Project, type SourceRef } from './figure/schema';
import { Settings } from './settings';
import type { DecodedFrame, ImageInfo } from './imaging/types';
import { API_METHOD_NAMES } from './api-methods';
import { LIMITS, formatBytes } from './limits';

const id = z.string().min(1).max(128);
const fileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'a plain file name, no folders')
  .refine((n) => n !== '.' && n !== '..', 'a plain file name');

const dicomUid = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID');
const jobId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/** Request schemas, one per method. Size limits keep a hostile renderer from exhausting the host. */
export const requests = {
  hostInfo: z.object({}).strict(),
  /** Native open dialog (Electron) — the web host answers with `supported: false`. */
  openDialog: z.object({ kind: z.enum(['images', 'project', 'folder']) }).strict(),
  /** The web host's in-app file picker: list a folder the host issued an id for (null = roots). */
  browse: z.object({ dirId: id.nullable() }).strict(),
  /** Bytes the user dropped or picked in the page (drag-and-drop), kept in the session's import folder. */
  importBytes: z
    .object({
      name: z.string().min(1).max(255),
      bytes: z
        .instanceof(Uint8Array)
        .refine((b) => b.byteLength <= LIMITS.importBytes, `file larger than ${formatBytes(LIMITS.importBytes)}`),
    })
    .strict(),
  /** Decode headers and register a source (the file id comes from a dialog, browse or import). */
  openImage: z.object({ fileId: id }).strict(),
  /** Pixels of one frame of a registered source, decoded in the services. */
  getFrame: z
    .object({
      sourceId: id,
      frame: z.number().int().min(0).max(100000),
      maxSide: z.number().int().min(16).max(100000).nullable().default(null),
    })
    .strict(),
  /** A region of a frame (source px) resampled to outWidth px wide: the screen's deep zoom into large images, decoded in a worker. */
  getRegion: z
    .object({
      sourceId: id,
      frame: z.number().int().min(0).max(100000),
      region: z
        .object({
          x: z.number().min(0).max(1e7),
          y: z.number().min(0).max(1e7),
          w: z.number().gt(0).max(1e7),
          h: z.number().gt(0).max(1e7),
        })
        .strict(),
      // Screen-sized: a 4K display is under 8192 px wide; the services cap the output at 64 MP too.
      outWidth: z.number().int().min(1).max(8192),
    })
    .strict(),
  /** A folder or several files of a DICOM series: sorted slices (registered as sources). */
  openSeries: z.object({ fileIds: z.array(id).min(1).max(5000) }).strict(),
  exportFigure: z
    .object({
      project: Project,
      projectPath: z.string().max(4096).nullable(),
      figureId: id,
      format: z.enum(['png', 'tiff', 'jpeg', 'pdf', 'svg']),
      dpi: z.number().min(30).max(2400),
      widthMm: z.number().min(10).max(1000).nullable().default(null),
      unlabelled: z.boolean().default(false),
      quality: z.number().int().min(1).max(100).default(92),
      /** Target chosen by a save dialog (Electron) or a file name inside the host's export folder (web). */
      fileName: z
        .string()
        .min(1)
        .max(255)
        .regex(/^[^/\\\0]+$/, 'a plain file name, no folders'),
      /** Chosen by the renderer so it can ask for progress and cancel while the export runs. */
      jobId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    })
    .strict(),
  /** PowerPoint deck of figures: native shapes and text over the panel pictures; a quiz shows each figure unlabelled first. */
  exportSlides: z
    .object({
      project: Project,
      projectPath: z.string().max(4096).nullable(),
      figureIds: z.array(id).min(1).max(100),
      quiz: z.boolean().default(false),
      unlabelled: z.boolean().default(false),
      dpi: z.number().min(72).max(600).default(300),
      fileName,
      jobId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    })
    .strict(),
  /** Cine loop (GIF/MP4) of a panel's series or multi-frame source, with its crop, window and annotations. */
  exportCine: z
    .object({
      project: Project,
      projectPath: z.string().max(4096).nullable(),
      figureId: id,
      panelId: id,
      format: z.enum(['gif', 'mp4']),
      fps: z.number().min(1).max(60).default(10),
      widthPx: z.number().int().min(16).max(4096).nullable().default(null),
      range: z
        .tuple([z.number().int().min(1).max(100000), z.number().int().min(1).max(100000)])
        .nullable()
        .default(null),
      window: z.object({ center: z.number().finite(), width: z.number().finite().positive() }).nullable().default(null),
      frameCounter: z.boolean().default(false),
      /** false: the image only (crop, window, redactions), no arrows or labels. */
      labels: z.boolean().default(true),
      fileName,
      jobId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    })
    .strict(),
  /** Submission package (ZIP): figures labelled + unlabelled per format, legend, alt text, provenance. */
  exportPackage: z
    .object({
      project: Project,
      projectPath: z.string().max(4096).nullable(),
      figureIds: z.array(id).min(1).max(100),
      formats: z
        .array(z.enum(['png', 'tiff', 'jpeg', 'pdf', 'svg', 'pptx']))
        .min(1)
        .max(6),
      dpi: z.number().min(72).max(1200).default(300),
      fileName,
      jobId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    })
    .strict(),
  exportProgress: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  cancelExport: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  saveDialog: z.object({ defaultName: z.string().min(1).max(255), kind: z.enum(['export', 'project']) }).strict(),
  /** A new (not yet written) file in a folder the host issued, for "Save as" in the web host. */
  newFileIn: z.object({ dirId: id, name: fileName }).strict(),
  /** Projects (.medfig): open, save, autosave/recovery, recents, relink, collect. */
  openProject: z.object({ fileId: id, searchDirIds: z.array(id).max(20).default([]) }).strict(),
  saveProject: z.object({ project: Project, fileId: id }).strict(),
  autosave: z
    .object({
      key: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/),
      project: Project,
      fileId: id.nullable(),
    })
    .strict(),
  /** Waits for the autosave write of the latest change of `key` to end: its error, in words, or null. */
  autosaveStatus: z
    .object({
      key: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/),
    })
    .strict(),
  listRecoveries: z.object({}).strict(),
  restoreRecovery: z.object({ key: z.string().min(1).max(64) }).strict(),
  discardRecovery: z.object({ key: z.string().min(1).max(64) }).strict(),
  recentProjects: z.object({}).strict(),
  locateSource: z.object({ projectFileId: id.nullable(), sourceId: id, fileId: id }).strict(),
  collectProject: z.object({ fileId: id, dirId: id }).strict(),
  sampleCase: z.object({}).strict(),
  /** Pixel de-identification: OCR text lines and faces as proposed redaction boxes (services/deid). */
  suggestRedactions: z
    .object({
      sourceId: id,
      frame: z.number().int().min(0).max(100000),
      /** Chosen by the renderer so it can cancel (closing the export check). */
      jobId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    })
    .strict(),
  cancelSuggestions: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  getSettings: z.object({}).strict(),
  setSettings: z.object({ settings: Settings }).strict(),
  /** PACS (DICOMweb): connections live in the settings; the renderer names a connection id, never a secret. */
  pacsStatus: z.object({}).strict(),
  /** Store a connection's login in the OS keychain (desktop); it can never be read back through the API. */
  pacsSetSecret: z
    .object({
      connectionId: id,
      user: z.string().max(256).optional(),
      password: z.string().max(1024).optional(),
      token: z.string().max(8192).optional(),
    })
    .strict(),
  pacsSearch: z
    .object({
      connectionId: id,
      patientId: z.string().max(64).optional(),
      patientName: z.string().max(200).optional(),
      accession: z.string().max(64).optional(),
      dateFrom: z
        .string()
        .regex(/^\d{8}$/, 'a date as YYYYMMDD')
        .optional(),
      dateTo: z
        .string()
        .regex(/^\d{8}$/, 'a date as YYYYMMDD')
        .optional(),
      modality: z
        .string()
        .regex(/^[A-Za-z]{1,16}$/, 'a modality code such as CT')
        .optional(),
    })
    .strict(),
  pacsSeries: z.object({ connectionId: id, studyUid: dicomUid }).strict(),
  pacsThumbnail: z.object({ connectionId: id, studyUid: dicomUid, seriesUid: dicomUid }).strict(),
  /** Pull a series into the local cache (resumes by instance); the files come back issued, ready for openSeries. */
  pacsPull: z.object({ connectionId: id, studyUid: dicomUid, seriesUid: dicomUid, jobId }).strict(),
  pacsPullProgress: z.object({ jobId }).strict(),
  pacsCancelPull: z.object({ jobId }).strict(),
  /** Send an exported figure (an issued PNG/JPEG/TIFF) to a study as a Secondary Capture: the one path that writes identifiers. */
  pacsStore: z.object({ connectionId: id, studyUid: dicomUid, fileId: id }).strict(),
} as const;

export type ApiMethod = keyof typeof requests;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof requests)[M]>;
export type ApiParsed<M extends ApiMethod> = z.output<(typeof requests)[M]>;

export interface FileEntry {
  id: string;
  name: string;
  kind: 'dir' | 'file';
  size: number;
}

export interface OpenedImage {
  source: { id: string; path: string; sha256: string; size: number; kind: 'raster' | 'dicom' };
  name: string;
  info: ImageInfo;
  privacy: { level: 'ok' | 'warning' | 'danger'; findings: { kind: string; field?: string; message: string }[] };
}

export interface OpenedSeries {
  slices: OpenedImage[];
  /** Files that failed, with the reason; the rest of the series still opens. */
  failed: { name: string; message: string }[];
  /** Set when files of other series were left out. */
  note: string | null;
}

export interface ExportResult {
  /** Where the file was written (absolute; the web host also lists it for download). */
  path: string;
  fileId: string;
  bytes: number;
  widthPx: number | null;
  heightPx: number | null;
}

/** Responses, one per method. */
export interface ApiResponses {
  hostInfo: { host: 'electron' | 'web'; version: string; exportDir: string | null };
  openDialog: { supported: boolean; files: FileEntry[] };
  browse: { dir: FileEntry | null; parentId: string | null; entries: FileEntry[] };
  importBytes: FileEntry;
  openImage: OpenedImage;
  getFrame: DecodedFrame;
  getRegion: DecodedFrame;
  openSeries: OpenedSeries;
  exportFigure: ExportResult;
  /** fraction 0…1; null when no such job is running. */
  exportSlides: { path: string; fileId: string; bytes: number; slides: number };
  exportCine: { path: string; fileId: string; bytes: number; frames: number; width: number; height: number; note: string | null };
  exportPackage: { path: string; fileId: string; bytes: number; entries: string[] };
  exportProgress: { fraction: number | null };
  cancelExport: { cancelled: boolean };
  saveDialog: { supported: boolean; fileName: string | null; fileId: string | null };
  newFileIn: FileEntry;
  openProject: OpenedProject;
  saveProject: { fileId: string; name: string; path: string };
  autosave: { ok: true };
  autosaveStatus: { error: string | null };
  listRecoveries: { recoveries: { key: string; name: string; savedAt: string; originalPath: string | null }[] };
  restoreRecovery: OpenedProject;
  discardRecovery: { ok: true };
  recentProjects: { recent: (FileEntry & { path: string; openedAt: string })[] };
  locateSource: { sameHash: boolean; source: OpenedImage; message: string };
  collectProject: { fileId: string; path: string; copied: number };
  sampleCase: { fileId: string };
  suggestRedactions: { suggestions: RedactionSuggestion[]; careful: boolean; notes: string[] };
  cancelSuggestions: { cancelled: boolean };
  getSettings: Settings;
  setSettings: Settings;
  /** canStoreSecrets: the desktop keychain; false on the web host (logins come from its environment). */
  pacsStatus: { canStoreSecrets: boolean; storedSecrets: string[] };
  pacsSetSecret: { ok: true };
  pacsSearch: { studies: PacsStudy[] };
  pacsSeries: { series: PacsSeries[] };
  /** A small RGBA image: rendered by the server (WADO-RS /rendered) or decoded here from one instance. */
  pacsThumbnail: { thumbnail: { width: number; height: number; rgba: Uint8Array; from: 'server' | 'decoded' } | null };
  pacsPull: PacsPullProgress & { files: FileEntry[] };
  pacsPullProgress: { progress: PacsPullProgress | null };
  pacsCancelPull: { cancelled: boolean };
  pacsStore: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string };
}

export interface PacsStudy {
  studyInstanceUid: string;
  studyDate: string;
  studyTime: string;
  patientName: string;
  patientId: string;
  accession: string;
  description: string;
  modalities: string[];
  /** Counts as the server reports them (null when it does not). */
  series: number | null;
  instances: number | null;
}

export interface PacsSeries {
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: number | null;
  description: string;
  instances: number | null;
}

export interface PacsPullProgress {
  /** Instances present (downloaded now or kept from an earlier pull). */
  done: number;
  total: number;
  /** Bytes downloaded by this pull. */
  bytes: number;
  /** Instances found complete from an earlier pull. */
  resumed: number;
}

/** A proposed redaction in source pixels: an OCR text line (with its reading) or a face. */
export interface RedactionSuggestion {
  kind: 'text' | 'face';
  box: { x: number; y: number; w: number; h: number };
  text?: string;
  /** 0…1 */
  confidence: number;
  /** Why it looks identifying ("date", "patient name from the DICOM header", "face"…), or null. */
  identifier: string | null;
}

export interface OpenedProject {
  project: Project;
  /** The project file (null for a recovered, never-saved project). */
  fileId: string | null;
  name: string;
  /** Sources found (registered for getFrame), with their headers. */
  sources: (OpenedImage & { ref: SourceRef })[];
  /** Sources not found even after searching by SHA-256: their panels show as missing. */
  missing: { sourceId: string; name: string; reason: string }[];
  relinked: { sourceId: string; name: string }[];
}

/** The object the preload exposes as `window.medfig` (and the web client implements). */
export type MedfigApi = {
  [M in ApiMethod]: (req: ApiRequest<M>) => Promise<ApiResponses[M]>;
};

/** Errors cross the boundary as plain data: a message the user can read and a code. */
export interface ApiErrorShape {
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Validate one request; the error message names the method and the bad field. */
export function parseRequest<M extends ApiMethod>(method: M, payload: unknown): ApiParsed<M> {
  const schema = requests[method];
  if (!schema) throw new ApiError('bad-request', `unknown method ${String(method)}`);
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(payload)';
    throw new ApiError('bad-request', `${method}: ${path}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data as ApiParsed<M>;
}

export const API_METHODS = Object.keys(requests) as ApiMethod[];

// The preload binds API_METHOD_NAMES; a method added here but not there fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _methodsAgree: Same<ApiMethod, (typeof API_METHOD_NAMES)[number]> = true;
void _methodsAgree;
