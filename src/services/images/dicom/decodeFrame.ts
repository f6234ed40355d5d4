// One frame of a parsed DICOM → DecodedFrame: unwrap the transfer syntax, then turn stored bits
// into values (mask, sign-extend) and colour models into interleaved RGB.
import { ImageError, type DecodedFrame, type PixelArray } from '../../../shared/imaging/types';
import type { ParsedDicom } from './parse';
import { checkDecodedSize } from '../limits';
import { readPixelModule, type PixelModule } from './pixelModule';
import { encapsulatedFrame, nativeFrame, pixelDataElement } from './frames';
import { describeSyntax } from './transferSyntax';
import { frameRescale } from './functionalGroups';
import { decodeRle } from './codecs/rle';
import { decodeJpegLossless } from './codecs/jpegLossless';
import { decodeWithWasm, type WasmResult } from './codecs/wasm';
import { decodeJpegDct } from './codecs/jpegDct';
import { checkDeclared } from './codecs/declared';
import { expand422, interleave, paletteToRgb, ybrFullToRgb } from './colour';

/** Native-layout bytes: little-endian samples, interleaved unless `planar`. */
interface RawFrame {
  bytes: Uint8Array;
  bitOffset: number;
  planar: boolean;
  /** Photometric after the codec (JPEG/J2K codecs convert YCbCr to RGB themselves). */
  photometric: string;
  /** Where the stored bits sit: native data keeps HighBit; codecs return right-aligned values. */
  highBit: number;
  bitsAllocated: number;
}

function codecError(what: string, e: unknown): ImageError {
  if (e instanceof ImageError) return e;
  // The wasm codecs throw numbers or their own texts: the user needs to know which data is damaged.
  return new ImageError(`the ${what} compressed pixel data is damaged and cannot be decoded`, 'corrupt');
}

function checkWasm(r: WasmResult, pm: PixelModule, what: string): void {
  const { width, height, componentCount } = r.info;
  if (width !== pm.columns || height !== pm.rows || componentCount !== pm.samplesPerPixel) {
    throw new ImageError(
      `the ${what} codestream is ${width}×${height}×${componentCount}, the header says ${pm.columns}×${pm.rows}×${pm.samplesPerPixel}`,
      'corrupt',
    );
  }
}

