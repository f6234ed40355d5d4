// Identifying attributes, after the PS3.15 Annex E Basic Application Level Confidentiality Profile
// (the ones a figure maker meets in practice). UIDs are left out: every file has them, and exports
// never carry DICOM attributes, so listing them would only drown the real names and dates.
import type { DataSet } from 'dicom-parser';

export const PHI_TAGS: ReadonlyArray<readonly [tag: string, keyword: string]> = [
  ['x00080020', 'StudyDate'],
  ['x00080021', 'SeriesDate'],
  ['x00080022', 'AcquisitionDate'],
  ['x00080023', 'ContentDate'],
  ['x0008002a', 'AcquisitionDateTime'],
  ['x00080030', 'StudyTime'],
  ['x00080031', 'SeriesTime'],
  ['x00080032', 'AcquisitionTime'],
  ['x00080033', 'ContentTime'],
  ['x00080050', 'AccessionNumber'],
  ['x00080080', 'InstitutionName'],
  ['x00080081', 'InstitutionAddress'],
  ['x00080090', 'ReferringPhysicianName'],
  ['x00080092', 'ReferringPhysicianAddress'],
  ['x00080094', 'ReferringPhysicianTelephoneNumbers'],
  ['x00081010', 'StationName'],
  ['x00081030', 'StudyDescription'],
  ['x0008103e', 'SeriesDescription'],
  ['x00081040', 'InstitutionalDepartmentName'],
  ['x00081048', 'PhysiciansOfRecord'],
  ['x00081050', 'PerformingPhysicianName'],
  ['x00081060', 'NameOfPhysiciansReadingStudy'],
  ['x00081070', 'OperatorsName'],
  ['x00081080', 'AdmittingDiagnosesDescription'],
  ['x00100010', 'PatientName'],
  ['x00100020', 'PatientID'],
  ['x00100021', 'IssuerOfPatientID'],
  ['x00100030', 'PatientBirthDate'],
  ['x00100032', 'PatientBirthTime'],
  ['x00100040', 'PatientSex'],
  ['x00101000', 'OtherPatientIDs'],
  ['x00101001', 'OtherPatientNames'],
  ['x00101002', 'OtherPatientIDsSequence'],
  ['x00101005', 'PatientBirthName'],
  ['x00101010', 'PatientAge'],
  ['x00101020', 'PatientSize'],
  ['x00101030', 'PatientWeight'],
  ['x00101040', 'PatientAddress'],
  ['x00101060', 'PatientMotherBirthName'],
  ['x00101080', 'MilitaryRank'],
  ['x00101090', 'MedicalRecordLocator'],
  ['x00102154', 'PatientTelephoneNumbers'],
  ['x00102160', 'EthnicGroup'],
  ['x00102180', 'Occupation'],
  ['x001021b0', 'AdditionalPatientHistory'],
  ['x00104000', 'PatientComments'],
  ['x00181000', 'DeviceSerialNumber'],
  ['x00181030', 'ProtocolName'],
  ['x00200010', 'StudyID'],
  ['x00204000', 'ImageComments'],
  ['x00321032', 'RequestingPhysician'],
  ['x00321060', 'RequestedProcedureDescription'],
  ['x00380010', 'AdmissionID'],
  ['x00400006', 'ScheduledPerformingPhysicianName'],
  ['x00400253', 'PerformedProcedureStepID'],
  ['x00400254', 'PerformedProcedureStepDescription'],
  ['x00400275', 'RequestAttributesSequence'],
];

/** Keywords of identifying attributes that are present with a non-blank value (or a non-empty sequence). */
export function findPhi(ds: DataSet): string[] {
  const found: string[] = [];
  for (const [tag, keyword] of PHI_TAGS) {
    const el = ds.elements[tag];
    if (!el || el.length === 0) continue;
    if (el.items) {
      if (el.items.length > 0) found.push(keyword);
      continue;
    }
    const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    // Blank = only spaces/NULs/backslashes (empty multi-values).
    if (bytes.some((b) => b !== 0x20 && b !== 0x00 && b !== 0x5c)) found.push(keyword);
  }
  return found;
}
