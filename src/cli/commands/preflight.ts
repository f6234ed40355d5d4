// `medfig preflight <project.medfig>`: a journal's rules against each figure; exit 1 when any
// figure breaks one.
import { basename } from 'node:path';
import type { Project } from '../../shared/figure/schema';
import { preflightFigure, type Violation } from '../../shared/figure/preflight';
import { JOURNALS, getJournal } from '../../shared/figure/journals';
import { resolveSourcePath } from '../../services/documents';
import { num, str, UsageError } from '../args';
import type { CliCommand } from '../command';
import { images } from '../images';
import { figuresOrAll, FORMAT_BY_EXT, openProject } from '../project';

/** Each source's size, or why it has none (preflight reports that panel as not checked). */
async function sourceSizes(project: Project, projectDir: string) {
  const sizes = new Map<string, { width: number; height: number }>();
  const problems = new Map<string, string>();
  for (const s of project.sources) {
    const file = resolveSourcePath(projectDir, s);
    try {
      const info = (await images().open(file)).info;
      sizes.set(s.id, { width: info.width, height: info.height });
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      problems.set(s.id, why.includes(basename(file)) ? why : `${basename(file)}: ${why}`);
    }
  }
  return { sizes, problems };
}

const preflight: CliCommand = {
  name: 'preflight',
  usage: 'medfig preflight <project.medfig> [--figure N] [--journal NAME] [--dpi N] [--format F] [--json]',
  flags: ['figure', 'journal', 'dpi', 'format', 'json'],
  valueFlags: ['figure', 'journal', 'dpi', 'format'],
  async run(p) {
    const { io } = p;
    const file = p.positional[0];
    if (!file) throw new UsageError('preflight needs a project file (.medfig)');
    const journalId = str(p, 'journal') ?? 'custom';
    if (!JOURNALS.some((j) => j.id === journalId))
      throw new UsageError(`unknown journal "${journalId}" (one of ${JOURNALS.map((j) => j.id).join(', ')})`);
    const journal = getJournal(journalId);
    const dpi = num(p, 'dpi', (n) => n > 0, 'a positive DPI') ?? 600;
    const formatFlag = (str(p, 'format') ?? 'tiff').toLowerCase().replace(/^\./, '');
    const format = FORMAT_BY_EXT[`.${formatFlag}`];
    if (!format) throw new UsageError(`--format must be png, tif, jpg, pdf or svg (got "${formatFlag}")`);
    const { project, projectDir } = await openProject(file);
    const { sizes, problems } = await sourceSizes(project, projectDir);
    const results: { figure: string; violations: Violation[] }[] = [];
    for (const fig of figuresOrAll(project, p)) {
      results.push({
        figure: fig.name,
        violations: preflightFigure(fig, { journal, dpi, format, sourceSizes: sizes, sourceProblems: problems }),
      });
    }
    const count = results.reduce((n, r) => n + r.violations.length, 0);
    if (p.flags.has('json')) io.out(JSON.stringify({ journal: journal.id, dpi, format, ok: count === 0, figures: results }, null, 2));
    else {
      for (const r of results) {
        io.out(`${r.figure}: ${r.violations.length ? `${r.violations.length} problem(s)` : 'ok'}`);
        for (const v of r.violations) io.out(`  ${v.severity.toUpperCase()} ${v.message} — ${v.fix}`);
      }
    }
    return count ? 1 : 0;
  },
};

export default preflight;
