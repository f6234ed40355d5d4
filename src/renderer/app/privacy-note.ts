// The one sentence shown when an opened file carries identifying data. A CT slice can name twenty
// attributes; a toast listing each one's full sentence covered half the canvas, so many attributes
// are counted and the most identifying named (patient fields first), each other finding kept whole.
import type { OpenedImage } from '../../shared/api';

type Privacy = OpenedImage['privacy'];

/** Attributes named before the count. */
const NAMED = 4;
/** Findings about data the export removes (the rest ask the user to act, and are said whole). */
const REMOVED = new Set(['dicom-phi', 'exif-personal', 'gps', 'camera-serial']);

export function privacyNote(fileName: string, privacy: Privacy): string {
  const removed = privacy.findings.filter((f) => REMOVED.has(f.kind) && f.field);
  if (removed.length <= 2) return `${fileName}: ${privacy.findings.map((f) => f.message).join('; ')}`;
  const others = privacy.findings.filter((f) => !removed.includes(f)).map((f) => f.message);
  const fields = [...new Set(removed.map((f) => f.field!))];
  const ranked = [...fields.filter((f) => /^Patient/i.test(f)), ...fields.filter((f) => !/^Patient/i.test(f))];
  const shown = ranked.slice(0, NAMED).join(', ');
  const more = ranked.length > NAMED ? ` and ${ranked.length - NAMED} more` : '';
  const summary = `${ranked.length} identifying attributes in the file (${shown}${more}); none of them is exported`;
  // What asks the user to act comes first.
  return `${fileName}: ${[...others, summary].join('; ')}`;
}
