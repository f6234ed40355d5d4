// What the project commands (export, preflight, legend) share: opening a project, picking its
// figures from --figure/--all-figures, and the output formats by extension.
import { resolve } from 'node:path';
import type { Figure, Project } from '../shared/figure/schema';
import { loadVerifiedProject } from '../services/documents';
import { str, UsageError, type Parsed } from './args';

/** A figure by 1-based number, id or name. */
export function findFigure(project: Project, key: string | number): Figure | null {
  if (typeof key === 'number') return project.figures[key - 1] ?? null;
  return (
    project.figures.find((f) => f.id === key || f.name === key) ?? (/^\d+$/.test(key) ? (project.figures[Number(key) - 1] ?? null) : null)
  );
}

/** Every source a panel draws is checked by SHA-256 (moved ones relinked by hash): never the wrong image. */
export async function openProject(file: string) {
  return loadVerifiedProject(resolve(file));
}

export function figuresOf(project: Project, p: Parsed): Figure[] {
  if (p.flags.has('all-figures')) return project.figures;
  const key = str(p, 'figure');
  if (key === undefined) return [project.figures[0]];
  const f = findFigure(project, /^\d+$/.test(key) ? Number(key) : key);
  if (!f)
    throw new UsageError(
      `no figure "${key}" in the project (it has ${project.figures.length}: ${project.figures.map((x, i) => `${i + 1} "${x.name}"`).join(', ')})`,
    );
  return [f];
}

/** Every figure unless --figure picks one (preflight and legend default to all). */
export function figuresOrAll(project: Project, p: Parsed): Figure[] {
  return figuresOf(project, p.flags.has('figure') ? p : { ...p, flags: new Map([...p.flags, ['all-figures', true]]) });
}

export const FORMAT_BY_EXT: Record<string, 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg'> = {
  '.png': 'png',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.pdf': 'pdf',
  '.svg': 'svg',
};
