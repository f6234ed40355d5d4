// A DICOMweb client: QIDO-RS search (studies, series, instances), WADO-RS retrieve (instances as
// Part-10 through multipart/related, metadata, server-rendered thumbnails) and STOW-RS store.
// Every call goes through httpRequest (timeouts, retries on 5xx, size caps, auth).
import { PacsError, serverName } from './errors';
import { httpRequest, checkBaseUrl, type HttpConfig, type PacsAuth } from './http';
import { parseMultipart, buildMultipart } from './multipart';
import { parseDicomJsonList, str, strs, int, TAG, type DicomJson } from './dicom-json';
import { checkUid, isUid } from './uid';
import type { PacsSeries, PacsStudy } from '../../shared/api';

export interface PacsEndpoints {
  qido: string;
  wado: string;
  stow: string;
}

export interface StudyQuery {
  patientId?: string;
  patientName?: string;
  accession?: string;
  /** YYYYMMDD, either end open. */
  dateFrom?: string;
  dateTo?: string;
  modality?: string;
  studyUid?: string;
  limit?: number;
}

export type StudySummary = PacsStudy;
export type SeriesSummary = PacsSeries;

export interface InstanceRef {
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
}

/** Caps on what one answer may weigh. */
export const LIMITS = {
  searchBytes: 32 * 1024 * 1024,
  instanceBytes: 1024 * 1024 * 1024,
  thumbnailBytes: 8 * 1024 * 1024,
  metadataBytes: 64 * 1024 * 1024,
  storeAnswerBytes: 4 * 1024 * 1024,
  searchResults: 5000,
};

const PART10_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

export class DicomWebClient {
  readonly endpoints: PacsEndpoints;
  readonly host: string;
  private readonly http: HttpConfig;

  constructor(endpoints: PacsEndpoints | string, auth: PacsAuth, http: Omit<HttpConfig, 'auth'> = {}) {
    const e = typeof endpoints === 'string' ? { qido: endpoints, wado: endpoints, stow: endpoints } : endpoints;
    this.endpoints = { qido: checkBaseUrl(e.qido), wado: checkBaseUrl(e.wado), stow: checkBaseUrl(e.stow) };
    this.host = serverName(this.endpoints.qido);
    this.http = { ...http, auth };
  }

  private async qido(path: string, params: [string, string][], signal?: AbortSignal): Promise<DicomJson[]> {
    const q = new URLSearchParams(params);
    const r = await httpRequest(this.http, {
      url: `${this.endpoints.qido}${path}${params.length ? `?${q}` : ''}`,
      accept: 'application/dicom+json',
      maxBytes: LIMITS.searchBytes,
      signal,
    });
    return parseDicomJsonList(r.body, this.host).slice(0, LIMITS.searchResults);
  }