async function rawFrame(p: ParsedDicom, pm: PixelModule, frame: number): Promise<RawFrame> {
  const { dataSet: ds, syntax } = p;
  const el = pixelDataElement(ds);
  if (frame < 0 || frame >= pm.frames || !Number.isInteger(frame)) {
    throw new ImageError(`frame ${frame} does not exist: the file has ${pm.frames} frame(s), numbered from 0`, 'not-found');
  }
  if (syntax.encoding === 'unsupported') {
    throw new ImageError(`transfer syntax ${describeSyntax(syntax)} is not supported`, 'unsupported');
  }
  const base = { planar: pm.planarConfiguration === 1 && pm.samplesPerPixel === 3, photometric: pm.photometric, bitOffset: 0 };
  if (syntax.encoding === 'native') {
    if (el.encapsulatedPixelData) throw new ImageError('PixelData is encapsulated but the transfer syntax is native', 'corrupt');
    const { bytes, bitOffset } = nativeFrame(ds, el, pm, frame);
    let out = bytes;
    if (!syntax.littleEndian && pm.bitsAllocated > 8) out = swapBytes(bytes, pm.bitsAllocated / 8);
    return { ...base, bytes: out, bitOffset, highBit: pm.highBit, bitsAllocated: pm.bitsAllocated };
  }
  if (!el.encapsulatedPixelData) throw new ImageError(`${describeSyntax(syntax)} needs encapsulated PixelData`, 'corrupt');
  const isJpeg = syntax.encoding.startsWith('jpeg');
  const data = encapsulatedFrame(ds, el, pm, frame, isJpeg);
  const right = { highBit: pm.bitsStored - 1, bitsAllocated: pm.bitsAllocated };
  const pixels = pm.rows * pm.columns;
  switch (syntax.encoding) {
    case 'rle':
      // RLE planes come back interleaved; colour model unchanged.
      return {
        ...base,
        ...right,
        planar: false,
        highBit: pm.highBit,
        bytes: decodeRle(data, pixels, pm.samplesPerPixel, pm.bitsAllocated),
      };
    case 'jpeg-lossless': {
      let d: ReturnType<typeof decodeJpegLossless>;
      try {
        d = decodeJpegLossless(data);
      } catch (e) {
        throw codecError('JPEG lossless', e);
      }
      if (d.width !== pm.columns || d.height !== pm.rows || d.components !== pm.samplesPerPixel) {
        throw new ImageError(
          `the JPEG lossless codestream is ${d.width}×${d.height}×${d.components}, the header says ${pm.columns}×${pm.rows}×${pm.samplesPerPixel}`,
          'corrupt',
        );
      }
      let bytes = new Uint8Array(d.samples.buffer);
      if (pm.bitsAllocated <= 8) bytes = Uint8Array.from(d.samples);
      return { ...base, ...right, planar: false, bitsAllocated: pm.bitsAllocated <= 8 ? 8 : 16, bytes };
    }
    case 'jpeg-baseline':
    case 'jpeg-extended':
    case 'jpeg-progressive': {
      // libjpeg-turbo (8-bit) handles baseline and 8-bit progressive; 12-bit extended and 12-bit
      // progressive go to the hand-written DCT decoder.
      const eightBit = pm.bitsStored <= 8 && jpegPrecision(data) === 8;
      if (eightBit) {
        checkDeclared('jpeg', data, pm.rows, pm.columns, pm.samplesPerPixel);
        let r: WasmResult;
        try {
          r = await decodeWithWasm('libjpeg-turbo-8bit', data);
        } catch (e) {
          throw codecError('JPEG', e);
        }
        checkWasm(r, pm, 'JPEG');
        // libjpeg converts YCbCr to RGB for 3-component frames (as dcmtk's decoder does).
        const photometric = pm.samplesPerPixel === 3 && pm.photometric.startsWith('YBR') ? 'RGB' : pm.photometric;
        return { ...base, ...right, planar: false, photometric, bitsAllocated: 8, bytes: r.bytes };
      }
      let d: ReturnType<typeof decodeJpegDct>;
      try {
        d = decodeJpegDct(data);
      } catch (e) {
        throw codecError('JPEG', e);
      }
      if (d.width !== pm.columns || d.height !== pm.rows || d.components !== pm.samplesPerPixel) {
        throw new ImageError(
          `the JPEG codestream is ${d.width}×${d.height}×${d.components}, the header says ${pm.columns}×${pm.rows}×${pm.samplesPerPixel}`,
          'corrupt',
        );
      }
      const photometric = pm.samplesPerPixel === 3 && pm.photometric.startsWith('YBR') ? 'RGB' : pm.photometric;
      const bytes = new Uint8Array(d.samples.buffer, d.samples.byteOffset, d.samples.byteLength);
      return { ...base, ...right, planar: false, photometric, bitsAllocated: d.precision <= 8 ? 8 : 16, bytes };
    }
    case 'jpeg-ls': {
      checkDeclared('jpeg-ls', data, pm.rows, pm.columns, pm.samplesPerPixel);
      let r: WasmResult;
      try {
        r = await decodeWithWasm('charls', data);
      } catch (e) {
        throw codecError('JPEG-LS', e);
      }
      checkWasm(r, pm, 'JPEG-LS');
      // Interleave mode 0 (none) returns one plane per component.
      return {
        ...base,
        ...right,
        planar: pm.samplesPerPixel === 3 && r.interleaveMode === 0,
        bitsAllocated: r.info.bitsPerSample <= 8 ? 8 : 16,
        bytes: r.bytes,
      };
    }
    case 'jpeg2000': {
      checkDeclared('jpeg2000', data, pm.rows, pm.columns, pm.samplesPerPixel);
      let r: WasmResult;
      try {
        r = await decodeWithWasm('openjpeg', data);
      } catch (e) {
        throw codecError('JPEG 2000', e);
      }
      if (r.info.width === 0) throw new ImageError('the JPEG 2000 codestream cannot be decoded (corrupt header)', 'corrupt');
      checkWasm(r, pm, 'JPEG 2000');
      // The codec undoes the RCT/ICT component transform; PS3.5 A.4.4 says the result is RGB.
      const photometric = pm.samplesPerPixel === 3 && /^YBR_(RCT|ICT)$/.test(pm.photometric) ? 'RGB' : pm.photometric;
      return { ...base, ...right, planar: false, photometric, bitsAllocated: r.info.bitsPerSample <= 8 ? 8 : 16, bytes: r.bytes };
    }
    default:
      throw new ImageError(`transfer syntax ${describeSyntax(syntax)} is not supported`, 'unsupported');
  }
}

