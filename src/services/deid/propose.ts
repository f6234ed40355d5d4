// Pixel de-identification of one frame: every text line OCR finds (several preparations of the
// image, merged) and every face in a colour photograph becomes a proposed redaction box in source
// pixels; identifier-like lines rank first. Suggestions only: the user accepts each one.
import type { DecodedFrame, ImageInfo } from '../../shared/imaging/types';
import type { HeaderFacts } from './header-terms';
import { identifierKind, identifierRank } from './identifiers';
import type { OcrEngine, OcrLine, OcrPass } from './ocr';
import { invert, ocrScale, resample, stretchBright, toGrey, toRgb8 } from './prepare';
import type { Box, Suggestion } from './types';
import type { FaceHit } from './faces';

export interface DeidEngines {
  ocr: OcrEngine;
  /** Face detection (in the decode pool); absent: no face proposals. */
  faces?: (rgb: Uint8Array, width: number, height: number, minScore?: number) => Promise<FaceHit[]>;
}

export interface ProposeOptions {
  signal?: AbortSignal;
  /** Cap for the OCR of this frame (default 30 s). */
  timeoutMs?: number;
  /** Largest side OCR works at; larger images are reduced (default 2048). */
  maxSide?: number;
  /** Told what could not be checked (e.g. face detection failed), so the user looks instead. */
  onNote?: (notes: string[]) => void;
}

/** Visible-light DICOM: external camera, endoscopy, general microscopy, slide microscopy, other. */
const PHOTO_MODALITIES = new Set(['XC', 'ES', 'GM', 'SM', 'OT', 'DOC']);

/** Colour photographs (and micrographs) get face detection; colour renderings of CT/MR do not. */
export function isPhotograph(info: ImageInfo, frame: DecodedFrame): boolean {
  if (frame.channels < 3) return false;
  if (info.format !== 'dicom') return true;
  return PHOTO_MODALITIES.has(info.modality?.toUpperCase() ?? 'OT');
}

const CAREFUL_MODALITIES = new Set(['SC', 'US', 'XA', 'CR', 'DX', 'ES', 'XC', 'OT', 'RF', 'MG']);

/**
 * Extra care (a third, contrast-stretched pass and a lower confidence bar) where text in the
 * pixels is likely: BurnedInAnnotation YES or absent, modalities that often carry it, secondary captures.
 */
export function needsCare(info: ImageInfo, header?: HeaderFacts | null): boolean {
  if (info.format !== 'dicom') return false;
  if (info.burnedInAnnotation !== false) return true;
  const m = info.modality?.toUpperCase() ?? '';
  return CAREFUL_MODALITIES.has(m) || !!header?.imageTypeSecondary;
}

function alnum(text: string): number {
  return (text.match(/[A-Za-z0-9]/g) ?? []).length;
}

function overlapShare(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.w * a.h, b.w * b.h);
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** Lines of all passes (in source px) merged: overlapping readings of the same line become one box. */
export function mergeLines(lines: OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (const l of [...lines].sort((a, b) => b.confidence - a.confidence)) {
    const same = out.find(
      (o) =>
        overlapShare(o.box, l.box) > 0.4 && Math.abs(o.box.y + o.box.h / 2 - (l.box.y + l.box.h / 2)) < Math.max(o.box.h, l.box.h) * 0.6,
    );
    if (same) {
      same.box = union(same.box, l.box);
      // Keep the better reading's text; a longer text from a pass that saw more of the line wins a near tie.
      if (alnum(l.text) > alnum(same.text) * 1.3 && l.confidence > same.confidence - 0.1) same.text = l.text;
    } else out.push({ ...l, box: { ...l.box } });
  }
  return out;
}

function pad(b: Box, width: number, height: number, by: number): Box {
  const x = Math.max(0, Math.floor(b.x - by));
  const y = Math.max(0, Math.floor(b.y - by));
  return { x, y, w: Math.min(width, Math.ceil(b.x + b.w + by)) - x, h: Math.min(height, Math.ceil(b.y + b.h + by)) - y };
}

export async function proposeRedactions(
  engines: DeidEngines,
  input: { frame: DecodedFrame; info: ImageInfo; header?: HeaderFacts | null },
  options: ProposeOptions = {},
): Promise<Suggestion[]> {
  const { frame, info } = input;
  const careful = needsCare(info, input.header);
  const grey = toGrey(frame, info);
  const scale = ocrScale(grey.width, grey.height, options.maxSide ?? 2048);
  const base = resample(grey, scale);
  const passes: OcrPass[] = [
    { image: base, thresholding: 1 },
    { image: invert(base), thresholding: 1 },
  ];
  if (careful) passes.push({ image: stretchBright(base), thresholding: 0 });

  const rgb = engines.faces && isPhotograph(info, frame) ? toRgb8(frame) : null;
  const notes: string[] = [];
  const [readings, faces] = await Promise.all([
    engines.ocr.recognize(passes, { signal: options.signal, timeoutMs: options.timeoutMs }),
    rgb && engines.faces
      ? engines.faces(rgb.data, rgb.width, rgb.height, 0.5).catch((e: unknown) => {
          // The text proposals still count; the note makes the panel ask for a look.
          notes.push(`face detection did not finish (${e instanceof Error ? e.message : String(e)}): look for faces yourself`);
          return [] as FaceHit[];
        })
      : Promise.resolve([] as FaceHit[]),
  ]);
  options.onNote?.(notes);

  // Identifier-like readings are kept from a low confidence; other text needs a sure, longer reading
  // (short low-confidence "words" are mostly bone edges and vessels read as glyphs).
  const minConfidence = careful ? 0.4 : 0.55;
  const plainConfidence = careful ? 0.6 : 0.65;
  const lines = mergeLines(
    readings.flat().map((l) => ({
      ...l,
      box: { x: l.box.x / scale, y: l.box.y / scale, w: l.box.w / scale, h: l.box.h / scale },
    })),
  )
    .filter((l) => l.confidence >= minConfidence && alnum(l.text) >= 2 && l.box.h <= frame.height * 0.2 && l.box.w >= 2)
    .filter((l) => identifierKind(l.text, input.header) || (l.confidence >= plainConfidence && alnum(l.text) >= 3));

  const out: Suggestion[] = lines.map((l) => ({
    kind: 'text' as const,
    // Tesseract's boxes hug the ink; a margin of a fifth of the line height covers antialiased edges.
    box: pad(l.box, frame.width, frame.height, Math.max(2, l.box.h * 0.2)),
    text: l.text,
    confidence: Math.round(l.confidence * 100) / 100,
    identifier: identifierKind(l.text, input.header),
  }));
  for (const f of faces)
    out.push({
      kind: 'face',
      box: pad(f.box, frame.width, frame.height, Math.max(f.box.w, f.box.h) * 0.1),
      confidence: Math.round(f.score * 100) / 100,
      identifier: 'face',
    });
  const rank = (s: Suggestion) => (s.kind === 'face' ? 0 : identifierRank(s.identifier));
  return out.sort((a, b) => rank(a) - rank(b) || b.confidence - a.confidence);
}
