// What pixel de-identification proposes: boxes in source pixels, each with what was found there.
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Suggestion {
  kind: 'text' | 'face';
  box: Box;
  /** The recognised text (text lines only). */
  text?: string;
  /** 0…1: the OCR's line confidence, or the face detector's score. */
  confidence: number;
  /** Why this looks identifying ("date", "record number", "name in the header"…); null for plain text. */
  identifier: string | null;
}
