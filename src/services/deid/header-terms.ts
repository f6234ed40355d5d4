// What the DICOM header says about the patient, the visit and the place, read only to recognise the
// same words when they are burned into the pixels (they rank first). Never exported, never logged.
import { parseDicomBytes } from '../images/dicom/parse';
import { PHI_TAGS } from '../images/dicom/phi';

export interface HeaderFacts {
  /** Words and numbers from identifying attributes (names split at ^ and spaces; IDs; dates). */
  terms: { value: string; field: string }[];
  imageTypeSecondary: boolean;
}

const EMPTY: HeaderFacts = { terms: [], imageTypeSecondary: false };

export function headerFacts(bytes: Uint8Array): HeaderFacts {
  let ds;
  try {
    ds = parseDicomBytes(bytes).dataSet;
  } catch {
    return EMPTY;
  }
  const terms: HeaderFacts['terms'] = [];
  const seen = new Set<string>();
  for (const [tag, field] of PHI_TAGS) {
    if (/Time$|Sex$|Description$|Diagnoses/.test(field)) continue;
    let raw: string | undefined;
    try {
      raw = ds.string(tag);
    } catch {
      raw = undefined;
    }
    if (!raw) continue;
    const parts = /Date$/.test(field) ? [raw] : raw.split(/[\^\s,\\]+/);
    for (const p of parts) {
      const v = p.trim();
      // Short words ("Dr", "of") would match too much text; 3 characters is the shortest name kept.
      if (v.length < 3 || seen.has(v.toLowerCase())) continue;
      seen.add(v.toLowerCase());
      terms.push({ value: v, field });
    }
  }
  const imageType = (() => {
    try {
      return ds.string('x00080008') ?? '';
    } catch {
      return '';
    }
  })();
  return { terms, imageTypeSecondary: /(^|\\)SECONDARY(\\|$)/i.test(imageType) };
}
