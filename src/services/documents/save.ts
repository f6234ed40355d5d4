// Save = validate, serialise, atomic replace. Only schema fields are written (zod strips
// unknown keys), so nothing outside the document model — e.g. patient attributes — can leak in.
import { describeZodError, Project } from '../../shared/figure/schema';
import { atomicWriteFile } from './atomic-write';
import { DocumentError, fileLabel } from './errors';
import { nodeFs, type FsOps } from './fs-ops';

export interface SaveOptions {
  fs?: FsOps;
}

/** Stable text for a project: what is written and what isDirty compares. */
export function serializeProject(project: Project): string {
  return JSON.stringify(project, null, 2) + '\n';
}

export function validateForSave(project: unknown, file: string): Project {
  const parsed = Project.safeParse(project);
  if (!parsed.success) throw new DocumentError(`Not saved to ${fileLabel(file)}: the document is invalid at ${describeZodError(parsed.error)}.`, 'invalid', file);
  return parsed.data;
}

/** Returns the text written, so the caller can keep it as the clean state for isDirty. */
export async function saveProject(file: string, project: Project, opts: SaveOptions = {}): Promise<string> {
  const text = serializeProject(validateForSave(project, file));
  await atomicWriteFile(file, text, opts.fs ?? nodeFs);
  return text;
}