function jpegPrecision(data: Uint8Array): number {
  // Find the SOFn marker and read its sample precision byte.
  for (let i = 2; i + 4 < data.length;) {
    if (data[i] !== 0xff) {
      i++;
      continue;
    }
    const m = data[i + 1];
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return data[i + 4];
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
      i += m === 0xff ? 1 : 2;
      continue;
    }
    i += 2 + ((data[i + 2] << 8) | data[i + 3]);
  }
  return 8;
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k];
  }
  return out;
}

/** Samples as unsigned words of bitsAllocated (1-bit data unpacked LSB first, PS3.5 8.1.1). */
function words(raw: RawFrame, count: number): Uint8Array | Uint16Array | Uint32Array {
  const { bytes, bitsAllocated } = raw;
  if (bitsAllocated === 1) {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const bit = raw.bitOffset + i;
      out[i] = (bytes[bit >> 3] >> (bit & 7)) & 1;
    }
    return out;
  }
  if (bitsAllocated === 8) return bytes.length === count ? bytes : bytes.subarray(0, count);
  const aligned = bytes.byteOffset % (bitsAllocated / 8) === 0 ? bytes : new Uint8Array(bytes); // copy (a Buffer.slice would share, not align)
  if (bitsAllocated === 16) return new Uint16Array(aligned.buffer, aligned.byteOffset, count);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, count);
}

