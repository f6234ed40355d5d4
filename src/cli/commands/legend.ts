// `medfig legend <project.medfig>`: each figure's legend on stdout, one line per figure: the
// author's finished text, else the one generated from the figure (title, captions, windows, scale
// bars, markers). Facts still missing are asked on stderr ("Figure 2: What do the arrows … point
// at?"), so stdout is only ever the legend and never carries a placeholder.
import type { ImageInfo } from '../../shared/imaging/types';
import { figureLegend } from '../../shared/figure/legend';
import { resolveSourcePath } from '../../services/documents';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { images } from '../images';
import { figuresOrAll, openProject } from '../project';

const legend: CliCommand = {
  name: 'legend',
  usage: 'medfig legend <project.medfig> [--figure N]',
  flags: ['figure'],
  valueFlags: ['figure'],
  async run(p) {
    const file = p.positional[0];
    if (!file) throw new UsageError('legend needs a project file (.medfig)');
    const { project, projectDir } = await openProject(file);
    const infoBySource = new Map<string, ImageInfo>();
    const sourceKinds = new Map<string, string>();
    for (const s of project.sources) {
      try {
        const info = (await images().open(resolveSourcePath(projectDir, s))).info;
        infoBySource.set(s.id, info);
        sourceKinds.set(s.id, info.modality ?? (s.kind === 'dicom' ? 'dicom' : 'photo'));
      } catch {
        sourceKinds.set(s.id, s.kind);
      }
    }
    for (const fig of figuresOrAll(project, p)) {
      const { text, questions } = figureLegend(fig, { sourceKinds, infoBySource });
      p.io.out(`${fig.name}. ${text}`);
      for (const q of questions) p.io.err(`${fig.name}: ${q}`);
    }
    return 0;
  },
};

export default legend;
