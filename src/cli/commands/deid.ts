// `medfig deid <image> [--frame N] [--json]`: what the export check would propose for redaction in
// one frame — every text line OCR reads (offline Tesseract) and every face in a photograph — as
// boxes in the file's own pixels. Exit 0 also when nothing is found; 2 for bad input.
import { promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ImageError } from '../../shared/imaging/types';
import { num, UsageError } from '../args';
import { atEnd } from '../cleanup';
import type { CliCommand } from '../command';
import { images } from '../images';

const deid: CliCommand = {
  name: 'deid',
  usage: 'medfig deid <image> [--frame N] [--json]   text lines and faces to redact, in source pixels',
  flags: ['frame', 'json'],
  valueFlags: ['frame'],
  async run(p) {
    const { io } = p;
    const file = p.positional[0];
    if (!file) throw new UsageError('deid needs an image file');
    if (p.positional.length > 1) throw new UsageError('deid reads one image at a time');
    const frameNo = num(p, 'frame', (n) => Number.isInteger(n) && n >= 1, 'a frame number from 1') ?? 1;
    const abs = resolve(file);
    const st = await fs.stat(abs).catch(() => null);
    if (!st) throw new ImageError('file not found', 'not-found');
    if (!st.isFile()) throw new ImageError('is a folder, not an image', 'not-an-image');
    const cache = images();
    const entry = await cache.open(abs);
    if (frameNo > entry.info.frames) throw new ImageError(`frame ${frameNo} requested but the image has ${entry.info.frames}`, 'no-pixels');
    // Loaded only here: the OCR engine and its workers are this command's alone.
    const { createDeidService } = await import('../../services/deid/service');
    const service = createDeidService(cache);
    atEnd(() => service.close());
    const r = await service.suggest(abs, frameNo - 1);
    for (const n of r.notes) io.err(`medfig: ${basename(file)}: ${n}`);
    if (p.flags.has('json')) {
      const suggestions = r.suggestions.map((s) => ({
        kind: s.kind,
        box: { x: s.box.x, y: s.box.y, w: s.box.w, h: s.box.h },
        ...(s.text !== undefined ? { text: s.text } : {}),
        confidence: s.confidence,
      }));
      io.out(JSON.stringify({ suggestions }, null, 2));
      return 0;
    }
    if (!r.suggestions.length) {
      io.out(`${basename(file)}: no text or faces found in the pixels${entry.info.frames > 1 ? ` of frame ${frameNo}` : ''}`);
      return 0;
    }
    io.out(`${basename(file)}: ${r.suggestions.length} proposed redaction(s), identifying ones first`);
    for (const s of r.suggestions) {
      const where = `${s.box.x},${s.box.y} ${s.box.w}×${s.box.h}`;
      const what = s.kind === 'face' ? 'face' : `text "${s.text}"`;
      io.out(
        `  ${what} at ${where} px, ${Math.round(s.confidence * 100)} %${s.identifier && s.kind !== 'face' ? ` (${s.identifier})` : ''}`,
      );
    }
    return 0;
  },
};

export default deid;
