// Text of a .medfig → a valid current Project, or a DocumentError that says what is wrong
// (empty, cut off, not JSON, from a newer Medfig, or the path of the bad field).
import { FormatError, migrate } from '../../shared/figure/migrations';
import type { Project } from '../../shared/figure/schema';
import { LIMITS, formatBytes, jsonDepthExceeds } from '../../shared/limits';
import { DocumentError, fileLabel } from './errors';

/** True when the text is the start of a JSON value that ends too early (a cut-off write or copy). */
export function looksTruncated(text: string): boolean {
  const t = text.trimStart();
  if (t[0] !== '{' && t[0] !== '[') return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return inString || depth > 0;
}

export function parseProjectText(text: string, file: string): Project {
  const name = fileLabel(file);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows add a BOM
  if (body.trim() === '') throw new DocumentError(`Cannot open ${name}: the file is empty.`, 'empty', file);
  if (body.includes('\u0000')) {
    // Zero bytes: a file system that lost the end of a write fills it with NULs.
    const head = body.replace(/\u0000+$/, '');
    const code = head.length < body.length && looksTruncated(head) ? 'truncated' : 'not-json';
    throw new DocumentError(
      `Cannot open ${name}: ${code === 'truncated' ? 'the file is cut off (incomplete write or copy)' : 'this is not a Medfig project (binary data)'}.`,
      code,
      file,
    );
  }
  if (body.length > LIMITS.projectBytes)
    throw new DocumentError(
      `Cannot open ${name}: the file is larger than a Medfig project can be (${formatBytes(LIMITS.projectBytes)}).`,
      'too-large',
      file,
    );
  // Before JSON.parse: parsing, cloning and validating recurse, and a file nested 50,000 levels
  // deep would end in "Maximum call stack size exceeded" instead of a sentence.
  if (jsonDepthExceeds(body, LIMITS.jsonDepth))
    throw new DocumentError(
      `Cannot open ${name}: this is not a Medfig project (nested deeper than ${LIMITS.jsonDepth} levels).`,
      'invalid',
      file,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    if (looksTruncated(body))
      throw new DocumentError(`Cannot open ${name}: the file is cut off (incomplete write or copy).`, 'truncated', file, { cause: err });
    throw new DocumentError(
      // The parser's own text quotes a piece of the file (line breaks and all): the user gets one line.
      `Cannot open ${name}: this is not a Medfig project (its text is not valid JSON).`,
      'not-json',
      file,
      { cause: err },
    );
  }
  try {
    return migrate(raw);
  } catch (err) {
    if (err instanceof FormatError) {
      const what =
        err.code === 'future-version' ? `it was ${err.message}. Update Medfig to open it` : `the document is invalid at ${err.message}`;
      throw new DocumentError(`Cannot open ${name}: ${what}.`, err.code, file, { cause: err });
    }
    throw err;
  }
}
