// The PowerPoint branch of `medfig export`: `-o deck.pptx` writes one deck of the chosen figures
// (all of them with --all-figures), `--quiz` each figure unlabelled then labelled, `--unlabelled`
// pictures, letters and redactions only. Loaded only when the output is a deck.
import { basename, resolve } from 'node:path';
import { resolveSourcePath } from '../services/documents';
import { exportDeck } from '../services/export/pptx';
import { num, UsageError, type Parsed } from './args';
import { images } from './images';
import { figuresOf, openProject } from './project';

export async function exportDeckCommand(p: Parsed, projects: string[], out: string): Promise<number> {
  if (projects.length > 1) throw new UsageError('a slide deck is made from one project: give one .medfig file');
  if (p.flags.has('quiz') && p.flags.has('unlabelled')) throw new UsageError('give --quiz or --unlabelled, not both (a quiz has both)');
  for (const flag of ['width-mm', 'quality'])
    if (p.flags.has(flag)) throw new UsageError(`--${flag} does not apply to a slide deck (slides are the figure's print size)`);
  // Pictures at 300 dpi unless asked: sharp on a projector and in print, and a deck that mails.
  const dpi = num(p, 'dpi', (n) => n >= 30 && n <= 2400, 'a DPI from 30 to 2400') ?? 300;
  const { project, projectDir } = await openProject(projects[0]);
  const figures = figuresOf(project, p).filter((f) => f.panels.length || !p.flags.has('all-figures'));
  if (!figures.length) throw new UsageError('the project has no figure with panels');
  const r = await exportDeck({
    project,
    figureIds: figures.map((f) => f.id),
    quiz: p.flags.has('quiz'),
    unlabelled: p.flags.has('unlabelled'),
    dpi,
    images: images(),
    resolveSource: (id) => {
      const ref = project.sources.find((s) => s.id === id);
      return ref ? resolveSourcePath(projectDir, ref) : null;
    },
    outPath: resolve(out),
  });
  p.io.err(`wrote ${basename(out)}: ${r.slides} slide(s) from ${figures.length} figure(s), pictures at ${dpi} dpi`);
  return 0;
}
