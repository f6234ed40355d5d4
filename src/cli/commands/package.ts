// `medfig package <project.medfig> -o out.zip`: a submission package — each figure labelled and
// unlabelled in the chosen formats, legend, alt text, provenance manifest and integrity statement.
import { basename, extname, resolve } from 'node:path';
import { resolveSourcePath } from '../../services/documents';
import { exportPackage, type PackageFormat } from '../../services/export/package';
import { num, str, UsageError } from '../args';
import type { CliCommand } from '../command';
import { images } from '../images';
import { figuresOrAll, openProject } from '../project';

const NAMES: Record<string, PackageFormat> = {
  png: 'png',
  tif: 'tiff',
  tiff: 'tiff',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  pdf: 'pdf',
  svg: 'svg',
  pptx: 'pptx',
};

const pack: CliCommand = {
  name: 'package',
  usage: `medfig package <project.medfig> [--figure N|name | --all-figures (default)] -o <out.zip>
                [--formats tif,pdf,pptx (any of png, tif, jpg, pdf, svg, pptx)] [--dpi N]`,
  flags: ['o', 'output', 'figure', 'all-figures', 'formats', 'dpi'],
  valueFlags: ['o', 'output', 'figure', 'formats', 'dpi'],
  async run(p) {
    const file = p.positional[0];
    const out = str(p, 'o', 'output');
    if (!file) throw new UsageError('package needs a project file (.medfig)');
    if (p.positional.length > 1) throw new UsageError('package takes one project (one ZIP per figure set)');
    if (!out) throw new UsageError('package needs -o out.zip');
    if (extname(out).toLowerCase() !== '.zip') throw new UsageError(`package writes a ZIP: give -o a .zip name (got "${basename(out)}")`);
    const formats: PackageFormat[] = [];
    for (const word of (str(p, 'formats') ?? 'tif,pdf,pptx').split(',').map((w) => w.trim().toLowerCase().replace(/^\./, ''))) {
      const f = NAMES[word];
      if (!f) throw new UsageError(`--formats: "${word}" is not one of png, tif, jpg, pdf, svg, pptx`);
      if (!formats.includes(f)) formats.push(f);
    }
    const dpi = num(p, 'dpi', (n) => n >= 30 && n <= 2400, 'a DPI from 30 to 2400') ?? 600;
    const { project, projectDir } = await openProject(file);
    const figures = figuresOrAll(project, p).filter((f) => f.panels.length);
    if (!figures.length) throw new UsageError('the project has no figure with panels to package');
    const r = await exportPackage({
      project,
      figureIds: figures.map((f) => f.id),
      formats,
      dpi,
      images: images(),
      resolveSource: (id) => {
        const ref = project.sources.find((s) => s.id === id);
        return ref ? resolveSourcePath(projectDir, ref) : null;
      },
      outPath: resolve(out),
    });
    p.io.err(`wrote ${basename(out)}: ${r.entries.length} files for ${figures.length} figure(s) (${formats.join(', ')} at ${dpi} dpi)`);
    return 0;
  },
};

export default pack;
