// Messages between a host and the export worker.
import type { Project } from '../../../shared/figure/schema';
import type { FigureExportResult } from '../../figure-export';

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

export type ToWorker = { type: 'export'; id: number; job: ExportJob };

export type FromWorker =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; buf: Uint8Array; result: FigureExportResult }
  | { type: 'error'; id: number; error: { name: string; message: string; code?: string } };
