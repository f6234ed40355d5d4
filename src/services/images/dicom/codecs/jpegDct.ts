// Huffman DCT JPEG, greyscale: sequential (ITU T.81 processes 1, 2 and 4: baseline and 12-bit
// extended) and progressive (processes 6–8 spectral selection and 10/12 full progression, Annex G).
// Hand-written because no npm codec here decodes 12-bit DCT (libjpeg-turbo-8bit is 8-bit only);
// the progressive scan decoding follows IJG's jdphuff.c.
// The inverse DCT is IJG's jidctint.c "islow" integer algorithm, the one dcmtk's ijg12 library uses
// by default, so decoded samples match dcmtk's bit for bit.
import { ImageError } from '../../../../shared/imaging/types';
import { checkDecodedSize } from '../../limits';

export interface JpegDctResult {
  width: number;
  height: number;
  components: number;
  precision: number;
  samples: Uint8Array | Uint16Array;
}

const ZIGZAG = new Int32Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

export interface Huffman {
  maxcode: Int32Array;
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
}

export function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  // T.81 Annex C/F.2.2.3: canonical codes, decoded length by length.
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    valptr[l] = k;
    mincode[l] = code;
    code += counts[l - 1];
    k += counts[l - 1];
    maxcode[l] = counts[l - 1] ? code - 1 : -1;
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { maxcode, valptr, mincode, values };
}

