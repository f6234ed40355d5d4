// `medfig legend <project.medfig>`: a draft legend per figure (windows, scale bars, markers).
import type { ImageInfo } from '../../shared/imaging/types';
import { writeLegend } from '../../shared/figure/legend';
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
      p.io.out(`${fig.name}. ${writeLegend(fig, { sourceKinds, infoBySource })}`);
    }
    return 0;
  },
};

export default legend;
