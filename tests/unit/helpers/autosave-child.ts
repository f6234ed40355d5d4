// Child process for crash-autosave.test.ts: plays a user editing a project. Every ~50 ms it
// applies edit n (a text annotation "edit n" on the first panel) through the autosaver, then prints
// "edit <n> <ms>". At edit SAVE_AT (~3 s in) it saves the project and discards the recovery,
// as the app does after Save. One save only: regular saves would hide a broken autosaver. The parent kills it with SIGKILL at a random moment.
import path from 'node:path';
import { createAutosaver, saveProject } from '../../../src/services/documents';
import { newId, newPanel, newProject } from '../../../src/shared/figure/factory';
import { DEFAULT_STYLE, type Project } from '../../../src/shared/figure/schema';

const SAVE_AT = 60;
const workDir = process.argv[2];
if (!workDir) throw new Error('usage: autosave-child <workDir>');
const projectPath = path.join(workDir, 'case.medfig');
const saver = createAutosaver({ recoveryDir: path.join(workDir, 'recovery') });
const meta = { originalPath: projectPath, projectDir: workDir };

function applyEdit(p: Project, n: number): Project {
  // Immutable update, as the editor's store does: the autosaver may still hold the old one.
  const [fig, ...restFigs] = p.figures;
  const [panel, ...restPanels] = fig.panels;
  const note = {
    id: newId(),
    layer: 'labels' as const,
    style: DEFAULT_STYLE,
    type: 'text' as const,
    at: [n, n] as [number, number],
    text: `edit ${n}`,
    rotation: 0,
  };
  const edited = { ...panel, rotation: n % 360, annotations: [...panel.annotations, note] };
  return { ...p, figures: [{ ...fig, panels: [edited, ...restPanels] }, ...restFigs] };
}

async function main(): Promise<void> {
  let project = newProject();
  project.sources.push({ id: 'src', path: 'images/photo.jpg', sha256: '0'.repeat(64), size: 1, kind: 'raster' });
  project.figures[0].panels.push(newPanel('src'));
  project.figures[0].rows = [1];
  await saveProject(projectPath, project);
  process.stdout.write(`ready ${Date.now()}\n`);
  for (let n = 1; ; n++) {
    project = applyEdit(project, n);
    saver.update(projectPath, project, meta);
    // Pipes are synchronous on POSIX: once this returns, the parent will see the line.
    process.stdout.write(`edit ${n} ${Date.now()}\n`);
    if (n === SAVE_AT) {
      await saveProject(projectPath, project);
      await saver.discard(projectPath);
      process.stdout.write(`saved ${n} ${Date.now()}\n`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

void main();
