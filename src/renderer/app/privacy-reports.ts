// The host's privacy scan of each opened source (OpenedImage.privacy), kept for the export
// checklist. A source reopened from a project without a kept report falls back to its info.
import type { OpenedImage } from '../../shared/api';

const reports = new Map<string, OpenedImage['privacy']>();

export function rememberPrivacy(sourceId: string, report: OpenedImage['privacy']): void {
  reports.set(sourceId, report);
}

export function privacyReportOf(sourceId: string): OpenedImage['privacy'] | undefined {
  return reports.get(sourceId);
}