/** Stored bits → values: shift down from HighBit, mask to BitsStored, sign-extend when signed. */
function storedValues(
  w: Uint8Array | Uint16Array | Uint32Array,
  pm: PixelModule,
  highBit: number,
  share = false,
): { data: PixelArray; min: number; max: number } {
  const bits = pm.bitsStored;
  const shift = highBit + 1 - bits;
  const n = w.length;
  // The common case, all 16 allocated bits stored (most CT and MR): the values are the words
  // themselves, read as signed or not; a native copy and one plain min/max loop instead of the
  // general shift/mask/sign loop (which a one-shot `medfig render` runs cold, unoptimised).
  if (bits === 16 && shift === 0 && w instanceof Uint16Array) {
    const own = share ? w : w.slice();
    const data = pm.signed ? new Int16Array(own.buffer, own.byteOffset, own.length) : own;
    const [min, max] = minMax(data);
    return { data, min, max };
  }
  const out: PixelArray = pm.signed
    ? bits <= 16
      ? new Int16Array(n)
      : new Int32Array(n)
    : bits <= 8
      ? new Uint8Array(n)
      : bits <= 16
        ? new Uint16Array(n)
        : bits <= 31
          ? new Int32Array(n)
          : new Float32Array(n);
  const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  const signBit = 2 ** (bits - 1);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let v = bits >= 32 ? w[i] >>> shift : (w[i] >>> shift) & mask;
    if (pm.signed && v >= signBit) v -= 2 * signBit;
    out[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { data: out, min, max };
}

function minMax(a: Int16Array | Uint16Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** shareBytes: the frame may be a view into the file's bytes (the caller hands them over, e.g. the
 * decode worker, which read them for this frame alone): no copy of the pixels. */
export interface DecodeOptions {
  shareBytes?: boolean;
}

export async function decodeParsedFrame(p: ParsedDicom, frame: number, opts: DecodeOptions = {}): Promise<DecodedFrame> {
  pixelDataElement(p.dataSet); // "no image here" is the clearer fault than a missing Rows
  const pm = readPixelModule(p.dataSet);
  // Refuse from the header, before a codec or the value conversion allocates a frame.
  const colour = pm.samplesPerPixel > 1 || pm.photometric === 'PALETTE COLOR';
  const bytesOut = colour
    ? pm.bitsAllocated <= 8 && pm.photometric !== 'PALETTE COLOR'
      ? 1
      : 2
    : pm.bitsStored <= 8
      ? 1
      : pm.bitsStored <= 16
        ? 2
        : 4;
  checkDecodedSize('the DICOM frame', pm.columns, pm.rows, colour ? 3 : 1, bytesOut);
  const raw = await rawFrame(p, pm, frame);
  const pixels = pm.rows * pm.columns;
  // Enhanced objects may rescale each frame differently (per-frame Pixel Value Transformation).
  const { slope, intercept } = frameRescale(p.dataSet, frame);
  const common = { width: pm.columns, height: pm.rows, slope, intercept };

  if (pm.samplesPerPixel === 1 && raw.photometric !== 'PALETTE COLOR') {
    if (raw.photometric !== 'MONOCHROME1' && raw.photometric !== 'MONOCHROME2') {
      throw new ImageError(`PhotometricInterpretation ${raw.photometric} with one sample per pixel is not supported`, 'unsupported');
    }
    const { data, min, max } = storedValues(words(raw, pixels), pm, raw.highBit, opts.shareBytes);
    return {
      ...common,
      channels: 1,
      data,
      bitsStored: pm.bitsStored,
      photometric: raw.photometric,
      minStored: min === Infinity ? 0 : min,
      maxStored: max === -Infinity ? 0 : max,
    };
  }

  if (raw.photometric === 'PALETTE COLOR') {
    const idx = storedValues(words(raw, pixels), pm, raw.highBit);
    const { data, bits } = paletteToRgb(p.dataSet, idx.data);
    return colourFrame(common, data, bits);
  }

  // Three samples per pixel.
  if (pm.bitsAllocated > 16) throw new ImageError(`colour with BitsAllocated ${pm.bitsAllocated} is not supported`, 'unsupported');
  const sampleCount =
    raw.photometric === 'YBR_FULL_422' && pm.samplesPerPixel === 3 && p.syntax.encoding === 'native' ? pixels * 2 : pixels * 3;
  let samples = words(raw, sampleCount) as Uint8Array | Uint16Array;
  const bits = raw.bitsAllocated <= 8 ? 8 : 16;
  // Copy so that the colour conversions below never write into the file's bytes.
  samples = samples instanceof Uint8Array ? new Uint8Array(samples) : new Uint16Array(samples);
  if (bits === 16 && pm.bitsStored < 16) for (let i = 0; i < samples.length; i++) samples[i] &= (1 << pm.bitsStored) - 1;
  let photometric = raw.photometric;
  if (photometric === 'YBR_FULL_422' && sampleCount === pixels * 2) {
    samples = expand422(samples, pm.columns, pm.rows);
    photometric = 'YBR_FULL';
  } else if (raw.planar) samples = interleave(samples, pixels);
  if (photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422') ybrFullToRgb(samples, 2 ** (bits === 8 ? 8 : pm.bitsStored) - 1);
  else if (photometric !== 'RGB') throw new ImageError(`PhotometricInterpretation ${photometric} is not supported`, 'unsupported');
  return colourFrame(common, samples, bits === 8 ? 8 : pm.bitsStored);
}

function colourFrame(
  common: { width: number; height: number; slope: number; intercept: number },
  data: Uint8Array | Uint16Array,
  bits: number,
): DecodedFrame {
  let max = 0;
  let min = Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return {
    ...common,
    slope: 1,
    intercept: 0,
    channels: 3,
    data,
    bitsStored: bits,
    photometric: 'RGB',
    minStored: min === Infinity ? 0 : min,
    maxStored: max,
  };
}
