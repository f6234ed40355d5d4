// `medfig cine <file.dcm | series-folder> -o out.gif|out.mp4`: a loop of a series (slices in
// position order) or of a multi-frame object's frames, at a window, frame rate, width and range.
// The encoders are npm packages (gifenc; h264-mp4-encoder, WebAssembly): no ffmpeg needed.
import { basename, extname, resolve } from 'node:path';
import { ctPreset, CT_WINDOW_PRESETS } from '../../shared/imaging/presets';
import type { Window } from '../../shared/imaging/types';
import { cineSource, exportCine } from '../../services/export/cine';
import { num, str, UsageError, type Parsed } from '../args';
import type { CliCommand } from '../command';
import { images } from '../images';

function windowOf(p: Parsed): Window | null {
  const w = str(p, 'window');
  const preset = str(p, 'preset');
  if (w && preset) throw new UsageError('give --window or --preset, not both');
  if (preset) {
    const pr = ctPreset(preset);
    if (!pr) throw new UsageError(`unknown preset "${preset}" (one of ${CT_WINDOW_PRESETS.map((x) => x.id).join(', ')})`);
    return { center: pr.center, width: pr.width };
  }
  if (!w) return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,/]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(w);
  if (!m) throw new UsageError(`--window must be CENTRE,WIDTH (e.g. --window=-600,1500), got "${w}"`);
  if (!(Number(m[2]) > 0)) throw new UsageError(`window width must be positive (got ${m[2]})`);
  return { center: Number(m[1]), width: Number(m[2]) };
}

function rangeOf(p: Parsed): [number, number] | null {
  const v = str(p, 'frames');
  if (v === undefined) return null;
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(v);
  if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < Number(m[1])))
    throw new UsageError(`--frames must be FIRST-LAST counted from 1 (e.g. --frames 5-40), got "${v}"`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

const cine: CliCommand = {
  name: 'cine',
  usage: `medfig cine <file.dcm | series-folder> -o <out.gif|.mp4> [--window C,W | --preset NAME] [--fps N] [--width PX]
                [--frames A-B] [--counter]`,
  flags: ['o', 'output', 'window', 'preset', 'fps', 'width', 'frames', 'counter'],
  valueFlags: ['o', 'output', 'window', 'preset', 'fps', 'width', 'frames'],
  async run(p) {
    const input = p.positional[0];
    const out = str(p, 'o', 'output');
    if (!input) throw new UsageError('cine needs a multi-frame DICOM file or a folder of a series');
    if (p.positional.length > 1) throw new UsageError('cine takes one file or one folder (put the slices of a series in one folder)');
    if (!out) throw new UsageError('cine needs -o out.gif or -o out.mp4');
    const ext = extname(out).toLowerCase();
    if (ext !== '.gif' && ext !== '.mp4')
      throw new UsageError(`cine writes GIF or MP4: give -o a .gif or .mp4 name (got "${basename(out)}")`);
    const fps = num(p, 'fps', (n) => n >= 1 && n <= 60, 'a frame rate from 1 to 60') ?? 10;
    const widthPx = num(p, 'width', (n) => Number.isInteger(n) && n >= 16 && n <= 4096, 'a width from 16 to 4096 px') ?? null;
    const window = windowOf(p);
    const range = rangeOf(p);
    const src = await cineSource(resolve(input), images());
    if (src.note) p.io.err(`note: ${src.note}`);
    const r = await exportCine({
      frames: src.frames,
      format: ext === '.gif' ? 'gif' : 'mp4',
      fps,
      widthPx,
      range,
      window,
      frameCounter: p.flags.has('counter'),
      images: images(),
      outPath: resolve(out),
    });
    p.io.err(`wrote ${basename(out)}: ${r.frames} frame(s), ${r.width} × ${r.height} px, ${fps} fps`);
    return 0;
  },
};

export default cine;
