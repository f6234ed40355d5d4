// What the export check knows about each source, kept across openings of the dialog: the host's
// privacy scan (OpenedImage.privacy) and the pixel proposals (OCR text lines, faces) per source and
// frame, so a second export does not read the pixels again. Plus the two privacy commands: the
// acknowledgement per panel and source content, and consent for an identifiable photograph —
// recorded in the project (its `privacy` field), through the store like every document change.
import type { OpenedImage, RedactionSuggestion } from '../../shared/api';
import type { Project } from '../../shared/figure/schema';

const reports = new Map<string, OpenedImage['privacy']>();

export function rememberPrivacy(sourceId: string, report: OpenedImage['privacy']): void {
  reports.set(sourceId, report);
}

export function privacyReportOf(sourceId: string): OpenedImage['privacy'] | undefined {
  return reports.get(sourceId);
}

export type ProposalState =
  { status: 'reading' } | { status: 'done'; suggestions: RedactionSuggestion[]; notes: string[] } | { status: 'failed'; message: string };

const proposals = new Map<string, ProposalState>();
const listeners = new Set<() => void>();

export const proposalKey = (sourceId: string, frame: number) => `${sourceId}#${frame}`;

export function proposalsOf(sourceId: string, frame: number): ProposalState | undefined {
  return proposals.get(proposalKey(sourceId, frame));
}

export function setProposals(sourceId: string, frame: number, state: ProposalState | undefined): void {
  if (state) proposals.set(proposalKey(sourceId, frame), state);
  else proposals.delete(proposalKey(sourceId, frame));
  for (const l of listeners) l();
}

/** Proposals the author dismissed ("not identifying"), per source and frame, for this session. */
const dismissed = new Map<string, Set<string>>();
const suggestionKey = (s: RedactionSuggestion) =>
  `${s.kind}:${Math.round(s.box.x)},${Math.round(s.box.y)},${Math.round(s.box.w)},${Math.round(s.box.h)}`;

export function isDismissed(sourceId: string, frame: number, s: RedactionSuggestion): boolean {
  return dismissed.get(proposalKey(sourceId, frame))?.has(suggestionKey(s)) ?? false;
}

export function dismissedCount(sourceId: string, frame: number): number {
  return dismissed.get(proposalKey(sourceId, frame))?.size ?? 0;
}

export function dismissProposal(sourceId: string, frame: number, s: RedactionSuggestion): void {
  const k = proposalKey(sourceId, frame);
  const set = dismissed.get(k) ?? new Set<string>();
  set.add(suggestionKey(s));
  dismissed.set(k, set);
  for (const l of listeners) l();
}

/** Shows a source's dismissed proposals again (a fresh check, or "show dismissed"). */
export function restoreDismissed(sourceId: string, frame: number): void {
  if (dismissed.delete(proposalKey(sourceId, frame))) for (const l of listeners) l();
}

/** Whether the canvas draws the proposals over the panels (View menu; on by default). */
let shown = true;
export const proposalsShown = (): boolean => shown;
export function showProposals(on: boolean): void {
  shown = on;
  for (const l of listeners) l();
}

export function onProposals(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const now = () => new Date().toISOString();

/** Record (or withdraw) "I checked this panel's pixels" for the panel's current source content. */
export const setAcknowledged =
  (panelId: string, sha256: string, on: boolean) =>
  (p: Project): Project => {
    const acks = p.privacy.acks.filter((a) => !(a.panelId === panelId && a.sha256 === sha256));
    if (on) acks.push({ panelId, sha256, at: now() });
    return { ...p, privacy: { ...p.privacy, acks } };
  };

/** Record (or withdraw) consent to publish an identifiable photograph (by its content). */
export const setConsent =
  (sha256: string, on: boolean) =>
  (p: Project): Project => {
    const consent = p.privacy.consent.filter((c) => c.sha256 !== sha256);
    if (on) consent.push({ sha256, at: now() });
    return { ...p, privacy: { ...p.privacy, consent } };
  };