export class BitReader {
  private pos: number;
  private acc = 0;
  private bits = 0;
  /** Set once a marker is met: further reads yield zeros (what libjpeg does for corrupt data). */
  marker = -1;
  constructor(
    private readonly d: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  bit(): number {
    if (this.bits === 0) {
      let b = 0;
      if (this.marker < 0 && this.pos < this.d.length) {
        b = this.d[this.pos++];
        if (b === 0xff) {
          const next = this.d[this.pos];
          if (next === 0) this.pos++;
          else {
            this.marker = next;
            b = 0;
            this.pos--;
          }
        }
      }
      this.acc = b;
      this.bits = 8;
    }
    this.bits--;
    return (this.acc >> this.bits) & 1;
  }
  receive(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }
  decode(h: Huffman): number {
    let code = this.bit();
    let l = 1;
    while (code > h.maxcode[l]) {
      code = (code << 1) | this.bit();
      if (++l > 16) throw new ImageError('JPEG Huffman code not in table', 'corrupt');
    }
    return h.values[h.valptr[l] + code - h.mincode[l]];
  }
  /** Skip to and past the next RSTn marker. */
  restart(): void {
    this.bits = 0;
    if (this.marker < 0) {
      while (this.pos + 1 < this.d.length && !(this.d[this.pos] === 0xff && this.d[this.pos + 1] >= 0xd0 && this.d[this.pos + 1] <= 0xd7))
        this.pos++;
    }
    if (this.pos + 1 < this.d.length && this.d[this.pos] === 0xff) this.pos += 2;
    this.marker = -1;
  }
  get position(): number {
    return this.pos;
  }
}

export function extend(v: number, t: number): number {
  return t === 0 ? 0 : v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
}

// jidctint.c constants, CONST_BITS = 13.
const F_0_298 = 2446,
  F_0_390 = 3196,
  F_0_541 = 4433,
  F_0_765 = 6270,
  F_0_899 = 7373,
  F_1_175 = 9633;
const F_1_501 = 12299,
  F_1_847 = 15137,
  F_1_961 = 16069,
  F_2_053 = 16819,
  F_2_562 = 20995,
  F_3_072 = 25172;

/** IJG's post-IDCT range-limit table (jdmaster.c prepare_range_limit_table), indexed by x & RANGE_MASK. */
function rangeLimitTable(precision: number): Int32Array {
  const max = (1 << precision) - 1;
  const center = 1 << (precision - 1);
  const range = 4 * (max + 1);
  const t = new Int32Array(range);
  for (let i = 0; i < range; i++) t[i] = i < center ? i + center : i < 2 * (max + 1) ? max : i < range - center ? 0 : i - (range - center);
  return t;
}

const ws = new Float64Array(64);

function idctIslow(coef: Int32Array, q: Uint16Array, out: Int32Array, precision: number, limit: Int32Array): void {
  const pass1 = precision === 8 ? 2 : 1;
  const mask = limit.length - 1;
  const s1 = 2 ** (13 - pass1);
  const s2 = 2 ** (13 + pass1 + 3);
  const s0 = 2 ** (pass1 + 3);
  for (let c = 0; c < 8; c++) {
    if (!coef[c + 8] && !coef[c + 16] && !coef[c + 24] && !coef[c + 32] && !coef[c + 40] && !coef[c + 48] && !coef[c + 56]) {
      const dc = coef[c] * q[c] * 2 ** pass1;
      for (let i = 0; i < 8; i++) ws[c + 8 * i] = dc;
      continue;
    }
    const r = butterfly(
      coef[c] * q[c],
      coef[c + 8] * q[c + 8],
      coef[c + 16] * q[c + 16],
      coef[c + 24] * q[c + 24],
      coef[c + 32] * q[c + 32],
      coef[c + 40] * q[c + 40],
      coef[c + 48] * q[c + 48],
      coef[c + 56] * q[c + 56],
    );
    // DESCALE = arithmetic shift with rounding; floor division stays exact past 32 bits (IJG's INT32 is a C long).
    for (let i = 0; i < 8; i++) ws[c + 8 * i] = Math.floor((r[i] + s1 / 2) / s1);
  }
  for (let row = 0; row < 8; row++) {
    const w = row * 8;
    if (!ws[w + 1] && !ws[w + 2] && !ws[w + 3] && !ws[w + 4] && !ws[w + 5] && !ws[w + 6] && !ws[w + 7]) {
      const v = limit[Math.floor((ws[w] + s0 / 2) / s0) & mask];
      for (let i = 0; i < 8; i++) out[w + i] = v;
      continue;
    }
    const r = butterfly(ws[w], ws[w + 1], ws[w + 2], ws[w + 3], ws[w + 4], ws[w + 5], ws[w + 6], ws[w + 7]);
    for (let i = 0; i < 8; i++) out[w + i] = limit[Math.floor((r[i] + s2 / 2) / s2) & mask];
  }
}

const bf = new Float64Array(8);
/** The even/odd islow butterfly shared by both passes; returns the 8 outputs before descaling. */
function butterfly(x0: number, x1: number, x2: number, x3: number, x4: number, x5: number, x6: number, x7: number): Float64Array {
  let z1 = (x2 + x6) * F_0_541;
  const tmp2e = z1 + x6 * -F_1_847;
  const tmp3e = z1 + x2 * F_0_765;
  const tmp0e = (x0 + x4) * 8192;
  const tmp1e = (x0 - x4) * 8192;
  const tmp10 = tmp0e + tmp3e,
    tmp13 = tmp0e - tmp3e,
    tmp11 = tmp1e + tmp2e,
    tmp12 = tmp1e - tmp2e;
  let t0 = x7,
    t1 = x5,
    t2 = x3,
    t3 = x1;
  z1 = t0 + t3;
  let z2 = t1 + t2,
    z3 = t0 + t2,
    z4 = t1 + t3;
  const z5 = (z3 + z4) * F_1_175;
  t0 *= F_0_298;
  t1 *= F_2_053;
  t2 *= F_3_072;
  t3 *= F_1_501;
  z1 *= -F_0_899;
  z2 *= -F_2_562;
  z3 *= -F_1_961;
  z4 *= -F_0_390;
  z3 += z5;
  z4 += z5;
  t0 += z1 + z3;
  t1 += z2 + z4;
  t2 += z2 + z3;
  t3 += z1 + z4;
  bf[0] = tmp10 + t3;
  bf[7] = tmp10 - t3;
  bf[1] = tmp11 + t2;
  bf[6] = tmp11 - t2;
  bf[2] = tmp12 + t1;
  bf[5] = tmp12 - t1;
  bf[3] = tmp13 + t0;
  bf[4] = tmp13 - t0;
  return bf;
}

export function decodeJpegDct(d: Uint8Array): JpegDctResult {
  if (d[0] !== 0xff || d[1] !== 0xd8) throw new ImageError('not a JPEG codestream (no SOI marker)', 'corrupt');
  const qt: Uint16Array[] = [];
  const dcT: Huffman[] = [];
  const acT: Huffman[] = [];
  let restartInterval = 0;
  let frame: Frame | null = null;
  let progressive: Progressive | null = null;
  let pos = 2;
  const u16 = (i: number) => (d[i] << 8) | d[i + 1];
  for (;;) {
    // EOI ends a progressive stream (its last two bytes, so checked before the length test).
    if (progressive && progressive.scans > 0 && d[pos] === 0xff && d[pos + 1] === 0xd9) return finishProgressive(progressive, frame!, qt);
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
    const len = u16(pos + 2);
    const seg = pos + 4;
    const next = pos + 2 + len;
    if (next > d.length) throw new ImageError('a JPEG marker segment runs past the end of the data', 'truncated');
    if (m === 0xdb) {
      for (let p = seg; p < next;) {
        const pq = d[p] >> 4,
          tq = d[p] & 15;
        const t = new Uint16Array(64);
        for (let i = 0; i < 64; i++) t[ZIGZAG[i]] = pq ? u16(p + 1 + 2 * i) : d[p + 1 + i];
        qt[tq] = t;
        p += 1 + 64 * (pq ? 2 : 1);
      }
    } else if (m === 0xc4) {
      for (let p = seg; p < next;) {
        const tc = d[p] >> 4,
          th = d[p] & 15;
        const counts = d.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const h = buildHuffman(counts, d.slice(p + 17, p + 17 + total));
        (tc === 0 ? dcT : acT)[th] = h;
        p += 17 + total;
      }
    } else if (m === 0xdd) {
      restartInterval = u16(seg);
    } else if (m === 0xc0 || m === 0xc1 || m === 0xc2) {
      const comps = [];
      for (let i = 0; i < d[seg + 5]; i++) {
        const b = seg + 6 + 3 * i;
        comps.push({ id: d[b], h: d[b + 1] >> 4, v: d[b + 1] & 15, tq: d[b + 2] });
      }
      frame = { precision: d[seg], height: u16(seg + 1), width: u16(seg + 3), comps };
      if (m === 0xc2) progressive = startProgressive(frame);
    } else if (m >= 0xc3 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      const what = m === 0xc3 ? 'lossless' : m >= 0xc9 ? 'arithmetic-coded' : 'hierarchical';
      throw new ImageError(`JPEG process SOF${m - 0xc0} (${what}) is not handled by the DCT decoder`, 'unsupported');
    } else if (m === 0xda) {
      if (!frame) throw new ImageError('JPEG scan before frame header', 'corrupt');
      if (!progressive) return decodeScan(d, seg, next, frame, qt, dcT, acT, restartInterval);
      pos = progressiveScan(d, seg, next, progressive, dcT, acT, restartInterval);
      continue;
    } else if (m === 0xd9) {
      throw new ImageError('the JPEG codestream has no scan', 'corrupt');
    }
    pos = next;
  }
}

interface Frame {
  precision: number;
  height: number;
  width: number;
  comps: { id: number; h: number; v: number; tq: number }[];
}

function checkGreyFrame(frame: Frame): void {
  const { precision, width, height, comps } = frame;
  if (comps.length !== 1) {
    throw new ImageError(`${precision}-bit JPEG with ${comps.length} components is not supported (greyscale only)`, 'unsupported');
  }
  if (precision !== 8 && precision !== 12) throw new ImageError(`JPEG sample precision ${precision} is not supported`, 'unsupported');
  if (width === 0 || height === 0) throw new ImageError('the JPEG frame has zero size', 'corrupt');
}

/** Coefficients of every block, filled in scan by scan (T.81 Annex G), transformed at EOI. */
interface Progressive {
  bw: number;
  bh: number;
  coefs: Int32Array;
  eobrun: number;
  scans: number;
}

function startProgressive(frame: Frame): Progressive {
  checkGreyFrame(frame);
  const bw = Math.ceil(frame.width / 8),
    bh = Math.ceil(frame.height / 8);
  // Refuse from the header before the coefficient store (4 bytes × 64 per block) is allocated.
  checkDecodedSize('the progressive JPEG codestream', bw * 8, bh * 8, 1, 4);
  return { bw, bh, coefs: new Int32Array(bw * bh * 64), eobrun: 0, scans: 0 };
}

/** The next marker after a scan's entropy-coded data (skipping stuffed 0xFF00 and RSTn). */
function nextMarker(d: Uint8Array, from: number): number {
  for (let i = from; i + 1 < d.length; i++) {
    if (d[i] === 0xff && d[i + 1] !== 0 && d[i + 1] !== 0xff && !(d[i + 1] >= 0xd0 && d[i + 1] <= 0xd7)) return i;
  }
  throw new ImageError('the JPEG codestream ends inside a scan (no EOI marker)', 'truncated');
}

function progressiveScan(
  d: Uint8Array,
  seg: number,
  dataStart: number,
  p: Progressive,
  dcT: Huffman[],
  acT: Huffman[],
  restartInterval: number,
): number {
  if (d[seg] !== 1)
    throw new ImageError(`a progressive JPEG scan with ${d[seg]} components is not supported (greyscale only)`, 'unsupported');
  const td = d[seg + 2] >> 4,
    ta = d[seg + 2] & 15;
  const ss = d[seg + 3],
    se = d[seg + 4],
    ah = d[seg + 5] >> 4,
    al = d[seg + 5] & 15;
  if (ss > se || se > 63 || (ss === 0 && se !== 0)) throw new ImageError(`invalid progressive JPEG scan (Ss ${ss}, Se ${se})`, 'corrupt');
  const dc = ss === 0;
  const dcH = dcT[td],
    acH = acT[ta];
  if ((dc && ah === 0 && !dcH) || (!dc && !acH)) throw new ImageError('the JPEG scan refers to a missing table', 'corrupt');
  const reader = new BitReader(d, dataStart);
  const { coefs, bw, bh } = p;
  const p1 = 1 << al,
    m1 = -1 << al;
  let pred = 0;
  p.eobrun = 0;
  const blocks = bw * bh;
  for (let b = 0; b < blocks; b++) {
    if (restartInterval && b > 0 && b % restartInterval === 0) {
      reader.restart();
      pred = 0;
      p.eobrun = 0;
    }
    const o = b * 64;
    if (dc) {
      if (ah === 0) {
        const t = reader.decode(dcH);
        pred += t ? extend(reader.receive(t), t) : 0;
        coefs[o] = pred * p1;
      } else if (reader.bit()) coefs[o] |= p1;
      continue;
    }
    if (ah === 0) {
      // AC first pass (jdphuff.c decode_mcu_AC_first).
      if (p.eobrun > 0) {
        p.eobrun--;
        continue;
      }
      for (let k = ss; k <= se; k++) {
        const rs = reader.decode(acH);
        const r = rs >> 4,
          s = rs & 15;
        if (s) {
          k += r;
          if (k > 63) break;
          coefs[o + ZIGZAG[k]] = extend(reader.receive(s), s) * p1;
        } else if (r === 15) k += 15;
        else {
          p.eobrun = (1 << r) - 1 + (r ? reader.receive(r) : 0);
          break;
        }
      }
      continue;
    }
    // AC refinement (jdphuff.c decode_mcu_AC_refine).
    let k = ss;
    if (p.eobrun === 0) {
      for (; k <= se; k++) {
        const rs = reader.decode(acH);
        let r = rs >> 4;
        let s = rs & 15;
        if (s) s = reader.bit() ? p1 : m1;
        else if (r !== 15) {
          p.eobrun = (1 << r) + (r ? reader.receive(r) : 0);
          break;
        }
        do {
          const z = o + ZIGZAG[k];
          if (coefs[z] !== 0) {
            if (reader.bit() && (coefs[z] & p1) === 0) coefs[z] += coefs[z] >= 0 ? p1 : m1;
          } else if (--r < 0) break;
          k++;
        } while (k <= se);
        if (s && k <= 63) coefs[o + ZIGZAG[k]] = s;
      }
    }
    if (p.eobrun > 0) {
      for (; k <= se; k++) {
        const z = o + ZIGZAG[k];
        if (coefs[z] !== 0 && reader.bit() && (coefs[z] & p1) === 0) coefs[z] += coefs[z] >= 0 ? p1 : m1;
      }
      p.eobrun--;
    }
  }
  p.scans++;
  return nextMarker(d, Math.max(dataStart, reader.position - 1));
}

function finishProgressive(p: Progressive, frame: Frame, qt: Uint16Array[]): JpegDctResult {
  const { precision, width, height } = frame;
  const q = qt[frame.comps[0].tq];
  if (!q) throw new ImageError('the JPEG frame refers to a missing quantisation table', 'corrupt');
  const out = precision === 8 ? new Uint8Array(width * height) : new Uint16Array(width * height);
  const limit = rangeLimitTable(precision);
  const block = new Int32Array(64);
  for (let by = 0; by < p.bh; by++) {
    for (let bx = 0; bx < p.bw; bx++) {
      const o = (by * p.bw + bx) * 64;
      idctIslow(p.coefs.subarray(o, o + 64), q, block, precision, limit);
      for (let y = 0; y < 8 && by * 8 + y < height; y++) {
        const row = (by * 8 + y) * width;
        for (let x = 0; x < 8 && bx * 8 + x < width; x++) out[row + bx * 8 + x] = block[y * 8 + x];
      }
    }
  }
  return { width, height, components: 1, precision, samples: out };
}

function decodeScan(
  d: Uint8Array,
  seg: number,
  dataStart: number,
  frame: Frame,
  qt: Uint16Array[],
  dcT: Huffman[],
  acT: Huffman[],
  restartInterval: number,
): JpegDctResult {
  const { precision, width, height, comps } = frame;
  checkGreyFrame(frame);
  if (d[seg] !== 1) throw new ImageError(`a JPEG scan with ${d[seg]} components is not supported (greyscale only)`, 'unsupported');
  const td = d[seg + 2] >> 4,
    ta = d[seg + 2] & 15;
  const q = qt[comps[0].tq],
    dcH = dcT[td],
    acH = acT[ta];
  if (!q || !dcH || !acH) throw new ImageError('the JPEG scan refers to a missing table', 'corrupt');
  const bw = Math.ceil(width / 8),
    bh = Math.ceil(height / 8);
  checkDecodedSize('the JPEG codestream', width, height, 1, precision === 8 ? 1 : 2);
  const out = precision === 8 ? new Uint8Array(width * height) : new Uint16Array(width * height);
  const reader = new BitReader(d, dataStart);
  const coef = new Int32Array(64);
  const block = new Int32Array(64);
  const limit = rangeLimitTable(precision);
  let pred = 0;
  let mcus = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (restartInterval && mcus > 0 && mcus % restartInterval === 0) {
        reader.restart();
        pred = 0;
      }
      mcus++;
      coef.fill(0);
      const t = reader.decode(dcH);
      pred += t ? extend(reader.receive(t), t) : 0;
      coef[0] = pred;
      for (let k = 1; k < 64;) {
        const rs = reader.decode(acH);
        const s = rs & 15,
          r = rs >> 4;
        if (s === 0) {
          if (r !== 15) break;
          k += 16;
          continue;
        }
        k += r;
        if (k > 63) break;
        coef[ZIGZAG[k]] = extend(reader.receive(s), s);
        k++;
      }
      idctIslow(coef, q, block, precision, limit);
      for (let y = 0; y < 8; y++) {
        const py = by * 8 + y;
        if (py >= height) break;
        for (let x = 0; x < 8; x++) {
          const px = bx * 8 + x;
          if (px < width) out[py * width + px] = block[y * 8 + x];
        }
      }
    }
  }
  return { width, height, components: 1, precision, samples: out };
}
