// Transfer syntaxes Medfig knows by name, and how each one's pixel data is stored.
// Names follow PS3.6 Annex A so an error can say exactly what it refused.

export type PixelEncoding =
  | 'native'
  | 'rle'
  | 'jpeg-baseline' // 8-bit DCT (process 1)
  | 'jpeg-extended' // 12-bit DCT (process 2/4)
  | 'jpeg-progressive' // spectral selection (6–9) and full progression (10/12), Huffman
  | 'jpeg-lossless' // process 14, any predictor (SV1 included)
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'unsupported';

export interface TransferSyntax {
  uid: string;
  name: string;
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  encoding: PixelEncoding;
}

type Row = [name: string, explicitVr: boolean, littleEndian: boolean, deflated: boolean, encoding: PixelEncoding];

const TABLE: Record<string, Row> = {
  '1.2.840.10008.1.2': ['Implicit VR Little Endian', false, true, false, 'native'],
  '1.2.840.10008.1.2.1': ['Explicit VR Little Endian', true, true, false, 'native'],
  '1.2.840.10008.1.2.1.99': ['Deflated Explicit VR Little Endian', true, true, true, 'native'],
  '1.2.840.10008.1.2.2': ['Explicit VR Big Endian (retired)', true, false, false, 'native'],
  '1.2.840.10008.1.2.5': ['RLE Lossless', true, true, false, 'rle'],
  '1.2.840.10008.1.2.4.50': ['JPEG Baseline (Process 1)', true, true, false, 'jpeg-baseline'],
  '1.2.840.10008.1.2.4.51': ['JPEG Extended (Process 2 & 4)', true, true, false, 'jpeg-extended'],
  '1.2.840.10008.1.2.4.53': ['JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)', true, true, false, 'jpeg-progressive'],
  '1.2.840.10008.1.2.4.54': ['JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (retired)', true, true, false, 'jpeg-progressive'],
  '1.2.840.10008.1.2.4.55': ['JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)', true, true, false, 'jpeg-progressive'],
  '1.2.840.10008.1.2.4.57': ['JPEG Lossless, Non-Hierarchical (Process 14)', true, true, false, 'jpeg-lossless'],
  '1.2.840.10008.1.2.4.70': [
    'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    true,
    true,
    false,
    'jpeg-lossless',
  ],
  '1.2.840.10008.1.2.4.80': ['JPEG-LS Lossless Image Compression', true, true, false, 'jpeg-ls'],
  '1.2.840.10008.1.2.4.81': ['JPEG-LS Lossy (Near-Lossless) Image Compression', true, true, false, 'jpeg-ls'],
  '1.2.840.10008.1.2.4.90': ['JPEG 2000 Image Compression (Lossless Only)', true, true, false, 'jpeg2000'],
  '1.2.840.10008.1.2.4.91': ['JPEG 2000 Image Compression', true, true, false, 'jpeg2000'],
  // Known but not decoded: arithmetic-coded JPEG (dcmtk cannot write or read it either), JPEG 2000
  // Part 2, JPIP and video.
  '1.2.840.10008.1.2.4.52': ['JPEG Extended (Process 3 & 5) (retired)', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.56': ['JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (retired)', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.58': ['JPEG Lossless, Non-Hierarchical (Process 15) (retired)', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.92': ['JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.93': ['JPEG 2000 Part 2 Multi-component Image Compression', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.94': ['JPIP Referenced', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.95': ['JPIP Referenced Deflate', true, true, true, 'unsupported'],
  '1.2.840.10008.1.2.4.100': ['MPEG2 Main Profile / Main Level', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.101': ['MPEG2 Main Profile / High Level', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.102': ['MPEG-4 AVC/H.264 High Profile / Level 4.1', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.103': ['MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.104': ['MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.105': ['MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.106': ['MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.107': ['HEVC/H.265 Main Profile / Level 5.1', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.108': ['HEVC/H.265 Main 10 Profile / Level 5.1', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.201': ['High-Throughput JPEG 2000 Image Compression (Lossless Only)', true, true, false, 'unsupported'],
  '1.2.840.10008.1.2.4.202': [
    'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
    true,
    true,
    false,
    'unsupported',
  ],
  '1.2.840.10008.1.2.4.203': ['High-Throughput JPEG 2000 Image Compression', true, true, false, 'unsupported'],
};

export function transferSyntax(uid: string): TransferSyntax {
  const clean = uid.replace(/[\0 ]+$/g, '').trim();
  const row = TABLE[clean];
  if (row) {
    const [name, explicitVr, littleEndian, deflated, encoding] = row;
    return { uid: clean, name, explicitVr, littleEndian, deflated, encoding };
  }
  // An unknown private syntax: the data set itself is usually explicit VR LE (PS3.5 §10), the pixels unknown.
  return { uid: clean, name: 'unknown transfer syntax', explicitVr: true, littleEndian: true, deflated: false, encoding: 'unsupported' };
}

export function describeSyntax(ts: { uid: string; name: string }): string {
  return `${ts.name} (${ts.uid})`;
}
