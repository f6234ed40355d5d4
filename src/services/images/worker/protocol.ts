// Messages between the decode pool and its workers.
import type { DecodedFrame, ImageInfo } from '../../../shared/imaging/types';

export type Source = { path: string } | { bytes: Uint8Array };

export type Job = { id: number; kind: 'info'; source: Source } | { id: number; kind: 'decode'; source: Source; frame: number };

export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export type Reply =
  | { id: number; ok: true; info: ImageInfo }
  | { id: number; ok: true; frame: DecodedFrame }
  | { id: number; ok: false; error: WireError };
