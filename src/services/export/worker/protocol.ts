// Messages between a host and the export worker.
import type { Panel, Project } from '../../../shared/figure/schema';
import type { Window } from '../../../shared/imaging/types';
import type { FigureExportResult } from '../../figure-export';
import type { CineFormat, CineFrameRef } from '../cine';
import type { PackageFormat } from '../package';

export interface ExportJob {
  project: Project;
  figureId: string;
  format: 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg';
  dpi: number;
  widthMm: number | null;
  unlabelled: boolean;
  quality: number;
  grayscale?: boolean;
  /** Each panel source's path as the host resolved it (null: not available to this export). */
  sources: Record<string, string | null>;
}

/** The teaching exports (pptx.ts, cine.ts, package.ts), each to its file's bytes. */
export type TeachingJob =
  | {
      kind: 'slides';
      project: Project;
      figureIds: string[];
      quiz?: boolean;
      unlabelled?: boolean;
      dpi?: number;
      /** Every source's path as the host resolved it (null: not available to this export). */
      sources: Record<string, string | null>;
    }
  | {
      kind: 'cine';
      frames: CineFrameRef[];
      format: CineFormat;
      fps: number;
      widthPx?: number | null;
      range?: [number, number] | null;
      window?: Window | null;
      panel?: Panel | null;
      printWidthMm?: number;
      frameCounter?: boolean;
    }
  | {
      kind: 'package';
      project: Project;
      figureIds: string[];
      formats: PackageFormat[];
      dpi: number;
      sources: Record<string, string | null>;
    };

export type TeachingResult =
  | { kind: 'slides'; slides: number }
  | { kind: 'cine'; frames: number; width: number; height: number }
  | { kind: 'package'; entries: string[] };

export type ToWorker = { type: 'export'; id: number; job: ExportJob } | { type: 'teaching'; id: number; job: TeachingJob };

export type FromWorker =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; buf: Uint8Array; result: FigureExportResult | TeachingResult }
  | { type: 'error'; id: number; error: { name: string; message: string; code?: string } };
