// `medfig export <project.medfig>... -o <file | folder>`: figures at a DPI and width to
// PNG/TIFF/JPEG/PDF/SVG through the same scene code as the app.
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Figure, Project } from '../../shared/figure/schema';
import { assertOutputsSpareInputs, projectInputs, resolveSourcePath, type ProtectedInput } from '../../services/documents';
import { exportProjectFigure } from '../../services/figure-export';
import { closeExportWorker } from '../../services/export/worker';
import { atEnd } from '../cleanup';
import { num, str, UsageError } from '../args';
import type { CliCommand } from '../command';
import { figuresOf, FORMAT_BY_EXT, openProject } from '../project';

const exportCommand: CliCommand = {
  name: 'export',
  usage: `medfig export <project.medfig>... [--figure N|name | --all-figures] -o <out.png|.tif|.jpg|.pdf|.svg|.pptx | folder>
                [--dpi N] [--width-mm W] [--unlabelled] [--quality Q] [--quiz (.pptx: each figure unlabelled, then labelled)]`,
  flags: ['o', 'output', 'figure', 'all-figures', 'dpi', 'width-mm', 'unlabelled', 'quality', 'format', 'quiz'],
  valueFlags: ['o', 'output', 'figure', 'dpi', 'width-mm', 'quality', 'format'],
  async run(p) {
    const projects = p.positional;
    const out = str(p, 'o', 'output');
    if (!projects.length) throw new UsageError('export needs a project file (.medfig)');
    if (!out) throw new UsageError('export needs -o <file or folder>');
    const dpi = num(p, 'dpi', (n) => n >= 30 && n <= 2400, 'a DPI from 30 to 2400') ?? 600;
    const widthMm = num(p, 'width-mm', (n) => n >= 10 && n <= 1000, 'a width from 10 to 1000 mm') ?? null;
    const quality = num(p, 'quality', (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'a JPEG quality from 1 to 100') ?? 92;
    const outExt = extname(out).toLowerCase();
    // A deck holds every chosen figure in one file: its own branch (src/cli/deck.ts).
    if (outExt === '.pptx' || str(p, 'format')?.toLowerCase() === 'pptx') {
      if (outExt !== '.pptx') throw new UsageError(`--format pptx contradicts the extension of "${basename(out)}"`);
      return (await import('../deck')).exportDeckCommand(p, projects, out);
    }
    if (p.flags.has('quiz')) throw new UsageError('--quiz writes a slide deck: give -o a .pptx name');
    const many = projects.length > 1 || p.flags.has('all-figures');
    const formatFlag = str(p, 'format');
    const fromFlag = formatFlag === undefined ? undefined : FORMAT_BY_EXT[`.${formatFlag.toLowerCase().replace(/^\./, '')}`];
    if (formatFlag !== undefined && !fromFlag) throw new UsageError(`--format must be png, tif, jpg, pdf or svg (got "${formatFlag}")`);
    if (!many && !FORMAT_BY_EXT[outExt])
      throw new UsageError(`cannot tell the format from "${basename(out)}": use .png, .tif, .jpg, .pdf, .svg or .pptx`);
    if (fromFlag && FORMAT_BY_EXT[outExt] && fromFlag !== FORMAT_BY_EXT[outExt])
      throw new UsageError(`--format ${formatFlag} contradicts the extension of "${basename(out)}"`);
    const fmt = FORMAT_BY_EXT[outExt] ?? fromFlag ?? 'png';
    const ext = Object.entries(FORMAT_BY_EXT).find(([, f]) => f === fmt)![0];
    // Check every project and figure before writing anything: a typo must not leave half a batch.
    const jobs: { project: Project; projectDir: string; fig: Figure; target: string }[] = [];
    const inputs: ProtectedInput[] = [];
    for (const [k, projFile] of projects.entries()) {
      const loaded = await openProject(projFile);
      const { project, projectDir } = loaded;
      inputs.push(...projectInputs(projFile, loaded));
      for (const fig of figuresOf(project, p)) {
        const n = project.figures.indexOf(fig) + 1;
        // Several outputs go into a folder, with names that never carry a project's (often a
        // patient's) name: project-K/figure-N.ext.
        const folder = FORMAT_BY_EXT[outExt] ? dirname(out) : out;
        const name = `figure-${n}${p.flags.has('unlabelled') ? '-unlabelled' : ''}${ext}`;
        const target = many ? (projects.length > 1 ? join(folder, `project-${k + 1}`, name) : join(folder, name)) : out;
        jobs.push({ project, projectDir, fig, target });
      }
    }
    await assertOutputsSpareInputs(
      jobs.map((j) => j.target),
      inputs,
    );
    atEnd(closeExportWorker);
    for (const { project, projectDir, fig, target } of jobs) {
      if (many) await fs.mkdir(dirname(target), { recursive: true });
      const r = await exportProjectFigure({
        project,
        figureId: fig.id,
        format: fmt,
        dpi,
        widthMm,
        unlabelled: p.flags.has('unlabelled'),
        quality,
        outPath: resolve(target),
        resolveSource: (id) => {
          const ref = project.sources.find((s) => s.id === id);
          return ref ? resolveSourcePath(projectDir, ref) : null;
        },
      });
      p.io.err(
        `wrote ${target}: ${r.widthPx ? `${r.widthPx} × ${r.heightPx} px at ${dpi} dpi, ` : ''}${r.widthMm.toFixed(1)} × ${r.heightMm.toFixed(1)} mm`,
      );
    }
    return 0;
  },
};

export default exportCommand;
