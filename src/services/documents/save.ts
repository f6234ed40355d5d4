// Save = validate, serialise, atomic replace. Only schema fields are written (zod strips
// unknown keys), so nothing outside the document model — e.g. patient attributes — can leak in.
import { checkReferences } from '../../shared/figure/migrations';
import { describeZodError, Project } from '../../shared/figure/schema';
import path from 'node:path';
import { atomicWriteFile } from './atomic-write';
import { DocumentError, fileLabel } from './errors';
import { nodeFs, type FsOps } from './fs-ops';
import { resolveSourcePath, toStoredPath } from './sources';

export interface SaveOptions {
  fs?: FsOps;
}

/** Stable text for a project: what is written. */
export function serializeProject(project: Project): string {
  return JSON.stringify(project, null, 2) + '\n';
}

export function validateForSave(project: unknown, file: string): Project {
  const parsed = Project.safeParse(project);
  const problem = parsed.success ? checkReferences(parsed.data) : describeZodError(parsed.error);
  if (problem || !parsed.success)
    throw new DocumentError(`Not saved to ${fileLabel(file)}: the document is invalid at ${problem}.`, 'invalid', file);
  return parsed.data;
}

/** Returns the text written. */
export async function saveProject(file: string, project: Project, opts: SaveOptions = {}): Promise<string> {
  const text = serializeProject(validateForSave(project, file));
  await atomicWriteFile(file, text, opts.fs ?? nodeFs);
  return text;
}

/**
 * "Save as" to another folder: source paths are relative to the project file, so they are
 * rewritten to point at the same files from the new folder. Returns the project as written.
 */
export async function saveProjectAs(
  file: string,
  project: Project,
  currentProjectDir: string,
  opts: SaveOptions = {},
): Promise<{ project: Project; text: string }> {
  const newDir = path.dirname(path.resolve(file));
  const rebased: Project = {
    ...project,
    sources: project.sources.map((s) => ({ ...s, path: toStoredPath(newDir, resolveSourcePath(currentProjectDir, s)) })),
  };
  return { project: rebased, text: await saveProject(file, rebased, opts) };
}
