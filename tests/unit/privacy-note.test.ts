// The note on opening a file with identifying data: short enough to read in a toast.
import { describe, expect, it } from 'vitest';
import { privacyNote } from '../../src/renderer/app/privacy-note';

const attr = (field: string) => ({
  kind: 'dicom-phi',
  field,
  message: `DICOM attribute ${field} identifies the patient or the visit; it is removed on export`,
});

describe('privacy note', () => {
  it('counts many attributes, names the patient ones first, and keeps other findings whole', () => {
    const fields = ['StudyDate', 'SeriesDate', 'AccessionNumber', 'PatientName', 'StudyTime', 'PatientID', 'InstitutionName'];
    const note = privacyNote('ct.dcm', {
      level: 'danger',
      findings: [
        ...fields.map(attr),
        {
          kind: 'burned-in',
          field: 'BurnedInAnnotation',
          message: 'the file says text is burned into the pixels: redact it before export',
        },
      ],
    });
    expect(note).toBe(
      'ct.dcm: the file says text is burned into the pixels: redact it before export; 7 identifying attributes in the file (PatientName, PatientID, StudyDate, SeriesDate and 3 more); none of them is exported',
    );
    expect(note.length).toBeLessThan(240);
  });

  it('says one or two findings in full', () => {
    const note = privacyNote('photo.jpg', { level: 'warning', findings: [attr('PatientName')] });
    expect(note).toBe('photo.jpg: DICOM attribute PatientName identifies the patient or the visit; it is removed on export');
  });
});