  async searchStudies(query: StudyQuery, signal?: AbortSignal): Promise<StudySummary[]> {
    const p: [string, string][] = [];
    const wild = (s: string) => (/[*?]/.test(s) ? s : `${s}*`);
    if (query.patientId) p.push(['PatientID', query.patientId]);
    if (query.patientName) p.push(['PatientName', wild(query.patientName)]);
    if (query.accession) p.push(['AccessionNumber', query.accession]);
    if (query.modality) p.push(['ModalitiesInStudy', query.modality.toUpperCase()]);
    if (query.studyUid) p.push(['StudyInstanceUID', checkUid(query.studyUid, 'study')]);
    if (query.dateFrom || query.dateTo) p.push(['StudyDate', `${query.dateFrom ?? ''}-${query.dateTo ?? ''}`]);
    for (const f of ['StudyDescription', 'ModalitiesInStudy', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances'])
      p.push(['includefield', f]);
    p.push(['limit', String(query.limit ?? 200)]);
    const list = await this.qido('/studies', p, signal);
    return list
      .map((ds) => ({
        studyInstanceUid: str(ds, TAG.StudyInstanceUID),
        studyDate: str(ds, TAG.StudyDate),
        studyTime: str(ds, TAG.StudyTime),
        patientName: str(ds, TAG.PatientName),
        patientId: str(ds, TAG.PatientID),
        accession: str(ds, TAG.AccessionNumber),
        description: str(ds, TAG.StudyDescription),
        modalities: strs(ds, TAG.ModalitiesInStudy),
        series: int(ds, TAG.NumberOfStudyRelatedSeries),
        instances: int(ds, TAG.NumberOfStudyRelatedInstances),
      }))
      .filter((s) => isUid(s.studyInstanceUid));
  }

  async searchSeries(studyUid: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
    checkUid(studyUid, 'study');
    const p: [string, string][] = ['SeriesDescription', 'Modality', 'SeriesNumber', 'NumberOfSeriesRelatedInstances'].map((f) => [
      'includefield',
      f,
    ]);
    let list: DicomJson[];
    try {
      list = await this.qido(`/studies/${studyUid}/series`, p, signal);
    } catch (e) {
      // Some servers answer 404 for an unknown study, others an empty list: both mean "no such study".
      if (e instanceof PacsError && e.kind === 'not-found') return [];
      throw e;
    }
    return list
      .map((ds) => ({
        seriesInstanceUid: str(ds, TAG.SeriesInstanceUID),
        modality: str(ds, TAG.Modality),
        seriesNumber: int(ds, TAG.SeriesNumber),
        description: str(ds, TAG.SeriesDescription),
        instances: int(ds, TAG.NumberOfSeriesRelatedInstances),
      }))
      .filter((s) => isUid(s.seriesInstanceUid))
      .sort((a, b) => (a.seriesNumber ?? 1e9) - (b.seriesNumber ?? 1e9));
  }

  async searchInstances(studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<InstanceRef[]> {
    checkUid(studyUid, 'study');
    checkUid(seriesUid, 'series');
    let list: DicomJson[];
    try {
      list = await this.qido(`/studies/${studyUid}/series/${seriesUid}/instances`, [['includefield', 'InstanceNumber']], signal);
    } catch (e) {
      if (e instanceof PacsError && e.kind === 'not-found') return [];
      throw e;
    }
    // A hostile or broken server may name instances with anything: those are kept (their file
    // names are hashed) but must at least be strings; the order is the instance number.
    return list
      .map((ds) => ({
        sopInstanceUid: str(ds, TAG.SOPInstanceUID),
        sopClassUid: str(ds, TAG.SOPClassUID),
        instanceNumber: int(ds, TAG.InstanceNumber),
      }))
      .filter((i) => i.sopInstanceUid.length > 0)
      .sort((a, b) => (a.instanceNumber ?? 1e9) - (b.instanceNumber ?? 1e9));
  }

  private instanceUrl(base: string, study: string, series: string, sop: string): string {
    return `${base}/studies/${study}/series/${series}/instances/${encodeURIComponent(sop)}`;
  }

  /** One instance as the Part-10 bytes the server holds (transfer syntax as stored). */
  async retrieveInstance(studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<Uint8Array> {
    checkUid(studyUid, 'study');
    checkUid(seriesUid, 'series');
    const r = await httpRequest(this.http, {
      url: this.instanceUrl(this.endpoints.wado, studyUid, seriesUid, sopUid),
      accept: PART10_ACCEPT,
      maxBytes: LIMITS.instanceBytes,
      signal,
    });
    let body: Uint8Array;
    if (/^multipart\//i.test(r.contentType)) {
      const parts = parseMultipart(r.body, r.contentType, 16);
      if (parts.length !== 1) throw new PacsError('protocol', `${this.host} sent ${parts.length} parts for one instance`);
      body = parts[0].body;
    } else if (/^application\/dicom/i.test(r.contentType)) body = r.body;
    else throw new PacsError('protocol', `${this.host} sent "${r.contentType.split(';')[0]}" instead of a DICOM instance`);
    if (body.byteLength < 132 || Buffer.from(body.buffer, body.byteOffset + 128, 4).toString('latin1') !== 'DICM')
      throw new PacsError('protocol', `${this.host} sent an instance that is not a DICOM Part-10 file`);
    return body;
  }

  /** The DICOM JSON metadata of one instance. */
  async instanceMetadata(studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<DicomJson> {
    const r = await httpRequest(this.http, {
      url: `${this.instanceUrl(this.endpoints.wado, studyUid, seriesUid, sopUid)}/metadata`,
      accept: 'application/dicom+json',
      maxBytes: LIMITS.metadataBytes,
      signal,
    });
    const list = parseDicomJsonList(r.body, this.host);
    if (!list.length) throw new PacsError('protocol', `${this.host} sent no metadata for that instance`);
    return list[0];
  }

  /** A server-rendered image of an instance (WADO-RS /rendered), JPEG or PNG bytes. */
  async renderedInstance(studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<Uint8Array> {
    const r = await httpRequest(this.http, {
      url: `${this.instanceUrl(this.endpoints.wado, studyUid, seriesUid, sopUid)}/rendered`,
      // One type: Orthanc's plugin answers 400 to a list.
      accept: 'image/jpeg',
      maxBytes: LIMITS.thumbnailBytes,
      signal,
    });
    if (!/^image\/(jpeg|png)/i.test(r.contentType)) throw new PacsError('protocol', `${this.host} rendered "${r.contentType}"`);
    return r.body;
  }

  /** STOW-RS one Part-10 instance into a study; throws unless the server lists it as stored. */
  async store(studyUid: string, part10: Uint8Array, signal?: AbortSignal): Promise<void> {
    checkUid(studyUid, 'study');
    const { body, contentType } = buildMultipart([{ type: 'application/dicom', body: part10 }], 'application/dicom');
    const r = await httpRequest(this.http, {
      url: `${this.endpoints.stow}/studies/${studyUid}`,
      method: 'POST',
      accept: 'application/dicom+json',
      contentType,
      body,
      maxBytes: LIMITS.storeAnswerBytes,
      signal,
    });
    // 200 with a ReferencedSOPSequence: stored; a FailedSOPSequence names the reason.
    if (!r.body.byteLength) return;
    let ans: DicomJson | null = null;
    try {
      const v = JSON.parse(Buffer.from(r.body).toString('utf8')) as unknown;
      ans = (Array.isArray(v) ? v[0] : v) as DicomJson;
    } catch {
      return; // not JSON (some servers answer XML): the 2xx status is the answer
    }
    const failed = ans?.[TAG.FailedSOPSequence]?.Value;
    if (Array.isArray(failed) && failed.length) {
      const reason = int(failed[0] as DicomJson, TAG.FailureReason);
      throw new PacsError('server', `${this.host} refused the instance (failure reason ${reason ?? 'unknown'})`);
    }
  }
}
