// `medfig render <image> -o out.png`: one frame through the shared display function (window,
// invert) to a PNG — the same pixels a figure export of that panel gives.
import { extname, resolve } from 'node:path';
import { ImageError } from '../../shared/imaging/types';
import { ctPreset, CT_WINDOW_PRESETS } from '../../shared/imaging/presets';
import { defaultWindow, toRGBA8, windowToGrey8 } from '../../shared/imaging/window';
import { effectiveWindow } from '../../shared/imaging/display';
// The export files themselves, not the export index (which loads Konva and the canvas backend);
// and the small PNG writer on node:zlib, not sharp (libvips alone takes longer to load than a
// whole render of a CT slice).
import { writeFileAtomic } from '../../services/export/write-atomic';
import { encodePng8 } from '../../services/export/png-encode';
import { assertOutputsSpareInputs } from '../../services/documents/protect-inputs';
import { num, str, UsageError } from '../args';
import type { CliCommand } from '../command';
import { readImage } from '../read-image';

/** A panel's default display (Display.parse({})) as far as the window goes; no schema (zod) loaded. */
const NO_PANEL_SETTINGS = { window: null, range: null };

function parseWindow(v: string): { center: number; width: number } {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,/]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v);
  if (!m) throw new UsageError(`--window must be CENTRE,WIDTH (e.g. --window=-600,1500), got "${v}"`);
  const width = Number(m[2]);
  if (!(width > 0)) throw new UsageError(`window width must be positive (got ${m[2]})`);
  return { center: Number(m[1]), width };
}

const render: CliCommand = {
  name: 'render',
  usage: 'medfig render <image> -o out.png [--window C,W | --preset NAME] [--frame N] [--invert]',
  flags: ['o', 'output', 'window', 'preset', 'frame', 'invert'],
  valueFlags: ['o', 'output', 'window', 'preset', 'frame'],
  async run(p) {
    const file = p.positional[0];
    const out = str(p, 'o', 'output');
    if (!file) throw new UsageError('render needs an image file');
    if (!out) throw new UsageError('render needs -o out.png');
    if (extname(out).toLowerCase() !== '.png') throw new UsageError('render writes PNG: give -o a .png name');
    const frameNo = num(p, 'frame', (n) => Number.isInteger(n) && n >= 1, 'a frame number from 1') ?? 1;
    const winFlag = str(p, 'window');
    const presetFlag = str(p, 'preset');
    if (winFlag && presetFlag) throw new UsageError('give --window or --preset, not both');
    let window = winFlag ? parseWindow(winFlag) : null;
    if (presetFlag) {
      const pr = ctPreset(presetFlag);
      if (!pr) throw new UsageError(`unknown preset "${presetFlag}" (one of ${CT_WINDOW_PRESETS.map((x) => x.id).join(', ')})`);
      window = { center: pr.center, width: pr.width };
    }
    const abs = resolve(file);
    await assertOutputsSpareInputs([out], [{ path: abs, role: 'the input image' }]);
    const { info, frame } = await readImage(abs, frameNo - 1, p.io);
    if (!frame) throw new ImageError('the file holds no image', 'no-pixels');
    const invert = p.flags.has('invert');
    let png: Buffer;
    if (frame.channels === 1) {
      const win = window ?? effectiveWindow(frame, NO_PANEL_SETTINGS, info.windows) ?? defaultWindow(frame, info.windows);
      // One channel stays one channel: a grey PNG, no pHYs (a render has no print size; a DICOM
      // pixel spacing is anatomy, not print density).
      png = encodePng8(windowToGrey8(frame, win, invert), frame.width, frame.height, 1);
    } else {
      // Colour goes through the same display function as the screen and the exports.
      const rgba = toRGBA8(frame, window ?? effectiveWindow(frame, NO_PANEL_SETTINGS, info.windows), invert);
      const n = frame.width * frame.height;
      const rgb = new Uint8Array(n * 3);
      for (let i = 0; i < n; i++) {
        rgb[i * 3] = rgba[i * 4];
        rgb[i * 3 + 1] = rgba[i * 4 + 1];
        rgb[i * 3 + 2] = rgba[i * 4 + 2];
      }
      png = encodePng8(rgb, frame.width, frame.height, 3);
    }
    await writeFileAtomic(resolve(out), png);
    p.io.err(`wrote ${out} (${frame.width} × ${frame.height}${frame.channels === 1 ? ', grey' : ', RGB'})`);
    return 0;
  },
};

export default render;
