// Which recognised lines look like identifiers, so the export check lists them first. Patterns:
// a word from the DICOM header's identifying attributes, dates, record/accession/exam numbers,
// long digit runs, institution names, ages.
import type { HeaderFacts } from './header-terms';

const DATE = [
  /\b(19|20)\d\d[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])\b/,
  /\b(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.]((19|20)?\d\d)\b/,
  /\b(0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])[-/.]((19|20)?\d\d)\b/,
  /\b\d{1,2}[\s-]*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s-]*(19|20)?\d\d\b/i,
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(19|20)\d\d\b/i,
  /\b(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b/,
];
const RECORD =
  /\b(MRN|PID|ID|Pat(ient)?\s*ID|Acc(ession)?|Ex(am)?|Se(ries)?|Study|Case|Hosp(ital)?\s*No|No|#)\s*[.:#]?\s*[A-Z]{0,3}\d{2,}/i;
const LONG_NUMBER = /\d{5,}/;
const INSTITUTION =
  /\b(hospital|cent(er|re)|clinic|imaging|medical|university|institute|radiology|health|infirmary|klinik|hopital|ospedale)\b/i;
const AGE = /\b\d{1,3}\s?(y|yo|yrs?|years?)\b/i;

/** Why the text looks identifying, or null. `facts`: the source's DICOM header (when DICOM). */
export function identifierKind(text: string, facts?: HeaderFacts | null): string | null {
  const norm = text.toLowerCase();
  for (const t of facts?.terms ?? []) {
    const v = t.value.toLowerCase();
    if (norm.includes(v)) return `${describe(t.field)} from the DICOM header`;
    // Dates in the header are YYYYMMDD; burned in they are often written with separators.
    if (/^\d{8}$/.test(v) && norm.replace(/[^0-9]/g, '').includes(v)) return `${describe(t.field)} from the DICOM header`;
  }
  if (DATE.some((r) => r.test(text))) return 'date';
  if (RECORD.test(text)) return 'record or exam number';
  if (LONG_NUMBER.test(text)) return 'long number (record or accession?)';
  if (INSTITUTION.test(text)) return 'institution name';
  if (AGE.test(text)) return 'age';
  return null;
}

function describe(field: string): string {
  if (/PatientName|PatientBirthName|OtherPatientNames|MotherBirthName/.test(field)) return 'patient name';
  if (/Physician|Operators/.test(field)) return 'staff name';
  if (/PatientID|OtherPatientIDs|Issuer/.test(field)) return 'patient ID';
  if (/Accession/.test(field)) return 'accession number';
  if (/Institution|Station/.test(field)) return 'institution';
  if (/Date/.test(field)) return 'date';
  return field;
}

/** Rank for sorting: header matches, then other identifiers, then plain text (each by confidence). */
export function identifierRank(kind: string | null): number {
  if (!kind) return 2;
  return kind.endsWith('from the DICOM header') ? 0 : 1;
}
