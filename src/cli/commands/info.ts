// `medfig info <image> [--json]`: what the decoder sees in a file (size, bits, spacing, windows,
// identifying attributes).
import { promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ImageError, type ImageInfo } from '../../shared/imaging/types';
import { UsageError, type CliIo } from '../args';
import type { CliCommand } from '../command';
import { readImage } from '../read-image';

async function readInfo(file: string, io: CliIo): Promise<ImageInfo> {
  const st = await fs.stat(file).catch(() => null);
  if (!st) throw new ImageError('file not found', 'not-found');
  return (await readImage(resolve(file), null, io)).info;
}

const info: CliCommand = {
  name: 'info',
  usage: 'medfig info <image> [--json]',
  flags: ['json'],
  valueFlags: [],
  async run(p) {
    const { io } = p;
    const file = p.positional[0];
    if (!file) throw new UsageError('info needs an image file');
    const info = await readInfo(file, io);
    if (p.flags.has('json')) {
      io.out(JSON.stringify({ file: basename(file), ...info }, null, 2));
      return 0;
    }
    const lines = [
      `${basename(file)}: ${info.format.toUpperCase()}${info.modality ? ` ${info.modality}` : ''}, ${info.width} × ${info.height} px${info.frames > 1 ? `, ${info.frames} frames` : ''}`,
      `  bits ${info.bitsStored}/${info.bitsAllocated}, ${info.photometric}, ${info.channels} channel(s)`,
    ];
    if (info.transferSyntax) lines.push(`  transfer syntax ${info.transferSyntax.name} (${info.transferSyntax.uid})`);
    lines.push(
      `  pixel spacing ${info.pixelSpacing ? `${info.pixelSpacing.row} × ${info.pixelSpacing.column} mm (${info.pixelSpacing.source}${info.pixelSpacing.note ? `, ${info.pixelSpacing.note}` : ''})` : 'none (uncalibrated)'}`,
    );
    if (info.windows.length) lines.push(`  windows ${info.windows.map((w) => `${w.center}/${w.width}`).join(', ')}`);
    if (info.burnedInAnnotation) lines.push('  BURNED-IN ANNOTATION: YES');
    if (info.phi.length) lines.push(`  identifying attributes present: ${info.phi.join(', ')}`);
    for (const w of info.warnings) lines.push(`  warning: ${w}`);
    io.out(lines.join('\n'));
    return 0;
  },
};

export default info;
