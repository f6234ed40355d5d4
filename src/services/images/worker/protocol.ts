// Messages between the decode pool and its workers.
import type { DecodedFrame, ImageInfo } from '../../../shared/imaging/types';

export type Source = { path: string } | { bytes: Uint8Array };

export interface RegionRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface OpenResult {
  sha256: string;
  size: number;
  info: ImageInfo;
}

export type Job =
  | { id: number; kind: 'info'; source: Source }
  /** Hash the file by streaming and read its attributes, in one pass over the file. */
  | { id: number; kind: 'open'; source: { path: string } }
  | { id: number; kind: 'decode'; source: Source; frame: number }
  /** The whole frame scaled to fit maxSide (never enlarged). */
  | { id: number; kind: 'preview'; source: Source; frame: number; maxSide: number }
  /** A region in upright source px, resampled to outWidth px wide. */
  | { id: number; kind: 'region'; source: Source; frame: number; region: RegionRect; outWidth: number }
  /** Load the decoders (and libvips) now, so the first image opened does not wait for them. */
  | { id: number; kind: 'warm' }
  /** Face detection (services/deid/faces) on interleaved 8-bit RGB: CPU-heavy, so it runs here too. */
  | { id: number; kind: 'faces'; rgb: Uint8Array; width: number; height: number; minScore: number };

export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export interface FaceHitWire {
  box: RegionRect;
  score: number;
}

export type Reply =
  | { id: number; ok: true; info: ImageInfo }
  | { id: number; ok: true; opened: OpenResult }
  | { id: number; ok: true; frame: DecodedFrame }
  | { id: number; ok: true; faces: FaceHitWire[] }
  | { id: number; ok: true; warm: true }
  | { id: number; ok: false; error: WireError };
