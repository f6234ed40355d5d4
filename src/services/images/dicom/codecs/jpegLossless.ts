// JPEG lossless, process 14 (ITU T.81 Annex H), any predictor (selection value 1 is DICOM's 4.70).
// Hand-written on the Huffman/bit reader of jpegDct.ts: jpeg-lossless-decoder-js 2.1.2 loses the last
// pixel of the GE CT fixture (it reads the EOI marker as data), and lossless must be lossless.
import { ImageError } from '../../../../shared/imaging/types';
import { checkDecodedSize } from '../../limits';
import { BitReader, buildHuffman, extend, type Huffman } from './jpegDct';

export interface JpegLosslessResult {
  width: number;
  height: number;
  components: number;
  precision: number;
  /** Interleaved samples. */
  samples: Uint16Array;
}

export function decodeJpegLossless(d: Uint8Array): JpegLosslessResult {
  if (d[0] !== 0xff || d[1] !== 0xd8) throw new ImageError('not a JPEG codestream (no SOI marker)', 'corrupt');
  const tables: Huffman[] = [];
  let restartInterval = 0;
  let frame: { precision: number; height: number; width: number; ids: number[] } | null = null;
  const u16 = (i: number) => (d[i] << 8) | d[i + 1];
  for (let pos = 2; ;) {
    if (pos + 4 > d.length) throw new ImageError('the JPEG codestream ends before its scan', 'truncated');
    if (d[pos] !== 0xff) {
      pos++;
      continue;
    }
    const m = d[pos + 1];
    if (m === 0xff) {
      pos++;
      continue;
    }
    const seg = pos + 4;
    const next = pos + 2 + u16(pos + 2);
    if (next > d.length) throw new ImageError('a JPEG marker segment runs past the end of the data', 'truncated');
    if (m === 0xc4) {
      for (let p = seg; p < next;) {
        const th = d[p] & 15;
        const counts = d.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        tables[th] = buildHuffman(counts, d.slice(p + 17, p + 17 + total));
        p += 17 + total;
      }
    } else if (m === 0xdd) restartInterval = u16(seg);
    else if (m === 0xc3) {
      const ids: number[] = [];
      for (let i = 0; i < d[seg + 5]; i++) ids.push(d[seg + 6 + 3 * i]);
      frame = { precision: d[seg], height: u16(seg + 1), width: u16(seg + 3), ids };
    } else if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      throw new ImageError(`JPEG SOF${m - 0xc0} is not lossless process 14`, 'unsupported');
    } else if (m === 0xda) {
      if (!frame) throw new ImageError('JPEG scan before frame header', 'corrupt');
      const ns = d[seg];
      const comp: Huffman[] = [];
      for (let i = 0; i < ns; i++) {
        const h = tables[d[seg + 2 + 2 * i] >> 4];
        if (!h) throw new ImageError('the JPEG scan refers to a missing Huffman table', 'corrupt');
        comp.push(h);
      }
      const after = seg + 1 + 2 * ns;
      const selector = d[after];
      const pt = d[after + 2] & 15;
      if (ns !== frame.ids.length) throw new ImageError('multi-scan lossless JPEG is not supported', 'unsupported');
      return decodeScan(new BitReader(d, next), frame, comp, selector, pt, restartInterval);
    } else if (m === 0xd9) throw new ImageError('the JPEG codestream has no scan', 'corrupt');
    pos = next;
  }
}

function decodeScan(
  reader: BitReader,
  frame: { precision: number; height: number; width: number; ids: number[] },
  tables: Huffman[],
  selector: number,
  pt: number,
  restartInterval: number,
): JpegLosslessResult {
  const { width, height, precision } = frame;
  const nc = tables.length;
  if (width === 0 || height === 0) throw new ImageError('the JPEG frame has zero size', 'corrupt');
  if (precision < 2 || precision > 16) throw new ImageError(`JPEG lossless precision ${precision} is out of range`, 'corrupt');
  checkDecodedSize('the JPEG lossless codestream', width, height, nc, 2);
  const out = new Uint16Array(width * height * nc);
  const initial = 1 << (precision - pt - 1);
  const mask = (1 << precision) - 1;
  const row = width * nc;
  let mcus = 0;
  let firstLineOfInterval = true; // T.81 H.1.2.1: the line that starts a restart interval predicts from the left
  let intervalStart = true;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (restartInterval && mcus > 0 && mcus % restartInterval === 0) {
        reader.restart();
        intervalStart = true;
        firstLineOfInterval = true;
      }
      if (x === 0 && !intervalStart) firstLineOfInterval = false;
      mcus++;
      for (let c = 0; c < nc; c++) {
        const i = y * row + x * nc + c;
        let pred: number;
        if (intervalStart) pred = initial;
        else if (firstLineOfInterval || y === 0) pred = out[i - nc] >> pt;
        else if (x === 0) pred = out[i - row] >> pt;
        else {
          const ra = out[i - nc] >> pt,
            rb = out[i - row] >> pt,
            rc = out[i - row - nc] >> pt;
          switch (selector) {
            case 1:
              pred = ra;
              break;
            case 2:
              pred = rb;
              break;
            case 3:
              pred = rc;
              break;
            case 4:
              pred = ra + rb - rc;
              break;
            case 5:
              pred = ra + ((rb - rc) >> 1);
              break;
            case 6:
              pred = rb + ((ra - rc) >> 1);
              break;
            case 7:
              pred = (ra + rb) >> 1;
              break;
            default:
              throw new ImageError(`JPEG lossless predictor ${selector} is not defined`, 'corrupt');
          }
        }
        const t = reader.decode(tables[c]);
        const diff = t === 16 ? 32768 : t ? extend(reader.receive(t), t) : 0;
        out[i] = (((pred + diff) & 0xffff) << pt) & mask;
      }
      intervalStart = false;
    }
  }
  return { width, height, components: nc, precision, samples: out };
}
